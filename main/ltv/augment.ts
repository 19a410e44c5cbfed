/**
 * Raising signed PDFs to PAdES B-LT / B-LTA after the fact (ETSI EN 319 142-1 §6.4, §6.5), and
 * archive renewal (a fresh DSS and document timestamp over an archive, §5.4.3).
 *
 * Owns: reading which chains a document's signatures and timestamps need validation data for
 * (signer chains, the TSA chains of signature timestamps and document timestamps; read from the
 * CMS outline, ../cms/signed-data-outline) of the signatures in the document's form, fetching and checking that data
 * (./revocation-fetcher, one memo per augmentation) BEFORE anything is written, and stacking,
 * in one pass over the file (../sign/update-chain-writer): a document timestamp first when a
 * signature has no timestamp yet (so it reaches B-T), the DSS with VRI entries covering every
 * chain including that new TSA's (fetched as soon as its token arrives), then the archive
 * document timestamp for B-LTA. The result is checked (readable, every earlier signature
 * unchanged, the new ones present) before it is committed. When the output is the input (the
 * default, and the queue) the updates are appended to the file in place behind a journal
 * (../library/in-place-append: one read of the file, no copy; a failure cuts it back to its
 * original bytes, and an append a crash interrupted is rolled back before the file is augmented
 * again); otherwise a new copy is written and renamed. In place, the one read starts first and
 * goes on in the background (../library/stream-copy PrefixHasher) while the document is read
 * and the network asked, so a large file costs about one read plus the timestamp round trips;
 * a document that may already be at its level is not read until the facts say it is not.
 * Must never: touch bytes an earlier signature covers, embed data main/verify rejected or found
 * stale, or write anything when a TSA or revocation source is missing (the caller keeps the
 * document queued instead).
 */
import { resolve } from 'node:path';
import { recoverInterruptedAppend } from '../library/in-place-append';
import { PrefixHasher } from '../library/stream-copy';
import { PdfDocument } from '../pdf/document';
import type { TimestampResult, TsaOptions } from '../cms/tsa-client';
import { findSignatures, type SignatureInfo } from '../verify/pdf-signatures';
import { signedDataOutline, type SignedDataOutline } from '../cms/signed-data-outline';
import { parseSignedData } from '../verify/signed-data';
import { signatureTimestampTokens } from '../verify/timestamp';
import { writeUpdateChain, type UpdateStep } from '../sign/update-chain-writer';
import { docTimestampStep } from './doc-timestamp';
import { buildDssUpdate, ltvWriteErrors, vriKey, type DssData } from './dss-update';
import { ltvError } from './ltv-errors';
import {
  fetchRevocationData,
  RevocationMemo,
  type RevocationFetchOptions,
  type RevocationProblem,
} from './revocation-fetcher';

/** B-T here means: a document timestamp over signatures that have no timestamp yet. */
export type LongTermLevel = 'B-T' | 'B-LT' | 'B-LTA';

export interface AugmentOptions {
  readonly input: string;
  /** Default: `input` itself, raised in place by appending (journalled, see the charter). */
  readonly output?: string;
  readonly level: LongTermLevel;
  readonly tsa?: TsaOptions;
  readonly revocation?: RevocationFetchOptions;
  /** Add fresh data and a new document timestamp even when the level is reached (renewal). */
  readonly renew?: boolean;
  readonly signal?: AbortSignal;
}

export interface AugmentResult {
  readonly input: string;
  readonly output: string;
  /** The level the document has now (as written; main/verify judges it). */
  readonly level: LongTermLevel;
  /** False when the document was already at the level and nothing was written. */
  readonly changed: boolean;
  readonly outputBytes: number;
  readonly documentTimestamps: readonly { readonly genTime: Date; readonly url: string }[];
  readonly added: { readonly certs: number; readonly ocsps: number; readonly crls: number };
  /** Things met on the way that did not stop the update (a second OCSP URL down, ...). */
  readonly problems: readonly RevocationProblem[];
}

interface DocumentFacts {
  readonly signatures: readonly SignatureInfo[];
  /** Certificates per chain to cover (each list: a CMS's certificates). */
  readonly chains: readonly (readonly Uint8Array[])[];
  /** Some signature has neither a signature timestamp nor a later document timestamp. */
  readonly needsTimestamp: boolean;
  readonly hasDss: boolean;
  /** The newest signature is a document timestamp and a DSS exists. */
  readonly looksLta: boolean;
}

/**
 * The certificates and signature timestamp tokens a signature or token carries: read from the
 * DER directly (cheap, while the file is being read), or by the full parser when it is not
 * plain DER; undefined for an unreadable one (main/verify reports it).
 */
function outlineOf(cms: Uint8Array, what: string): SignedDataOutline | undefined {
  const quick = signedDataOutline(cms);
  if (quick) return quick;
  try {
    const sd = parseSignedData(cms, { what, allowZeroPadding: true });
    return {
      certificates: sd.certificates.map((c) => c.der),
      timestampTokens: signatureTimestampTokens(sd, 0),
    };
  } catch {
    return undefined;
  }
}

const tokenCerts = (token: Uint8Array): Uint8Array[] => [
  ...(outlineOf(token, 'timestamp token')?.certificates ?? []),
];

async function readFacts(doc: PdfDocument): Promise<DocumentFacts> {
  const signatures = await formSignatures(doc);
  const chains: Uint8Array[][] = [];
  let needsTimestamp = false;
  const tsRevisions = signatures.filter((s) => s.kind === 'timestamp').map((s) => s.revision ?? -1);
  for (const s of signatures) {
    if (!s.contents) continue;
    if (s.kind === 'timestamp') {
      chains.push(tokenCerts(s.contents));
      continue;
    }
    const outline = outlineOf(s.contents, 'signature');
    // An unreadable signature gets no data; main/verify reports it.
    if (!outline) continue;
    chains.push([...outline.certificates]);
    for (const t of outline.timestampTokens) chains.push(tokenCerts(t));
    const covered = tsRevisions.some((r) => r > (s.revision ?? Infinity));
    if (outline.timestampTokens.length === 0 && !covered) needsTimestamp = true;
  }
  const catalog = await doc.catalog();
  const hasDss = catalog.has('DSS');
  const newest = signatures.at(-1);
  return {
    signatures,
    chains: chains.filter((c) => c.length > 0),
    needsTimestamp,
    hasDss,
    looksLta: hasDss && newest?.kind === 'timestamp',
  };
}

/**
 * The signatures augmentation raises and its check reads back: the form's (and widgets on the
 * first page, where Sealdesk puts its own), what Acrobat and pyHanko augment too. Not every page
 * of a large file: a signature hidden from the form elsewhere is main/verify's to report (it
 * scans them all), not something to raise.
 */
function formSignatures(doc: PdfDocument): Promise<SignatureInfo[]> {
  return findSignatures(doc, undefined, { pages: [0] });
}

const vriKeysOf = (signatures: readonly SignatureInfo[]): string[] =>
  signatures.flatMap((s) => (s.contents ? [vriKey(s.contents)] : []));

/** Appends the problems `into` does not have yet (chains sharing a CA report it once). */
function addProblems(
  into: RevocationProblem[],
  more: readonly RevocationProblem[],
): RevocationProblem[] {
  const key = (p: RevocationProblem) =>
    `${p.certificate}\n${p.source}\n${p.url ?? ''}\n${p.reason}`;
  const seen = new Set(into.map(key));
  for (const p of more) {
    if (seen.has(key(p))) continue;
    into.push(p);
    seen.add(key(p));
  }
  return into;
}

/** Revocation data for every chain, or LTV_LEVEL_UNREACHABLE saying what is missing. */
export async function fetchForChains(
  chains: readonly (readonly Uint8Array[])[],
  options: RevocationFetchOptions,
  file: string,
  level: string,
): Promise<{ data: DssData; problems: RevocationProblem[] }> {
  const certs: Uint8Array[] = [];
  const ocsps: Uint8Array[] = [];
  const crls: Uint8Array[] = [];
  const problems: RevocationProblem[] = [];
  const missing: string[] = [];
  const add = (list: Uint8Array[], items: readonly Uint8Array[]) => {
    for (const b of items) if (!list.some((x) => Buffer.compare(x, b) === 0)) list.push(b);
  };
  // Every chain at once; the results are merged in chain order.
  const fetched = await Promise.all(chains.map((chain) => fetchRevocationData(chain, options)));
  for (const r of fetched) {
    add(certs, r.certs);
    add(ocsps, r.ocsps);
    add(crls, r.crls);
    addProblems(problems, r.problems);
    for (const s of r.statuses)
      if (s.status === 'no-data' || s.status === 'unknown') missing.push(s.subject);
  }
  if (missing.length > 0) {
    const why = problems
      .filter((p) => missing.includes(p.certificate))
      .map((p) => `${p.certificate}: ${p.source}${p.url ? ` ${p.url}` : ''}: ${p.reason}`);
    throw ltvError('LTV_LEVEL_UNREACHABLE', {
      file,
      level,
      reason: `no usable revocation data for ${[...new Set(missing)].join('; ')}${why.length ? ` (${why.join('; ')})` : ''}`,
    });
  }
  return { data: { certs, ocsps, crls }, problems };
}

/** Raises `input` to `level` (see the module charter). */
export async function augmentPdf(opts: AugmentOptions): Promise<AugmentResult> {
  const input = opts.input;
  const output = opts.output ?? input;
  const level = opts.level;
  // One memo for the whole augmentation: the signer's and the new timestamps' chains share CAs.
  const revocation: RevocationFetchOptions = {
    ...opts.revocation,
    memo: opts.revocation?.memo ?? new RevocationMemo(),
  };
  const inPlace = resolve(output) === resolve(input);
  // A journal beside the file means an earlier append was interrupted: restore the original.
  await recoverInterruptedAppend(input);
  // In place, the one read of the file starts as soon as something will surely be written and
  // goes on in the background, so that reading the document's signatures and fetching their
  // validation data overlap it (the writer checks the file did not change before anything is
  // appended).
  const prefix = inPlace
    ? await PrefixHasher.prepare(
        input,
        'whole',
        [...new Set(['sha256', opts.tsa?.hash ?? 'sha256'])],
        {
          signal: opts.signal,
          ...ltvWriteErrors(input),
        },
      )
    : undefined;
  let doc: PdfDocument;
  try {
    doc = await PdfDocument.open(input, { fileName: input });
  } catch (e) {
    await prefix?.close();
    throw e;
  }
  try {
    if (doc.recovered) throw ltvError('LTV_DAMAGED_PDF', { file: input });
    if (doc.security) throw ltvError('LTV_ENCRYPTED_PDF', { file: input });
    if (prefix && prefix.size !== doc.size) throw ltvWriteErrors(input).changed();
    // A document without a DSS is written to at B-LT and above; one with a DSS may already be
    // at the level (the queue and `ltv augment DIR` meet many), so it is not read for nothing.
    if (opts.renew || (level !== 'B-T' && !(await doc.catalog()).has('DSS'))) prefix?.begin();
    const facts = await readFacts(doc);
    if (facts.signatures.length === 0) throw ltvError('LTV_NO_SIGNATURE', { file: input });
    const reached =
      !facts.needsTimestamp &&
      (level === 'B-T' || (facts.hasDss && (level === 'B-LT' || facts.looksLta)));
    if (reached && !opts.renew && inPlace) {
      return {
        input,
        output,
        level,
        changed: false,
        outputBytes: doc.size,
        documentTimestamps: [],
        added: { certs: 0, ocsps: 0, crls: 0 },
        problems: [],
      };
    }
    const wantsTs = facts.needsTimestamp || level === 'B-LTA' || opts.renew === true;
    const tsa = opts.tsa;
    if (wantsTs && (!tsa || tsa.tsas.length === 0))
      throw ltvError('LTV_LEVEL_UNREACHABLE', {
        file: input,
        level,
        reason: 'no time-stamp authority is configured',
      });
    // Everything the network must give for the existing chains, before a byte is written. In
    // place it is fetched while the file is read (the writer awaits it before the first step);
    // a copy waits for it, so a document that cannot be raised is not copied.
    const problems: RevocationProblem[] = [];
    const before = vriKeysOf(facts.signatures);
    const first = (
      level === 'B-T'
        ? Promise.resolve({ data: { certs: [], ocsps: [], crls: [] }, problems: [] })
        : fetchForChains(facts.chains, revocation, input, level)
    ).then((f) => {
      problems.push(...f.problems);
      return f.data;
    });
    // Awaited below or by the writer; this only keeps an early failure from going unhandled.
    first.catch(() => undefined);
    if (!inPlace) await first;
    const stamps: TimestampResult[] = [];
    /** VRI keys of the timestamps written so far (their /Contents as the file holds them). */
    const stampKeys: string[] = [];
    const added = { certs: 0, ocsps: 0, crls: 0 };
    const steps: UpdateStep[] = [];
    // The new timestamp's TSA chain is fetched as soon as its token is there, while the
    // writer appends it and reopens the file.
    let stampData: Promise<{ data: DssData; problems: RevocationProblem[] }> | undefined;
    if (facts.needsTimestamp)
      steps.push(
        docTimestampStep({
          tsa: tsa!,
          onToken: (t) => {
            stamps.push(t);
            if (level === 'B-T') return;
            stampData = fetchForChains([tokenCerts(t.token)], revocation, input, level);
            stampData.catch(() => undefined);
          },
        }),
      );
    if (level !== 'B-T')
      steps.push({
        kind: 'plain',
        build: async (d) => {
          let data = await first;
          if (stampData) {
            // The new document timestamp's TSA chain must be covered too (B-LT, not B-T).
            const more = await stampData;
            problems.push(...more.problems);
            data = {
              certs: [...data.certs, ...more.data.certs],
              ocsps: [...data.ocsps, ...more.data.ocsps],
              crls: [...data.crls, ...more.data.crls],
            };
          }
          // VRI for every signature and timestamp: those read before and the new ones.
          const u = await buildDssUpdate(d, data, { vriKeys: [...before, ...stampKeys] });
          added.certs += u.added.certs;
          added.ocsps += u.added.ocsps;
          added.crls += u.added.crls;
          return u.bytes;
        },
      });
    if (level === 'B-LTA' || opts.renew)
      steps.push(docTimestampStep({ tsa: tsa!, onToken: (t) => stamps.push(t) }));

    const r = await writeUpdateChain({
      input,
      output,
      inPlace,
      prefix,
      beforeStep: (_index, done) => {
        // /Contents of a written timestamp: its token zero-padded to the hole (as read back).
        stampKeys.length = 0;
        for (const d of done)
          if (d.kind === 'hole' && d.value && d.placeholderBytes !== undefined) {
            const contents = Buffer.alloc(d.placeholderBytes);
            contents.set(d.value);
            stampKeys.push(vriKey(contents));
          }
      },
      ready: first,
      doc,
      steps,
      signal: opts.signal,
      errors: ltvWriteErrors(input),
      check: async (written) => {
        // The result must read back with every earlier signature unchanged and the new ones.
        // The updates change only the catalog, the AcroForm and the first page's annotations,
        // so the result is read as the facts were (formSignatures), not every page again.
        const t = await PdfDocument.open(written, { fileName: output, extends: doc });
        try {
          const after = vriKeysOf(await formSignatures(t));
          const lost = before.filter((k) => !after.includes(k));
          if (lost.length > 0 || after.length !== before.length + stamps.length)
            throw ltvError('LTV_CHECK_FAILED', {
              file: input,
              reason: `${after.length} signatures read back, ${before.length + stamps.length} expected`,
            });
          if (level !== 'B-T' && !(await t.catalog()).has('DSS'))
            throw ltvError('LTV_CHECK_FAILED', { file: input, reason: 'no /DSS in the result' });
        } finally {
          await t.close();
        }
      },
    });
    return {
      input,
      output,
      level,
      changed: true,
      outputBytes: r.outputBytes,
      documentTimestamps: stamps.map((s) => ({ genTime: s.genTime, url: s.url })),
      added,
      problems: addProblems([], problems),
    };
  } finally {
    await prefix?.close();
    await doc.close();
  }
}
