/**
 * The physical limit of signing a file: one read, one SHA-256 and one write of every byte,
 * double-buffered the way a good copier does it. Sealdesk's signing is measured against this.
 */
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';

const CHUNK = 4 * 1024 * 1024;

export async function readHashWrite(input: string, output: string | undefined): Promise<string> {
  const size = (await stat(input)).size;
  const fin = await open(input, 'r');
  const fout = output ? await open(output, 'w') : undefined;
  const hash = createHash('sha256');
  try {
    const bufs = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
    let i = 0;
    let pos = 0;
    let pending = size > 0 ? fin.read(bufs[0]!, 0, Math.min(CHUNK, size), 0) : undefined;
    let writing: Promise<unknown> = Promise.resolve();
    while (pending) {
      const { bytesRead } = await pending;
      const chunk = bufs[i]!.subarray(0, bytesRead);
      const at = pos;
      pos += bytesRead;
      await writing;
      pending =
        pos < size && bytesRead > 0
          ? fin.read(bufs[1 - i]!, 0, Math.min(CHUNK, size - pos), pos)
          : undefined;
      hash.update(chunk);
      if (fout) writing = fout.write(chunk, 0, chunk.length, at);
      i = 1 - i;
    }
    await writing;
    await fout?.sync();
  } finally {
    await fin.close();
    await fout?.close();
  }
  return hash.digest('hex');
}
