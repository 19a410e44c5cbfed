/**
 * Streaming copy of an input's first bytes into an atomic output, hashing on the way (DESIGN.md
 * "PDF signing must stream": one read of the original, never the whole file in memory).
 *
 * Owns: copying bytes [0, size) with two alternating buffers (the next read overlaps the current
 * hash and write), feeding every byte to the given hashes, progress and cancellation between
 * chunks; and the same read without the write (`hashPrefix`, for appends in place), also on a
 * worker thread that keeps the running hashes (`PrefixHasher`, so the read overlaps the caller's
 * own work). Used by signing (main/sign) and long-term augmentation (main/ltv).
 * Must never: hold more than two chunks, or write outside [0, size) of the output.
 */
import type { Hash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
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

/**
 * The read of `hashPrefix` on a worker thread, started early: the running hashes live in the
 * worker (so the caller's thread is free for other work while the file is read, e.g. parsing
 * the document and fetching validation data), and stay there for what is hashed after the
 * prefix (`update`, `digest`). Messages are handled in order and only after the prefix.
 */
export class PrefixHasher {
  private nextId = 0;
  private readonly waiting = new Map<
    number,
    { resolve: (digest: Uint8Array) => void; reject: (e: Error) => void }
  >();
  private failure: Error | undefined;
  private closed = false;
  private begun = false;
  /** Resolves once bytes [0, size) were read and hashed; rejects with changed()/cancelled(). */
  readonly done: Promise<void>;
  /**
   * Resolves once the worker thread runs (or failed): starting a thread is work of its own, so
   * a caller with CPU-heavy work to overlap does it after this, not against the start.
   */
  readonly started: Promise<void>;

  private constructor(
    private readonly worker: Worker,
    readonly size: number,
    readonly algorithms: readonly string[],
    /** The file's size and mtime just before the read started. */
    readonly before: { readonly size: number; readonly mtimeMs: number },
    opts: Omit<CopyPrefixOptions, 'hashes'>,
  ) {
    let resolveStarted = () => {};
    this.started = new Promise<void>((r) => (resolveStarted = r));
    this.done = new Promise<void>((resolveDone, rejectDone) => {
      const fail = (e: Error) => {
        resolveStarted();
        this.failure ??= e;
        for (const w of this.waiting.values()) w.reject(this.failure);
        this.waiting.clear();
        rejectDone(this.failure);
        void this.close();
      };
      const onAbort = () => fail(opts.cancelled());
      if (opts.signal?.aborted) onAbort();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      worker.on('message', (m: WorkerAnswer) => {
        resolveStarted();
        if (m.type === 'started') return;
        if (m.type === 'progress') opts.onProgress?.(m.pos, size);
        else if (m.type === 'read') {
          opts.signal?.removeEventListener('abort', onAbort);
          resolveDone();
        } else if (m.type === 'digest') {
          const w = this.waiting.get(m.id);
          this.waiting.delete(m.id);
          w?.resolve(new Uint8Array(m.digest));
        } else fail(m.changed ? opts.changed() : new Error(`prefix hash failed: ${m.message}`));
      });
      worker.on('error', (e) => fail(e));
      worker.on('exit', () => {
        if (!this.closed) fail(new Error('prefix hash worker exited'));
      });
    });
    this.done.catch(() => undefined);
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
   * Starts the thread only: the read begins with `begin()` (so a caller can start the thread
   * while it finds out whether the file needs reading at all). The file's size and mtime are
   * taken now; the writer compares them after the read.
   */
  static async prepare(
    input: string,
    size: number | 'whole',
    algorithms: readonly string[],
    opts: Omit<CopyPrefixOptions, 'hashes'>,
  ): Promise<PrefixHasher> {
    const st = await stat(input);
    if (size === 'whole') size = st.size;
    const worker = new Worker(PREFIX_WORKER, {
      eval: true,
      workerData: {
        file: input,
        size,
        algorithms: [...algorithms],
        chunk: WORKER_CHUNK,
        depth: WORKER_DEPTH,
      },
    });
    return new PrefixHasher(worker, size, algorithms, { size: st.size, mtimeMs: st.mtimeMs }, opts);
  }

  /** Begins the read (once; later calls do nothing). */
  begin(): void {
    if (this.begun || this.closed) return;
    this.begun = true;
    this.worker.postMessage({ type: 'begin' });
  }

  /** Feeds `bytes` to every running hash (after the prefix). */
  update(bytes: Uint8Array): void {
    if (this.failure) throw this.failure;
    this.worker.postMessage({ type: 'update', bytes: Buffer.from(bytes) });
  }

  /** The digest of a copy of the running `algorithm` hash fed with `parts` afterwards. */
  async digest(algorithm: string, parts: readonly Uint8Array[] = []): Promise<Uint8Array> {
    this.begin();
    await this.done;
    if (!this.algorithms.includes(algorithm)) throw new TypeError(`no running ${algorithm} hash`);
    const id = this.nextId++;
    return new Promise<Uint8Array>((resolveDigest, rejectDigest) => {
      if (this.failure) throw this.failure;
      this.waiting.set(id, { resolve: resolveDigest, reject: rejectDigest });
      this.worker.postMessage({
        type: 'digest',
        id,
        algorithm,
        parts: parts.map((p) => Buffer.from(p)),
      });
    });
  }

  /** Stops the worker (safe twice). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.worker.terminate();
  }
}

type WorkerAnswer =
  | { type: 'started' }
  | { type: 'progress'; pos: number }
  | { type: 'read' }
  | { type: 'digest'; id: number; digest: Uint8Array }
  | { type: 'error'; changed: boolean; message: string };

/**
 * The worker's reads: WORKER_DEPTH chunks in flight (8 MB, as much as copyPrefix's two), so a
 * read delayed by other work on the shared I/O threads does not leave the hash waiting.
 */
const WORKER_CHUNK = 2 * 1024 * 1024;
const WORKER_DEPTH = 4;

/**
 * The worker's source (CommonJS, evaluated, so it needs no file of its own beside a bundle):
 * positioned reads in flight ahead of the hash, then the running hashes for later messages.
 */
const PREFIX_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { open } = require('node:fs/promises');
const { file, size, algorithms, chunk, depth } = workerData;
const hashes = new Map(algorithms.map((a) => [a, createHash(a)]));
parentPort.postMessage({ type: 'started' });
async function read() {
  const fh = await open(file, 'r');
  try {
    let next = 0;
    // One positioned read of a whole chunk (a short read is continued; none at all: changed).
    const request = (buf) => {
      const at = next;
      const len = Math.min(chunk, size - at);
      next += len;
      const p = (async () => {
        for (let got = 0; got < len; ) {
          const { bytesRead } = await fh.read(buf, got, len - got, at + got);
          if (bytesRead === 0) throw Object.assign(new Error('short read'), { changed: true });
          got += bytesRead;
        }
        return { buf, len };
      })();
      p.catch(() => undefined);
      return p;
    };
    const pending = [];
    for (let k = 0; k < depth && next < size; k++) pending.push(request(Buffer.allocUnsafe(chunk)));
    let pos = 0;
    while (pending.length > 0) {
      const { buf, len } = await pending.shift();
      for (const h of hashes.values()) h.update(buf.subarray(0, len));
      pos += len;
      parentPort.postMessage({ type: 'progress', pos });
      if (next < size) pending.push(request(buf));
    }
  } finally {
    await fh.close();
  }
}
let failed = false;
let begin;
let queue = new Promise((r) => (begin = r)).then(read).then(
  () => parentPort.postMessage({ type: 'read' }),
  (e) => {
    failed = true;
    parentPort.postMessage({ type: 'error', changed: e && e.changed === true, message: String(e && e.message) });
  },
);
parentPort.on('message', (m) => {
  if (m.type === 'begin') return begin();
  queue = queue.then(() => {
    if (failed) return;
    if (m.type === 'update') for (const h of hashes.values()) h.update(m.bytes);
    else if (m.type === 'digest') {
      const h = hashes.get(m.algorithm).copy();
      for (const p of m.parts) h.update(p);
      parentPort.postMessage({ type: 'digest', id: m.id, digest: h.digest() });
    }
  });
  queue.catch(() => undefined);
});
`;
