/**
 * A DSS added by incremental update to a signed PDF: the signature stays valid for pdfsig,
 * mutool and qpdf, and the DSS holds the streams and a VRI entry keyed by the SHA-1 of the
 * signature's /Contents (computed here from the raw file bytes, not through our reader).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDss } from '../../../main/ltv/dss-update';
import {
  fetchRevocationData,
  type FetchedRevocationData,
} from '../../../main/ltv/revocation-fetcher';
import { PdfDocument } from '../../../main/pdf/document';
import { isArray, isDict, isString, PdfStream } from '../../../main/pdf/objects';
import { readDocumentDss } from '../../../main/verify/verify-dss';
import { makeClassicPdf } from '../../fixtures/pdfs/classic-pdf';
import { testPki } from '../../support/pki';
import { expectAllValid, sha256File, signBytes, workspace } from '../sign/sign-helpers';

/** SHA-1 of the /Contents hole, read from the file's last ByteRange by hand. */
function contentsSha1(file: string): string {
  const text = readFileSync(file).toString('latin1');
  const m = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)].at(-1);
  if (!m) throw new Error('no ByteRange');
  const hex = text.slice(Number(m[2]) + 1, Number(m[3]) - 1);
  return createHash('sha1').update(Buffer.from(hex, 'hex')).digest('hex').toUpperCase();
}

const distinct = (items: readonly Uint8Array[]): string[] =>
  [...new Set(items.map((b) => Buffer.from(b).toString('hex')))].sort();

describe('DSS update', () => {
  let dir: string;
  let signed: string;
  let fetched: FetchedRevocationData;
  beforeAll(async () => {
    dir = workspace();
    signed = (await signBytes(dir, 'contract', makeClassicPdf({ pages: 2 }), testPki().ids.rsa2048))
      .output;
    fetched = await fetchRevocationData([new Uint8Array(testPki().ids.rsa2048.certDer)], {
      crl: 'always',
    });
    expect(fetched.problems).toEqual([]);
  });

  it('adds Certs, OCSPs, CRLs and a VRI entry keyed by the signature, keeping it valid', async () => {
    const output = join(dir, 'contract.lt.pdf');
    const before = sha256File(signed);
    const r = await addDss({ input: signed, output, data: fetched, time: new Date() });
    expect(sha256File(signed), 'the input must never change').toBe(before);
    expect(r.added).toEqual({ certs: 3, ocsps: 2, crls: 2 });
    const key = contentsSha1(signed);
    expect(r.vriKeys).toEqual([key]);
    // The original bytes are a prefix of the output.
    const a = readFileSync(signed);
    const b = readFileSync(output);
    expect(b.subarray(0, a.length).equals(a)).toBe(true);
    expect(b.length).toBe(r.outputBytes);

    await expectAllValid(output, 1);

    const doc = await PdfDocument.open(output);
    try {
      const dss = await doc.resolve((await doc.catalog()).get('DSS'));
      expect(isDict(dss)).toBe(true);
      if (!isDict(dss)) return;
      for (const [k, n] of [
        ['Certs', 3],
        ['OCSPs', 2],
        ['CRLs', 2],
      ] as const) {
        const arr = await doc.resolve(dss.get(k));
        expect(isArray(arr) && arr.length, k).toBe(n);
        if (isArray(arr))
          for (const item of arr) expect(await doc.resolve(item)).toBeInstanceOf(PdfStream);
      }
      const vri = await doc.resolve(dss.get('VRI'));
      expect(isDict(vri) && [...vri.map.keys()]).toEqual([key]);
      const entry = isDict(vri) ? await doc.resolve(vri.get(key)) : undefined;
      expect(isDict(entry)).toBe(true);
      if (isDict(entry)) {
        expect(isString(entry.get('TU'))).toBe(true);
        const ocsp = await doc.resolve(entry.get('OCSP'));
        expect(isArray(ocsp) && ocsp.length).toBe(2);
      }
      // main/verify reads the same data back as a validation pool.
      const pool = (await readDocumentDss(doc)).pool;
      // (the pool also holds the certificates inside the OCSP responses)
      const fps = new Set(pool.certificates.map((c) => c.der.toString()));
      for (const c of fetched.certs) expect(fps.has(c.toString())).toBe(true);
      // (readDocumentDss lists VRI-referenced streams again: compare the distinct contents)
      expect(distinct(pool.ocspResponses)).toEqual(distinct(fetched.ocsps));
      expect(distinct(pool.crls)).toEqual(distinct(fetched.crls));
    } finally {
      await doc.close();
    }
  });

  it('merges with an existing DSS without storing the same data twice', async () => {
    const first = join(dir, 'merge-1.pdf');
    const second = join(dir, 'merge-2.pdf');
    await addDss({
      input: signed,
      output: first,
      data: { certs: fetched.certs, ocsps: fetched.ocsps, crls: [] },
    });
    const r = await addDss({ input: first, output: second, data: fetched });
    expect(r.added).toEqual({ certs: 0, ocsps: 0, crls: 2 });
    await expectAllValid(second, 1);
    const doc = await PdfDocument.open(second);
    try {
      const pool = (await readDocumentDss(doc)).pool;
      // (the pool also holds the certificates inside the OCSP responses)
      const fps = new Set(pool.certificates.map((c) => c.der.toString()));
      for (const c of fetched.certs) expect(fps.has(c.toString())).toBe(true);
      expect(distinct(pool.ocspResponses)).toEqual(distinct(fetched.ocsps));
      expect(distinct(pool.crls)).toEqual(distinct(fetched.crls));
      const dss = await doc.resolve((await doc.catalog()).get('DSS'));
      const vri = isDict(dss) ? await doc.resolve(dss.get('VRI')) : undefined;
      const entry = isDict(vri) ? await doc.resolve(vri.get(contentsSha1(signed))) : undefined;
      const crl = isDict(entry) ? await doc.resolve(entry.get('CRL')) : undefined;
      const cert = isDict(entry) ? await doc.resolve(entry.get('Cert')) : undefined;
      expect(isArray(crl) && crl.length).toBe(2);
      expect(isArray(cert) && cert.length).toBe(3);
    } finally {
      await doc.close();
    }
  });
});
