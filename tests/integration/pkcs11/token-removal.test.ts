// A token that disappears between operations (deleted with softhsm2-util, or its driver shut
// down under the signer) must fail closed with a clear error, never crash or sign.
import { createHash } from 'node:crypto';
import pkcs11js from 'pkcs11js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSealdeskError, type SealdeskError } from '../../../main/errors/sealdesk-error';
import { moduleUsers } from '../../../main/pkcs11/loaded-modules';
import { Pkcs11Signer } from '../../../main/pkcs11/pkcs11-signer';
import { testPki } from '../../support/pki';
import { createSoftHsm, TEST_USER_PIN, type SoftHsm } from '../../support/softhsm';

let hsm: SoftHsm;
const data = Buffer.from('attributes');
const req = {
  data,
  digest: createHash('sha256').update(data).digest(),
  hash: 'sha256' as const,
  scheme: 'rsa-pkcs1' as const,
};

async function rejection(p: Promise<unknown>): Promise<SealdeskError> {
  try {
    await p;
  } catch (e) {
    if (isSealdeskError(e)) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

function tokenWithKey(label: string): void {
  hsm.initToken(label);
  hsm.importIdentity({
    tokenLabel: label,
    keyPem: testPki().ids.rsa2048.keyPem,
    certDer: testPki().ids.rsa2048.certDer,
    label: 'seal',
    idHex: '01',
  });
}

beforeAll(() => {
  hsm = createSoftHsm();
});
afterAll(() => hsm.cleanup());

describe('a token that goes away', () => {
  it('reports PKCS11_TOKEN_REMOVED when the token is deleted between signatures, then stays closed', async () => {
    tokenWithKey('Removed Token');
    const signer = await Pkcs11Signer.open({
      modulePath: hsm.modulePath,
      tokenLabel: 'Removed Token',
      key: { label: 'seal' },
    });
    try {
      await signer.login(Buffer.from(TEST_USER_PIN), { confirmFinalTry: false });
      expect((await signer.sign(req)).length).toBe(256);
      hsm.deleteToken('Removed Token');
      const e = await rejection(signer.sign(req));
      expect(e.code).toBe('PKCS11_TOKEN_REMOVED');
      expect(e.message).toContain('Nothing was signed');
      expect(e.localized('zh-CN')).toContain('未签署任何内容');
      const again = await rejection(signer.sign(req));
      expect(again.code).toBe('PKCS11_TOKEN_REMOVED');
    } finally {
      await signer.close();
    }
    expect(moduleUsers(hsm.modulePath)).toBe(0);
  });

  it('reports PKCS11_TOKEN_REMOVED when the driver is shut down under the signer', async () => {
    tokenWithKey('Finalized Token');
    const signer = await Pkcs11Signer.open({
      modulePath: hsm.modulePath,
      tokenLabel: 'Finalized Token',
      key: { idHex: '01' },
    });
    try {
      await signer.login(Buffer.from(TEST_USER_PIN), { confirmFinalTry: false });
      // Another user of the same driver in this process calls C_Finalize: the dynamic loader
      // shares one copy of the library, so the signer's sessions are gone.
      const other = new pkcs11js.PKCS11();
      other.load(hsm.modulePath);
      other.C_Finalize();
      other.close();
      const e = await rejection(signer.sign(req));
      expect(e.code).toBe('PKCS11_TOKEN_REMOVED');
      expect(e.message).toContain('the token driver was shut down');
    } finally {
      await signer.close();
    }
  });
});
