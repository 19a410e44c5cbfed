/**
 * The one read of a file started early and kept going in the background (main/library/stream-copy
 * PrefixHasher), as in-place augmentation uses it: the digests equal a plain SHA-256 of the bytes, later updates and
 * throw-away parts are hashed in order, nothing is read before begin(), and a file that shrinks
 * or a cancel ends it with the caller's errors.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PrefixHasher } from '../../../main/library/stream-copy';

const dir = mkdtempSync(join(tmpdir(), 'sealdesk-prefix-'));
const errors = {
  changed: () => new Error('the file changed'),
  cancelled: () => new Error('cancelled'),
};
const sha = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function file(name: string, bytes: Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

describe('PrefixHasher', () => {
  it('hashes the whole file across many chunks, then updates and parts in order', async () => {
    // Not a multiple of the worker's chunk, so the last read is short.
    const bytes = randomBytes(9 * 1024 * 1024 + 123);
    const path = file('whole.bin', bytes);
    const seen: number[] = [];
    const h = await PrefixHasher.start(path, 'whole', ['sha256', 'sha512'], {
      ...errors,
      onProgress: (done) => seen.push(done),
    });
    try {
      await h.done;
      expect(h.size).toBe(bytes.length);
      expect(seen.at(-1)).toBe(bytes.length);
      const running = await h.hashes();
      expect(hex(running.digest('sha256'))).toBe(sha(bytes));
      const a = Buffer.from('first update');
      const b = Buffer.from('second update');
      running.update(a);
      // A digest with parts leaves the running hash as it was.
      expect(hex(running.digest('sha256', [b]))).toBe(sha(bytes, a, b));
      running.update(b);
      expect(hex(running.digest('sha256'))).toBe(sha(bytes, a, b));
      expect(hex(running.digest('sha512'))).toBe(
        createHash('sha512').update(bytes).update(a).update(b).digest('hex'),
      );
    } finally {
      await h.close();
    }
  });

  it('hashes only the first `size` bytes when asked for a prefix', async () => {
    const bytes = randomBytes(300_000);
    const h = await PrefixHasher.start(file('prefix.bin', bytes), 1000, ['sha256'], errors);
    try {
      expect(hex((await h.hashes()).digest('sha256'))).toBe(sha(bytes.subarray(0, 1000)));
    } finally {
      await h.close();
    }
  });

  it('reads nothing before begin(): a file cut short before it begins is reported as changed', async () => {
    const bytes = randomBytes(5 * 1024 * 1024);
    const path = file('deferred.bin', bytes);
    const h = await PrefixHasher.prepare(path, 'whole', ['sha256'], errors);
    try {
      let settled = false;
      h.done.then(
        () => (settled = true),
        () => (settled = true),
      );
      // 5 MB take a few ms to read and hash: a read that had begun would be done by now.
      await new Promise((r) => setTimeout(r, 150));
      expect(settled).toBe(false);
      truncateSync(path, 1024);
      h.begin();
      await expect(h.done).rejects.toThrow('the file changed');
      await expect(h.hashes()).rejects.toThrow('the file changed');
    } finally {
      await h.close();
    }
  });

  it('ends with the cancel error when the signal aborts', async () => {
    const path = file('cancel.bin', randomBytes(8 * 1024 * 1024));
    const ac = new AbortController();
    const h = await PrefixHasher.start(path, 'whole', ['sha256'], { ...errors, signal: ac.signal });
    ac.abort();
    await expect(h.done).rejects.toThrow('cancelled');
    await h.close();
  });
});
