/**
 * Verifies every signature and document timestamp of one PDF (ETSI EN 319 102-1 §5 basic,
 * long-term and archival validation, over PAdES, ETSI EN 319 142-1) and answers in plain data
 * (verdict-model.ts) with a sentence in zh-CN and en for each.
 *
 * Owns: the order of the checks per signature (structure -> digest -> CMS -> timestamps ->
 * certificate path at the proof-of-existence time -> revocation -> algorithm policy ->
 * modifications after it), the single streaming pass that hashes the whole file (document
 * SHA-256) and every ByteRange together, proofs of existence from later document timestamps,
 * the PAdES level, and turning an unreadable or hostile file into a FORMAT_FAILURE result.
 * Must never: read the whole file into memory, throw for a bad document (only for a bad
 * caller: a cancelled signal), or answer TOTAL_PASSED for a signature followed by changes the
 * modification analysis does not allow.
 *
 * Mapping (documented in docs/verification.md, "ETSI EN 319 102-1 mapping"): disallowed changes after a signature
 * (content, pages, overlays, anything DocMDP/FieldMDP forbids) give TOTAL_FAILED with
 * FORMAT_FAILURE: ETSI EN 319 102-1 has no sub-indication for "the document shown is not the
 * document signed", and FORMAT_FAILURE ("the signed object is not conformant to the format")
 * is the nearest; the sentence says explicitly that the document was changed after signing.
 */
import { createHash, type Hash } from 'node:crypto';
import { SealdeskError } from '../errors/sealdesk-error';
import { PdfDocument, type ReaderLimits } from '../pdf/document';
import { pdfError } from '../pdf/errors';
import { isDict } from '../pdf/objects';
import type { Lang } from '../i18n/locale';
import { fetchRevocationData } from '../ltv/revocation-fetcher';
import { loadAlgorithmPolicy, type AlgorithmPolicy } from './algorithm-policy';
import { hashOptions } from './der';
import { failed, SubIndication, worst, type Verdict } from './indications';
import { unreadableMessages, verdictMessages } from './messages-verdict';
import { ParsedCertificate } from './parsed-certificate';
import { RevisionMap } from './pdf-revision-map';
import { checkSignatureStructure, type SignatureStructure } from './pdf-signature-structure';
import { findSignatures, type SignatureInfo } from './pdf-signatures';
import type {
  DocumentVerification,
  ModificationFacts,
  SignatureVerification,
} from './verdict-model';
import { analyseModificationsAfter } from './verify-modifications';
import { emptyPool, mergePools, readDocumentDss, type ValidationDataPool } from './verify-dss';
import {
  judgeDocumentTimestamp,
  judgeSignature,
  levelOf,
  planDocumentTimestamp,
  planSignature,
  type CryptoJudgement,
  type SignaturePlan,
} from './verify-signature';

export interface VerifyProgress {
  readonly phase: 'open' | 'hash' | 'check';
  readonly bytesDone: number;
  readonly bytesTotal: number;
}

/** Certificates and revocation answers fetched online for one chain. */
export interface FetchedValidationData {
  readonly certs: readonly Uint8Array[];
  readonly ocsps: readonly Uint8Array[];
  readonly crls: readonly Uint8Array[];
}

export interface VerifyDocumentOptions {
  /** Trust anchors: the user's store plus per-run `--trust` extras. */
  readonly trustAnchors: readonly ParsedCertificate[];
  /** Validation time (`--at`); default now. */
  readonly at?: Date;
  /** May fetch missing revocation data (`--online`); offline by default. */
  readonly online?: boolean;
  /**
   * How revocation data is fetched online for a chain (leaf first); default: OCSP from the
   * AIA, CRLs from the CDP, each response checked before use (main/ltv/revocation-fetcher).
   */
  readonly fetchRevocation?: (chain: readonly Uint8Array[]) => Promise<FetchedValidationData>;
  readonly policy?: AlgorithmPolicy;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: VerifyProgress) => void;
  /** Reader limits (hostile files); defaults suit contracts up to several GB. */
  readonly limits?: Partial<ReaderLimits>;
  readonly password?: string;
}

/** Limits for untrusted input: decoded streams and nesting bounded (deflate bombs, loops). */
export const VERIFY_LIMITS: Partial<ReaderLimits> = {
  maxDecodedStreamBytes: 64 * 1024 * 1024,
  maxNestingDepth: 128,
  maxResolveDepth: 32,
};

const CHUNK = 4 * 1024 * 1024;

interface Planned {
  readonly info: SignatureInfo;
  readonly structure: SignatureStructure;
  readonly plan: SignaturePlan | undefined;
  digest?: Uint8Array;
  judgement?: CryptoJudgement;
  verdict?: Verdict;
}

function cancelledError(file: string): SealdeskError {
  return new SealdeskError(
    'VERIFY_CANCELLED',
    {
      category: 'cancelled',
      en: 'Verification of {file} was cancelled.',
      zh: '已取消验证 {file}。',
    },
    { file },
  );
}

/**
 * One sequential pass over the file: SHA-256 of the whole file and, for each planned signature,
 * the digest of its ByteRange [0, a) + [b, b + c), hashing each byte about once: a SHA-256
 * ByteRange shares its prefix [0, a) with the whole-file hash, so its state is a copy() of the
 * whole-file state taken at `a`, then fed only [b, b + c). Other algorithms get their own state.
 * Reads go into two reused buffers, the next read running while the current chunk is hashed.
 * Memory: two chunks plus the hash states.
 */
async function hashPass(
  doc: PdfDocument,
  planned: Planned[],
  signal: AbortSignal | undefined,
  onProgress: ((p: VerifyProgress) => void) | undefined,
): Promise<string> {
  const size = doc.size;
  const whole = createHash('sha256');
  interface RangeHash {
    p: Planned;
    h: Hash | undefined;
    /** Where the shared prefix ends (the hole's start), or undefined for a separate hash. */
    forkAt: number | undefined;
    spans: [number, number][];
  }
  const ranges: RangeHash[] = [];
  for (const p of planned) {
    if (!p.plan?.ok || !p.structure.byteRange) continue;
    const [, a, b, c] = p.structure.byteRange;
    if (p.plan.hash === 'sha256') {
      ranges.push({ p, h: undefined, forkAt: a, spans: [[b, b + c]] });
    } else {
      const spans: [number, number][] = [
        [0, a],
        [b, b + c],
      ];
      ranges.push({
        p,
        h: createHash(p.plan.hash, hashOptions(p.plan.hash)),
        forkAt: undefined,
        spans,
      });
    }
  }
  const forks = ranges.filter((r) => r.forkAt !== undefined).sort((x, y) => x.forkAt! - y.forkAt!);
  let nextFork = 0;

  const readInto =
    doc.source.readInto?.bind(doc.source) ??
    (async (target: Uint8Array, offset: number) => {
      const bytes = await doc.source.read(offset, target.length);
      target.set(bytes);
      return bytes.length;
    });
  const bufs = [new Uint8Array(CHUNK), new Uint8Array(CHUNK)];
  let i = 0;
  let pending: Promise<number> | undefined = size > 0 ? readInto(bufs[0]!, 0) : undefined;
  for (let pos = 0; pending;) {
    if (signal?.aborted) throw cancelledError(doc.fileName);
    const n = await pending;
    if (n === 0) break;
    const chunk = bufs[i]!.subarray(0, n);
    const end = pos + n;
    pending = end < size ? readInto(bufs[1 - i]!, end) : undefined;
    // The whole-file hash, split where a ByteRange's prefix ends so its state can be copied.
    let at = pos;
    while (nextFork < forks.length && forks[nextFork]!.forkAt! <= end) {
      const f = forks[nextFork++]!;
      if (f.forkAt! > at) whole.update(chunk.subarray(at - pos, f.forkAt! - pos));
      at = Math.max(at, f.forkAt!);
      f.h = whole.copy();
    }
    if (at < end) whole.update(chunk.subarray(at - pos));
    for (const r of ranges) {
      if (!r.h) continue;
      for (const [s, e] of r.spans) {
        const from = Math.max(s, pos);
        const to = Math.min(e, end);
        if (from < to) r.h.update(chunk.subarray(from - pos, to - pos));
      }
    }
    pos = end;
    i = 1 - i;
    onProgress?.({ phase: 'hash', bytesDone: pos, bytesTotal: size });
  }
  for (const r of ranges) r.p.digest = new Uint8Array((r.h ?? createHash('sha256')).digest());
  return whole.digest('hex');
}

/**
 * `--online`: revocation data for each signature's chain, fetched and checked (OCSP from the
 * AIA, CRLs from the CDP). A source that does not answer is a note, never a failure by itself.
 */
async function fetchOnline(
  planned: readonly Planned[],
  options: VerifyDocumentOptions,
): Promise<ValidationDataPool> {
  const fetch =
    options.fetchRevocation ?? (async (chain: readonly Uint8Array[]) => fetchRevocationData(chain));
  const pools: ValidationDataPool[] = [];
  const notes: string[] = [];
  for (const p of planned) {
    if (!p.plan?.ok) continue;
    const chain = leafFirst(p.plan.signedData.certificates);
    if (chain.length === 0) continue;
    try {
      const got = await fetch(chain.map((c) => c.der));
      pools.push({
        certificates: got.certs.map((der) => ParsedCertificate.fromDer(der)),
        ocspResponses: got.ocsps,
        crls: got.crls,
        ocspOrigins: got.ocsps.map(() => 'online'),
        crlOrigins: got.crls.map(() => 'online'),
        notes: [],
      });
    } catch (e) {
      notes.push(
        `online revocation data not fetched: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
  return mergePools(...pools, { ...emptyPool(), notes });
}

/** Orders a signature's certificates leaf first: the leaf is the one that issued none of them. */
function leafFirst(certs: readonly ParsedCertificate[]): ParsedCertificate[] {
  const leaf = certs.find((c) => !certs.some((o) => o !== c && o.issuer === c.subject));
  if (!leaf) return [...certs];
  const chain = [leaf];
  for (let cur = leaf; chain.length < certs.length;) {
    const next = certs.find((c) => c.subject === cur.issuer && !chain.includes(c));
    if (!next) break;
    chain.push(next);
    cur = next;
  }
  return chain;
}

function errorResult(
  file: string,
  validationTime: Date,
  policy: string,
  online: boolean,
  e: unknown,
  sha256: string | null = null,
  size: number | null = null,
): DocumentVerification {
  const err =
    e instanceof SealdeskError
      ? e
      : new SealdeskError(
          'VERIFY_UNEXPECTED',
          { category: 'input', en: '{reason}', zh: '{reason}' },
          { reason: e instanceof Error ? e.message : String(e) },
        );
  const m = unreadableMessages(err.localized('zh-CN'), err.localized('en'));
  return {
    file,
    sha256,
    size,
    revisions: null,
    validationTime: validationTime.toISOString(),
    policy,
    online,
    signatures: [],
    error: {
      code: err.code,
      subIndication: SubIndication.FORMAT_FAILURE,
      messageZh: m.zh,
      messageEn: m.en,
    },
  };
}

const iso = (d: Date | undefined): string | null => (d ? d.toISOString() : null);

/** Verifies one PDF. Throws only when cancelled; every document problem is in the result. */
export async function verifyDocument(
  path: string,
  options: VerifyDocumentOptions,
): Promise<DocumentVerification> {
  const validationTime = options.at ?? new Date();
  const policy = options.policy ?? loadAlgorithmPolicy();
  const online = options.online ?? false;
  const signal = options.signal;
  if (signal?.aborted) throw cancelledError(path);
  let doc: PdfDocument;
  try {
    doc = await PdfDocument.open(path, {
      limits: { ...VERIFY_LIMITS, ...(options.limits ?? {}) },
      ...(options.password !== undefined ? { password: options.password } : {}),
    });
  } catch (e) {
    return errorResult(path, validationTime, policy.name, online, e);
  }
  try {
    return await verifyOpen(doc, path, validationTime, policy, online, options);
  } catch (e) {
    if (e instanceof SealdeskError && e.category === 'cancelled') throw e;
    return errorResult(path, validationTime, policy.name, online, e, null, doc.size);
  } finally {
    await doc.close();
  }
}

async function verifyOpen(
  doc: PdfDocument,
  path: string,
  validationTime: Date,
  policy: AlgorithmPolicy,
  online: boolean,
  options: VerifyDocumentOptions,
): Promise<DocumentVerification> {
  const map = await RevisionMap.read(doc);
  const infos = await findSignatures(doc, map);
  // Nothing found and no page tree (§7.7.2 requires one): the catalog is damaged, so the file
  // is unreadable, not unsigned (pdfsig fails it too). A page tree is where widgets are found.
  if (infos.length === 0 && !isDict(await doc.resolve((await doc.catalog()).get('Pages')))) {
    throw pdfError('PDF_OBJECT_MISSING', {
      file: doc.fileName,
      ref: 'Pages',
      what: 'the page tree of the document catalog',
    });
  }
  const planned: Planned[] = [];
  for (const info of infos) {
    const structure = await checkSignatureStructure(doc, info, map);
    let plan: SignaturePlan | undefined;
    if (structure.verdict.indication === 'TOTAL_PASSED' && structure.contents) {
      plan =
        info.kind === 'timestamp'
          ? planDocumentTimestamp(info.subFilter, structure.contents)
          : planSignature('signature', info.subFilter, structure.contents);
    }
    planned.push({ info, structure, plan });
  }
  const sha256 = await hashPass(doc, planned, options.signal, options.onProgress);
  if (options.signal?.aborted) throw cancelledError(path);

  const dss = await readDocumentDss(doc, (num) => map.locate(num)?.revision);
  let pool = dss.pool;
  if (online) pool = mergePools(pool, await fetchOnline(planned, options));
  const ctx = {
    trustAnchors: options.trustAnchors,
    validationTime,
    policy,
    dss: pool,
    dssPresent: dss.present,
  };

  // Document timestamps first, newest first: each is a POE for everything before it.
  const revOf = (p: Planned): number => p.structure.signedRevision ?? p.info.revision ?? -1;
  const timestamps = planned
    .filter((p) => p.info.kind === 'timestamp')
    .sort((x, y) => revOf(y) - revOf(x));
  const validTsPoes: { revision: number; poe: Date }[] = [];
  /** Revisions of document timestamps that are technically valid (for the level). */
  const intactTsRevisions: number[] = [];
  const poeAfter = (revision: number): Date | undefined =>
    validTsPoes
      .filter((t) => t.revision > revision)
      .map((t) => t.poe)
      .sort((a, b) => a.getTime() - b.getTime())[0];
  for (const p of timestamps) {
    if (!p.plan?.ok || !p.digest) continue;
    p.judgement = judgeDocumentTimestamp(
      p.plan,
      p.digest,
      ctx,
      poeAfter(revOf(p)),
      p.info.fieldName,
    );
    if (p.judgement.poe) validTsPoes.push({ revision: revOf(p), poe: p.judgement.poe });
    if (p.judgement.hasIntactTimestamp) intactTsRevisions.push(revOf(p));
  }
  for (const p of planned) {
    if (p.info.kind !== 'signature' || !p.plan?.ok || !p.digest) continue;
    p.judgement = judgeSignature(p.plan, p.digest, ctx, poeAfter(revOf(p)), p.info.claimedTime);
  }

  const results: SignatureVerification[] = [];
  for (const p of planned) {
    if (options.signal?.aborted) throw cancelledError(path);
    results.push(await finish(doc, map, p, validTsPoes, intactTsRevisions, dss.revision, revOf));
  }
  return {
    file: path,
    sha256,
    size: doc.size,
    revisions: doc.revisions.length,
    validationTime: validationTime.toISOString(),
    policy: policy.name,
    online,
    signatures: results,
    error: null,
  };
}

async function finish(
  doc: PdfDocument,
  map: RevisionMap,
  p: Planned,
  validTsPoes: readonly { revision: number; poe: Date }[],
  intactTsRevisions: readonly number[],
  dssRevision: number | undefined,
  revOf: (p: Planned) => number,
): Promise<SignatureVerification> {
  const info = p.info;
  const revision = p.structure.signedRevision ?? info.revision ?? null;
  let verdict: Verdict;
  if (p.structure.verdict.indication !== 'TOTAL_PASSED') verdict = p.structure.verdict;
  else if (!p.plan) verdict = failed(SubIndication.FORMAT_FAILURE, 'no /Contents to verify');
  else if (!p.plan.ok) verdict = p.plan.verdict;
  else if (!p.judgement)
    verdict = failed(SubIndication.FORMAT_FAILURE, 'the ByteRange could not be hashed');
  else verdict = p.judgement.verdict;

  let modifications: ModificationFacts[] = [];
  const unanalysed = p.structure.unanalysedChange;
  if (unanalysed) {
    // A rebuilt xref with bytes after the signed range (pdf-signature-structure.ts): a change
    // after signing that no analysis can show to be allowed.
    modifications = [
      {
        revision: unanalysed.revision,
        kind: 'other',
        allowed: false,
        pages: [],
        details: [UNANALYSED_DETAIL],
        annotations: [],
      },
    ];
  } else if (revision !== null && p.structure.byteRange) {
    modifications = await analyseModificationsAfter(doc, map, info, revision);
  }
  const disallowed = modifications.filter((m) => !m.allowed);
  let disallowedChanges = false;
  if (disallowed.length > 0 && verdict.indication !== 'TOTAL_FAILED') {
    const pages = [...new Set(disallowed.flatMap((m) => m.pages))].sort((a, b) => a - b);
    verdict = worst(
      verdict,
      failed(
        SubIndication.FORMAT_FAILURE,
        unanalysed
          ? `FILE_XREF_RECOVERED: the file was changed after signing (${unanalysed.bytesAfter} bytes follow the signed range) and its cross-reference data is broken: the changes cannot be analysed`
          : `the document was changed after this signature in a way that is not allowed: ${disallowed
              .map((m) => `revision ${m.revision}: ${m.kind}`)
              .join('; ')}${pages.length ? ` (pages ${pages.join(', ')})` : ''}`,
      ),
    );
    disallowedChanges = true;
  }

  const j = p.judgement;
  const r = revOf(p);
  const coveredByDocTs = intactTsRevisions.some((t) => t > r);
  const level =
    j && info.kind === 'signature'
      ? levelOf({
          judgement: j,
          coveredByIntactDocTimestamp: coveredByDocTs,
          docTimestampAfterDss:
            dssRevision !== undefined && validTsPoes.some((t) => t.revision >= dssRevision),
        })
      : null;
  const claimed = j?.claimedTime ?? info.claimedTime;
  const proven = j?.provenTime;
  const base = {
    kind: info.kind,
    indication: verdict.indication,
    subIndication: verdict.indication === 'TOTAL_PASSED' ? null : verdict.subIndication,
    signer: j?.signer ?? info.signerName ?? null,
    claimedTime: iso(claimed),
    provenTime: iso(proven),
    modificationsAfter: modifications,
  } as const;
  const msg = verdictMessages({ ...base, disallowedChanges, reason: reasonOf(verdict) });
  const certified = info.references.find((x) => x.method === 'DocMDP');
  return {
    field: info.fieldName || null,
    ...base,
    level,
    signerSubject: j?.signerSubject ?? null,
    coversWholeFile: p.structure.coverage === 'whole-file',
    revision,
    subFilter: info.subFilter ?? null,
    certified: certified?.method === 'DocMDP' ? certified.p : null,
    reason: reasonOf(verdict),
    notes: [
      ...verdict.notes,
      ...p.structure.problems.map((x) => `${x.code}: ${x.message}`),
      ...p.structure.notes,
    ],
    chain: j?.chain ?? [],
    timestamps: j?.timestamps ?? [],
    revocation: j?.revocation ?? [],
    digestAlgorithm: j?.digestAlgorithm ?? (p.plan?.ok ? p.plan.hash : null),
    signatureAlgorithm: j?.signatureAlgorithm ?? null,
    messageZh: msg.zh,
    messageEn: msg.en,
  };
}

const UNANALYSED_DETAIL =
  'the file was changed after this signature, and its cross-reference data is broken: the changes cannot be analysed';

const reasonOf = (v: Verdict): string | null => (v.indication === 'TOTAL_PASSED' ? null : v.reason);

/** The message for a document in the chosen language (CLI plain output). */
export function messageOf(s: SignatureVerification, lang: Lang): string {
  return lang === 'en' ? s.messageEn : s.messageZh;
}
