/**
 * The shape of revocation answers and the freshness rule shared by OCSP and CRL checks.
 *
 * Owns: `RevocationEvidence` (what one OCSP response or CRL said about one certificate, and
 * how it was judged) and the freshness rule: a piece of revocation data speaks for a control
 * time T when it was issued at or after T, or when T is before its nextUpdate
 * (RFC 5280 §5.1.2.5, RFC 6960 §4.2.2.1 thisUpdate/nextUpdate).
 * Must never: treat data from the future (thisUpdate after the validation time plus the
 * allowed clock skew) as fresh.
 */

export const CRL_REASONS = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  'unused',
  'removeFromCRL',
  'privilegeWithdrawn',
  'aACompromise',
] as const;
export type CrlReason = (typeof CRL_REASONS)[number];

export const reasonName = (code: number | undefined): CrlReason | undefined =>
  code === undefined ? undefined : CRL_REASONS[code];

/** What one piece of revocation data said about one certificate. */
export interface RevocationEvidence {
  readonly source: 'ocsp' | 'crl';
  /** SHA-256 of the response/CRL bytes, so a report can name it. */
  readonly dataFingerprint: string;
  /** Who signed it (responder or CRL issuer subject). */
  readonly signedBy: string;
  readonly thisUpdate: Date;
  readonly nextUpdate?: Date;
  /** OCSP producedAt. */
  readonly producedAt?: Date;
  readonly status: 'good' | 'revoked' | 'unknown';
  readonly revokedAt?: Date;
  readonly reason?: CrlReason;
  /** Whether it speaks for the control time (see freshness rule above). */
  readonly fresh: boolean;
  readonly notes: readonly string[];
}

/** Data that was looked at and not used, with why (bad signature, other issuer, ...). */
export interface RejectedRevocationData {
  readonly source: 'ocsp' | 'crl';
  readonly dataFingerprint: string;
  readonly reason: string;
}

/** Outcome of checking one piece of revocation data against one certificate. */
export type RevocationDataCheck =
  | { readonly outcome: 'evidence'; readonly evidence: RevocationEvidence }
  | { readonly outcome: 'not-about-this-certificate' }
  | { readonly outcome: 'rejected'; readonly rejected: RejectedRevocationData };

export interface RevocationTimes {
  /** The time the certificate must be known not revoked at (POE or validation time). */
  readonly controlTime: Date;
  /** The current validation time: data issued after it (beyond skew) is rejected. */
  readonly validationTime: Date;
  /** Allowed clock skew in ms (default 5 minutes). */
  readonly skewMs?: number;
}

export const DEFAULT_SKEW_MS = 5 * 60 * 1000;

export function isFresh(
  thisUpdate: Date,
  nextUpdate: Date | undefined,
  controlTime: Date,
): boolean {
  if (thisUpdate.getTime() >= controlTime.getTime()) return true;
  return nextUpdate !== undefined && controlTime.getTime() <= nextUpdate.getTime();
}

export function isFromFuture(thisUpdate: Date, times: RevocationTimes): boolean {
  return thisUpdate.getTime() > times.validationTime.getTime() + (times.skewMs ?? DEFAULT_SKEW_MS);
}
