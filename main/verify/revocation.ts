/**
 * The revocation answer for one certificate from all the data at hand (ETSI EN 319 102-1
 * §5.2.5 revocation freshness checker, fed offline: DSS, CMS revocation archives, files).
 *
 * Owns: combining OCSP responses and CRLs into one answer per certificate: revoked (at, reason)
 * if any accepted evidence says so; good if fresh accepted evidence says so; unknown if an
 * authorised responder does not know it; no-data otherwise; always with the evidence used and
 * the data rejected, for the report.
 * Must never: let stale or unauthenticated data answer "good".
 */
import { checkCrl } from './crl';
import { checkOcspResponse } from './ocsp';
import type { ParsedCertificate } from './parsed-certificate';
import type {
  CrlReason,
  RejectedRevocationData,
  RevocationDataCheck,
  RevocationEvidence,
  RevocationTimes,
} from './revocation-evidence';

export interface RevocationData {
  readonly ocspResponses: readonly Uint8Array[];
  readonly crls: readonly Uint8Array[];
}

export type RevocationStatus =
  | { readonly status: 'good' }
  | { readonly status: 'revoked'; readonly revokedAt: Date; readonly reason?: CrlReason }
  | { readonly status: 'unknown' }
  | { readonly status: 'no-data'; readonly why: string };

export interface RevocationAnswer {
  readonly certificate: ParsedCertificate;
  readonly answer: RevocationStatus;
  /** Accepted evidence about this certificate (fresh or not). */
  readonly evidence: readonly RevocationEvidence[];
  /** Data that could have been about it but was not accepted, with the reason. */
  readonly rejected: readonly RejectedRevocationData[];
}

export function checkRevocation(
  certificate: ParsedCertificate,
  issuer: ParsedCertificate,
  data: RevocationData,
  times: RevocationTimes,
): RevocationAnswer {
  const checks: RevocationDataCheck[] = [
    ...data.ocspResponses.map((response) =>
      checkOcspResponse({ response, certificate, issuer, times }),
    ),
    ...data.crls.map((crl) => checkCrl({ crl, certificate, issuer, times })),
  ];
  const evidence = checks.flatMap((c) => (c.outcome === 'evidence' ? [c.evidence] : []));
  const rejected = checks.flatMap((c) => (c.outcome === 'rejected' ? [c.rejected] : []));

  const revocations = evidence.filter((e) => e.status === 'revoked' && e.revokedAt);
  let answer: RevocationStatus;
  if (revocations.length > 0) {
    const first = revocations.reduce((a, b) =>
      b.revokedAt!.getTime() < a.revokedAt!.getTime() ? b : a,
    );
    answer = first.reason
      ? { status: 'revoked', revokedAt: first.revokedAt!, reason: first.reason }
      : { status: 'revoked', revokedAt: first.revokedAt! };
  } else if (evidence.some((e) => e.status === 'good' && e.fresh)) {
    answer = { status: 'good' };
  } else if (evidence.some((e) => e.status === 'unknown')) {
    answer = { status: 'unknown' };
  } else if (evidence.length > 0) {
    answer = {
      status: 'no-data',
      why: 'the revocation data found is not fresh for the control time',
    };
  } else if (rejected.length > 0) {
    answer = {
      status: 'no-data',
      why: `revocation data rejected: ${rejected.map((r) => r.reason).join('; ')}`,
    };
  } else {
    answer = { status: 'no-data', why: 'no revocation data for this certificate' };
  }
  return { certificate, answer, evidence, rejected };
}
