import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isSealdeskError, type SealdeskError } from '../../../main/errors/sealdesk-error';
import {
  checkSigningCertificate,
  summarizeCertificate,
} from '../../../main/sign/certificate-checks';
import { issueCertificate } from '../../fixtures/pki/make-pki';
import { testPki } from '../../support/pki';

const pki = testPki();
const now = new Date();

function failure(f: () => void): SealdeskError {
  try {
    f();
  } catch (e) {
    if (isSealdeskError(e)) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

function openssl(args: string[]): string {
  return execFileSync('openssl', args, { encoding: 'utf8' });
}

describe('checkSigningCertificate', () => {
  it.each(['rsa2048', 'rsa3072', 'rsaPss', 'ecP256', 'ecP384', 'tsa'] as const)(
    'accepts %s now',
    (name) => {
      expect(() =>
        checkSigningCertificate(pki.ids[name].certDer, now, pki.ids[name].p12Path),
      ).not.toThrow();
    },
  );

  it('refuses an expired certificate, giving the date and the file', () => {
    const id = pki.ids.expired;
    const e = failure(() => checkSigningCertificate(id.certDer, now, id.p12Path));
    expect(e.code).toBe('CERT_EXPIRED');
    const notAfter = openssl(['x509', '-in', id.certPath, '-noout', '-enddate'])
      .trim()
      .slice('notAfter='.length);
    expect(e.message).toContain(new Date(notAfter).toISOString().slice(0, 10));
    expect(e.message).toContain('expired.p12');
    expect(e.localized('zh-CN')).toContain('过期');
  });

  it('judges validity at the given time, not the current one', () => {
    const far = new Date(Date.now() + 50 * 365 * 24 * 3600 * 1000);
    expect(failure(() => checkSigningCertificate(pki.ids.rsa2048.certDer, far)).code).toBe(
      'CERT_EXPIRED',
    );
    const past = new Date(Date.now() - 400 * 24 * 3600 * 1000);
    expect(() => checkSigningCertificate(pki.ids.expired.certDer, past)).not.toThrow();
  });

  it('refuses a certificate that is not valid yet', () => {
    const e = failure(() => checkSigningCertificate(pki.ids.notYetValid.certDer, now));
    expect(e.code).toBe('CERT_NOT_YET_VALID');
    expect(e.message).toContain('Sealdesk Test Not Yet Valid');
  });

  it('refuses a certificate whose key usage is only key encipherment', () => {
    const e = failure(() => checkSigningCertificate(pki.ids.wrongKeyUsage.certDer, now, 'enc.p12'));
    expect(e.code).toBe('CERT_KEY_USAGE');
    expect(e.message).toContain('not meant for signatures');
    expect(e.message).toContain('keyEncipherment');
    expect(e.localized('zh-CN')).toContain('不是用于签名');
  });

  it('refuses a certificate with basicConstraints cA=true', () => {
    expect(failure(() => checkSigningCertificate(pki.ids.caLeaf.certDer, now)).code).toBe(
      'CERT_IS_CA',
    );
    expect(failure(() => checkSigningCertificate(pki.rootDer, now)).code).toBe('CERT_IS_CA');
  });

  it('accepts a certificate without a keyUsage extension', async () => {
    const c = await issueCertificate({ commonName: 'No KU', keyUsage: [] });
    expect(() => checkSigningCertificate(c.certDer, now)).not.toThrow();
  });

  it('refuses bytes that are not a certificate', () => {
    expect(failure(() => checkSigningCertificate(Uint8Array.of(1, 2, 3), now, 'x.cer')).code).toBe(
      'CERT_UNREADABLE',
    );
  });
});

describe('summarizeCertificate', () => {
  it('describes an RSA signing certificate as openssl does', () => {
    const id = pki.ids.rsa2048;
    const s = summarizeCertificate(id.certDer);
    expect(s.subject).toBe('CN=Sealdesk Test Signer RSA 2048, O=示例科技有限公司, C=CN');
    expect(s.issuer).toBe('CN=Sealdesk Test Issuing CA, O=示例科技有限公司, C=CN');
    expect(s.keyType).toBe('rsa');
    expect(s.keyBits).toBe(2048);
    expect(s.keyUsage).toEqual(['digitalSignature', 'nonRepudiation']);
    const serial = openssl(['x509', '-in', id.certPath, '-noout', '-serial']).trim().split('=')[1]!;
    expect(s.serialHex).toBe(serial.toLowerCase());
    const fp = openssl(['x509', '-in', id.certPath, '-noout', '-fingerprint', '-sha256'])
      .trim()
      .split('=')[1]!;
    expect(s.fingerprintSha256).toBe(fp);
    expect(s.notBefore.getTime()).toBeLessThan(Date.now());
    expect(s.notAfter.getTime()).toBeGreaterThan(Date.now());
  });

  it('names the key type and size of PSS and EC keys', () => {
    expect(summarizeCertificate(pki.ids.rsaPss.certDer)).toMatchObject({
      keyType: 'rsa-pss',
      keyBits: 2048,
    });
    expect(summarizeCertificate(pki.ids.ecP384.certDer)).toMatchObject({
      keyType: 'ec',
      keyBits: 384,
    });
    expect(summarizeCertificate(pki.ids.wrongKeyUsage.certDer).keyUsage).toEqual([
      'keyEncipherment',
    ]);
  });
});
