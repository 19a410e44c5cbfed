/**
 * verifyDocument against documents signed by the project's signer and tampered in code; the
 * integrity verdict is compared with poppler pdfsig and mutool on the valid and broken files.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyDocument } from '../../../main/verify/verify-document';
import { mutoolVerify, pdfsig } from '../../support/external-tools';
import { testPki } from '../../support/pki';
import { trustingNssDb } from '../sign/sign-helpers';
import {
  addPageAfterSigning,
  annotationOverlayAfterSigning,
  flipByte,
  overlayAfterSigning,
  stickyNoteAfterSigning,
  rootAnchor,
  signFile,
  signedContract,
  workspace,
} from './verify-helpers';

const DAY = 24 * 3600 * 1000;
let dir: string;
let valid: string;

beforeAll(async () => {
  dir = workspace();
  valid = await signedContract(dir, 'valid');
});

const verify = (file: string, at?: Date) =>
  verifyDocument(file, { trustAnchors: [rootAnchor()], ...(at ? { at } : {}) });

describe('verifyDocument', () => {
  it('passes a freshly signed contract, and pdfsig and mutool agree it is intact', async () => {
    const r = await verify(valid);
    expect(r.error).toBeNull();
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.signatures).toHaveLength(1);
    const s = r.signatures[0]!;
    expect(s).toMatchObject({
      kind: 'signature',
      indication: 'TOTAL_PASSED',
      subIndication: null,
      level: 'B-B',
      coversWholeFile: true,
      modificationsAfter: [],
    });
    expect(s.signer).toContain('示例科技有限公司');
    expect(s.messageZh).toMatch(/^有效：由 Sealdesk Test Signer RSA 2048（示例科技有限公司）/);
    expect(s.messageEn).toMatch(/^Valid: signed by/);
    expect(s.chain.map((c) => c.role)).toEqual(['signer', 'intermediate', 'anchor']);
    const ps = await pdfsig(valid, { nssDir: await trustingNssDb(), noOcsp: true });
    expect(ps.signatures[0]?.signatureValid, ps.raw).toBe(true);
    const mu = await mutoolVerify(valid);
    expect(mu.signatures[0]?.digestOk, mu.raw).toBe(true);
  });

  it('fails a flipped byte with HASH_FAILURE, as pdfsig and mutool do', async () => {
    const broken = flipByte(valid, join(dir, 'flipped.pdf'), 400);
    const s = (await verify(broken)).signatures[0]!;
    expect([s.indication, s.subIndication]).toEqual(['TOTAL_FAILED', 'HASH_FAILURE']);
    expect(s.messageEn).toMatch(/^Not valid/);
    const ps = await pdfsig(broken, { nssDir: await trustingNssDb(), noOcsp: true });
    expect(ps.signatures[0]?.signatureValid, ps.raw).toBe(false);
    const mu = await mutoolVerify(broken);
    expect(mu.signatures[0]?.digestOk, mu.raw).toBe(false);
  });

  it('says INDETERMINATE / NO_CERTIFICATE_CHAIN_FOUND for a signer under an untrusted root', async () => {
    const { output } = await signFile(
      valid.replace('.signed.pdf', '.pdf'),
      join(dir, 'untrusted.pdf'),
      testPki().ids.untrusted,
    );
    const s = (await verify(output)).signatures[0]!;
    expect([s.indication, s.subIndication]).toEqual([
      'INDETERMINATE',
      'NO_CERTIFICATE_CHAIN_FOUND',
    ]);
    expect(s.messageZh).toContain('sealdesk trust import');
  });

  it('says INDETERMINATE / OUT_OF_BOUNDS_NO_POE for a signer whose certificate has expired, with no timestamp', async () => {
    const signedAt = new Date(Date.now() - 60 * DAY);
    const { output } = await signFile(
      valid.replace('.signed.pdf', '.pdf'),
      join(dir, 'expired.pdf'),
      testPki().ids.expired,
      {
        signingTime: signedAt,
      },
    );
    const s = (await verify(output)).signatures[0]!;
    expect([s.indication, s.subIndication]).toEqual(['INDETERMINATE', 'OUT_OF_BOUNDS_NO_POE']);
    expect(s.messageEn).toMatch(/has expired and no trusted timestamp proves/);
  });

  it('reproduces the verdict of a given time with `at`: valid now, out of bounds after the signer expires', async () => {
    const notAfter = new Date((await verify(valid)).signatures[0]!.chain[0]!.notAfter);
    const before = (await verify(valid, new Date(Date.now() + DAY))).signatures[0]!;
    expect(before.indication).toBe('TOTAL_PASSED');
    const after = (await verify(valid, new Date(notAfter.getTime() + DAY))).signatures[0]!;
    expect([after.indication, after.subIndication]).toEqual([
      'INDETERMINATE',
      'OUT_OF_BOUNDS_NO_POE',
    ]);
  });

  it('passes both signatures of a twice-signed contract, the first with an allowed new signature after it', async () => {
    const second = join(dir, 'two.pdf');
    await signFile(valid, second, testPki().ids.ecP256);
    const r = await verify(second);
    expect(r.signatures.map((s) => s.indication)).toEqual(['TOTAL_PASSED', 'TOTAL_PASSED']);
    expect(r.signatures[0]!.coversWholeFile).toBe(false);
    expect(r.signatures[0]!.modificationsAfter).toEqual([
      expect.objectContaining({ kind: 'signature', allowed: true }),
    ]);
    expect(r.signatures[1]!.coversWholeFile).toBe(true);
  });

  it('never passes a signature after which a page was added, and names the page', async () => {
    const f = join(dir, 'page-added.pdf');
    copyFileSync(valid, f);
    await addPageAfterSigning(f);
    const s = (await verify(f)).signatures[0]!;
    expect(s.indication).toBe('TOTAL_FAILED');
    expect(s.subIndication).toBe('FORMAT_FAILURE');
    const bad = s.modificationsAfter.filter((m) => !m.allowed);
    expect(bad.length).toBeGreaterThan(0);
    expect(bad.flatMap((m) => m.pages)).toContain(3);
    expect(s.messageEn).toMatch(/changed afterwards in a way that is not allowed/);
  });

  it('never passes a signature whose page got a content overlay afterwards', async () => {
    const f = join(dir, 'overlay.pdf');
    copyFileSync(valid, f);
    await overlayAfterSigning(f);
    const s = (await verify(f)).signatures[0]!;
    expect(s.indication).not.toBe('TOTAL_PASSED');
    expect(s.modificationsAfter.some((m) => !m.allowed && m.pages.includes(1))).toBe(true);
  });

  it('passes an approval signature followed by a FreeText review mark and names the mark, its page and rectangle', async () => {
    const f = join(dir, 'annot-overlay.pdf');
    copyFileSync(valid, f);
    await annotationOverlayAfterSigning(f);
    const s = (await verify(f)).signatures[0]!;
    expect(s.indication).toBe('TOTAL_PASSED');
    expect(s.modificationsAfter).toEqual([
      expect.objectContaining({ kind: 'annotation', allowed: true, pages: [1] }),
    ]);
    expect(s.modificationsAfter[0]!.annotations).toEqual([
      { page: 1, subtype: 'FreeText', rect: [60, 600, 460, 720], change: 'added', allowed: true },
    ]);
    expect(s.messageZh).toMatch(/^有效：/);
  });

  it('never passes a P=3 certification signature covered afterwards by a FreeText overlay (the Evil Annotation Attack)', async () => {
    const certified = await signedContract(dir, 'certified-p3', { certify: 3 });
    const f = join(dir, 'certified-p3-overlay.pdf');
    copyFileSync(certified, f);
    await annotationOverlayAfterSigning(f);
    const s = (await verify(f)).signatures[0]!;
    expect(s.certified).toBe(3);
    expect(s.indication).toBe('TOTAL_FAILED');
    expect(s.modificationsAfter.some((m) => !m.allowed && m.pages.includes(1))).toBe(true);
    expect(s.modificationsAfter[0]!.annotations[0]).toMatchObject({
      subtype: 'FreeText',
      allowed: false,
    });
    expect(s.messageZh).toMatch(/^无效：/);
  });

  it('fails a certification signature with P=1 once an annotation is added, which an approval signature allows', async () => {
    const certified = await signedContract(dir, 'certified', { certify: 1 });
    const f = join(dir, 'certified-then-annotated.pdf');
    copyFileSync(certified, f);
    await stickyNoteAfterSigning(f);
    const r = await verify(f);
    expect(r.signatures[0]!.certified).toBe(1);
    expect(r.signatures[0]!.indication).toBe('TOTAL_FAILED');
    expect(r.signatures[0]!.modificationsAfter.some((m) => !m.allowed)).toBe(true);

    const plain = join(dir, 'approval-then-annotated.pdf');
    copyFileSync(valid, plain);
    await stickyNoteAfterSigning(plain);
    const a = (await verify(plain)).signatures[0]!;
    expect(a.indication).toBe('TOTAL_PASSED');
    expect(a.modificationsAfter).toEqual([
      expect.objectContaining({ kind: 'annotation', allowed: true }),
    ]);
    expect(a.messageEn).toMatch(
      /afterwards a note \(Text\) was added on page 1, which is a permitted change/,
    );
    expect(a.messageZh).toMatch(/此后第 1 页添加了便签/);
  });

  it('turns a file that is not a PDF into an error result, not an exception', async () => {
    const r = await verify(join(dir, 'missing.pdf'));
    expect(r.signatures).toEqual([]);
    expect(r.error?.subIndication).toBe('FORMAT_FAILURE');
    expect(r.error?.messageEn).toMatch(/^Cannot be verified/);
  });
});
