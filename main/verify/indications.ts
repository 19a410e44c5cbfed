/**
 * Validation verdicts as ETSI EN 319 102-1 names them.
 *
 * Owns: the three main indications (§5.1.3), the sub-indications (§5.1.3 tables 4 and 5) and
 * the `Verdict` value every check in main/verify returns, so that a report can say which check
 * failed and why. Results are data: `intact` (the digest matches), `valid` (the signature
 * verifies) and `trusted` (the chain reaches an anchor) are reported apart, as pyHanko does.
 * Must never: collapse a verdict to a boolean, or turn an INDETERMINATE into a PASSED.
 */

export const Indication = {
  TOTAL_PASSED: 'TOTAL_PASSED',
  INDETERMINATE: 'INDETERMINATE',
  TOTAL_FAILED: 'TOTAL_FAILED',
} as const;
export type Indication = (typeof Indication)[keyof typeof Indication];

/** Sub-indications of ETSI EN 319 102-1 §5.1.3 (TOTAL-FAILED and INDETERMINATE). */
export const SubIndication = {
  // TOTAL-FAILED (table 4)
  FORMAT_FAILURE: 'FORMAT_FAILURE',
  HASH_FAILURE: 'HASH_FAILURE',
  SIG_CRYPTO_FAILURE: 'SIG_CRYPTO_FAILURE',
  REVOKED: 'REVOKED',
  EXPIRED: 'EXPIRED',
  NOT_YET_VALID: 'NOT_YET_VALID',
  // INDETERMINATE (table 5)
  SIG_CONSTRAINTS_FAILURE: 'SIG_CONSTRAINTS_FAILURE',
  CHAIN_CONSTRAINTS_FAILURE: 'CHAIN_CONSTRAINTS_FAILURE',
  CERTIFICATE_CHAIN_GENERAL_FAILURE: 'CERTIFICATE_CHAIN_GENERAL_FAILURE',
  CRYPTO_CONSTRAINTS_FAILURE: 'CRYPTO_CONSTRAINTS_FAILURE',
  POLICY_PROCESSING_ERROR: 'POLICY_PROCESSING_ERROR',
  SIGNATURE_POLICY_NOT_AVAILABLE: 'SIGNATURE_POLICY_NOT_AVAILABLE',
  TIMESTAMP_ORDER_FAILURE: 'TIMESTAMP_ORDER_FAILURE',
  NO_SIGNING_CERTIFICATE_FOUND: 'NO_SIGNING_CERTIFICATE_FOUND',
  NO_CERTIFICATE_CHAIN_FOUND: 'NO_CERTIFICATE_CHAIN_FOUND',
  REVOKED_NO_POE: 'REVOKED_NO_POE',
  REVOKED_CA_NO_POE: 'REVOKED_CA_NO_POE',
  OUT_OF_BOUNDS_NO_POE: 'OUT_OF_BOUNDS_NO_POE',
  OUT_OF_BOUNDS_NOT_REVOKED: 'OUT_OF_BOUNDS_NOT_REVOKED',
  REVOCATION_OUT_OF_BOUNDS_NO_POE: 'REVOCATION_OUT_OF_BOUNDS_NO_POE',
  CRYPTO_CONSTRAINTS_FAILURE_NO_POE: 'CRYPTO_CONSTRAINTS_FAILURE_NO_POE',
  NO_POE: 'NO_POE',
  TRY_LATER: 'TRY_LATER',
  SIGNED_DATA_NOT_FOUND: 'SIGNED_DATA_NOT_FOUND',
} as const;
export type SubIndication = (typeof SubIndication)[keyof typeof SubIndication];

/** Sub-indications that ETSI EN 319 102-1 places under TOTAL-FAILED; all others are INDETERMINATE. */
const TOTAL_FAILED_SUBS: ReadonlySet<SubIndication> = new Set<SubIndication>([
  SubIndication.FORMAT_FAILURE,
  SubIndication.HASH_FAILURE,
  SubIndication.SIG_CRYPTO_FAILURE,
  SubIndication.REVOKED,
  SubIndication.EXPIRED,
  SubIndication.NOT_YET_VALID,
]);

export function indicationOf(sub: SubIndication): Indication {
  return TOTAL_FAILED_SUBS.has(sub) ? Indication.TOTAL_FAILED : Indication.INDETERMINATE;
}

/** One check's outcome: passed, or a main indication with its sub-indication and a reason. */
export type Verdict =
  | { readonly indication: typeof Indication.TOTAL_PASSED; readonly notes: readonly string[] }
  | {
      readonly indication: typeof Indication.INDETERMINATE | typeof Indication.TOTAL_FAILED;
      readonly subIndication: SubIndication;
      /** English, technical: which check, which object, what was found. Reports localise. */
      readonly reason: string;
      readonly notes: readonly string[];
    };

export const passed = (notes: readonly string[] = []): Verdict => ({
  indication: Indication.TOTAL_PASSED,
  notes,
});

export function failed(sub: SubIndication, reason: string, notes: readonly string[] = []): Verdict {
  const indication = indicationOf(sub);
  if (indication === Indication.TOTAL_PASSED) throw new Error('unreachable');
  return { indication, subIndication: sub, reason, notes };
}

export const isPassed = (v: Verdict): boolean => v.indication === Indication.TOTAL_PASSED;

/** The worse of two verdicts: TOTAL_FAILED over INDETERMINATE over TOTAL_PASSED; first wins ties. */
export function worst(a: Verdict, b: Verdict): Verdict {
  const rank = (v: Verdict) =>
    v.indication === Indication.TOTAL_FAILED
      ? 2
      : v.indication === Indication.INDETERMINATE
        ? 1
        : 0;
  if (rank(b) > rank(a)) return b;
  if (rank(a) === 0 && rank(b) === 0) return passed([...a.notes, ...b.notes]);
  return a;
}
