import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PdfDocument } from '../../../main/pdf/document';
import { byteRangeDigests } from '../../../main/verify/pdf-byte-range-digest';
import type { StructureProblemCode } from '../../../main/verify/pdf-signature-structure';
import {
  byteRangeText,
  SIGNING_TIME,
  sameLengthEdit,
  signAgain,
  signedPdf,
  verifyPdfHalf,
  withByteRange,
  workspace,
} from './verify-pdf-helpers';

let dir: string;
let signed: string;
let bytes: Buffer;
let br: [number, number, number, number];

beforeAll(async () => {
  dir = workspace();
  signed = await signedPdf(dir, 'base', { reason: 'Approved', location: 'Shanghai' });
  bytes = readFileSync(signed);
  br = JSON.parse(byteRangeText(bytes).text.replace(/\s+/g, ',').replace(',]', ']')) as typeof br;
});

async function problemsOf(variant: Buffer, label: string): Promise<StructureProblemCode[]> {
  const file = join(dir, `${label}.pdf`);
  writeFileSync(file, variant);
  const half = await verifyPdfHalf(file);
  expect(half.signatures).toHaveLength(1);
  const st = half.structures[0]!;
  expect(st.verdict.indication).toBe('TOTAL_FAILED');
  if (st.verdict.indication !== 'TOTAL_PASSED')
    expect(st.verdict.subIndication).toBe('FORMAT_FAILURE');
  expect(st.coverage).toBe('unknown');
  return st.problems.map((p) => p.code);
}

describe('signature discovery and structure of a file signed by the project signer', () => {
  it('finds the signature with its dictionary entries and passes every structure check', async () => {
    const half = await verifyPdfHalf(signed);
    expect(half.signatures).toHaveLength(1);
    const s = half.signatures[0]!;
    expect(s).toMatchObject({
      kind: 'signature',
      fieldName: 'Signature1',
      type: 'Sig',
      filter: 'Adobe.PPKLite',
      subFilter: 'ETSI.CAdES.detached',
      reason: 'Approved',
      location: 'Shanghai',
      revision: 1,
      pages: [1],
      foundVia: 'acroform',
    });
    expect(s.claimedTime?.getTime()).toBe(SIGNING_TIME.getTime());
    const st = half.structures[0]!;
    expect(st.problems).toEqual([]);
    expect(st.verdict.indication).toBe('TOTAL_PASSED');
    expect(st.byteRange).toEqual(br);
    expect(st.signedRevision).toBe(1);
    expect(st.coverage).toBe('whole-file');
    expect(st.contents?.[0]).toBe(0x30); // a DER SEQUENCE: the CMS
    expect(half.modifications[0]?.verdict).toBe('unmodified');
  });

  it('computes the ByteRange digest of the signed bytes with each algorithm in one pass', async () => {
    const doc = await PdfDocument.open(signed);
    try {
      const [, a, b, c] = br;
      const signedBytes = Buffer.concat([bytes.subarray(0, a), bytes.subarray(b, b + c)]);
      const got = await byteRangeDigests(doc, [0, a, b, c], ['sha1', 'sha256', 'sha384', 'sha512']);
      for (const alg of ['sha1', 'sha256', 'sha384', 'sha512'] as const) {
        expect(Buffer.from(got.get(alg)!).toString('hex')).toBe(
          createHash(alg).update(signedBytes).digest('hex'),
        );
      }
    } finally {
      await doc.close();
    }
  });

  it('reports an earlier signature as covering its revision only once a second one follows', async () => {
    const two = await signAgain(signed, join(dir, 'two.pdf'));
    const half = await verifyPdfHalf(two);
    expect(half.signatures.map((s) => s.fieldName)).toEqual(['Signature1', 'Signature2']);
    expect(half.structures.map((s) => s.coverage)).toEqual(['revision', 'whole-file']);
    expect(half.structures[0]!.laterRevisions).toBe(1);
    expect(half.structures.every((s) => s.problems.length === 0)).toBe(true);
  });
});

describe('universal signature forgery variants give FORMAT_FAILURE with a specific reason', () => {
  it('rejects a missing /ByteRange', async () => {
    expect(
      await problemsOf(
        sameLengthEdit(bytes, '/ByteRange', '/ByteRangX', bytes.lastIndexOf('/ByteRange')),
        'br-missing',
      ),
    ).toContain('BYTERANGE_MISSING');
  });
  it('rejects a null /ByteRange', async () => {
    expect(await problemsOf(withByteRange(bytes, 'null'), 'br-null')).toContain('BYTERANGE_NULL');
  });
  it('rejects an empty /ByteRange', async () => {
    expect(await problemsOf(withByteRange(bytes, '[]'), 'br-empty')).toContain('BYTERANGE_EMPTY');
  });
  it('rejects /ByteRange [0 0 0 0]', async () => {
    expect(await problemsOf(withByteRange(bytes, '[0 0 0 0]'), 'br-zero')).toContain(
      'BYTERANGE_ALL_ZERO',
    );
  });
  it('rejects a /ByteRange of three numbers', async () => {
    const [, a, b] = br;
    expect(await problemsOf(withByteRange(bytes, `[0 ${a} ${b}]`), 'br-3')).toContain(
      'BYTERANGE_WRONG_LENGTH',
    );
  });
  it('rejects negative numbers in /ByteRange', async () => {
    const [, a, b, c] = br;
    expect(await problemsOf(withByteRange(bytes, `[0 ${a} ${b} -${c}]`), 'br-neg')).toContain(
      'BYTERANGE_NOT_INTEGERS',
    );
  });
  it('rejects overlapping ranges', async () => {
    const [, a, , c] = br;
    expect(
      await problemsOf(withByteRange(bytes, `[0 ${a} ${a - 10} ${c}]`), 'br-overlap'),
    ).toContain('BYTERANGE_OVERLAP');
  });
  it('rejects a /ByteRange reaching past the end of the file', async () => {
    const [, a, b, c] = br;
    expect(await problemsOf(withByteRange(bytes, `[0 ${a} ${b} ${c + 500}]`), 'br-past')).toContain(
      'BYTERANGE_PAST_EOF',
    );
  });
  it('rejects a /ByteRange that does not start at 0', async () => {
    const [, a, b, c] = br;
    expect(await problemsOf(withByteRange(bytes, `[1 ${a} ${b} ${c}]`), 'br-start')).toContain(
      'BYTERANGE_NOT_FROM_START',
    );
  });
  it('rejects a /ByteRange that stops short of the end of the revision', async () => {
    const [, a, b, c] = br;
    expect(await problemsOf(withByteRange(bytes, `[0 ${a} ${b} ${c - 40}]`), 'br-short')).toContain(
      'BYTERANGE_NOT_REVISION_END',
    );
  });
  it('rejects a hole that is shifted off the /Contents string', async () => {
    const [, a, b, c] = br;
    const codes = await problemsOf(
      withByteRange(bytes, `[0 ${a + 1} ${b + 1} ${c - 1}]`),
      'hole-shift',
    );
    expect(codes).toContain('HOLE_NOT_THIS_CONTENTS');
    expect(codes).toContain('HOLE_NOT_HEX_STRING');
  });
  it('rejects a missing /Contents', async () => {
    const at = bytes.lastIndexOf('/Contents');
    expect(
      await problemsOf(sameLengthEdit(bytes, '/Contents', '/Contentz', at), 'c-missing'),
    ).toContain('CONTENTS_MISSING');
  });
  it('rejects an all-zero /Contents', async () => {
    const [, a, b] = br;
    const out = Buffer.from(bytes);
    out.fill('0', a + 1, b - 1, 'latin1');
    expect(await problemsOf(out, 'c-zero')).toContain('CONTENTS_ALL_ZERO');
  });
  it('rejects a null /Contents', async () => {
    const [, a, b] = br;
    const out = Buffer.from(bytes);
    out.write('null'.padEnd(b - a, ' '), a, 'latin1');
    const codes = await problemsOf(out, 'c-null');
    expect(codes).toContain('CONTENTS_NULL');
    expect(codes).toContain('HOLE_NOT_HEX_STRING');
  });
  it('rejects an empty /Contents', async () => {
    const [, a, b] = br;
    const out = Buffer.from(bytes);
    out.write('<>'.padEnd(b - a, ' '), a, 'latin1');
    expect(await problemsOf(out, 'c-empty')).toContain('CONTENTS_EMPTY');
  });
  it('rejects a literal-string /Contents', async () => {
    const [, a, b] = br;
    const out = Buffer.from(bytes);
    out.write(`(${'A'.repeat(b - a - 2)})`, a, 'latin1');
    expect(await problemsOf(out, 'c-literal')).toContain('CONTENTS_NOT_HEX');
  });
  it('rejects signature wrapping: the hole moved onto another hex string of the file', async () => {
    // The /ID of the original trailer is a hex string inside the signed revision's range.
    const idAt = bytes.indexOf('/ID [<');
    const start = bytes.indexOf('<', idAt);
    const end = bytes.indexOf('>', start) + 1;
    const [, , b, c] = br;
    const total = b + c;
    const codes = await problemsOf(
      withByteRange(bytes, `[0 ${start} ${end} ${total - end}]`),
      'wrapped',
    );
    expect(codes).toContain('HOLE_NOT_THIS_CONTENTS');
    expect(codes).not.toContain('HOLE_NOT_HEX_STRING');
  });
  it('rejects a second /Contents key in the signature dictionary', async () => {
    const m = /\/M \(D:\d{14}Z\)/.exec(bytes.toString('latin1'))!;
    const out = Buffer.from(bytes);
    out.write('/Contents <0102030405>', m.index, 'latin1');
    expect(await problemsOf(out, 'dup-contents')).toContain('SIG_DICT_DUPLICATE_KEY');
  });
});
