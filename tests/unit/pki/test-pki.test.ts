import { execFileSync, spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { describe, expect, it } from 'vitest';
import { issueCertificate, LEAF_NAMES } from '../../fixtures/pki/make-pki';
import { testPki } from '../../support/pki';

function verify(leafPath: string, rootPath: string, untrusted: string) {
  const r = spawnSync(
    'openssl',
    ['verify', '-CAfile', rootPath, '-untrusted', untrusted, leafPath],
    {
      encoding: 'utf8',
    },
  );
  if (r.error) throw new Error(`openssl is required: ${r.error.message}`);
  return r;
}

describe('test PKI', () => {
  const pki = testPki();

  it.each(['rsa2048', 'rsa3072', 'rsaPss', 'ecP256', 'ecP384', 'tsa', 'ocspResponder'] as const)(
    'chains %s to the test root with openssl verify',
    (name) => {
      const r = verify(pki.ids[name].certPath, pki.rootPath, pki.intermediatePath);
      expect(r.stdout + r.stderr).toContain(': OK');
      expect(r.status).toBe(0);
    },
  );

  it('fails openssl verify for the expired and not-yet-valid leaves', () => {
    const expired = verify(pki.ids.expired.certPath, pki.rootPath, pki.intermediatePath);
    expect(expired.status).not.toBe(0);
    expect(expired.stdout + expired.stderr).toMatch(/expired/);
    const early = verify(pki.ids.notYetValid.certPath, pki.rootPath, pki.intermediatePath);
    expect(early.status).not.toBe(0);
    expect(early.stdout + early.stderr).toMatch(/not yet valid/);
  });

  it('does not chain the untrusted leaf to the test root', () => {
    const r = verify(pki.ids.untrusted.certPath, pki.rootPath, pki.intermediatePath);
    expect(r.status).not.toBe(0);
    const own = verify(pki.ids.untrusted.certPath, pki.untrustedRootPath, pki.untrustedRootPath);
    expect(own.status).toBe(0);
  });

  it.each([...LEAF_NAMES])('opens %s.p12 with openssl and the test passphrase', (name) => {
    const id = pki.ids[name];
    const out = execFileSync(
      'openssl',
      ['pkcs12', '-info', '-noout', '-passin', `pass:${id.p12Passphrase}`, '-in', id.p12Path],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(out).toBeDefined();
  });

  it('opens the legacy rsa2048 p12 and finds it uses 3DES and a SHA-1 MAC', () => {
    const r = spawnSync(
      'openssl',
      [
        'pkcs12',
        '-info',
        '-noout',
        '-passin',
        'pass:sealdesk-test',
        '-in',
        pki.rsa2048LegacyP12Path,
      ],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/MAC: sha1/);
    expect(r.stderr).toMatch(/3-KeyTripleDES/);
  });

  it('rejects a wrong passphrase for a p12', () => {
    const r = spawnSync(
      'openssl',
      ['pkcs12', '-info', '-noout', '-passin', 'pass:wrong', '-in', pki.ids.rsa2048.p12Path],
      { encoding: 'utf8' },
    );
    expect(r.status).not.toBe(0);
  });

  it('pairs every key with its certificate and gives the described properties', () => {
    for (const name of LEAF_NAMES) {
      const id = pki.ids[name];
      const cert = new X509Certificate(id.certDer);
      const spki = (k: ReturnType<typeof createPublicKey>) =>
        k.export({ type: 'spki', format: 'der' });
      expect(spki(cert.publicKey)).toEqual(spki(createPublicKey(createPrivateKey(id.keyPem))));
      expect(cert.infoAccess).toContain('OCSP - URI:http://127.0.0.1:');
      expect(id.chainPems).toHaveLength(1);
    }
    expect(new X509Certificate(pki.ids.rsaPss.certDer).publicKey.asymmetricKeyType).toBe('rsa-pss');
    expect(
      new X509Certificate(pki.ids.ecP384.certDer).publicKey.asymmetricKeyDetails?.namedCurve,
    ).toBe('secp384r1');
    // node's .ca is X509_check_ca, which also wants keyCertSign; read the extension itself.
    const bc = new x509.X509Certificate(pki.ids.caLeaf.certDer).getExtension(
      x509.BasicConstraintsExtension,
    );
    expect(bc?.ca).toBe(true);
    expect(new X509Certificate(pki.ids.rsa2048.certDer).subject).toContain('O=示例科技有限公司');
    expect(new X509Certificate(pki.intermediatePem).ca).toBe(true);
    expect(new X509Certificate(pki.rootDer).subject).toContain('CN=Sealdesk Test Root CA');
  });

  it('issues a fresh EC certificate on demand that chains to the root', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealdesk-issue-'));
    const issued = await issueCertificate({
      commonName: 'On Demand',
      key: { kind: 'ec', curve: 'P-256' },
      outDir: dir,
    });
    expect(issued.certPath).toBeDefined();
    const r = verify(issued.certPath!, pki.rootPath, pki.intermediatePath);
    expect(r.status).toBe(0);
    expect(new X509Certificate(issued.certDer).serialNumber).toHaveLength(32);
  });
});
