// The PIN rules: token flags decoded, a locked PIN never tried, the final try spent only when
// confirmed, the PIN Buffer zeroed whatever happens. SoftHSM never locks a PIN, so locked and
// final-try tokens are shown to the signer through its viewTokenFlags seam, and the real token's
// counter proves no attempt was made.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSealdeskError, type SealdeskError } from '../../../main/errors/sealdesk-error';
import { Pkcs11Signer } from '../../../main/pkcs11/pkcs11-signer';
import { describeReturnCode, returnCodeOf } from '../../../main/pkcs11/return-codes';
import { listTokens } from '../../../main/pkcs11/token-discovery';
import {
  CKF_TOKEN,
  decidePinAttempt,
  decodeTokenFlags,
  triesLeftSentence,
} from '../../../main/pkcs11/token-flags';
import { testPki } from '../../support/pki';
import { createSoftHsm, TEST_USER_PIN, type SoftHsm } from '../../support/softhsm';

const TOKEN = 'PIN Rules';
let hsm: SoftHsm;

async function rejection(p: Promise<unknown>): Promise<SealdeskError> {
  try {
    await p;
  } catch (e) {
    if (isSealdeskError(e)) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

beforeAll(() => {
  hsm = createSoftHsm();
  hsm.initToken(TOKEN);
  hsm.importIdentity({
    tokenLabel: TOKEN,
    keyPem: testPki().ids.ecP256.keyPem,
    certDer: testPki().ids.ecP256.certDer,
    label: 'seal',
    idHex: '01',
  });
});
afterAll(() => hsm.cleanup());

describe('token flag decoding', () => {
  it('decodes each CK_TOKEN_INFO flag bit to its own boolean', () => {
    const none = decodeTokenFlags(0);
    expect(Object.values(none).every((v) => v === false)).toBe(true);
    const cases = [
      ['loginRequired', CKF_TOKEN.LOGIN_REQUIRED],
      ['protectedAuthenticationPath', CKF_TOKEN.PROTECTED_AUTHENTICATION_PATH],
      ['userPinCountLow', CKF_TOKEN.USER_PIN_COUNT_LOW],
      ['userPinFinalTry', CKF_TOKEN.USER_PIN_FINAL_TRY],
      ['userPinLocked', CKF_TOKEN.USER_PIN_LOCKED],
      ['userPinToBeChanged', CKF_TOKEN.USER_PIN_TO_BE_CHANGED],
      ['tokenInitialized', CKF_TOKEN.TOKEN_INITIALIZED],
    ] as const;
    for (const [name, bit] of cases) {
      const decoded = decodeTokenFlags(bit);
      expect(decoded[name]).toBe(true);
      expect(Object.values(decoded).filter(Boolean)).toHaveLength(1);
    }
    // SoftHSM's flags after one wrong PIN: 0x1042d
    expect(decodeTokenFlags(0x1042d)).toMatchObject({
      loginRequired: true,
      userPinInitialized: true,
      tokenInitialized: true,
      userPinCountLow: true,
      userPinFinalTry: false,
    });
  });

  it('allows an attempt normally, never when locked, and at the final try only when confirmed', () => {
    const f = (bits: number) => decodeTokenFlags(bits);
    expect(decidePinAttempt(f(CKF_TOKEN.USER_PIN_COUNT_LOW), false)).toEqual({ allowed: true });
    expect(decidePinAttempt(f(CKF_TOKEN.USER_PIN_LOCKED), true)).toEqual({
      allowed: false,
      code: 'PKCS11_PIN_LOCKED',
    });
    expect(decidePinAttempt(f(CKF_TOKEN.USER_PIN_FINAL_TRY), false)).toEqual({
      allowed: false,
      code: 'PKCS11_PIN_FINAL_TRY_UNCONFIRMED',
    });
    expect(decidePinAttempt(f(CKF_TOKEN.USER_PIN_FINAL_TRY), true)).toEqual({ allowed: true });
    expect(triesLeftSentence(f(CKF_TOKEN.USER_PIN_FINAL_TRY)).en).toContain('Only one try');
    expect(triesLeftSentence(f(CKF_TOKEN.USER_PIN_LOCKED)).zh).toContain('锁定');
  });
});

describe('return codes as sentences', () => {
  it('turns a known CKR into a sentence and a rare one into its name and hex value', () => {
    expect(describeReturnCode({ name: 'CKR_PIN_INCORRECT', value: 0xa0 })).toEqual({
      en: 'the PIN is incorrect',
      zh: 'PIN 不正确',
    });
    const rare = describeReturnCode({ name: 'CKR_VENDOR_DEFINED', value: 0x80000001 });
    expect(rare.en).toBe('the token reported error CKR_VENDOR_DEFINED (0x80000001)');
    expect(rare.zh).toContain('0x80000001');
  });

  it('reads the code from what pkcs11js throws, synchronously or from its async workers', () => {
    const sync = Object.assign(new Error('CKR_DEVICE_REMOVED'), { code: 0x32 });
    expect(returnCodeOf(sync)).toEqual({ name: 'CKR_DEVICE_REMOVED', value: 0x32 });
    expect(returnCodeOf(new Error('CKR_SESSION_CLOSED:176'))).toEqual({
      name: 'CKR_SESSION_CLOSED',
      value: 176,
    });
    expect(returnCodeOf(new Error('cannot open shared object file'))).toBeUndefined();
  });
});

describe('login with injected token flags', () => {
  const open = (flagsOn: number) =>
    Pkcs11Signer.open(
      { modulePath: hsm.modulePath, tokenLabel: TOKEN, key: { label: 'seal' } },
      { viewTokenFlags: (flags) => flags | flagsOn },
    );
  const realCountLow = () =>
    listTokens(hsm.modulePath).find((t) => t.label === TOKEN)!.flags.userPinCountLow;

  it('refuses a locked PIN without any attempt, and zeroes the PIN it was given', async () => {
    const signer = await open(CKF_TOKEN.USER_PIN_LOCKED);
    try {
      const wrong = Buffer.from('000000');
      const e = await rejection(signer.login(wrong, { confirmFinalTry: true }));
      expect(e.code).toBe('PKCS11_PIN_LOCKED');
      expect(e.localized('zh-CN')).toContain('未做任何尝试');
      expect(wrong.every((b) => b === 0)).toBe(true);
      expect(realCountLow()).toBe(false); // a wrong PIN reaching SoftHSM would have set it
    } finally {
      await signer.close();
    }
  });

  it('refuses the final try unless the user confirmed it', async () => {
    const signer = await open(CKF_TOKEN.USER_PIN_FINAL_TRY);
    try {
      const wrong = Buffer.from('000000');
      const e = await rejection(signer.login(wrong, { confirmFinalTry: false }));
      expect(e.code).toBe('PKCS11_PIN_FINAL_TRY_UNCONFIRMED');
      expect(wrong.every((b) => b === 0)).toBe(true);
      expect(realCountLow()).toBe(false);
      const right = Buffer.from(TEST_USER_PIN);
      const state = await signer.login(right, { confirmFinalTry: true });
      expect(state.flags.userPinFinalTry).toBe(true); // what the (injected) token now says
      expect(right.every((b) => b === 0)).toBe(true);
    } finally {
      await signer.close();
    }
  });

  it('shows the flags before login and asks for a PIN when none is given', async () => {
    const signer = await open(CKF_TOKEN.USER_PIN_COUNT_LOW);
    try {
      const state = await signer.tokenState();
      expect(state.flags.userPinCountLow).toBe(true);
      expect(state.flags.loginRequired).toBe(true);
      const e = await rejection(signer.login(undefined, { confirmFinalTry: false }));
      expect(e.code).toBe('PKCS11_PIN_REQUIRED');
    } finally {
      await signer.close();
    }
  });
});
