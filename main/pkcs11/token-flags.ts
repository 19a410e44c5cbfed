/**
 * CK_TOKEN_INFO flags decoded to booleans, and the PIN-attempt rules that follow from them.
 *
 * Owns: the bit values of CK_TOKEN_INFO.flags (PKCS#11 Base v2.40 §3.2, table 11), the decision
 * whether a login may be attempted at all (locked: never; final try: only when the user
 * confirmed), and the "tries left" sentence shown after a wrong PIN.
 * Must never: attempt a login or retry a PIN; it only decides and describes.
 */
import type { Sentence } from './return-codes';

export const CKF_TOKEN = {
  RNG: 0x1,
  WRITE_PROTECTED: 0x2,
  LOGIN_REQUIRED: 0x4,
  USER_PIN_INITIALIZED: 0x8,
  PROTECTED_AUTHENTICATION_PATH: 0x100,
  TOKEN_INITIALIZED: 0x400,
  USER_PIN_COUNT_LOW: 0x10000,
  USER_PIN_FINAL_TRY: 0x20000,
  USER_PIN_LOCKED: 0x40000,
  USER_PIN_TO_BE_CHANGED: 0x80000,
} as const;

export interface TokenFlags {
  readonly loginRequired: boolean;
  /** A PIN pad or biometric reader: C_Login is called with no PIN, the user enters it there. */
  readonly protectedAuthenticationPath: boolean;
  readonly userPinCountLow: boolean;
  readonly userPinFinalTry: boolean;
  readonly userPinLocked: boolean;
  readonly userPinToBeChanged: boolean;
  readonly userPinInitialized: boolean;
  readonly tokenInitialized: boolean;
  readonly writeProtected: boolean;
}

export function decodeTokenFlags(flags: number): TokenFlags {
  const has = (bit: number): boolean => (flags & bit) !== 0;
  return {
    loginRequired: has(CKF_TOKEN.LOGIN_REQUIRED),
    protectedAuthenticationPath: has(CKF_TOKEN.PROTECTED_AUTHENTICATION_PATH),
    userPinCountLow: has(CKF_TOKEN.USER_PIN_COUNT_LOW),
    userPinFinalTry: has(CKF_TOKEN.USER_PIN_FINAL_TRY),
    userPinLocked: has(CKF_TOKEN.USER_PIN_LOCKED),
    userPinToBeChanged: has(CKF_TOKEN.USER_PIN_TO_BE_CHANGED),
    userPinInitialized: has(CKF_TOKEN.USER_PIN_INITIALIZED),
    tokenInitialized: has(CKF_TOKEN.TOKEN_INITIALIZED),
    writeProtected: has(CKF_TOKEN.WRITE_PROTECTED),
  };
}

export type PinAttemptDecision =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly code: 'PKCS11_PIN_LOCKED' | 'PKCS11_PIN_FINAL_TRY_UNCONFIRMED';
    };

/**
 * Whether one login attempt may be made now. A locked PIN is never tried (a further wrong try
 * cannot help and some tokens count it); the final try is spent only with the user's consent
 * (docs/architecture.md: "warn before the last try").
 */
export function decidePinAttempt(flags: TokenFlags, confirmFinalTry: boolean): PinAttemptDecision {
  if (flags.userPinLocked) return { allowed: false, code: 'PKCS11_PIN_LOCKED' };
  if (flags.userPinFinalTry && !confirmFinalTry) {
    return { allowed: false, code: 'PKCS11_PIN_FINAL_TRY_UNCONFIRMED' };
  }
  return { allowed: true };
}

/** What the token says about the tries left, after a wrong PIN (read again from the token). */
export function triesLeftSentence(flags: TokenFlags): Sentence {
  if (flags.userPinLocked) {
    return {
      en: 'The PIN is now locked; unlock it with the security officer PIN using the vendor tool.',
      zh: 'PIN 现已被锁定；请使用厂商工具以管理员（SO）PIN 解锁。',
    };
  }
  if (flags.userPinFinalTry) {
    return {
      en: 'Only one try is left: another wrong PIN will lock the token.',
      zh: '只剩最后一次机会：再次输错将锁定令牌。',
    };
  }
  if (flags.userPinCountLow) {
    return {
      en: 'Few tries are left before the token locks; check the PIN carefully.',
      zh: '令牌锁定前剩余的尝试次数不多；请仔细核对 PIN。',
    };
  }
  return {
    en: 'The token does not say how many tries are left; check the PIN and try again.',
    zh: '令牌未提供剩余尝试次数；请核对 PIN 后重试。',
  };
}
