/**
 * Streaming copy of an input's first bytes into an atomic output, hashing on the way
 * (docs/architecture.md "PDF signing must stream": one read of the original, never the whole file
 * in memory).
 *
 * Owns: copying bytes [0, size) with two alternating buffers (the next read overlaps the current
 * hash and write), feeding every byte to the given hashes, progress and cancellation between
 * chunks; and the same read without the write (`hashPrefix`, for appends in place), also
 * started early and kept going in the background (`PrefixHasher`, so the read overlaps the
 * caller's own work); and the running hashes both hand on for what is appended after the prefix
 * (`RunningHashes`). Used by signing (main/sign) and long-term
 * augmentation (main/ltv).
 * Must never: hold more than two chunks, or write outside [0, size) of the output.
 */
import { createHash, type Hash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
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

/** Hashes of everything fed so far, one per algorithm, that can be read without ending them. */
export class RunningHashes {
  private readonly byAlgorithm: ReadonlyMap<string, Hash>;

  constructor(readonly algorithms: readonly string[]) {
    this.byAlgorithm = new Map(algorithms.map((a) => [a, createHash(a)]));
  }

  /** The hashes themselves, for `copyPrefix` / `hashPrefix` to feed. */
  get hashes(): Hash[] {
    return [...this.byAlgorithm.values()];
  }

  /** Feeds `bytes` to every hash. */
  update(bytes: Uint8Array): void {
    for (const h of this.byAlgorithm.values()) h.update(bytes);
  }

  /** The digest of a copy of the `algorithm` hash fed with `parts` afterwards. */
  digest(algorithm: string, parts: readonly Uint8Array[] = []): Uint8Array {
    const running = this.byAlgorithm.get(algorithm);
    if (!running) throw new TypeError(`no running ${algorithm} hash`);
    const h = running.copy();
    for (const p of parts) h.update(p);
    return new Uint8Array(h.digest());
  }
}

/**
 * The read of `hashPrefix` started early and kept going in the background: the running hashes
 * are handed over once the prefix is in them (`hashes()`), for what is hashed after, so a caller can start the
 * one read of a large file first and do its own work (reading the document, asking the network)
 * between the chunks, then append and digest without reading anything again.
 *
 * Decision: on the calling thread, not a worker. A worker thread measured the same on 1 GB (the
 * hash is the work either way, and two cores are shared with the kernel's copy of the file), but
 * cost ~40 ms to start and ~10 MB more RSS per document.
 */
export class PrefixHasher {
  private readonly running: RunningHashes;
  private reading: Promise<void> | undefined;
  private readonly controller = new AbortController();
  private readonly settled: Promise<void>;
  private resolveDone: () => void = () => {};
  private rejectDone: (e: unknown) => void = () => {};
  private closed = false;
  /** Resolves once bytes [0, size) were read and hashed; rejects with changed()/cancelled(). */
  readonly done: Promise<void>;

  private constructor(
    private readonly input: string,
    readonly size: number,
    readonly algorithms: readonly string[],
    /** The file's size and mtime when the hasher was made (the writer compares them after). */
    readonly before: { readonly size: number; readonly mtimeMs: number },
    private readonly opts: Omit<CopyPrefixOptions, 'hashes'>,
  ) {
    this.running = new RunningHashes(algorithms);
    this.done = new Promise<void>((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    this.done.catch(() => undefined);
    this.settled = this.done.catch(() => undefined);
  }

  /**
   * Starts reading and hashing the first `size` bytes of `input` with each algorithm ('whole':
   * as many as the file has now).
   */
  static async start(
    input: string,
    size: number | 'whole',
    algorithms: readonly string[],
    opts: Omit<CopyPrefixOptions, 'hashes'>,
  ): Promise<PrefixHasher> {
    const h = await PrefixHasher.prepare(input, size, algorithms, opts);
    h.begin();
    return h;
  }

  /**
   * Makes the hasher without reading: the read begins with `begin()`, so a caller can find out
   * first whether the file needs reading at all. The file's size and mtime are taken now; the
   * writer compares them after the read.
   */
  static async prepare(
    input: string,
    size: number | 'whole',
    algorithms: readonly string[],
    opts: Omit<CopyPrefixOptions, 'hashes'>,
  ): Promise<PrefixHasher> {
    const st = await stat(input);
    return new PrefixHasher(
      input,
      size === 'whole' ? st.size : size,
      algorithms,
      { size: st.size, mtimeMs: st.mtimeMs },
      opts,
    );
  }

  /** Begins the read (once; later calls and calls after close do nothing). */
  begin(): void {
    if (this.reading || this.closed) return;
    const signal = this.opts.signal
      ? AbortSignal.any([this.opts.signal, this.controller.signal])
      : this.controller.signal;
    this.reading = readPrefix(
      this.input,
      this.size,
      { ...this.opts, signal, hashes: this.running.hashes },
      undefined,
    ).then(this.resolveDone, this.rejectDone);
  }

  /** The running hashes once the prefix is in them (begins the read if it has not begun). */
  async hashes(): Promise<RunningHashes> {
    this.begin();
    await this.done;
    return this.running;
  }

  /** Stops a read still going (it ends with the cancel error) and waits for it; safe twice. */
  async close(): Promise<void> {
    this.closed = true;
    this.controller.abort();
    if (this.reading) await this.settled;
  }
}
