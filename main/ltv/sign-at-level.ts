/**
 * Signing at a requested PAdES level with offline fallback (ETSI EN 319 142-1 §6;
 * docs/architecture.md "Offline first"): B-B/B-T by main/sign in one update, then B-LT/B-LTA by
 * ./augment on top.
 *
 * Owns: the staging of stacked updates (the signed file goes to a temp file in the output's
 * folder that is ours alone; augmentation appends to it in place, so the original is copied
 * once in all, and it is renamed to the output; on any exit the temp is removed), the
 * fallback when a TSA or revocation source does not answer (the highest level reached is
 * renamed into place) and queueing the document for the level it will get.
 * Must never: modify the input, leave a partial or staging file behind, or report a level the
 * file does not have.
 */
import { randomBytes } from 'node:crypto';
import { rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { isSealdeskError } from '../errors/sealdesk-error';
import { syncFolder } from '../library/atomic-output';
import { appendJournalPath, recoverInterruptedAppend } from '../library/in-place-append';
import { signPdf, type SignPdfOptions, type SignPdfResult } from '../sign/pades-signer';
import { augmentPdf } from './augment';
import type { LtvQueue } from './ltv-queue';
import type { RevocationFetchOptions } from './revocation-fetcher';

export type ReachedLevel = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';

export interface SignAtLevelOptions extends SignPdfOptions {
  readonly revocation?: RevocationFetchOptions;
  /** Where a document below its requested level is queued; none: not queued. */
  readonly queue?: LtvQueue;
}

export interface SignAtLevelResult extends Omit<SignPdfResult, 'level'> {
  /** The level the output has now. */
  readonly level: ReachedLevel;
  /** True when the output waits in the queue for `requestedLevel`. */
  readonly queued: boolean;
  /** Why the requested level was not reached now (English), when it was not. */
  readonly pendingReason?: string;
}

const RANK: Record<ReachedLevel, number> = { 'B-B': 0, 'B-T': 1, 'B-LT': 2, 'B-LTA': 3 };

export async function signAtLevel(opts: SignAtLevelOptions): Promise<SignAtLevelResult> {
  const requested = opts.level ?? 'B-B';
  const output = resolve(opts.output);
  const staging = join(
    dirname(output),
    `.${basename(output)}.${randomBytes(6).toString('hex')}.sealdesk-stage`,
  );
  if (requested === 'B-B' || requested === 'B-T') {
    const r = await signPdf(opts);
    return finish(r, r.level, r.timestampProblem);
  }
  let signed: SignPdfResult;
  try {
    signed = await signPdf({ ...opts, output: staging });
  } catch (e) {
    await unlink(staging).catch(() => undefined);
    throw e;
  }
  try {
    if (signed.level !== 'B-T') {
      await rename(staging, output);
      return await finish(signed, signed.level, signed.timestampProblem);
    }
    try {
      // In place: a failure cuts the staging file back to the signed bytes (the fallback below).
      const a = await augmentPdf({
        input: staging,
        level: requested,
        ...(opts.tsa ? { tsa: opts.tsa } : {}),
        ...(opts.revocation ? { revocation: opts.revocation } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      await rename(staging, output);
      await syncFolder(dirname(output));
      return await finish({ ...signed, outputBytes: a.outputBytes }, requested, undefined);
    } catch (e) {
      if (!isSealdeskError(e) || e.category === 'cancelled' || e.category === 'usage') throw e;
      // Normally a no-op (a failed append cuts itself back); if that cut failed, do it now.
      await recoverInterruptedAppend(staging).catch(() => {
        throw e;
      });
      await rename(staging, output);
      return await finish(signed, signed.level, e.localized('en'));
    }
  } finally {
    await unlink(staging).catch(() => undefined);
    await unlink(appendJournalPath(staging)).catch(() => undefined);
  }

  async function finish(
    r: SignPdfResult,
    level: ReachedLevel,
    reason: string | undefined,
  ): Promise<SignAtLevelResult> {
    const below = RANK[level] < RANK[requested];
    const final = r.output === staging ? output : r.output;
    if (below && opts.queue && requested !== 'B-B') await opts.queue.add(final, requested);
    return {
      ...r,
      output: final,
      level,
      queued: below && opts.queue !== undefined,
      ...(below && reason !== undefined ? { pendingReason: reason } : {}),
    };
  }
}
