/**
 * Streaming copy of an input's first bytes into an atomic output (DESIGN.md "PDF signing must
 * stream": one read of the original, never the whole file in memory).
 *
 * Owns: copying bytes [0, size) of a file into an AtomicOutput with two alternating buffers
 * (the next read overlaps the current write), and positioned writes that finish short writes.
 * Must never: hold more than two chunks, or write outside the given positions.
 * Decision: main/sign has its own copy loop (private in pades-signer.ts); this one is main/ltv's
 * until the two are merged into a shared helper.
 */
import { open } from 'node:fs/promises';
import type { AtomicOutput } from '../library/atomic-output';
import { ltvError } from './ltv-errors';

export const COPY_CHUNK = 1024 * 1024;

/** Writes all of `bytes` at `position` of the output. */
export async function writeAllAt(
  out: AtomicOutput,
  bytes: Uint8Array,
  position: number,
): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await out.handle.write(
      bytes,
      done,
      bytes.length - done,
      position + done,
    );
    done += bytesWritten;
  }
}

/** Copies the first `size` bytes of `input` to the start of `out`; fails if the file is shorter. */
export async function copyPrefix(
  input: string,
  out: AtomicOutput,
  size: number,
  signal?: AbortSignal,
): Promise<void> {
  const fh = await open(input, 'r');
  try {
    const bufs = [Buffer.allocUnsafe(COPY_CHUNK), Buffer.allocUnsafe(COPY_CHUNK)];
    let i = 0;
    let pos = 0;
    let pending = size > 0 ? fh.read(bufs[0]!, 0, Math.min(COPY_CHUNK, size), 0) : undefined;
    let writing: Promise<void> = Promise.resolve();
    while (pending) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) throw ltvError('LTV_INPUT_CHANGED', { file: input });
      const chunk = bufs[i]!.subarray(0, bytesRead);
      const at = pos;
      pos += bytesRead;
      await writing;
      signal?.throwIfAborted();
      pending =
        pos < size ? fh.read(bufs[1 - i]!, 0, Math.min(COPY_CHUNK, size - pos), pos) : undefined;
      writing = writeAllAt(out, chunk, at);
      i = 1 - i;
    }
    await writing;
  } finally {
    await fh.close();
  }
}
