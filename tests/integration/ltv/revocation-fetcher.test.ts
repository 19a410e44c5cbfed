/**
 * Fetching revocation data for the test PKI from the loopback OCSP/CRL/caIssuers services, and
 * refusing what main/verify rejects (private servers in failure modes, tests/support/README.md).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpTransport } from '../../../main/cms/timestamp-transport';
import { httpTransport } from '../../../main/cms/timestamp-transport';
import { fetchRevocationData, RevocationMemo } from '../../../main/ltv/revocation-fetcher';
import { checkRevocation } from '../../../main/verify/revocation';
import { ParsedCertificate } from '../../../main/verify/parsed-certificate';
import { testPkiBaseUrl } from '../../fixtures/pki/make-pki';
import { testPki } from '../../support/pki';
import { startRevocationServer, type RevocationServer } from '../../support/revocation-server';

/** Sends the test PKI's URLs (run-wide port) to a private server instead. */
function redirectTo(server: RevocationServer): HttpTransport {
  const base = testPkiBaseUrl();
  return (req) => httpTransport({ ...req, url: req.url.replace(base, server.url) });
}

const leafOnly = (): Uint8Array[] => [new Uint8Array(testPki().ids.rsa2048.certDer)];

describe('revocation fetcher', () => {
  let server: RevocationServer;
  beforeAll(async () => {
    server = await startRevocationServer({ port: 0 });
  });
  afterAll(async () => {
    await server.close();
  });

  it('gets a good OCSP response for the leaf and for its issuing CA from the root responder', async () => {
    const r = await fetchRevocationData(leafOnly());
    expect(r.problems).toEqual([]);
    expect(r.certs).toHaveLength(3); // leaf, issuing CA (via caIssuers), root (via caIssuers)
    expect(r.ocsps).toHaveLength(2);
    expect(r.statuses.map((s) => s.status)).toEqual(['good', 'good', 'trust-anchor-candidate']);
    expect(r.statuses.map((s) => s.via)).toEqual([['ocsp'], ['ocsp'], []]);
    // What was returned is evidence main/verify accepts on its own.
    const [leaf, ca] = r.certs.map((d) => ParsedCertificate.fromDer(d));
    const now = new Date();
    const answer = checkRevocation(
      leaf!,
      ca!,
      { ocspResponses: r.ocsps, crls: r.crls },
      { controlTime: now, validationTime: now },
    );
    expect(answer.answer).toEqual({ status: 'good' });
  });

  it('downloads CRLs from the distribution points when asked to always', async () => {
    const r = await fetchRevocationData(leafOnly(), { crl: 'always' });
    expect(r.problems).toEqual([]);
    expect(r.crls).toHaveLength(2);
    expect(r.statuses[0]!.via).toEqual(['ocsp', 'crl']);
  });

  it('falls back to the CRL when the OCSP responder is down and says so', async () => {
    server.setMode('issuing-ca', 'down');
    try {
      const r = await fetchRevocationData(leafOnly(), {
        transport: redirectTo(server),
        timeoutMs: 5000,
      });
      expect(r.statuses[0]).toMatchObject({ status: 'good', via: ['crl'] });
      expect(r.crls).toHaveLength(1);
      expect(r.problems).toHaveLength(1);
      expect(r.problems[0]).toMatchObject({
        source: 'ocsp',
        certificate: expect.stringContaining('RSA 2048') as unknown,
      });
    } finally {
      server.setMode('issuing-ca', 'good');
    }
  });

  it('rejects an OCSP response signed by an unauthorised responder and lists why', async () => {
    server.setMode('issuing-ca', 'unauthorised-responder');
    try {
      const r = await fetchRevocationData(leafOnly(), {
        transport: redirectTo(server),
        crl: 'never',
      });
      expect(r.ocsps).toHaveLength(1); // only the issuing CA's, from the root's responder
      expect(r.statuses[0]).toMatchObject({ status: 'no-data', via: [] });
      const ocspProblem = r.problems.find((p) => p.source === 'ocsp');
      expect(ocspProblem?.reason).toMatch(/rejected: .*not authorised|rejected: .*OCSPSigning/);
      expect(ocspProblem?.url).toBe(`${testPkiBaseUrl()}/ocsp/issuing-ca`);
    } finally {
      server.setMode('issuing-ca', 'good');
    }
  });

  it('refuses a stale OCSP response and lists it as stale', async () => {
    server.setMode('issuing-ca', 'stale');
    try {
      const r = await fetchRevocationData(leafOnly(), {
        transport: redirectTo(server),
        crl: 'never',
      });
      expect(r.statuses[0]!.status).toBe('no-data');
      expect(r.ocsps).toHaveLength(1);
      expect(r.problems.find((p) => p.source === 'ocsp')?.reason).toMatch(/^stale: /);
    } finally {
      server.setMode('issuing-ca', 'good');
    }
  });

  it('answers from its cache until nextUpdate, without asking again', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'sealdesk-ltv-cache-'));
    const transport = redirectTo(server);
    const first = await fetchRevocationData(leafOnly(), { transport, cacheDir, crl: 'always' });
    expect(first.problems).toEqual([]);
    const before = server.requestCounts();
    expect(readdirSync(cacheDir).length).toBeGreaterThan(0);
    const second = await fetchRevocationData(leafOnly(), { transport, cacheDir, crl: 'always' });
    expect(second.problems).toEqual([]);
    expect(second.ocsps).toEqual(first.ocsps);
    expect(second.crls).toEqual(first.crls);
    expect(server.requestCounts()).toEqual(before);
    // After nextUpdate (the responder says 1 day), the cache is not used.
    const later = await fetchRevocationData(leafOnly(), {
      transport,
      cacheDir,
      crl: 'never',
      now: () => new Date(Date.now() + 2 * 24 * 3600 * 1000),
    });
    expect(server.requestCounts().ocsp).toBeGreaterThan(before.ocsp);
    expect(later.ocsps).toHaveLength(0); // fresh answers are dated "now", which is before that clock
  });
});

describe('OCSP request', () => {
  it('is understood by openssl ocsp -reqin (CertID SHA-1 of issuer name and key, serial)', async () => {
    const { buildOcspRequest } = await import('../../../main/ltv/revocation-fetcher');
    const { execFileSync } = await import('node:child_process');
    const { writeFileSync } = await import('node:fs');
    const pki = testPki();
    const leaf = ParsedCertificate.fromDer(new Uint8Array(pki.ids.rsa2048.certDer));
    const caPem = readFileSync(pki.intermediatePath, 'utf8');
    const ca = ParsedCertificate.fromDer(
      new Uint8Array(Buffer.from(caPem.replace(/-----[^-]+-----|\s/g, ''), 'base64')),
    );
    const file = join(mkdtempSync(join(tmpdir(), 'sealdesk-ocspreq-')), 'req.der');
    writeFileSync(file, buildOcspRequest(leaf, ca));
    const text = execFileSync('openssl', ['ocsp', '-reqin', file, '-req_text'], {
      encoding: 'utf8',
    });
    expect(text).toContain('Hash Algorithm: sha1');
    expect(text.replace(/\s/g, '')).toContain(`SerialNumber:${leaf.serialHex.toUpperCase()}`);
    const keyHash = createHash('sha1').update(ca.publicKeyBits).digest('hex').toUpperCase();
    expect(text).toContain(`Issuer Key Hash: ${keyHash}`);
  });
  it('asks about a CA two chains share once per task, and each chain still gets its answer', async () => {
    const asked: string[] = [];
    const counting: HttpTransport = (req) => {
      asked.push(req.url);
      return httpTransport(req);
    };
    const memo = new RevocationMemo();
    const chain = (id: { certDer: Buffer }) => [
      new Uint8Array(id.certDer),
      new Uint8Array(readFileSync(testPki().intermediatePath.replace(/\.pem$/, '.der'))),
    ];
    const options = { transport: counting, memo, crl: 'never' as const };
    const [a, b] = await Promise.all([
      fetchRevocationData(chain(testPki().ids.rsa2048), options),
      fetchRevocationData(chain(testPki().ids.tsa), options),
    ]);
    for (const r of [a, b]) {
      expect(r.statuses.map((s) => s.status)).toEqual(['good', 'good', 'trust-anchor-candidate']);
      expect(r.ocsps).toHaveLength(2);
    }
    // The issuing CA's answer (from the root's responder) is shared, byte for byte.
    expect(Buffer.compare(a.ocsps[1]!, b.ocsps[1]!)).toBe(0);
    const ocspAsks = asked.filter((u) => u.includes('/ocsp/'));
    expect(ocspAsks.filter((u) => u.endsWith('/ocsp/root-ca'))).toHaveLength(1);
    expect(ocspAsks.filter((u) => u.endsWith('/ocsp/issuing-ca'))).toHaveLength(2);
    // Without a memo each fetch asks again.
    asked.length = 0;
    await fetchRevocationData(chain(testPki().ids.rsa2048), { transport: counting, crl: 'never' });
    await fetchRevocationData(chain(testPki().ids.tsa), { transport: counting, crl: 'never' });
    expect(asked.filter((u) => u.endsWith('/ocsp/root-ca'))).toHaveLength(2);
  });
});
