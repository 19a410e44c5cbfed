/**
 * Certificate path building and validation (RFC 5280 §6.1, RFC 4158, ETSI EN 319 102-1 §5.2.6
 * X.509 certificate validation), offline, at a proof-of-existence time.
 *
 * Owns: building candidate paths from the target up through certificates the document or the
 * caller offers (CMS, DSS) to an anchor that is in the trust anchors given (the user's trust
 * store plus per-run anchors: never a certificate because the document says so), trying every
 * issuer candidate of the right name (several anchors may share a name), and checking each
 * path: signatures, name chaining, validity at the control time, basicConstraints (cA,
 * pathLen), keyUsage, certificate policies (certificate-policies.ts), unknown critical
 * extensions, the EKU rules of timestamping (RFC 3161 §2.3) and OCSP signing (RFC 6960
 * §4.2.2.2), algorithm policy, and revocation.
 * Must never: return TOTAL_PASSED for a chain with any unchecked failure; treat a POE after
 * an event (expiry, revocation, sunset) as proof that the signature was made after it (a POE
 * bounds the signing time from above only); take a claimed time for a proof.
 *
 * Times (ETSI EN 319 102-1 §5.2.6, §5.3.4 step 4, §5.5.4, §5.6.2.4, sub-indications §5.1.3):
 * `poe` is the earliest proof that the signed object existed (a valid timestamp; else the
 * validation time, when it surely existed): an upper bound of the signing time.
 * `producedNotBefore` is a proven lower bound (a content time-stamp that passed §5.4), never a
 * claimed time (CMS signing-time, /M), which proves nothing. So:
 * - not yet valid at the POE -> NOT_YET_VALID (made before the certificate was valid);
 * - expired before the POE: EXPIRED (TOTAL_FAILED) only when `producedNotBefore` is after
 *   notAfter ("the signing time is proven after expiration"); else OUT_OF_BOUNDS_NO_POE, or
 *   OUT_OF_BOUNDS_NOT_REVOKED when fresh revocation data says "good";
 * - signer revoked before the POE: REVOKED only when `producedNotBefore` is at or after the
 *   revocation, else REVOKED_NO_POE; a CA revoked before the POE: REVOKED_CA_NO_POE; revoked
 *   after the POE: passes with a note.
 * A CA that expired before the POE gives OUT_OF_BOUNDS_NO_POE (CHAIN_CONSTRAINTS_FAILURE when
 * the signature is proven made after it).
 *
 * Path choice: the first path that passes; when none does, the verdict of the most plausible
 * one (every link verified before a broken link, then INDETERMINATE before TOTAL_FAILED).
 * policyConstraints, policyMappings and inhibitAnyPolicy are processed (RFC 5280 §6.1 with
 * user-initial-policy-set = anyPolicy), so they are accepted when critical; nameConstraints
 * is not processed and a critical one fails the path.
 */
import { checkAlgorithms, type AlgorithmPolicy } from './algorithm-policy';
import { processPolicies } from './certificate-policies';
import { bytesEqual } from './der';
import { failed, passed, SubIndication, worst, type Verdict } from './indications';
import { OID } from './oids';
import { nameDer, namesMatch, type ParsedCertificate } from './parsed-certificate';
import { checkRevocation, type RevocationAnswer, type RevocationData } from './revocation';
import { readSignatureAlgorithm, verifySignature } from './signature-algorithm';

export type CertificateUsage = 'signature' | 'timestamping' | 'ocsp-signing' | 'any';

export interface PathValidationInput {
  readonly target: ParsedCertificate;
  /** Certificates that may be intermediates: from the CMS, the DSS, the caller. */
  readonly candidates: readonly ParsedCertificate[];
  /** The only certificates a path may end in. */
  readonly trustAnchors: readonly ParsedCertificate[];
  /** The current time of this validation. */
  readonly validationTime: Date;
  /** Earliest proof that the signed object existed (timestamp genTime); default validationTime. */
  readonly poe?: Date;
  /**
   * Proven lower bound of the signing time (a content time-stamp that passed), if any; never a
   * claimed time (signing-time, /M): EXPIRED and REVOKED need it (see the charter).
   */
  readonly producedNotBefore?: Date;
  readonly usage: CertificateUsage;
  /** Revocation data; `required`: missing data makes the result TRY_LATER. Absent: not checked. */
  readonly revocation?: { readonly data: RevocationData; readonly required: boolean };
  /** Algorithm policy for the certificate signatures along the path. */
  readonly policy?: AlgorithmPolicy;
  readonly maxDepth?: number;
}

export interface PathValidation {
  readonly verdict: Verdict;
  readonly trust: 'trusted' | 'no-chain' | 'chain-invalid';
  /** Target first, anchor last; empty when no path reaches an anchor. */
  readonly chain: readonly ParsedCertificate[];
  readonly anchor?: ParsedCertificate;
  /** The time the chain was judged at (POE or validation time). */
  readonly controlTime: Date;
  readonly revocation: readonly RevocationAnswer[];
}

/** Extensions this validator understands well enough to accept when critical (RFC 5280 §4.2). */
const UNDERSTOOD_CRITICAL = new Set<string>([
  OID.basicConstraints,
  OID.keyUsage,
  OID.extKeyUsage,
  OID.subjectAltName,
  OID.issuerAltName,
  OID.certificatePolicies,
  OID.subjectKeyIdentifier,
  OID.authorityKeyIdentifier,
  OID.crlDistributionPoints,
  OID.authorityInfoAccess,
  OID.ocspNoCheck,
  // processed by certificate-policies.ts (RFC 5280 §6.1.3 (d)-(f), §6.1.4 (a), (b), (i), (j))
  OID.policyMappings,
  OID.policyConstraints,
  OID.inhibitAnyPolicy,
]);

/**
 * RFC 4158 §2.6 bounds, so a hostile DSS (up to 512 certificates of one name) stays cheap:
 * complete paths validated, partial paths extended, issuer signatures checked while building.
 */
const MAX_PATHS = 8;
const MAX_EXPANSIONS = 256;
const MAX_SIGNATURE_CHECKS = 64;
const day = (d: Date) => d.toISOString().replace('.000Z', 'Z');

/** A CA as RFC 4158 §2.4.2 detects loops: subject name and key, whatever certificate carries them. */
const entity = (c: ParsedCertificate): string =>
  `${c.subject}\u0000${Buffer.from(c.spki).toString('base64')}`;

type SignatureCache = Map<string, { ok: true } | { ok: false; reason: string }>;

/** Whether `issuer`'s key verifies the signature on `cert`, remembered per pair. */
function signedBy(
  cert: ParsedCertificate,
  issuer: ParsedCertificate,
  cache: SignatureCache,
): { ok: true } | { ok: false; reason: string } {
  const key = `${cert.fingerprint}>${issuer.fingerprint}`;
  let r = cache.get(key);
  if (!r) {
    const alg = readSignatureAlgorithm(cert.cert.signatureAlgorithm);
    if (!alg.ok) r = { ok: false, reason: alg.reason };
    else {
      const sig = verifySignature(
        issuer.publicKey(),
        issuer.keyDescription(),
        alg.algorithm,
        cert.tbs,
        cert.signatureValue,
      );
      r = sig.outcome === 'verified' ? { ok: true } : { ok: false, reason: sig.reason };
    }
    cache.set(key, r);
  }
  return r;
}

/**
 * RFC 4158 path building, depth first from the target, one path at a time (the caller stops at
 * the first that validates). The issuer candidates of a certificate are every certificate
 * offered (anchors, CMS, DSS, caller) whose subject matches its issuer name (RFC 5280 §6.1.3
 * (a)(4)); several anchors may carry the same name (re-issued roots), so every candidate is
 * tried. Order (RFC 4158 §3.5): keyIdentifier match (AKI = SKI) before unknown before mismatch,
 * then anchors, then candidates valid at the control time; a candidate whose key does not
 * verify the certificate's signature is deferred after all that do (still tried, so a broken
 * link is reported rather than "no chain"). Loops are cut by subject name and key (§2.4.2); a
 * self-signed certificate that is not an anchor ends a branch (only its own key could issue
 * it); depth, branches and signature checks are bounded.
 */
function* buildPaths(
  input: PathValidationInput,
  cache: SignatureCache,
  reached: { stoppedAt: ParsedCertificate },
): Generator<ParsedCertificate[]> {
  const anchorFps = new Set(input.trustAnchors.map((a) => a.fingerprint));
  const pool = new Map<string, ParsedCertificate>();
  for (const c of [...input.trustAnchors, ...input.candidates]) pool.set(c.fingerprint, c);
  const maxDepth = input.maxDepth ?? 10;
  const at = (input.poe ?? input.validationTime).getTime();
  let deepest = 0;
  let expansions = 0;
  let checks = 0;

  const entities = new Map([...pool.values()].map((c) => [c.fingerprint, entity(c)]));
  const entityOf = (c: ParsedCertificate) => entities.get(c.fingerprint) ?? entity(c);
  const keyIds = new Map<string, { aki?: Uint8Array; ski?: Uint8Array }>();
  const keyIdsOf = (c: ParsedCertificate) => {
    let k = keyIds.get(c.fingerprint);
    if (!k) {
      const aki = c.authorityKeyIdentifier();
      const ski = c.subjectKeyIdentifier();
      k = { ...(aki ? { aki } : {}), ...(ski ? { ski } : {}) };
      keyIds.set(c.fingerprint, k);
    }
    return k;
  };
  // Candidates by issuer name, found once per distinct issuer name.
  const byIssuerName = new Map<string, ParsedCertificate[]>();
  const namedIssuers = (cert: ParsedCertificate) => {
    const key = Buffer.from(nameDer(cert.issuerName)).toString('base64');
    let list = byIssuerName.get(key);
    if (!list) {
      list = [...pool.values()].filter((c) => namesMatch(c.subjectName, cert.issuerName));
      byIssuerName.set(key, list);
    }
    return list;
  };
  // Past the budget, unchecked candidates count as not verifying (deferred, still tried).
  const verifies = (cert: ParsedCertificate, c: ParsedCertificate): boolean => {
    const known = cache.get(`${cert.fingerprint}>${c.fingerprint}`);
    if (known) return known.ok;
    if (checks >= MAX_SIGNATURE_CHECKS) return false;
    checks++;
    return signedBy(cert, c, cache).ok;
  };
  const rank = (cert: ParsedCertificate, c: ParsedCertificate): number[] => {
    const aki = keyIdsOf(cert).aki;
    const ski = keyIdsOf(c).ski;
    const keyId = aki && ski ? (bytesEqual(aki, ski) ? 0 : 2) : 1;
    const validAt = c.notBefore.getTime() <= at && at <= c.notAfter.getTime();
    return [keyId, anchorFps.has(c.fingerprint) ? 0 : 1, validAt ? 0 : 1];
  };
  const compare = (a: number[], b: number[]) => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return 0;
  };

  function* extend(path: ParsedCertificate[]): Generator<ParsedCertificate[]> {
    if (expansions >= MAX_EXPANSIONS) return;
    expansions++;
    const last = path[path.length - 1]!;
    if (anchorFps.has(last.fingerprint)) {
      yield path;
      return;
    }
    if (path.length > deepest) {
      deepest = path.length;
      reached.stoppedAt = last;
    }
    if (path.length > maxDepth) return;
    if (last.isSelfIssued()) {
      const { aki, ski } = keyIdsOf(last);
      if ((aki && ski && bytesEqual(aki, ski)) || verifies(last, last)) return;
    }
    const onPath = new Set(path.flatMap((p) => [p.fingerprint, entityOf(p)]));
    const ordered = namedIssuers(last)
      .filter((c) => !onPath.has(c.fingerprint) && !onPath.has(entityOf(c)))
      .map((c) => ({ c, r: rank(last, c) }))
      .sort((a, b) => compare(a.r, b.r));
    const deferred: ParsedCertificate[] = [];
    for (const { c } of ordered) {
      if (verifies(last, c)) yield* extend([...path, c]);
      else deferred.push(c);
    }
    for (const c of deferred) yield* extend([...path, c]);
  }
  yield* extend([input.target]);
}

function checkPath(
  path: ParsedCertificate[],
  input: PathValidationInput,
  cache: SignatureCache,
): { verdict: Verdict; revocation: RevocationAnswer[]; sound: boolean } {
  const problems: Verdict[] = [];
  const notes: string[] = [];
  const n = path.length;
  const target = path[0]!;
  const existence = input.poe ?? input.validationTime;
  const label = (c: ParsedCertificate) => `certificate "${c.subject}"`;

  // 1. Signatures along the path (the anchor's own signature is not part of the path, §6.1).
  let sound = true;
  for (let i = 0; i + 1 < n; i++) {
    const cert = path[i]!;
    const issuer = path[i + 1]!;
    const alg = readSignatureAlgorithm(cert.cert.signatureAlgorithm);
    if (!alg.ok) {
      sound = false;
      problems.push(
        failed(SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE, `${label(cert)}: ${alg.reason}`),
      );
      continue;
    }
    const sig = signedBy(cert, issuer, cache);
    if (!sig.ok) {
      sound = false;
      problems.push(
        failed(
          SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE,
          `${label(cert)} is not signed by the key of ${label(issuer)}: ${sig.reason}`,
        ),
      );
    }
    if (input.policy) {
      const v = checkAlgorithms(
        input.policy,
        {
          what: `signature on ${label(cert)}`,
          ...(alg.algorithm.hash ? { hash: alg.algorithm.hash } : {}),
          key: issuer.keyDescription(),
        },
        { validationTime: input.validationTime, ...(input.poe ? { poe: input.poe } : {}) },
      );
      problems.push(v);
    }
  }

  // 2. CA constraints (§6.1.4 (k), (l), (n)) for every issuing certificate.
  let nonSelfIssuedBelow = 0;
  for (let i = 1; i < n; i++) {
    const ca = path[i]!;
    const isAnchor = i === n - 1;
    const bc = ca.basicConstraints();
    if (!bc?.cA) {
      if (!(isAnchor && ca.cert.version < 2 && ca.extensions.length === 0)) {
        problems.push(
          failed(
            SubIndication.CHAIN_CONSTRAINTS_FAILURE,
            `${label(ca)} issued ${label(path[i - 1]!)} but is not a CA (basicConstraints cA is not set)`,
          ),
        );
      } else notes.push(`trust anchor ${label(ca)} is a version 1 certificate without extensions`);
    } else if (bc.pathLen !== undefined && nonSelfIssuedBelow > bc.pathLen) {
      problems.push(
        failed(
          SubIndication.CHAIN_CONSTRAINTS_FAILURE,
          `${label(ca)} allows ${bc.pathLen} intermediate(s) below it, the path has ${nonSelfIssuedBelow}`,
        ),
      );
    }
    const ku = ca.keyUsage();
    if (ku && !ku.has('keyCertSign')) {
      problems.push(
        failed(
          SubIndication.CHAIN_CONSTRAINTS_FAILURE,
          `${label(ca)} lacks the keyCertSign key usage`,
        ),
      );
    }
    if (!ca.isSelfIssued()) nonSelfIssuedBelow++;
  }

  // 3. Unknown critical extensions (§6.1.4 (o)); the anchor's extensions are not processed.
  for (const c of n === 1 ? path : path.slice(0, -1)) {
    for (const ext of c.extensions) {
      if (ext.critical && !UNDERSTOOD_CRITICAL.has(ext.oid)) {
        problems.push(
          failed(
            SubIndication.CHAIN_CONSTRAINTS_FAILURE,
            `${label(c)} has an unsupported critical extension ${ext.oid}`,
          ),
        );
      }
    }
  }

  // 3b. Certificate policies (§6.1.3 (d)-(f), §6.1.4 (a), (b), (h)-(j), §6.1.5): only
  // requireExplicitPolicy can fail a path, since the user-initial-policy-set is anyPolicy.
  const policies = processPolicies(path);
  if (!policies.ok) problems.push(failed(SubIndication.CHAIN_CONSTRAINTS_FAILURE, policies.reason));

  // 4. Target usage.
  const ku = target.keyUsage();
  const eku = target.extendedKeyUsage();
  if (input.usage === 'signature' || input.usage === 'timestamping') {
    if (ku && !ku.has('digitalSignature') && !ku.has('nonRepudiation')) {
      problems.push(
        failed(
          SubIndication.CHAIN_CONSTRAINTS_FAILURE,
          `${label(target)} may not sign (keyUsage has neither digitalSignature nor nonRepudiation)`,
        ),
      );
    }
  }
  if (input.usage === 'timestamping') {
    // RFC 3161 §2.3: exactly one KeyPurposeId, id-kp-timeStamping, in a critical extension.
    if (
      !eku ||
      !eku.critical ||
      eku.purposes.length !== 1 ||
      eku.purposes[0] !== OID.kpTimeStamping
    ) {
      problems.push(
        failed(
          SubIndication.CHAIN_CONSTRAINTS_FAILURE,
          `${label(target)} is not a TSA certificate (needs a critical extendedKeyUsage with only id-kp-timeStamping)`,
        ),
      );
    }
  }
  if (input.usage === 'ocsp-signing' && !eku?.purposes.includes(OID.kpOcspSigning)) {
    problems.push(
      failed(SubIndication.CHAIN_CONSTRAINTS_FAILURE, `${label(target)} lacks id-kp-OCSPSigning`),
    );
  }

  // 5. Revocation of every certificate below the anchor.
  const revocation: RevocationAnswer[] = [];
  if (input.revocation) {
    for (let i = 0; i + 1 < n; i++) {
      const c = path[i]!;
      if (i === 0 && input.usage === 'ocsp-signing' && c.extension(OID.ocspNoCheck)) {
        notes.push(`${label(c)} carries id-pkix-ocsp-nocheck; its revocation is not checked`);
        continue;
      }
      const a = checkRevocation(c, path[i + 1]!, input.revocation.data, {
        controlTime: existence,
        validationTime: input.validationTime,
      });
      revocation.push(a);
      const ans = a.answer;
      if (ans.status === 'revoked') {
        const at = `${label(c)} was revoked on ${day(ans.revokedAt)}${ans.reason ? ` (${ans.reason})` : ''}`;
        if (input.poe && input.poe.getTime() < ans.revokedAt.getTime()) {
          notes.push(`${at}, after the proof of existence ${day(input.poe)}`);
        } else if (
          i === 0 &&
          input.producedNotBefore &&
          input.producedNotBefore.getTime() >= ans.revokedAt.getTime()
        ) {
          // §5.3.4 step 4: only the signing certificate turns TOTAL-FAILED/REVOKED; a revoked CA
          // stays REVOKED_CA_NO_POE (§5.6.2.4) however late the signature is proven.
          problems.push(failed(SubIndication.REVOKED, `${at}, before the signature was made`));
        } else {
          problems.push(
            failed(
              i === 0 ? SubIndication.REVOKED_NO_POE : SubIndication.REVOKED_CA_NO_POE,
              `${at}, and nothing proves the signature existed before that`,
            ),
          );
        }
      } else if (ans.status === 'unknown') {
        problems.push(
          failed(
            SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE,
            `the OCSP responder does not know ${label(c)}`,
          ),
        );
      } else if (ans.status === 'no-data') {
        if (input.revocation.required)
          problems.push(failed(SubIndication.TRY_LATER, `${label(c)}: ${ans.why}`));
        else notes.push(`${label(c)}: revocation not checked (${ans.why})`);
      }
    }
  }

  // 6. Validity of every certificate at the existence time (RFC 5280 §6.1.3 (a)(2)).
  for (let i = 0; i < n; i++) {
    const c = path[i]!;
    const isTarget = i === 0;
    if (existence.getTime() < c.notBefore.getTime()) {
      problems.push(
        failed(
          isTarget ? SubIndication.NOT_YET_VALID : SubIndication.CHAIN_CONSTRAINTS_FAILURE,
          `${label(c)} is valid only from ${day(c.notBefore)}, but the signature existed at ${day(existence)}`,
        ),
      );
    } else if (
      input.producedNotBefore &&
      input.producedNotBefore.getTime() > c.notAfter.getTime()
    ) {
      problems.push(
        failed(
          isTarget ? SubIndication.EXPIRED : SubIndication.CHAIN_CONSTRAINTS_FAILURE,
          `${label(c)} expired on ${day(c.notAfter)}, before the signature was made`,
        ),
      );
    } else if (existence.getTime() > c.notAfter.getTime()) {
      const good = revocation.find((r) => r.certificate === c)?.answer.status === 'good';
      problems.push(
        failed(
          good ? SubIndication.OUT_OF_BOUNDS_NOT_REVOKED : SubIndication.OUT_OF_BOUNDS_NO_POE,
          `${label(c)} expired on ${day(c.notAfter)} and nothing proves the signature existed before that`,
        ),
      );
    } else if (input.validationTime.getTime() > c.notAfter.getTime()) {
      notes.push(
        `${label(c)} expired on ${day(c.notAfter)}; the proof of existence at ${day(existence)} lies within its validity`,
      );
    }
  }

  const verdict = problems.reduce((acc, v) => worst(acc, v), passed(notes));
  return { verdict, revocation, sound };
}

/**
 * Builds paths to the trust anchors and returns the first valid one, or why none is: the
 * verdict of the most plausible path (every certificate signed by the next one's key before
 * any path with a broken link; then INDETERMINATE before TOTAL_FAILED; then build order).
 */
export function validateCertificatePath(input: PathValidationInput): PathValidation {
  const controlTime = input.poe ?? input.validationTime;
  const cache: SignatureCache = new Map();
  const reached = { stoppedAt: input.target };
  const severity = (v: Verdict) =>
    v.indication === 'TOTAL_PASSED' ? 0 : v.indication === 'INDETERMINATE' ? 1 : 2;
  let best: { result: PathValidation; score: number } | undefined;
  let tried = 0;
  for (const path of buildPaths(input, cache, reached)) {
    const { verdict, revocation, sound } = checkPath(path, input, cache);
    const result: PathValidation = {
      verdict,
      trust: verdict.indication === 'TOTAL_PASSED' ? 'trusted' : 'chain-invalid',
      chain: path,
      anchor: path[path.length - 1]!,
      controlTime,
      revocation,
    };
    if (verdict.indication === 'TOTAL_PASSED') return result;
    const score = (sound ? 0 : 10) + severity(verdict);
    if (!best || score < best.score) best = { result, score };
    if (++tried >= MAX_PATHS) break;
  }
  if (best) return best.result;
  const stoppedAt = reached.stoppedAt;
  return {
    verdict: failed(
      SubIndication.NO_CERTIFICATE_CHAIN_FOUND,
      `no chain from certificate "${input.target.subject}" to a trusted anchor (the chain ends at "${stoppedAt.subject}", issued by "${stoppedAt.issuer}", which is not trusted)`,
    ),
    trust: 'no-chain',
    chain: [],
    controlTime,
    revocation: [],
  };
}
