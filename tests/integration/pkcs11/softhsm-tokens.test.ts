// Discovery and signing against a real SoftHSM2 token, filled with test-PKI keys by OpenSC
// pkcs11-tool (tests/support/softhsm.ts). Signatures are checked by node crypto against the
// certificate's public key, independently of the code that made them.
import { existsSync } from 'node:fs';
import { createHash, verify, X509Certificate, constants } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSealdeskError, type SealdeskError } from '../../../main/errors/sealdesk-error';
import { moduleUsers } from '../../../main/pkcs11/loaded-modules';
import { Pkcs11Signer } from '../../../main/pkcs11/pkcs11-signer';
import { listTokens } from '../../../main/pkcs11/token-discovery';
import type { HashAlgorithm, SignatureScheme } from '../../../main/sign/signer';
import { testPki } from '../../support/pki';
import { createSoftHsm, TEST_USER_PIN, type SoftHsm } from '../../support/softhsm';

const TOKEN = 'Sealdesk Seal';
let hsm: SoftHsm;

function pemToDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

async function rejection(p: Promise<unknown>): Promise<SealdeskError> {
  try {
    await p;
  } catch (e) {
    if (isSealdeskError(e)) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

function request(hash: HashAlgorithm, scheme: SignatureScheme, text = 'signed attributes') {
  const data = Buffer.from(text);
  return { data, digest: createHash(hash).update(data).digest(), hash, scheme };
}

const pin = (): Buffer => Buffer.from(TEST_USER_PIN);

beforeAll(() => {
  const pki = testPki();
  hsm = createSoftHsm();
  hsm.initToken(TOKEN);
  hsm.importIdentity({
    tokenLabel: TOKEN,
    keyPem: pki.ids.rsa2048.keyPem,
    certDer: pki.ids.rsa2048.certDer,
    label: 'rsa seal',
    idHex: '01',
  });
  hsm.importIdentity({
    tokenLabel: TOKEN,
    keyPem: pki.ids.ecP256.keyPem,
    certDer: pki.ids.ecP256.certDer,
    label: 'ec seal',
    idHex: '02',
  });
  hsm.importIdentity({
    tokenLabel: TOKEN,
    keyPem: pki.ids.ecP384.keyPem,
    certDer: pki.ids.ecP384.certDer,
    label: 'always auth',
    idHex: 'a1b2',
    alwaysAuthenticate: true,
  });
  hsm.importCertificate({
    tokenLabel: TOKEN,
    certDer: pemToDer(pki.intermediatePem),
    label: 'issuing CA',
    idHex: 'ca',
  });
});

afterAll(() => hsm.cleanup());

describe('token discovery', () => {
  it('lists the token with its flags and the certificates paired with keys by CKA_ID', () => {
    const tokens = listTokens(hsm.modulePath);
    const token = tokens.find((t) => t.label === TOKEN);
    expect(token).toBeDefined();
    expect(token!.manufacturer).toBe('SoftHSM project');
    expect(token!.serial).toMatch(/^[0-9a-f]{16}$/);
    expect(token!.flags).toMatchObject({
      loginRequired: true,
      tokenInitialized: true,
      userPinInitialized: true,
      protectedAuthenticationPath: false,
      userPinLocked: false,
      userPinFinalTry: false,
      userPinToBeChanged: false,
    });
    const byId = new Map(token!.keys.map((k) => [k.keyIdHex, k]));
    expect([...byId.keys()].sort()).toEqual(['01', '02', 'a1b2']);
    const rsa = byId.get('01')!;
    const cert = new X509Certificate(testPki().ids.rsa2048.certDer);
    expect(rsa.keyLabel).toBe('rsa seal');
    expect(rsa.keyType).toBe('rsa');
    expect(rsa.certificate.subject).toBe(cert.subject.replace(/\n/g, ', '));
    expect(rsa.certificate.serialHex).toBe(cert.serialNumber.toUpperCase());
    expect(rsa.certificate.notAfter).toBe(new Date(cert.validTo).toISOString());
    expect(rsa.certificate.keyUsage).toContain('digitalSignature');
    expect(rsa.mechanisms).toEqual(['CKM_RSA_PKCS', 'CKM_RSA_PKCS_PSS']);
    expect(byId.get('02')!.keyType).toBe('ec');
    expect(byId.get('02')!.mechanisms).toEqual(['CKM_ECDSA']);
    // Private keys are private objects on SoftHSM: hidden until login, so the attribute is unknown.
    for (const key of token!.keys) {
      expect(key.alwaysAuthenticate).toBe(
        key.privateKeyVisible ? key.keyIdHex === 'a1b2' : undefined,
      );
    }
    expect(moduleUsers(hsm.modulePath)).toBe(0);
  });

  it('names the path and says the file does not exist for a missing driver', () => {
    let error: unknown;
    try {
      listTokens('/opt/nowhere/libvendor-pkcs11.so');
    } catch (e) {
      error = e;
    }
    expect(isSealdeskError(error, 'PKCS11_MODULE_LOAD_FAILED')).toBe(true);
    const e = error as SealdeskError;
    expect(e.message).toContain('/opt/nowhere/libvendor-pkcs11.so');
    expect(e.message).toContain('the file does not exist');
    expect(e.localized('zh-CN')).toContain('文件不存在');
  });

  it('says a library without C_GetFunctionList is not a PKCS#11 module', () => {
    const notPkcs11 = [
      '/usr/lib/x86_64-linux-gnu/libz.so.1',
      '/lib/x86_64-linux-gnu/libz.so.1',
    ].find((p) => existsSync(p));
    expect(notPkcs11).toBeDefined();
    let error: unknown;
    try {
      listTokens(notPkcs11!);
    } catch (e) {
      error = e;
    }
    expect(isSealdeskError(error, 'PKCS11_MODULE_LOAD_FAILED')).toBe(true);
    expect((error as SealdeskError).message).toContain('not a PKCS#11 module');
  });
});

describe('Pkcs11Signer', () => {
  const open = (key: { label: string } | { idHex: string }, extra = {}) =>
    Pkcs11Signer.open({ modulePath: hsm.modulePath, tokenLabel: TOKEN, key, ...extra });

  it('signs RSA PKCS#1 v1.5 over a DigestInfo that verifies against the certificate', async () => {
    const signer = await open({ label: 'rsa seal' });
    try {
      await signer.login(pin(), { confirmFinalTry: false });
      const [certDer] = await signer.certificates();
      for (const hash of ['sha256', 'sha384', 'sha512'] as const) {
        const req = request(hash, 'rsa-pkcs1');
        const sig = await signer.sign(req);
        const publicKey = new X509Certificate(certDer!).publicKey;
        expect(verify(hash, req.data, publicKey, sig)).toBe(true);
        expect(verify(hash, Buffer.from('other'), publicKey, sig)).toBe(false);
      }
    } finally {
      await signer.close();
    }
  });

  it('signs RSA-PSS with MGF1 and a salt as long as the hash, as the token offers it', async () => {
    const signer = await open({ idHex: '01' });
    try {
      expect(await signer.schemes()).toEqual(['rsa-pkcs1', 'rsa-pss']);
      await signer.login(pin(), { confirmFinalTry: false });
      const publicKey = new X509Certificate((await signer.certificates())[0]!).publicKey;
      const req = request('sha256', 'rsa-pss');
      const sig = await signer.sign(req);
      const key = { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
      expect(verify('sha256', req.data, key, sig)).toBe(true);
    } finally {
      await signer.close();
    }
  });

  it('signs ECDSA and returns a DER Ecdsa-Sig-Value, not the raw r||s', async () => {
    const signer = await open({ label: 'ec seal' });
    try {
      expect(await signer.schemes()).toEqual(['ecdsa']);
      await signer.login(pin(), { confirmFinalTry: false });
      const publicKey = new X509Certificate((await signer.certificates())[0]!).publicKey;
      for (let i = 0; i < 8; i++) {
        const req = request('sha256', 'ecdsa', `attributes ${i}`);
        const sig = await signer.sign(req);
        expect(sig[0]).toBe(0x30);
        expect(verify('sha256', req.data, { key: publicKey, dsaEncoding: 'der' }, sig)).toBe(true);
      }
    } finally {
      await signer.close();
    }
  });

  it('gives the signer certificate first, then the issuing CA found on the token', async () => {
    const signer = await open({ label: 'rsa seal' });
    try {
      const chain = await signer.certificates();
      expect(chain).toHaveLength(2);
      expect(Buffer.from(chain[0]!).equals(testPki().ids.rsa2048.certDer)).toBe(true);
      expect(Buffer.from(chain[1]!).equals(pemToDer(testPki().intermediatePem))).toBe(true);
    } finally {
      await signer.close();
    }
  });

  it('logs in again with the context PIN for a CKA_ALWAYS_AUTHENTICATE key, at every signature', async () => {
    const asked: Buffer[] = [];
    const signer = await open(
      { label: 'always auth' },
      {
        contextPin: () => {
          const b = pin();
          asked.push(b);
          return Promise.resolve(b);
        },
      },
    );
    try {
      await signer.login(pin(), { confirmFinalTry: false });
      expect(signer.key.alwaysAuthenticate).toBe(true);
      const publicKey = new X509Certificate((await signer.certificates())[0]!).publicKey;
      for (const text of ['one', 'two']) {
        const req = request('sha384', 'ecdsa', text);
        const sig = await signer.sign(req);
        expect(verify('sha384', req.data, publicKey, sig)).toBe(true);
      }
      expect(asked).toHaveLength(2);
      for (const b of asked) expect(b.every((x) => x === 0)).toBe(true);
    } finally {
      await signer.close();
    }
  });

  it('refuses an always-authenticate key when no PIN prompt is available', async () => {
    const signer = await open({ label: 'always auth' });
    try {
      await signer.login(pin(), { confirmFinalTry: false });
      const e = await rejection(signer.sign(request('sha256', 'ecdsa')));
      expect(e.code).toBe('PKCS11_CONTEXT_PIN_REQUIRED');
    } finally {
      await signer.close();
    }
  });

  it('recovers after a wrong context PIN: the next signature with the right PIN succeeds', async () => {
    const pins = [Buffer.from('000000'), pin()];
    const signer = await open(
      { label: 'always auth' },
      { contextPin: () => Promise.resolve(pins.shift()) },
    );
    try {
      await signer.login(pin(), { confirmFinalTry: false });
      const wrong = await rejection(signer.sign(request('sha256', 'ecdsa')));
      expect(wrong.code).toBe('PKCS11_PIN_INCORRECT');
      const req = request('sha256', 'ecdsa');
      const sig = await signer.sign(req);
      const publicKey = new X509Certificate((await signer.certificates())[0]!).publicKey;
      expect(verify('sha256', req.data, publicKey, sig)).toBe(true);
    } finally {
      await signer.close();
    }
  });

  it('reports a wrong PIN as PKCS11_PIN_INCORRECT with what the token says about tries left', async () => {
    const signer = await open({ label: 'rsa seal' });
    try {
      const wrongPin = Buffer.from('999999');
      const e = await rejection(signer.login(wrongPin, { confirmFinalTry: false }));
      expect(e.code).toBe('PKCS11_PIN_INCORRECT');
      expect(e.message).toContain(`The PIN for token "${TOKEN}" is incorrect.`);
      // SoftHSM raises CKF_USER_PIN_COUNT_LOW after a wrong PIN: the sentence says so.
      expect(e.message).toContain('Few tries are left');
      expect(e.localized('zh-CN')).toContain('PIN 不正确');
      expect(e.message).not.toContain('999999');
      expect(JSON.stringify(e.params)).not.toContain('999999');
      expect(wrongPin.every((b) => b === 0)).toBe(true);
      // never retried by itself: the right PIN afterwards is a separate, explicit step
      const right = pin();
      const state = await signer.login(right, { confirmFinalTry: false });
      expect(right.every((b) => b === 0)).toBe(true);
      expect(state.flags.userPinCountLow).toBe(false);
    } finally {
      await signer.close();
    }
  });

  it('refuses to sign before login', async () => {
    const signer = await open({ label: 'rsa seal' });
    try {
      const e = await rejection(signer.sign(request('sha256', 'rsa-pkcs1')));
      expect(e.code).toBe('PKCS11_NOT_LOGGED_IN');
    } finally {
      await signer.close();
    }
  });

  it('refuses a scheme the key cannot produce', async () => {
    const signer = await open({ label: 'ec seal' });
    try {
      await signer.login(pin(), { confirmFinalTry: false });
      const e = await rejection(signer.sign(request('sha256', 'rsa-pss')));
      expect(e.code).toBe('PKCS11_SCHEME_UNSUPPORTED');
      expect(e.message).toContain('CKM_ECDSA');
    } finally {
      await signer.close();
    }
  });

  it('lists the token labels that exist when the label is unknown', async () => {
    const e = await rejection(
      Pkcs11Signer.open({
        modulePath: hsm.modulePath,
        tokenLabel: 'No Such',
        key: { idHex: '01' },
      }),
    );
    expect(e.code).toBe('PKCS11_TOKEN_NOT_FOUND');
    expect(e.message).toContain(`"${TOKEN}"`);
    expect(moduleUsers(hsm.modulePath)).toBe(0);
  });

  it('lists the keys on the token when the key is missing', async () => {
    const e = await rejection(open({ label: 'nobody' }));
    expect(e.code).toBe('PKCS11_KEY_NOT_FOUND');
    expect(e.message).toContain('"rsa seal" (id 01)');
    expect(e.message).toContain('"ec seal" (id 02)');
    expect(moduleUsers(hsm.modulePath)).toBe(0);
  });

  it('closes twice safely, refuses to sign after close and releases the module', async () => {
    const signer = await open({ label: 'rsa seal' });
    expect(moduleUsers(hsm.modulePath)).toBe(1);
    await signer.login(pin(), { confirmFinalTry: false });
    await signer.close();
    await signer.close();
    expect(moduleUsers(hsm.modulePath)).toBe(0);
    const e = await rejection(signer.sign(request('sha256', 'rsa-pkcs1')));
    expect(e.code).toBe('PKCS11_SIGNER_CLOSED');
  });
});
