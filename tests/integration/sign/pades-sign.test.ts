import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeClassicPdf } from '../../fixtures/pdfs/classic-pdf';
import { cjkContractPdf } from '../../fixtures/pdfs/cjk-contract-pdf';
import { hybridPdf } from '../../fixtures/pdfs/hybrid-pdf';
import { incrementallyUpdatedPdf } from '../../fixtures/pdfs/incremental-pdf';
import { manyPagesPdf } from '../../fixtures/pdfs/many-pages-pdf';
import {
  encryptedOwnerOnlyPdf,
  encryptedUserPasswordPdf,
  linearizedPdf,
  USER_PASSWORD,
  xrefStreamPdf,
} from '../../fixtures/pdfs/qpdf-variants';
import { pdffonts, pdfsig, qpdfCheck } from '../../support/external-tools';
import { fixturePdf } from '../../support/fixture-pdfs';
import { testPki } from '../../support/pki';
import { expectAllValid, signBytes, signFile, trustingNssDb, workspace } from './sign-helpers';

const pki = () => testPki();
const RSASSA_PSS_OID = Buffer.from('06092a864886f70d01010a', 'hex');

/** The CMS of the newest signature, without the zero padding of the /Contents hole. */
function extractCms(file: string): Buffer {
  const text = readFileSync(file).toString('latin1');
  const all = [...text.matchAll(/\/Contents <([0-9A-Fa-f]+)>/g)];
  const padded = Buffer.from(all[all.length - 1]![1]!, 'hex');
  // The DER SEQUENCE header says how long the CMS is (the rest is the placeholder's zeros).
  const first = padded[1]!;
  const lenBytes = first & 0x80 ? first & 0x7f : 0;
  const len = lenBytes ? padded.readUIntBE(2, lenBytes) : first;
  return padded.subarray(0, 2 + lenBytes + len);
}

/** The newest xref section of a file, as text around its startxref target. */
function lastXrefSection(file: string): string {
  const bytes = readFileSync(file);
  const tail = bytes.subarray(Math.max(0, bytes.length - 64)).toString('latin1');
  const at = Number(/startxref\s+(\d+)/.exec(tail)?.[1]);
  return bytes.subarray(at, at + 200).toString('latin1');
}

describe('PAdES B-B signing by incremental update', () => {
  it.each(['rsa2048', 'rsa3072', 'ecP256', 'ecP384'] as const)(
    'signs a classic-xref PDF with the %s identity so that pdfsig, mutool and qpdf accept it',
    async (name) => {
      const dir = workspace();
      const { output, result } = await signBytes(
        dir,
        'classic',
        makeClassicPdf({ pages: 3 }),
        pki().ids[name],
      );
      const ps = await expectAllValid(output, 1);
      expect(ps.signatures[0]!.signatureType).toBe('ETSI.CAdES.detached');
      expect(ps.signatures[0]!.totalDocumentSigned).toBe(true);
      expect(result.level).toBe('B-B');
      expect(lastXrefSection(output)).toMatch(/^xref/);
    },
  );

  it('signs with RSA-PSS when asked, and pdfsig accepts it', async () => {
    // mutool verifies through OpenSSL's PKCS7 API, which has no RSA-PSS: it is not asked here.
    const dir = workspace();
    const { output } = await signBytes(
      dir,
      'pss',
      makeClassicPdf({ pages: 1 }),
      pki().ids.rsa3072,
      {
        preferPss: true,
      },
    );
    const ps = await pdfsig(output, { nssDir: await trustingNssDb() });
    expect(ps.signatures[0]!.signatureValid, ps.raw).toBe(true);
    expect(ps.signatures[0]!.certificateTrusted, ps.raw).toBe(true);
    expect(extractCms(output).includes(RSASSA_PSS_OID)).toBe(true);
    expect((await qpdfCheck(output)).ok).toBe(true);
  });

  it('signs with an RSASSA-PSS key so that OpenSSL verifies the CMS over the signed ranges', async () => {
    // NSS (pdfsig) cannot verify id-RSASSA-PSS subject keys in CMS; OpenSSL can.
    const dir = workspace();
    const id = pki().ids.rsaPss;
    const { output, result } = await signBytes(dir, 'psskey', makeClassicPdf({ pages: 1 }), id);
    const bytes = readFileSync(output);
    const [a, b, c, d] = result.byteRange;
    writeFileSync(
      join(dir, 'content.bin'),
      Buffer.concat([bytes.subarray(a, a + b), bytes.subarray(c, c + d)]),
    );
    writeFileSync(join(dir, 'sig.der'), extractCms(output));
    const r = spawnSync(
      'openssl',
      [
        'cms',
        '-verify',
        '-binary',
        '-inform',
        'DER',
        '-in',
        join(dir, 'sig.der'),
        '-content',
        join(dir, 'content.bin'),
        '-CAfile',
        pki().rootPath,
        '-purpose',
        'any',
        '-out',
        '/dev/null',
      ],
      { encoding: 'utf8' },
    );
    expect(r.stderr).toMatch(/Verification successful/);
    expect((await qpdfCheck(output)).ok).toBe(true);
  });

  it.each(['sha384', 'sha512'] as const)('signs with %s as the digest algorithm', async (hash) => {
    const dir = workspace();
    const { output } = await signBytes(dir, hash, makeClassicPdf({ pages: 1 }), pki().ids.rsa2048, {
      hash,
    });
    const ps = await expectAllValid(output, 1);
    expect(ps.signatures[0]!.hashAlgorithm?.toLowerCase().replace('-', '')).toBe(hash);
  });

  it('appends an xref stream after a file whose newest section is an xref stream', async () => {
    const dir = workspace();
    const src = await xrefStreamPdf(makeClassicPdf({ pages: 4 }));
    const { output } = await signBytes(dir, 'xrefstm', src, pki().ids.ecP256);
    await expectAllValid(output, 1);
    expect(lastXrefSection(output)).toMatch(/\/Type\s*\/XRef/);
  });

  it('signs hybrid-reference, linearized and incrementally updated files', async () => {
    const dir = workspace();
    const inputs: Array<[string, Buffer]> = [
      ['hybrid', hybridPdf()],
      ['linearized', await linearizedPdf(makeClassicPdf({ pages: 5 }))],
      ['incremental', incrementallyUpdatedPdf()],
    ];
    for (const [name, pdf] of inputs) {
      const { output } = await signBytes(dir, name, pdf, pki().ids.rsa2048);
      await expectAllValid(output, 1);
    }
  });

  it('signs the Chinese sample purchase contract, keeping its embedded CJK fonts', async () => {
    const dir = workspace();
    const { output } = await signBytes(dir, 'contract', await cjkContractPdf(), pki().ids.rsa2048, {
      reason: '同意本合同条款',
      location: '上海',
    });
    await expectAllValid(output, 1);
    const fonts = await pdffonts(output);
    expect(fonts.fonts.length).toBeGreaterThan(0);
    expect(fonts.fonts.every((f) => f.embedded)).toBe(true);
  });

  it('signs a 10,000-page document', async () => {
    const dir = workspace();
    const { output } = await signBytes(dir, 'pages', manyPagesPdf(10_000), pki().ids.ecP256);
    await expectAllValid(output, 1);
  });

  it.each(['aes256', 'aes128', 'rc4-128'] as const)(
    'signs an owner-password-only encrypted file (%s)',
    async (cipher) => {
      const dir = workspace();
      const src = await encryptedOwnerOnlyPdf(cipher, makeClassicPdf({ pages: 2 }));
      const { output } = await signBytes(dir, `enc-${cipher}`, src, pki().ids.rsa2048, {
        reason: 'Approved',
      });
      await expectAllValid(output, 1, { password: '' });
    },
  );

  it('signs a file that needs its open password when given it', async () => {
    const dir = workspace();
    const src = await encryptedUserPasswordPdf(makeClassicPdf({ pages: 1 }));
    const { output } = await signBytes(dir, 'userpw', src, pki().ids.rsa2048, {
      password: USER_PASSWORD,
    });
    const q = await qpdfCheck(output, { password: USER_PASSWORD });
    expect(q.ok, q.raw).toBe(true);
  });

  it('keeps the signature of another tool valid when adding its own', async () => {
    const dir = workspace();
    const other = readFileSync(await fixturePdf('signed-by-other-tool'));
    const { output } = await signBytes(dir, 'other', other, pki().ids.rsa2048);
    const ps = await pdfsig(output, { nssDir: await trustingNssDb() });
    expect(ps.signatures, ps.raw).toHaveLength(2);
    expect(
      ps.signatures.every((s) => s.signatureValid),
      ps.raw,
    ).toBe(true);
  });

  it('keeps earlier signatures valid through three parties signing in turn', async () => {
    const dir = workspace();
    const a = await signBytes(dir, 'party', makeClassicPdf({ pages: 2 }), pki().ids.rsa2048, {
      reason: 'Party A',
    });
    const b = await signFile(a.output, join(dir, 'party-b.pdf'), pki().ids.ecP256, {
      reason: 'Party B',
    });
    const c = await signFile(b.output, join(dir, 'party-c.pdf'), pki().ids.rsa3072, {
      reason: 'Party C',
    });
    const ps = await expectAllValid(c.output, 3);
    expect(ps.signatures.map((s) => s.totalDocumentSigned)).toEqual([false, false, true]);
    expect(c.result.fieldName).toBe('Signature3');
  });

  it('makes pdfsig report a digest mismatch when one byte inside the signed range changes', async () => {
    const dir = workspace();
    const { output, result } = await signBytes(
      dir,
      'flip',
      makeClassicPdf({ pages: 1 }),
      pki().ids.rsa2048,
    );
    const bytes = readFileSync(output);
    const at = Math.floor(result.byteRange[1] / 2);
    bytes[at] = bytes[at]! ^ 0x01;
    const tampered = join(dir, 'tampered.pdf');
    writeFileSync(tampered, bytes);
    const ps = await pdfsig(tampered, { nssDir: await trustingNssDb() });
    expect(ps.signatures[0]!.signatureValid, ps.raw).toBe(false);
    expect(ps.signatures[0]!.signatureStatus, ps.raw).toMatch(/Digest Mismatch/i);
  });

  it('writes /Reason, /Location and a PDF date in /M, and no CMS signing-time', async () => {
    const dir = workspace();
    const when = new Date(Math.floor(Date.now() / 1000) * 1000);
    const expected = when.toISOString().replace(/[-:T]/g, '').slice(0, 14);
    const { output } = await signBytes(
      dir,
      'meta',
      makeClassicPdf({ pages: 1 }),
      pki().ids.rsa2048,
      {
        reason: 'Approval',
        location: 'Beijing',
        signingTime: when,
      },
    );
    const text = readFileSync(output).toString('latin1');
    expect(text).toContain('/Reason (Approval)');
    expect(text).toContain('/Location (Beijing)');
    expect(text).toContain(`/M (D:${expected}Z)`);
    const cms = Buffer.from(/\/Contents <([0-9A-F]+)>/.exec(text)![1]!, 'hex');
    const signingTimeOid = Buffer.from('06092a864886f70d010905', 'hex');
    const signingCertV2Oid = Buffer.from('060b2a864886f70d010910022f', 'hex');
    expect(cms.includes(signingTimeOid)).toBe(false);
    expect(cms.includes(signingCertV2Oid)).toBe(true);
    const ps = await pdfsig(output, { nssDir: await trustingNssDb() });
    expect(ps.signatures[0]!.signatureValid).toBe(true);
  });
});
