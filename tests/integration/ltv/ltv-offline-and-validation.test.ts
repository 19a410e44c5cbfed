/**
 * Offline first and long-term validation against a private loopback server (its own modes):
 * TSA down at signing gives B-B and a queue entry, the queue run raises it to B-LTA with the
 * signature still valid; an expired certificate passes with a timestamp before its expiry; a
 * certificate revoked before the proof of existence is REVOKED_NO_POE (INDETERMINATE): the
 * signer's claimed time proves nothing (ETSI EN 319 102-1 §5.3.4, §5.5.4); OCSP answers from an
 * unauthorised responder and stale answers are never embedded; a DSS that misses the TSA chain
 * leaves the level at B-T.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSealdeskError } from '../../../main/errors/sealdesk-error';
import { augmentPdf } from '../../../main/ltv/augment';
import { runAugmentQueue } from '../../../main/ltv/augment-queue';
import { addDss } from '../../../main/ltv/dss-update';
import { LtvQueue } from '../../../main/ltv/ltv-queue';
import { fetchRevocationData } from '../../../main/ltv/revocation-fetcher';
import { issueCertificate, TEST_P12_PASSPHRASE } from '../../fixtures/pki/make-pki';
import { testPki } from '../../support/pki';
import { startRevocationServer, type RevocationServer } from '../../support/revocation-server';
import { sha256File, workspace } from '../sign/sign-helpers';
import { expectLtaIntact, runWideTsa, signFixture, verifyWithTestRoot } from './ltv-support';

const HOUR = 3600_000;

describe('offline signing and long-term validation', () => {
  let dir: string;
  let server: RevocationServer;
  beforeAll(async () => {
    dir = workspace();
    server = await startRevocationServer({ port: 0 });
  });
  afterAll(async () => {
    await server.close();
  });

  const privateIdentity = async (name: string, extra: { notAfter?: Date } = {}) => {
    const issued = await issueCertificate({
      commonName: `Sealdesk LTV ${name}`,
      urlBase: server.url,
      outDir: join(dir, 'ids'),
      ...extra,
    });
    return { ...issued, p12Path: issued.p12Path!, p12Passphrase: TEST_P12_PASSPHRASE };
  };

  it('signs at B-B and queues when the TSA is down, then the queue run makes it B-LTA', async () => {
    server.setTsaMode('down');
    const dataDir = mkdtempSync(join(tmpdir(), 'sealdesk-ltvq-'));
    const queue = new LtvQueue(dataDir);
    const tsa = { tsas: [`${server.url}/tsa`], timeoutMs: 3000 };
    const r = await signFixture(dir, 'offline', testPki().ids.rsa2048, {
      level: 'B-LTA',
      tsa,
      queue,
    });
    expect([r.level, r.requestedLevel, r.queued]).toEqual(['B-B', 'B-LTA', true]);
    expect(r.pendingReason).toMatch(/TSA|time-stamp/i);
    // The queue survives a restart: a fresh object over the same folder sees the entry.
    const listed = await new LtvQueue(dataDir).list();
    expect(
      listed.map((e) => [basename(e.file), e.level]),
      JSON.stringify(listed),
    ).toEqual([['offline.signed.pdf', 'B-LTA']]);
    const v0 = await verifyWithTestRoot(r.output);
    expect(v0.signatures.map((s) => [s.indication, s.level])).toEqual([['TOTAL_PASSED', 'B-B']]);

    // Still down: the entry stays, the file is untouched.
    const before = sha256File(r.output);
    const failed = await runAugmentQueue(new LtvQueue(dataDir), { tsa });
    expect(failed.map((x) => x.ok)).toEqual([false]);
    expect(sha256File(r.output)).toBe(before);
    expect((await queue.list())[0]?.attempts).toBe(1);

    server.setTsaMode('good');
    const done = await runAugmentQueue(new LtvQueue(dataDir), {
      tsa,
      revocation: { crl: 'never' },
    });
    expect(
      done.map((x) => x.ok),
      JSON.stringify(done),
    ).toEqual([true]);
    expect(await queue.list()).toEqual([]);
    // The original bytes are a prefix: the earlier signature was not touched.
    const now = readFileSync(r.output);
    expect(readFileSync(r.output).length).toBeGreaterThan(0);
    expect(now.length).toBeGreaterThan(Number(r.outputBytes));
    const v = await verifyWithTestRoot(r.output);
    expect(v.signatures.map((s) => [s.kind, s.indication, s.level])).toEqual([
      ['signature', 'TOTAL_PASSED', 'B-LTA'],
      ['timestamp', 'TOTAL_PASSED', null],
      ['timestamp', 'TOTAL_PASSED', null],
    ]);
    await expectLtaIntact(r.output);
    expect(readdirSync(dir).filter((f) => f.includes('sealdesk-'))).toEqual([]);
  });

  it('passes a signature whose certificate expired after a valid timestamp', async () => {
    const id = await privateIdentity('short-lived', { notAfter: new Date(Date.now() + HOUR) });
    const r = await signFixture(dir, 'short', id, { level: 'B-T', tsa: runWideTsa() });
    expect(r.level).toBe('B-T');
    const later = new Date(Date.now() + 48 * HOUR);
    const v = await verifyWithTestRoot(r.output, later);
    const s = v.signatures[0]!;
    expect([s.indication, s.level], JSON.stringify(s)).toEqual(['TOTAL_PASSED', 'B-T']);
  });

  // The signer states (/M) it signed an hour after the revocation, and the signature timestamp
  // is later still: nothing proves when it signed (a claimed time is no bound, and the POE only
  // bounds from above), so INDETERMINATE/REVOKED_NO_POE; TOTAL_FAILED/REVOKED needs the signing
  // proven after the revocation (ETSI EN 319 102-1 §5.3.4 step 4, content-time-stamp).
  it('says REVOKED_NO_POE for a certificate revoked before the proof of existence, whatever the signer claims', async () => {
    const id = await privateIdentity('revoked');
    server.revoke(id.certPem, new Date(Date.now() - HOUR), 'keyCompromise');
    const r = await signFixture(dir, 'revoked', id, { level: 'B-T', tsa: runWideTsa() });
    const lt = join(dir, 'revoked.lt.pdf');
    await augmentPdf({ input: r.output, output: lt, level: 'B-LT', revocation: { crl: 'never' } });
    const v = await verifyWithTestRoot(lt);
    const s = v.signatures[0]!;
    expect([s.indication, s.subIndication], JSON.stringify(s)).toEqual([
      'INDETERMINATE',
      'REVOKED_NO_POE',
    ]);
    expect(s.revocation[0]?.status).toBe('revoked');
    expect(s.revocation[0]?.evidence.every((e) => e.origin === 'DSS')).toBe(true);
  });

  for (const mode of ['unauthorised-responder', 'stale'] as const) {
    it(`refuses to embed an OCSP answer that is ${mode === 'stale' ? 'stale' : 'signed by an unauthorised responder'}`, async () => {
      const id = await privateIdentity(mode);
      const r = await signFixture(dir, mode, id, { level: 'B-T', tsa: runWideTsa() });
      server.setMode('issuing-ca', mode);
      server.setCrlMode('issuing-ca', 'down');
      try {
        const out = join(dir, `${mode}.lt.pdf`);
        const err = await augmentPdf({ input: r.output, output: out, level: 'B-LT' }).catch(
          (e: unknown) => e,
        );
        expect(isSealdeskError(err) && err.code).toBe('LTV_LEVEL_UNREACHABLE');
        expect((err as Error).message).toMatch(mode === 'stale' ? /stale/ : /rejected/);
        expect(readdirSync(dir)).not.toContain(basename(out));
      } finally {
        server.setMode('issuing-ca', 'good');
        server.setCrlMode('issuing-ca', 'good');
      }
    });
  }

  it('stays at B-T when the DSS does not cover the TSA chain', async () => {
    const r = await signFixture(dir, 'partial', testPki().ids.rsa2048, {
      level: 'B-T',
      tsa: runWideTsa(),
    });
    const signerOnly = await fetchRevocationData([new Uint8Array(testPki().ids.rsa2048.certDer)], {
      crl: 'never',
    });
    const out = join(dir, 'partial.dss.pdf');
    await addDss({ input: r.output, output: out, data: signerOnly });
    const v = await verifyWithTestRoot(out);
    expect(v.signatures.map((s) => [s.indication, s.level])).toEqual([['TOTAL_PASSED', 'B-T']]);
  });
});
