/**
 * A small pool of worker threads that verifies many files at once (directory mode uses every
 * core; the machines this runs on have 2 to 16).
 *
 * Owns: starting at most `size` workers from one entry module, handing each the next file when
 * it is free, collecting results in input order, replacing a worker that dies (its file becomes
 * an error result, never a stopped run), and terminating every worker on cancel or at the end.
 * Must never: stop at the first bad file, keep workers alive after it returns, or share
 * anything with workers but plain data (structured clone).
 */
import { Worker } from 'node:worker_threads';

export interface PoolJobResult<R> {
  readonly index: number;
  readonly result: R;
}

export interface WorkerPoolOptions<R> {
  /** The worker entry module (ESM). */
  readonly entry: URL;
  /**
   * A loader module imported (and its `register()` called) before the entry: tsx's ESM API
   * when running from TypeScript sources, since Node 20 ignores `--import` in a worker.
   */
  readonly loader?: URL;
  /** Passed once to each worker as workerData. */
  readonly workerData: unknown;
  readonly size: number;
  readonly signal?: AbortSignal;
  /** Result for a job whose worker crashed or could not start. */
  readonly onCrash: (file: string, reason: string) => R;
  readonly onResult?: (r: PoolJobResult<R>, done: number, total: number) => void;
}

interface WorkerReply<R> {
  readonly id: number;
  readonly result?: R;
  readonly error?: string;
}

/** Runs every file through the pool; resolves with results in input order. */
export function runWorkerPool<R>(
  files: readonly string[],
  o: WorkerPoolOptions<R>,
): Promise<{
  results: R[];
  workersUsed: number;
}> {
  const results = new Array<R>(files.length);
  let next = 0;
  let done = 0;
  let workersUsed = 0;
  const live = new Set<Worker>();
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err?: unknown) => {
      if (settled) return;
      settled = true;
      for (const w of live) void w.terminate();
      live.clear();
      o.signal?.removeEventListener('abort', onAbort);
      if (err)
        reject(err instanceof Error ? err : new Error(typeof err === 'string' ? err : 'cancelled'));
      else resolve({ results, workersUsed });
    };
    const onAbort = () => finish(o.signal?.reason ?? new Error('cancelled'));
    if (o.signal?.aborted) return onAbort();
    o.signal?.addEventListener('abort', onAbort);

    const record = (index: number, result: R) => {
      results[index] = result;
      done++;
      o.onResult?.({ index, result }, done, files.length);
      if (done === files.length) finish();
    };
    const start = () => {
      if (settled || next >= files.length) return;
      const worker = o.loader
        ? new Worker(
            `import(${JSON.stringify(o.loader.href)}).then((m) => { if (typeof m.register === 'function') m.register(); return import(${JSON.stringify(o.entry.href)}); })`,
            { eval: true, workerData: o.workerData },
          )
        : new Worker(o.entry, { workerData: o.workerData });
      workersUsed++;
      live.add(worker);
      let current: number | undefined;
      const feed = () => {
        if (settled) return;
        if (next >= files.length) {
          current = undefined;
          live.delete(worker);
          void worker.terminate();
          return;
        }
        current = next++;
        worker.postMessage({ id: current, file: files[current] });
      };
      worker.on('message', (m: WorkerReply<R>) => {
        if (m.id !== current) return;
        record(m.id, m.result ?? o.onCrash(files[m.id]!, m.error ?? 'no result'));
        feed();
      });
      const crashed = (reason: string) => {
        live.delete(worker);
        if (settled) return;
        if (current !== undefined) {
          const i = current;
          current = undefined;
          record(i, o.onCrash(files[i]!, reason));
        }
        // Replace the worker while files remain.
        if (!settled && next < files.length) start();
      };
      worker.on('error', (e) => crashed(e.message));
      worker.on('exit', (code) => {
        if (current !== undefined) crashed(`worker exited with code ${code}`);
      });
      feed();
    };
    if (files.length === 0) return finish();
    for (let i = 0; i < Math.max(1, Math.min(o.size, files.length)); i++) start();
  });
}
