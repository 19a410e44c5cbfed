/**
 * The signing sequence the dialogs drive (docs/architecture.md "Keys and intent"): draft ->
 * sign.prepare (the intent a person confirms; no key used) -> the secret dialog -> sign.run with
 * the secret exactly once -> the signed copies open beside the originals.
 *
 * Owns: turning the draft into the sign.prepare input, and the store's steps around a run.
 * Must never: store, return or log the secret (it is a parameter of runWithSecret only, passed
 * once to api.run); import the transport (the api is injected, so a test can watch it).
 */
import type { Input, SignIntent, SignResult } from '../../../../preload/contract';
import { parsePageRanges } from './page-geometry';
import { useSigningStore, type DraftPlacement, type PagingSealDraft } from './signing-store';

export interface SignFlowApi {
  prepare(input: Input<'sign.prepare'>): Promise<SignIntent>;
  run(intentId: string, secret: string | undefined, confirmFinalTry: boolean): Promise<SignResult>;
  discard(intentId: string): Promise<unknown>;
  /** Opens a signed copy in a new tab and verifies it. */
  openSigned(path: string): Promise<void>;
}

const r1 = (n: number) => Math.round(n * 10) / 10;

export interface DraftForPrepare {
  readonly documents: readonly ({ docId: string } | { path: string })[];
  readonly identity: Input<'sign.prepare'>['identity'];
  readonly sealId: string | undefined;
  readonly placements: readonly DraftPlacement[];
  readonly pagingSeal: PagingSealDraft;
  readonly pageCount: number;
  readonly level: Input<'sign.prepare'>['level'];
  readonly reason: string;
}

export class DraftProblem extends Error {
  constructor(readonly key: 'sign.problem.range') {
    super(key);
  }
}

/** The sign.prepare input for a draft (mm rounded to 0.1; the date stamp as its own field). */
export function prepareInputOf(d: DraftForPrepare): Input<'sign.prepare'> {
  const seals = d.placements.filter((p) => p.kind === 'seal');
  const date = d.placements.find((p) => p.kind === 'date');
  let pagingPages: 'all' | number[] | undefined;
  if (d.pagingSeal.enabled) {
    pagingPages =
      d.pagingSeal.pages === 'all' ? 'all' : parsePageRanges(d.pagingSeal.range, d.pageCount);
    if (pagingPages === undefined) throw new DraftProblem('sign.problem.range');
  }
  const reason = d.reason.trim();
  return {
    documents: [...d.documents],
    identity: d.identity,
    ...(d.sealId && (seals.length > 0 || pagingPages) ? { sealId: d.sealId } : {}),
    placements: seals.map((p) => ({
      page: p.page,
      xMm: r1(p.xMm),
      yMm: r1(p.yMm),
      sizeMm: r1(p.widthMm),
    })),
    ...(pagingPages ? { pagingSeal: { pages: pagingPages } } : {}),
    ...(date ? { dateStamp: { page: date.page, xMm: r1(date.xMm), yMm: r1(date.yMm) } } : {}),
    level: d.level,
    ...(reason ? { reason } : {}),
  };
}

/** Step 1: ask main for the intent and show it for confirmation. */
export async function prepareIntent(api: SignFlowApi, input: Input<'sign.prepare'>) {
  const intent = await api.prepare(input);
  const s = useSigningStore.getState();
  s.reset();
  s.setIntent(intent);
  s.setStep('confirm');
  return intent;
}

/**
 * Step 3: sign with the secret, used once. On failure the intent stays (the person may type the
 * PIN again) and the error goes to the caller; on success the signed copies open.
 */
export async function runWithSecret(
  api: SignFlowApi,
  intentId: string,
  secret: string | undefined,
  confirmFinalTry: boolean,
): Promise<SignResult> {
  const s = useSigningStore.getState();
  s.setProgress(undefined);
  s.setStep('running');
  let result: SignResult;
  try {
    result = await api.run(intentId, secret, confirmFinalTry);
  } catch (e) {
    useSigningStore.getState().setStep('secret');
    throw e;
  }
  useSigningStore.getState().setResult(result);
  useSigningStore.getState().setStep('done');
  for (const d of result.documents)
    if (d.output && d.status === 'signed') await api.openSigned(d.output);
  return result;
}

/** Leaves the flow; main forgets an intent that was not signed. */
export async function closeFlow(api: SignFlowApi): Promise<void> {
  const s = useSigningStore.getState();
  const intent = s.intent;
  const signed = s.step === 'done';
  s.reset();
  if (intent && !signed) await api.discard(intent.intentId).catch(() => undefined);
}
