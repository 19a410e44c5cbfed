import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSeal } from '../../../main/seals';
import { ParsedCertificate } from '../../../main/verify/parsed-certificate';
import { verifyDocument } from '../../../main/verify/verify-document';
import { makeClassicPdf } from '../../fixtures/pdfs/classic-pdf';
import { pdfsig } from '../../support/external-tools';
import { testPki } from '../../support/pki';
import { signBytes, signFile, trustingNssDb, workspace } from '../sign/sign-helpers';

const root = () => ParsedCertificate.fromDer(new Uint8Array(testPki().rootDer), 'test root');

describe('two parties sealing the same pages', () => {
  it('keeps the first signature valid when the second party stamps its seal and date over it', async () => {
    const dir = workspace();
    const first = generateSeal({
      type: 'round',
      organisation: '甲方科技有限公司',
      title: '合同专用章',
    });
    const second = generateSeal({
      type: 'round',
      organisation: '乙方贸易有限公司',
      title: '合同专用章',
    });
    const a = await signBytes(dir, 'party-a', makeClassicPdf({ pages: 2 }), testPki().ids.rsa2048, {
      appearance: {
        seal: first,
        placements: [
          { page: 1, xMm: 60, yMm: 200 },
          { page: 2, xMm: 60, yMm: 200 },
        ],
      },
    });
    const b = await signFile(a.output, join(dir, 'party-b.pdf'), testPki().ids.ecP256, {
      appearance: {
        seal: second,
        // Over the first party's seal on page 1, a second placement, and a date stamp.
        placements: [
          { page: 1, xMm: 70, yMm: 205 },
          { page: 2, xMm: 140, yMm: 200 },
        ],
        dateStamp: { page: 2, xMm: 140, yMm: 240 },
      },
    });
    const v = await verifyDocument(b.output, { trustAnchors: [root()] });
    expect(
      v.signatures.map((s) => s.indication),
      JSON.stringify(v.signatures),
    ).toEqual(['TOTAL_PASSED', 'TOTAL_PASSED']);
    const after = v.signatures[0]!.modificationsAfter;
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((m) => m.allowed && m.kind === 'signature')).toBe(true);
    const ps = await pdfsig(b.output, { nssDir: await trustingNssDb() });
    expect(
      ps.signatures.every((s) => s.signatureValid),
      ps.raw,
    ).toBe(true);
  });

  it('still fails the first signature when a stamp that belongs to no new signature covers it', async () => {
    const dir = workspace();
    const seal = generateSeal({
      type: 'round',
      organisation: '甲方科技有限公司',
      title: '合同专用章',
    });
    const a = await signBytes(dir, 'party-a', makeClassicPdf({ pages: 1 }), testPki().ids.rsa2048, {
      appearance: { seal, placements: [{ page: 1, xMm: 60, yMm: 200 }] },
    });
    const b = await signFile(a.output, join(dir, 'party-b.pdf'), testPki().ids.ecP256, {
      appearance: {
        seal,
        placements: [
          { page: 1, xMm: 60, yMm: 100 },
          { page: 1, xMm: 60, yMm: 200 },
        ],
      },
    });
    // Rename the stamp's owner (same length) so it no longer names the new signature field.
    const bytes = readFileSync(b.output);
    const text = bytes.toString('latin1');
    const at = text.indexOf('(Signature2.');
    expect(at).toBeGreaterThan(0);
    bytes.write('(Xignature2.', at, 'latin1');
    const forged = join(dir, 'forged.pdf');
    writeFileSync(forged, bytes);
    const v = await verifyDocument(forged, { trustAnchors: [root()] });
    expect(v.signatures[0]!.indication).not.toBe('TOTAL_PASSED');
  });
});
