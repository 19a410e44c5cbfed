/**
 * The cryptographic verdict of one PDF signature or document timestamp, assembled from the
 * building blocks of ETSI EN 319 102-1: format checking and identification of the signing
 * certificate (§5.2.2, §5.2.3), cryptographic verification (§5.2.7), X.509 validation (§5.2.6)
 * at the proof-of-existence time, time-stamp validation (§5.4), cryptographic constraints
 * (§5.2.8), and the PAdES level reached (ETSI EN 319 142-1 §6: B-B, B-T, B-LT, B-LTA).
 *
 * Works in two steps so a file is read once: `planSignature` parses the CMS and says which
 * digest the ByteRange needs; the caller hashes every ByteRange in one streaming pass; then
 * `judgeSignature` / `judgeDocumentTimestamp` decide.
 * Must never: trust a certificate because the document carries it, use a timestamp that failed
 * as a proof of existence, or report TOTAL_PASSED when any building block did not pass.
 *
 * Decision (offline by default): revocation data is used when the document carries it (DSS,
 * adbe-revocationInfoArchival, CMS crls) and reported; when none is there the chain is not
 * failed for it (a note says "revocation not checked"), otherwise nothing signed offline could
 * ever be verified offline. Revoked evidence always counts.
 */
import { createHash } from 'node:crypto';
import * as pkijs from 'pkijs';
import type { AlgorithmPolicy } from './algorithm-policy';
import { checkAlgorithms } from './algorithm-policy';
import { validateCertificatePath, type PathValidation } from './cert-path';
import { decodeAsn1, type HashName } from './der';
import { failed, passed, SubIndication, worst, type Verdict } from './indications';
import { hashFromOid } from './oids';
import type { ParsedCertificate } from './parsed-certificate';
import { checkRevocation } from './revocation';
import { parseSignedData, type ParsedSignedData } from './signed-data';
import {
  certificateBindingVerdict,
  verifySignerInfo,
  type SignerInfoVerification,
} from './signer-info';
import {
  signatureTimestampTokens,
  verifyTimestampToken,
  type TimestampVerification,
} from './timestamp';
import type {
  CertificateFacts,
  PadesLevel,
  RevocationFacts,
  TimestampFacts,
} from './verdict-model';
import { cmsValidationData, mergePools, type ValidationDataPool } from './verify-dss';

export const SUPPORTED_SUBFILTERS = new Set([
  'ETSI.CAdES.detached',
  'adbe.pkcs7.detached',
  'adbe.pkcs7.sha1',
  'ETSI.RFC3161',
]);

export type SignaturePlan =
  | { readonly ok: false; readonly verdict: Verdict }
  | {
      readonly ok: true;
      readonly signedData: ParsedSignedData;
      /** The digest of the ByteRange this signature needs. */
      readonly hash: HashName;
      /** adbe.pkcs7.sha1: the CMS signs the SHA-1 of the ByteRange as encapsulated content. */
      readonly sha1Encapsulated: boolean;
    };

/** Parses /Contents and names the digest the ByteRange must be hashed with. */
export function planSignature(
  kind: 'signature' | 'timestamp',
  subFilter: string | undefined,
  contents: Uint8Array,
): SignaturePlan {
  const bad = (reason: string): SignaturePlan => ({
    ok: false,
    verdict: failed(SubIndication.FORMAT_FAILURE, reason),
  });
  if (!subFilter || !SUPPORTED_SUBFILTERS.has(subFilter))
    return bad(`unsupported /SubFilter ${subFilter ?? '(none)'}`);
  if (kind === 'timestamp' && subFilter !== 'ETSI.RFC3161')
    return bad(`a document timestamp needs /SubFilter /ETSI.RFC3161, found ${subFilter}`);
  if (kind === 'signature' && subFilter === 'ETSI.RFC3161')
    return bad('a /Sig dictionary with /SubFilter /ETSI.RFC3161 must be of /Type /DocTimeStamp');
  let sd: ParsedSignedData;
  try {
    sd = parseSignedData(contents, { what: 'signature /Contents', allowZeroPadding: true });
  } catch (e) {
    return bad((e as Error).message);
  }
  if (subFilter === 'ETSI.RFC3161') {
    const hash = imprintHashOf(sd);
    if (!hash) return bad('the timestamp token has no readable messageImprint hash');
    return { ok: true, signedData: sd, hash, sha1Encapsulated: false };
  }
  if (subFilter === 'adbe.pkcs7.sha1') {
    return { ok: true, signedData: sd, hash: 'sha1', sha1Encapsulated: true };
  }
  // RFC 5652 §5.1 allows several SignerInfos; the ByteRange is hashed with the digest algorithm
  // of the first one whose algorithm is known (judgeSignature picks the signer, see there).
  const hash = sd.signerInfos.find((s) => s.digestAlgorithm.hash)?.digestAlgorithm.hash;
  if (!hash) {
    return bad(
      `unknown digest algorithm ${sd.signerInfos[0]?.digestAlgorithm.oid ?? ''} in the signature`,
    );
  }
  return { ok: true, signedData: sd, hash, sha1Encapsulated: false };
}

function imprintHashOf(sd: ParsedSignedData): HashName | undefined {
  if (!sd.encapContent) return undefined;
  const d = decodeAsn1(sd.encapContent);
  if (!d.ok) return undefined;
  try {
    const t = new pkijs.TSTInfo({ schema: d.value });
    return hashFromOid(t.messageImprint.hashAlgorithm.algorithmId);
  } catch {
    return undefined;
  }
}

export interface JudgeContext {
  readonly trustAnchors: readonly ParsedCertificate[];
  readonly validationTime: Date;
  readonly policy: AlgorithmPolicy;
  /** DSS content of the document. */
  readonly dss: ValidationDataPool;
  readonly dssPresent: boolean;
}

export interface CryptoJudgement {
  readonly verdict: Verdict;
  readonly signer: string | null;
  readonly signerSubject: string | null;
  readonly claimedTime: Date | undefined;
  readonly provenTime: Date | undefined;
  readonly chain: CertificateFacts[];
  readonly timestamps: TimestampFacts[];
  readonly revocation: RevocationFacts[];
  readonly digestAlgorithm: string | null;
  readonly signatureAlgorithm: string | null;
  /** B-B..B-LTA before document timestamps after the DSS are considered (see levelOf). */
  readonly hasValidSignatureTimestamp: boolean;
  /**
   * A signature timestamp (or, for a document timestamp, the token itself) is technically valid:
   * its imprint matches and its own signature verifies, whether or not its TSA is trusted now.
   */
  readonly hasIntactTimestamp: boolean;
  /** Every non-anchor certificate of the signer's (and TSAs') chains has DSS revocation data. */
  readonly ltDataComplete: boolean;
  /** genTime when this is a valid document timestamp. */
  readonly poe: Date | undefined;
}

const OID_CN = '2.5.4.3';
const OID_O = '2.5.4.10';

function attrOf(cert: ParsedCertificate, oid: string): string | undefined {
  const tv = cert.subjectName.typesAndValues.find((x) => x.type === oid);
  const v = tv?.value as { valueBlock?: { value?: unknown } } | undefined;
  return typeof v?.valueBlock?.value === 'string' ? v.valueBlock.value : undefined;
}

/** "张三（示例科技有限公司）"-style display: CN with the organisation in brackets. */
export function displayName(cert: ParsedCertificate): string {
  const cn = attrOf(cert, OID_CN) ?? cert.subject;
  const o = attrOf(cert, OID_O);
  return o && o !== cn ? `${cn} (${o})` : cn;
}

function certFacts(c: ParsedCertificate, role: CertificateFacts['role']): CertificateFacts {
  return {
    subject: c.subject,
    issuer: c.issuer,
    serialHex: c.serialHex,
    notBefore: c.notBefore.toISOString(),
    notAfter: c.notAfter.toISOString(),
    fingerprint: c.fingerprint,
    role,
  };
}

function chainFacts(
  path: PathValidation | undefined,
  leaf: ParsedCertificate | undefined,
  leafRole: 'signer' | 'tsa',
): CertificateFacts[] {
  if (path && path.chain.length > 0) {
    return path.chain.map((c, i) =>
      certFacts(c, i === 0 ? leafRole : i === path.chain.length - 1 ? 'anchor' : 'intermediate'),
    );
  }
  return leaf ? [certFacts(leaf, leafRole)] : [];
}

function revocationFacts(path: PathValidation | undefined, pool: ValidationDataPool) {
  const originOf = (fp: string, source: 'ocsp' | 'crl'): string => {
    const list = source === 'ocsp' ? pool.ocspResponses : pool.crls;
    const origins = source === 'ocsp' ? pool.ocspOrigins : pool.crlOrigins;
    const i = list.findIndex((b) => sha256Hex(b) === fp);
    return origins[i] ?? 'unknown';
  };
  return (path?.revocation ?? []).map((r): RevocationFacts => ({
    certificate: r.certificate.subject,
    status: r.answer.status,
    detail:
      r.answer.status === 'revoked'
        ? `revoked ${r.answer.revokedAt.toISOString()}${r.answer.reason ? ` (${r.answer.reason})` : ''}`
        : r.answer.status === 'no-data'
          ? r.answer.why
          : null,
    evidence: r.evidence.map((e) => ({
      source: e.source,
      signedBy: e.signedBy,
      thisUpdate: e.thisUpdate.toISOString(),
      nextUpdate: e.nextUpdate ? e.nextUpdate.toISOString() : null,
      status: e.status,
      fresh: e.fresh,
      origin: originOf(e.dataFingerprint, e.source),
    })),
  }));
}

const sha256Hex = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function timestampFacts(
  kind: TimestampFacts['kind'],
  v: TimestampVerification | undefined,
  error: string | undefined,
  field?: string,
): TimestampFacts {
  const verdict = v?.verdict ?? failed(SubIndication.FORMAT_FAILURE, error ?? 'unreadable');
  const tsa = v?.signer?.signerCertificate;
  return {
    kind,
    genTime: v?.tstInfo ? v.tstInfo.genTime.toISOString() : null,
    tsa: tsa ? displayName(tsa) : null,
    indication: verdict.indication,
    subIndication: verdict.indication === 'TOTAL_PASSED' ? null : verdict.subIndication,
    reason: verdict.indication === 'TOTAL_PASSED' ? null : verdict.reason,
    ...(field !== undefined ? { field } : {}),
    chain: chainFacts(v?.path, tsa, 'tsa'),
  };
}

/** Whether every certificate below the anchor has revocation evidence in the DSS pool. */
function dssCovers(chain: readonly ParsedCertificate[], ctx: JudgeContext, at: Date): boolean {
  if (!ctx.dssPresent || chain.length === 0) return false;
  const data = { ocspResponses: ctx.dss.ocspResponses, crls: ctx.dss.crls };
  for (let i = 0; i + 1 < chain.length; i++) {
    const a = checkRevocation(chain[i]!, chain[i + 1]!, data, {
      controlTime: at,
      validationTime: ctx.validationTime,
    });
    if (a.evidence.length === 0) return false;
  }
  return true;
}

function verifyToken(
  token: Uint8Array,
  stamped: { bytes: Uint8Array } | { hash: HashName; digest: Uint8Array },
  ctx: JudgeContext,
  pool: ValidationDataPool,
  poe: Date | undefined,
): { v?: TimestampVerification; error?: string } {
  try {
    return {
      v: verifyTimestampToken({
        token,
        stamped,
        trustAnchors: ctx.trustAnchors,
        candidates: pool.certificates,
        validationTime: ctx.validationTime,
        ...(poe ? { poe } : {}),
        revocation: {
          data: { ocspResponses: pool.ocspResponses, crls: pool.crls },
          required: false,
        },
        policy: ctx.policy,
      }),
    };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** One SignerInfo checked against the ByteRange digest the plan asked for. */
function verifyOneSigner(
  plan: Extract<SignaturePlan, { ok: true }>,
  index: number,
  byteRangeDigest: Uint8Array,
  extraCertificates: readonly ParsedCertificate[],
): SignerInfoVerification {
  const sd = plan.signedData;
  if (!plan.sha1Encapsulated) {
    return verifySignerInfo({
      signedData: sd,
      signerIndex: index,
      content: { kind: 'detached-digest', hash: plan.hash, digest: byteRangeDigest },
      extraCertificates,
    });
  }
  // adbe.pkcs7.sha1 (ISO 32000-1 §12.8.3.3.1): eContent is the SHA-1 of the ByteRange, signed
  // with or without signed attributes (a legacy PKCS#7 then signs the eContent directly).
  const signer = verifySignerInfo({
    signedData: sd,
    signerIndex: index,
    content: { kind: 'encapsulated' },
    extraCertificates,
  });
  const e = sd.encapContent;
  if (e && Buffer.compare(Buffer.from(e), Buffer.from(byteRangeDigest)) !== 0) {
    return {
      ...signer,
      intact: 'altered',
      verdict: failed(
        SubIndication.HASH_FAILURE,
        'the SHA-1 digest inside the adbe.pkcs7.sha1 signature does not match the signed bytes',
      ),
    };
  }
  return signer;
}

/**
 * The SignerInfo a PDF signature is judged by. RFC 5652 §5.1 allows several; a PDF signature
 * is one signature (DSS reports one and validates it, dss-double-signer-info.pdf), so the
 * first that verifies with the plan's digest is taken, or else the first, and a note names
 * the others, which are not part of the verdict.
 */
function verifyPlannedSigner(
  plan: Extract<SignaturePlan, { ok: true }>,
  byteRangeDigest: Uint8Array,
  extraCertificates: readonly ParsedCertificate[],
): { signer: SignerInfoVerification; index: number; notes: string[] } {
  const all = plan.signedData.signerInfos;
  const usable = all.filter((s) => plan.sha1Encapsulated || s.digestAlgorithm.hash === plan.hash);
  let first: { signer: SignerInfoVerification; index: number } | undefined;
  let pick: { signer: SignerInfoVerification; index: number } | undefined;
  for (const s of usable) {
    const r = {
      signer: verifyOneSigner(plan, s.index, byteRangeDigest, extraCertificates),
      index: s.index,
    };
    first ??= r;
    if (r.signer.verdict.indication === 'TOTAL_PASSED') {
      pick = r;
      break;
    }
  }
  const chosen = pick ??
    first ?? { signer: verifyOneSigner(plan, 0, byteRangeDigest, extraCertificates), index: 0 };
  const notes: string[] = [];
  if (all.length > 1) {
    const others = all.filter((s) => s.index !== chosen.index).map((s) => s.index + 1);
    notes.push(
      `the CMS has ${all.length} SignerInfos; SignerInfo ${chosen.index + 1} is the one verified, ${others.length === 1 ? 'SignerInfo' : 'SignerInfos'} ${others.join(', ')} ${others.length === 1 ? 'is' : 'are'} not part of this verdict`,
    );
  }
  return { ...chosen, notes };
}

/**
 * Judges a signature (not a document timestamp). `laterPoe`: the earliest genTime of a valid
 * document timestamp over a later revision (a POE for this signature and its timestamp).
 */
export function judgeSignature(
  plan: Extract<SignaturePlan, { ok: true }>,
  byteRangeDigest: Uint8Array,
  ctx: JudgeContext,
  laterPoe: Date | undefined,
  /** The time the signer states (/M or CMS signing-time), if any: reported, never a bound. */
  claimedTime?: Date,
): CryptoJudgement {
  const sd = plan.signedData;
  const chosen = verifyPlannedSigner(plan, byteRangeDigest, ctx.dss.certificates);
  const signer = chosen.signer;
  const pool = mergePools(ctx.dss, cmsValidationData(sd, chosen.index));
  const cert = signer.signerCertificate;
  const si = signer.signer;

  // Signature timestamps (unsigned attribute, RFC 3161 App. A): over the signature value.
  const timestamps: TimestampFacts[] = [];
  const notes: string[] = [...chosen.notes];
  let sigTsPoe: Date | undefined;
  const tsChains: ParsedCertificate[][] = [];
  let intactTimestamp = false;
  for (const token of si ? signatureTimestampTokens(sd, si.index) : []) {
    const r = verifyToken(token, { bytes: si!.signature }, ctx, pool, laterPoe);
    timestamps.push(timestampFacts('signature-timestamp', r.v, r.error));
    if (technicallyValid(r.v)) intactTimestamp = true;
    if (r.v?.proofOfExistence) {
      if (!sigTsPoe || r.v.proofOfExistence < sigTsPoe) sigTsPoe = r.v.proofOfExistence;
      if (r.v.path) tsChains.push([...r.v.path.chain]);
    } else {
      notes.push(
        `signature timestamp not usable as proof of existence: ${r.v && r.v.verdict.indication !== 'TOTAL_PASSED' ? r.v.verdict.reason : (r.error ?? 'unknown')}`,
      );
    }
  }
  const poe = [sigTsPoe, laterPoe]
    .filter((d): d is Date => d !== undefined)
    .sort((a, b) => a.getTime() - b.getTime())[0];

  // A valid signature that does not bind its certificate (no signed attributes) is
  // SIG_CONSTRAINTS_FAILURE; it ranks before the INDETERMINATE findings that follow (chain,
  // POE, algorithm sunset), since no later evidence can repair it; a TOTAL_FAILED still wins.
  let verdict: Verdict = worst(certificateBindingVerdict(signer), signer.verdict);
  let path: PathValidation | undefined;
  // Times (ETSI EN 319 102-1 §5.3.4 step 4, §5.5.4, §5.6.2.4): `poe` (a valid signature
  // timestamp or later document timestamp) bounds the signing time from above; only a proof
  // bounds it from below. The signer's claimed time (CMS signing-time, /M) is neither: it never
  // turns OUT_OF_BOUNDS_NO_POE / REVOKED_NO_POE into EXPIRED / REVOKED (issue 12). No proven
  // lower bound is read today (content-time-stamp is not evaluated), so expiry and revocation
  // before the POE stay INDETERMINATE.
  if (cert && claimedTime && (claimedTime < cert.notBefore || claimedTime > cert.notAfter)) {
    notes.push(
      `the signer claims it signed at ${claimedTime.toISOString()}, outside its certificate's validity; a claimed time proves nothing (ETSI EN 319 102-1 §5.3.4)`,
    );
  }
  if (cert && signer.verdict.indication === 'TOTAL_PASSED') {
    path = validateCertificatePath({
      target: cert,
      candidates: [...sd.certificates, ...pool.certificates],
      trustAnchors: ctx.trustAnchors,
      validationTime: ctx.validationTime,
      ...(poe ? { poe } : {}),
      usage: 'signature',
      revocation: {
        data: { ocspResponses: pool.ocspResponses, crls: pool.crls },
        required: false,
      },
      policy: ctx.policy,
    });
    verdict = worst(verdict, path.verdict);
    if (signer.signatureAlgorithm) {
      const a = signer.signatureAlgorithm;
      verdict = worst(
        verdict,
        checkAlgorithms(
          ctx.policy,
          {
            what: 'the signature',
            ...(a.hash ? { hash: a.hash } : {}),
            key: cert.keyDescription(),
          },
          {
            validationTime: ctx.validationTime,
            ...(poe ? { poe } : {}),
            ...(signer.signingCertificateReference === 'matches'
              ? { producedNotBefore: cert.notBefore }
              : {}),
          },
        ),
      );
      if (plan.hash !== (a.hash ?? plan.hash))
        notes.push(`digest ${plan.hash}, signature hash ${a.hash ?? '-'}`);
      verdict = worst(
        verdict,
        checkAlgorithms(
          ctx.policy,
          { what: 'the document digest', hash: plan.hash, key: cert.keyDescription() },
          { validationTime: ctx.validationTime, ...(poe ? { poe } : {}) },
        ),
      );
    }
  }
  verdict = worst(verdict, passed(notes));

  const trusted = path?.trust === 'trusted';
  const ltDataComplete =
    trusted &&
    dssCovers(path!.chain, ctx, poe ?? ctx.validationTime) &&
    tsChains.every((c) => dssCovers(c, ctx, ctx.validationTime));
  return {
    verdict,
    signer: cert ? displayName(cert) : null,
    signerSubject: cert ? cert.subject : null,
    claimedTime: signer.claimedSigningTime,
    provenTime: poe,
    chain: chainFacts(path, cert, 'signer'),
    timestamps,
    revocation: revocationFacts(path, pool),
    digestAlgorithm: plan.hash,
    signatureAlgorithm: signer.signatureAlgorithm
      ? `${signer.signatureAlgorithm.scheme}${signer.signatureAlgorithm.hash ? `-${signer.signatureAlgorithm.hash}` : ''}`
      : null,
    hasValidSignatureTimestamp: sigTsPoe !== undefined,
    hasIntactTimestamp: intactTimestamp,
    ltDataComplete,
    poe: undefined,
  };
}

/** Judges a document timestamp (ETSI.RFC3161) over its ByteRange digest. */
export function judgeDocumentTimestamp(
  plan: Extract<SignaturePlan, { ok: true }>,
  byteRangeDigest: Uint8Array,
  ctx: JudgeContext,
  laterPoe: Date | undefined,
  field: string,
): CryptoJudgement {
  const r = verifyToken(
    plan.signedData === undefined ? new Uint8Array() : rawToken(plan.signedData),
    { hash: plan.hash, digest: byteRangeDigest },
    ctx,
    ctx.dss,
    laterPoe,
  );
  const v = r.v;
  const verdict = v?.verdict ?? failed(SubIndication.FORMAT_FAILURE, r.error ?? 'unreadable token');
  const tsa = v?.signer?.signerCertificate;
  const facts = timestampFacts('document-timestamp', v, r.error, field);
  return {
    verdict,
    signer: tsa ? displayName(tsa) : null,
    signerSubject: tsa ? tsa.subject : null,
    claimedTime: v?.tstInfo?.genTime,
    provenTime: v?.proofOfExistence,
    chain: [...facts.chain],
    timestamps: [facts],
    revocation: revocationFacts(v?.path, ctx.dss),
    digestAlgorithm: plan.hash,
    signatureAlgorithm: null,
    hasValidSignatureTimestamp: false,
    hasIntactTimestamp: technicallyValid(v),
    ltDataComplete: v?.path ? dssCovers(v.path.chain, ctx, ctx.validationTime) : false,
    poe: v?.proofOfExistence,
  };
}

/** The token bytes again (parseSignedData keeps no copy of the whole input). */
const tokens = new WeakMap<ParsedSignedData, Uint8Array>();
function rawToken(sd: ParsedSignedData): Uint8Array {
  return tokens.get(sd) ?? new Uint8Array();
}

/** Plans a document timestamp, remembering the token bytes for judgeDocumentTimestamp. */
export function planDocumentTimestamp(subFilter: string | undefined, contents: Uint8Array) {
  const plan = planSignature('timestamp', subFilter, contents);
  if (plan.ok) {
    // Strip the zero padding of the /Contents hole: verifyTimestampToken wants the DER only.
    const d = decodeAsn1(contents, true);
    const len = d.ok ? contents.length - d.trailing : contents.length;
    tokens.set(plan.signedData, contents.subarray(0, len));
  }
  return plan;
}

/**
 * Technically valid (ETSI EN 319 102-1 §5.4 up to the X.509 check): the token's imprint matches
 * what it stamps and its own CMS signature verifies. Whether its TSA is trusted at the
 * validation time is the verdict's business, not the level's.
 */
function technicallyValid(v: TimestampVerification | undefined): boolean {
  return (
    v !== undefined &&
    v.imprint === 'matches' &&
    v.signer?.intact === 'intact' &&
    v.signer.signature === 'valid' &&
    v.verdict.indication !== 'TOTAL_FAILED'
  );
}

/**
 * The PAdES baseline level the file carries (ETSI EN 319 142-1 §6.2-6.5), as DSS reports it: B-T
 * needs a technically valid signature timestamp or document timestamp over the signature (an
 * expired or untrusted TSA lowers the verdict, not the level); B-LT also the DSS validation
 * data of the signer's and TSAs' chains; B-LTA also a valid document timestamp over the DSS.
 */
export function levelOf(input: {
  readonly judgement: CryptoJudgement;
  readonly coveredByIntactDocTimestamp: boolean;
  readonly docTimestampAfterDss: boolean;
}): PadesLevel {
  const j = input.judgement;
  const t = j.hasIntactTimestamp || input.coveredByIntactDocTimestamp;
  if (!t) return 'B-B';
  if (!j.ltDataComplete) return 'B-T';
  return input.docTimestampAfterDss ? 'B-LTA' : 'B-LT';
}
