/**
 * Streaming copy of an input's first bytes into an atomic output, hashing on the way (DESIGN.md
 * "PDF signing must stream": one read of the original, never the whole file in memory).
 *
 * Owns: copying bytes [0, size) with two alternating buffers (the next read overlaps the current
 * hash and write), feeding every byte to the given hashes, progress and cancellation between
 * chunks; and the same read without the write (`hashPrefix`, for appends in place). Used by
 * signing (main/sign) and long-term augmentation (main/ltv).
 * Must never: hold more than two chunks, or write outside [0, size) of the output.
 */
import type { Hash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { AtomicOutput } from './atomic-output';

export const COPY_CHUNK = 4 * 1024 * 1024;

export interface CopyPrefixOptions {
  /** Hashes fed with every copied byte, in order. */
  readonly hashes?: ReadonlyArray<Hash | undefined>;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((bytesDone: number, bytesTotal: number) => void) | undefined;
  /** The error for a file that became shorter than `size` while it was copied. */
  readonly changed: () => Error;
  /** The error for a cancel (checked between chunks). */
  readonly cancelled: () => Error;
}

/** Copies the first `size` bytes of `input` to the start of `out`. */
export function copyPrefix(
  input: string,
  out: AtomicOutput,
  size: number,
  opts: CopyPrefixOptions,
): Promise<void> {
  return readPrefix(input, size, opts, (chunk, at) => out.writeAt(chunk, at));
}

/** Reads the first `size` bytes of `input` once, feeding the hashes; writes nothing. */
export function hashPrefix(input: string, size: number, opts: CopyPrefixOptions): Promise<void> {
  return readPrefix(input, size, opts, undefined);
}

async function readPrefix(
  input: string,
  size: number,
  opts: CopyPrefixOptions,
  sink: ((chunk: Buffer, at: number) => Promise<void>) | undefined,
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
      if (bytesRead === 0) throw opts.changed();
      const chunk = bufs[i]!.subarray(0, bytesRead);
      const at = pos;
      pos += bytesRead;
      await writing;
      if (opts.signal?.aborted) throw opts.cancelled();
      pending =
        pos < size ? fh.read(bufs[1 - i]!, 0, Math.min(COPY_CHUNK, size - pos), pos) : undefined;
      for (const h of opts.hashes ?? []) h?.update(chunk);
      if (sink) writing = sink(chunk, at);
      opts.onProgress?.(pos, size);
      i = 1 - i;
    }
    await writing;
  } finally {
    await fh.close();
  }
}
