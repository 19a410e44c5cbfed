/**
 * Certificate path building and validation (RFC 5280 §6.1, ETSI EN 319 102-1 §5.2.6 X.509
 * certificate validation), offline, at a proof-of-existence time.
 *
 * Owns: building candidate paths from the target up through certificates the document or the
 * caller offers (CMS, DSS) to an anchor that is in the trust anchors given (the user's trust
 * store plus per-run anchors: never a certificate because the document says so), and checking
 * each path: signatures, name chaining, validity at the control time, basicConstraints (cA,
 * pathLen), keyUsage, unknown critical extensions, the EKU rules of timestamping (RFC 3161
 * §2.3) and OCSP signing (RFC 6960 §4.2.2.2), algorithm policy, and revocation.
 * Must never: return TOTAL_PASSED for a chain with any unchecked failure; treat a POE after
 * an event (expiry, revocation, sunset) as proof that the signature was made after it (a POE
 * bounds the signing time from above only).
 *
 * Times: `poe` is the earliest proof that the signed object existed (else the validation
 * time); `producedNotBefore` is a proven lower bound of the signing time (a content
 * timestamp). Sub-indications: signing certificate not yet valid at the POE -> NOT_YET_VALID;
 * produced after expiry -> EXPIRED; expired with no POE inside its validity ->
 * OUT_OF_BOUNDS_NO_POE (OUT_OF_BOUNDS_NOT_REVOKED if fresh revocation data says good);
 * revoked before the POE -> REVOKED_NO_POE / REVOKED_CA_NO_POE, or REVOKED when it was
 * produced after the revocation.
 */
import { checkAlgorithms, type AlgorithmPolicy } from './algorithm-policy';
import { bytesEqual } from './der';
import { failed, passed, SubIndication, worst, type Verdict } from './indications';
import { OID } from './oids';
import { namesMatch, type ParsedCertificate } from './parsed-certificate';
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
  /** Proven lower bound of the signing time, if any. */
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
]);

const MAX_PATHS = 8;
const day = (d: Date) => d.toISOString().replace('.000Z', 'Z');

function buildPaths(input: PathValidationInput): {
  paths: ParsedCertificate[][];
  stoppedAt: ParsedCertificate;
} {
  const anchorFps = new Set(input.trustAnchors.map((a) => a.fingerprint));
  const pool = new Map<string, ParsedCertificate>();
  for (const c of [...input.trustAnchors, ...input.candidates]) pool.set(c.fingerprint, c);
  const maxDepth = input.maxDepth ?? 10;
  const paths: ParsedCertificate[][] = [];
  let stoppedAt = input.target;

  const extend = (path: ParsedCertificate[]) => {
    if (paths.length >= MAX_PATHS) return;
    const last = path[path.length - 1]!;
    if (anchorFps.has(last.fingerprint)) {
      paths.push(path);
      return;
    }
    if (path.length > maxDepth) return;
    if (path.length > 1 || stoppedAt === input.target) stoppedAt = last;
    const aki = last.authorityKeyIdentifier();
    const issuers = [...pool.values()].filter((c) => {
      if (path.some((p) => p.fingerprint === c.fingerprint)) return false;
      if (!namesMatch(c.subjectName, last.issuerName)) return false;
      const ski = c.subjectKeyIdentifier();
      return !(aki && ski && !bytesEqual(aki, ski));
    });
    issuers.sort(
      (a, b) => Number(anchorFps.has(b.fingerprint)) - Number(anchorFps.has(a.fingerprint)),
    );
    for (const issuer of issuers) extend([...path, issuer]);
  };
  extend([input.target]);
  return { paths, stoppedAt };
}

function checkPath(
  path: ParsedCertificate[],
  input: PathValidationInput,
): { verdict: Verdict; revocation: RevocationAnswer[] } {
  const problems: Verdict[] = [];
  const notes: string[] = [];
  const n = path.length;
  const target = path[0]!;
  const existence = input.poe ?? input.validationTime;
  const label = (c: ParsedCertificate) => `certificate "${c.subject}"`;

  // 1. Signatures along the path (the anchor's own signature is not part of the path, §6.1).
  for (let i = 0; i + 1 < n; i++) {
    const cert = path[i]!;
    const issuer = path[i + 1]!;
    const alg = readSignatureAlgorithm(cert.cert.signatureAlgorithm);
    if (!alg.ok) {
      problems.push(
        failed(SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE, `${label(cert)}: ${alg.reason}`),
      );
      continue;
    }
    const sig = verifySignature(
      issuer.publicKey(),
      issuer.keyDescription(),
      alg.algorithm,
      cert.tbs,
      cert.signatureValue,
    );
    if (sig.outcome !== 'verified') {
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
          input.producedNotBefore &&
          input.producedNotBefore.getTime() >= ans.revokedAt.getTime()
        ) {
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
  return { verdict, revocation };
}

/** Builds paths to the trust anchors and returns the first valid one, or why none is. */
export function validateCertificatePath(input: PathValidationInput): PathValidation {
  const controlTime = input.poe ?? input.validationTime;
  const { paths, stoppedAt } = buildPaths(input);
  if (paths.length === 0) {
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
  let first: PathValidation | undefined;
  for (const path of paths) {
    const { verdict, revocation } = checkPath(path, input);
    const result: PathValidation = {
      verdict,
      trust: verdict.indication === 'TOTAL_PASSED' ? 'trusted' : 'chain-invalid',
      chain: path,
      anchor: path[path.length - 1]!,
      controlTime,
      revocation,
    };
    if (verdict.indication === 'TOTAL_PASSED') return result;
    first ??= result;
  }
  return first!;
}
