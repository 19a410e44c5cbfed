/**
 * Works through the long-term validation queue (./ltv-queue): each queued document is raised
 * to its requested level by ./augment, in place (appended behind a journal).
 *
 * Owns: rolling back appends a crash interrupted (../library/in-place-append) before each pass,
 * the order (oldest first), removing an entry only after its file was committed, and recording
 * why an attempt failed (the entry stays for the next run).
 * Must never: drop an entry whose document was not augmented, or stop the whole run for one
 * document's failure (other than a cancel).
 */
import { isSealdeskError } from '../errors/sealdesk-error';
import type { TsaOptions } from '../cms/tsa-client';
import { recoverInterruptedAppend } from '../library/in-place-append';
import { augmentPdf, type AugmentResult } from './augment';
import type { LtvQueue, QueueEntry } from './ltv-queue';
import type { RevocationFetchOptions } from './revocation-fetcher';

export interface QueueRunOptions {
  readonly tsa?: TsaOptions;
  readonly revocation?: RevocationFetchOptions;
  readonly signal?: AbortSignal;
  readonly onResult?: (r: QueueItemResult) => void;
}

export type QueueItemResult =
  | { readonly entry: QueueEntry; readonly ok: true; readonly result: AugmentResult }
  | {
      readonly entry: QueueEntry;
      readonly ok: false;
      /** English; `reasonZh` says the same in Chinese. */
      readonly reason: string;
      readonly reasonZh: string;
      readonly code: string;
    };

/** One pass over the queue. */
export async function runAugmentQueue(
  queue: LtvQueue,
  opts: QueueRunOptions = {},
): Promise<QueueItemResult[]> {
  const entries = (await queue.list()).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  const results: QueueItemResult[] = [];
  // A file left mid-append by a crash gets its original bytes back first; a file that cannot be
  // restored is reported by augmentPdf (which tries again) as that entry's failure.
  for (const entry of entries) await recoverInterruptedAppend(entry.file).catch(() => undefined);
  for (const entry of entries) {
    if (opts.signal?.aborted) break;
    let item: QueueItemResult;
    try {
      const result = await augmentPdf({
        input: entry.file,
        level: entry.level,
        ...(opts.tsa ? { tsa: opts.tsa } : {}),
        ...(opts.revocation ? { revocation: opts.revocation } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      await queue.remove(entry.file);
      item = { entry, ok: true, result };
    } catch (e) {
      if (isSealdeskError(e) && e.category === 'cancelled') throw e;
      const reason = isSealdeskError(e) ? e.localized('en') : (e as Error).message;
      const reasonZh = isSealdeskError(e) ? e.localized('zh-CN') : reason;
      const code = isSealdeskError(e) ? e.code : 'LTV_UNEXPECTED';
      await queue.failed(entry.file, reason);
      item = { entry, ok: false, reason, reasonZh, code };
    }
    opts.onResult?.(item);
    results.push(item);
  }
  return results;
}
