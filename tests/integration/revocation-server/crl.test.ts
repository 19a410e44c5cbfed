// The loopback CRL and CA-certificate endpoints (tests/support/revocation-server.ts), checked by
// `openssl crl`: DER CRLs made by `openssl ca -gencrl` (RFC 5280 §5) that follow revoke().
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCertificate } from '../../fixtures/pki/make-pki';
import { runToolOk } from '../../support/external-tools';
import { testPki } from '../../support/pki';
import { startRevocationServer, type RevocationServer } from '../../support/revocation-server';

let services: RevocationServer;
let dir: string;
let n = 0;

beforeAll(async () => {
  services = await startRevocationServer();
  dir = mkdtempSync(join(tmpdir(), 'sealdesk-crl-test-'));
});
afterAll(async () => {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Fetches /crl/<issuer>.crl and returns `openssl crl -text` of it, verified by its issuer. */
async function crlText(issuer: 'issuing-ca' | 'root-ca', issuerPath: string): Promise<string> {
  const res = await fetch(`${services.url}/crl/${issuer}.crl`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pkix-crl');
  const path = join(dir, `crl-${++n}.der`);
  writeFileSync(path, Buffer.from(await res.arrayBuffer()));
  const r = await runToolOk('openssl', [
    'crl',
    '-inform',
    'DER',
    '-in',
    path,
    '-CAfile',
    issuerPath,
    '-noout',
    '-text',
  ]);
  expect(r.stderr).toMatch(/verify OK/);
  return r.stdout;
}

describe('loopback CRL and CA certificate endpoints', () => {
  it('serves a DER CRL signed by the issuing CA that lists a fresh leaf once it is revoked', async () => {
    const pki = testPki();
    const before = await crlText('issuing-ca', pki.intermediatePath);
    expect(before).toMatch(/Issuer: .*CN = Sealdesk Test Issuing CA/);
    expect(before).toMatch(/Next Update: /);

    const leaf = await issueCertificate({
      commonName: 'Sealdesk CRL Revocation Leaf',
      key: { kind: 'ec', curve: 'P-256' },
    });
    const serial = leaf.serialHex.toUpperCase();
    expect(before).not.toContain(serial);
    services.revoke(leaf.certPem, new Date('2026-03-04T05:06:07Z'), 'superseded');

    const after = await crlText('issuing-ca', pki.intermediatePath);
    expect(after).toContain(`Serial Number: ${serial}`);
    expect(after).toMatch(/Revocation Date: Mar {2}4 05:06:07 2026 GMT/);
    expect(after).toMatch(/Superseded/);
    // A new CRL has a higher CRL number (RFC 5280 §5.2.3).
    const num = (t: string) => Number(/CRL Number: \s*(\d+)/.exec(t)?.[1]);
    expect(num(after)).toBeGreaterThan(num(before));
  });

  it('serves the root CA CRL signed by the root', async () => {
    const text = await crlText('root-ca', testPki().rootPath);
    expect(text).toMatch(/Issuer: .*CN = Sealdesk Test Root CA/);
  });

  it('serves each issuer certificate as DER at /ca/<issuer>.cer', async () => {
    const pki = testPki();
    const get = async (slug: string) => {
      const res = await fetch(`${services.url}/ca/${slug}.cer`);
      expect(res.headers.get('content-type')).toBe('application/pkix-cert');
      return Buffer.from(await res.arrayBuffer());
    };
    expect((await get('root-ca')).equals(pki.rootDer)).toBe(true);
    const inter = await get('issuing-ca');
    const pem = `-----BEGIN CERTIFICATE-----\n${inter.toString('base64')}\n-----END CERTIFICATE-----`;
    expect(pem.replace(/\s+/g, '')).toBe(pki.intermediatePem.replace(/\s+/g, ''));
  });

  it('answers 404 for an issuer it does not serve, and hangs up on a CRL in down mode', async () => {
    expect((await fetch(`${services.url}/crl/nobody.crl`)).status).toBe(404);
    services.setCrlMode('issuing-ca', 'down');
    try {
      await expect(fetch(`${services.url}/crl/issuing-ca.crl`)).rejects.toThrow();
    } finally {
      services.setCrlMode('issuing-ca', 'good');
    }
  });
});
