// The loopback OCSP responder (tests/support/revocation-server.ts) checked by `openssl ocsp` as
// the client: statuses from its index, revocation, GET (RFC 6960 Appendix A.1) and the failure
// modes later tests rely on. Each test file starts its own server on a free port.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCertificate } from '../../fixtures/pki/make-pki';
import { runTool, runToolOk } from '../../support/external-tools';
import { testPki } from '../../support/pki';
import { startRevocationServer, type RevocationServer } from '../../support/revocation-server';

let services: RevocationServer;
let dir: string;

beforeAll(async () => {
  services = await startRevocationServer();
  dir = mkdtempSync(join(tmpdir(), 'sealdesk-ocsp-test-'));
});
afterAll(async () => {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A new certificate from the issuing CA, so that revoking it leaves shared identities good. */
async function freshLeaf(name: string): Promise<{ certPem: string; certPath: string }> {
  const leaf = await issueCertificate({ commonName: name, key: { kind: 'ec', curve: 'P-256' } });
  const certPath = join(dir, `${name.replace(/\W+/g, '-')}.pem`);
  writeFileSync(certPath, leaf.certPem);
  return { certPem: leaf.certPem, certPath };
}

/** `openssl ocsp` as a client of /ocsp/<issuer>, verifying against the test root. */
function ask(certPath: string, issuer: 'issuing-ca' | 'root-ca' = 'issuing-ca') {
  const pki = testPki();
  const issuerPath = issuer === 'issuing-ca' ? pki.intermediatePath : pki.rootPath;
  return runTool('openssl', [
    'ocsp',
    '-issuer',
    issuerPath,
    '-cert',
    certPath,
    '-url',
    `${services.url}/ocsp/${issuer}`,
    '-CAfile',
    pki.rootPath,
    '-verify_other',
    pki.intermediatePath,
    '-resp_text',
    '-timeout',
    '10',
  ]);
}

describe('loopback OCSP responder', () => {
  it('answers good for the rsa2048 identity, signed by the delegated OCSP responder', async () => {
    const r = await ask(testPki().ids.rsa2048.certPath);
    expect(r.stderr).toContain('Response verify OK');
    expect(r.stdout).toMatch(/rsa2048\.cert\.pem: good/);
    expect(r.stdout).toMatch(/Responder Id: .*CN = Sealdesk Test OCSP Responder/);
    expect(services.requestCounts().ocsp).toBeGreaterThan(0);
  });

  it('answers revoked, with the time and reason given, for a fresh leaf after revoke()', async () => {
    const leaf = await freshLeaf('Sealdesk OCSP Revocation Leaf');
    expect((await ask(leaf.certPath)).stdout).toMatch(/: good/);
    services.revoke(leaf.certPem, new Date('2026-01-02T03:04:05Z'), 'keyCompromise');
    const r = await ask(leaf.certPath);
    expect(r.stderr).toContain('Response verify OK');
    expect(r.stdout).toMatch(/: revoked/);
    expect(r.stdout).toMatch(/Reason: keyCompromise/);
    expect(r.stdout).toMatch(/Revocation Time: Jan {2}2 03:04:05 2026 GMT/);
    // The shared identity is untouched.
    expect((await ask(testPki().ids.rsa2048.certPath)).stdout).toMatch(/: good/);
  });

  it('answers a GET request (RFC 6960 Appendix A.1) as it answers a POST', async () => {
    const pki = testPki();
    const reqPath = join(dir, 'get.req.der');
    await runToolOk('openssl', [
      'ocsp',
      '-issuer',
      pki.intermediatePath,
      '-cert',
      pki.ids.ecP256.certPath,
      '-no_nonce',
      '-reqout',
      reqPath,
    ]);
    const b64 = readFileSync(reqPath).toString('base64');
    const res = await fetch(`${services.url}/ocsp/issuing-ca/${encodeURIComponent(b64)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/ocsp-response');
    const respPath = join(dir, 'get.resp.der');
    writeFileSync(respPath, Buffer.from(await res.arrayBuffer()));
    const r = await runTool('openssl', [
      'ocsp',
      '-no_nonce',
      '-respin',
      respPath,
      '-issuer',
      pki.intermediatePath,
      '-cert',
      pki.ids.ecP256.certPath,
      '-CAfile',
      pki.rootPath,
      '-verify_other',
      pki.intermediatePath,
    ]);
    expect(r.stderr).toContain('Response verify OK');
    expect(r.stdout).toMatch(/ecP256\.cert\.pem: good/);
  });

  it('answers for the issuing CA at root-ca, signed by the root itself', async () => {
    const r = await ask(testPki().intermediatePath, 'root-ca');
    expect(r.stderr).toContain('Response verify OK');
    expect(r.stdout).toMatch(/intermediate\.pem: good/);
    expect(r.stdout).toMatch(/Responder Id: .*CN = Sealdesk Test Root CA/);
  });

  it('answers unknown for every certificate in unknown mode', async () => {
    services.setMode('issuing-ca', 'unknown');
    try {
      const r = await ask(testPki().ids.rsa2048.certPath);
      expect(r.stdout).toMatch(/rsa2048\.cert\.pem: unknown/);
    } finally {
      services.setMode('issuing-ca', 'good');
    }
  });

  it('signs with a certificate that lacks id-kp-OCSPSigning in unauthorised-responder mode', async () => {
    services.setMode('issuing-ca', 'unauthorised-responder');
    try {
      const r = await ask(testPki().ids.rsa3072.certPath);
      expect(r.stdout).toMatch(/Responder Id: .*CN = Sealdesk Test Signer RSA 2048/);
      expect(r.stderr).toContain('Response Verify Failure');
      expect(r.stderr).not.toContain('Response verify OK');
    } finally {
      services.setMode('issuing-ca', 'good');
    }
  });

  it('serves a correctly signed response whose nextUpdate has passed in stale mode', async () => {
    services.setMode('issuing-ca', 'stale');
    try {
      const r = await ask(testPki().ids.rsa2048.certPath);
      expect(r.stderr).toContain('Response verify OK');
      expect(r.stdout).toMatch(/: good/);
      expect(`${r.stdout}${r.stderr}`).toMatch(/Status times invalid/);
      const next = /Next Update: (.+ GMT)/.exec(r.stdout)?.[1];
      expect(next).toBeDefined();
      expect(new Date(next!).getTime()).toBeLessThan(Date.now());
    } finally {
      services.setMode('issuing-ca', 'good');
    }
  });

  it('answers tryLater in try-later mode and hangs up in down mode', async () => {
    try {
      services.setMode('issuing-ca', 'try-later');
      const later = await ask(testPki().ids.rsa2048.certPath);
      expect(`${later.stdout}${later.stderr}`).toMatch(/trylater/i);
      services.setMode('issuing-ca', 'down');
      const down = await ask(testPki().ids.rsa2048.certPath);
      expect(down.exitCode).not.toBe(0);
      expect(down.stdout).not.toMatch(/: good/);
      await expect(
        fetch(`${services.url}/ocsp/issuing-ca`, { method: 'POST', body: new Uint8Array(4) }),
      ).rejects.toThrow();
    } finally {
      services.setMode('issuing-ca', 'good');
    }
  });

  it('answers malformedRequest to a body that is not an OCSP request', async () => {
    const res = await fetch(`${services.url}/ocsp/issuing-ca`, {
      method: 'POST',
      body: new Uint8Array([1, 2, 3]),
    });
    expect(Buffer.from(await res.arrayBuffer()).toString('hex')).toBe('30030a0101');
  });
});
