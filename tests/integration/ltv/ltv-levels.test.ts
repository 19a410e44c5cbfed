/**
 * Each PAdES level made by Sealdesk (B-B; B-T at signing; B-LT and B-LTA as stacked updates in
 * one output) and then detected by our verifier; pdfsig, mutool and qpdf agree that every
 * signature is intact, and pdfsig lists the document timestamp.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyDocument } from '../../../main/verify/verify-document';
import { testPki } from '../../support/pki';
import { expectAllValid, workspace } from '../sign/sign-helpers';
import { expectLtaIntact, runWideTsa, signFixture, verifyWithTestRoot } from './ltv-support';

describe('PAdES levels at signing', () => {
  let dir: string;
  beforeAll(() => {
    dir = workspace();
  });

  it('signs at B-B without asking any TSA, and our verifier says B-B', async () => {
    const r = await signFixture(dir, 'bb', testPki().ids.rsa2048, { level: 'B-B' });
    expect(r.level).toBe('B-B');
    const v = await verifyWithTestRoot(r.output);
    expect(v.signatures.map((s) => [s.indication, s.level])).toEqual([['TOTAL_PASSED', 'B-B']]);
  });

  it('signs at B-T with a signature-time-stamp that our verifier and pdfsig accept', async () => {
    const r = await signFixture(dir, 'bt', testPki().ids.rsa2048, {
      level: 'B-T',
      tsa: runWideTsa(),
    });
    expect(r.level).toBe('B-T');
    expect(r.timestamp?.tokenBytes).toBeGreaterThan(1000);
    const v = await verifyWithTestRoot(r.output);
    const s = v.signatures[0]!;
    expect([s.indication, s.level], JSON.stringify(s)).toEqual(['TOTAL_PASSED', 'B-T']);
    expect(s.timestamps.map((t) => t.kind)).toEqual(['signature-timestamp']);
    await expectAllValid(r.output, 1);
  });

  it('keeps the level B-T when the signature timestamp is intact but its TSA is not trusted: the verdict says so, the level does not drop', async () => {
    const r = await signFixture(dir, 'bt-untrusted', testPki().ids.rsa2048, {
      level: 'B-T',
      tsa: runWideTsa(),
    });
    const v = await verifyDocument(r.output, { trustAnchors: [] });
    const s = v.signatures[0]!;
    expect(s.indication).toBe('INDETERMINATE');
    expect(s.level).toBe('B-T');
    expect(s.provenTime).toBeNull();
  });

  it('redoes the placeholder once when the token is larger than estimated', async () => {
    const r = await signFixture(dir, 'bt-small', testPki().ids.rsa2048, {
      level: 'B-T',
      tsa: runWideTsa(),
      timestampTokenEstimate: 16,
    });
    expect(r.level).toBe('B-T');
    expect(r.placeholderBytes).toBeGreaterThanOrEqual(r.signatureBytes);
    await expectAllValid(r.output, 1);
  });

  it('signs at B-LT: DSS with VRI covering the signer and TSA chains, one output file', async () => {
    const r = await signFixture(dir, 'blt', testPki().ids.rsa2048, {
      level: 'B-LT',
      tsa: runWideTsa(),
      revocation: { crl: 'never' },
    });
    expect([r.level, r.queued]).toEqual(['B-LT', false]);
    const v = await verifyWithTestRoot(r.output);
    expect(v.signatures.map((s) => [s.indication, s.level])).toEqual([['TOTAL_PASSED', 'B-LT']]);
    await expectAllValid(r.output, 1);
    expect(readdirSync(dir).filter((f) => f.includes('sealdesk'))).toEqual([]);
  });

  it('signs at B-LTA: the document timestamp after the DSS is valid and pdfsig lists it', async () => {
    const r = await signFixture(dir, 'blta', testPki().ids.rsa2048, {
      level: 'B-LTA',
      tsa: runWideTsa(),
      revocation: { crl: 'never' },
    });
    expect(r.level).toBe('B-LTA');
    const v = await verifyWithTestRoot(r.output);
    expect(v.signatures.map((s) => [s.kind, s.indication, s.level])).toEqual([
      ['signature', 'TOTAL_PASSED', 'B-LTA'],
      ['timestamp', 'TOTAL_PASSED', null],
    ]);
    await expectLtaIntact(r.output);
    expect(readFileSync(r.output).toString('latin1')).toMatch(/\/Type\s*\/DocTimeStamp/);
  });
});
