/**
 * Broken parts of a signature fail, they never vanish (issue 12): files signed by the project's
 * signer and then damaged in code (a non-hex byte in /Contents, an unreadable signature
 * dictionary or field, a dangling /V, a document timestamp with garbage for a token, a later
 * update whose cross-reference data is broken) are verified whole. pdfsig is asked where it
 * has an opinion on the same file.
 */
import { appendFileSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { docTimestampStep } from '../../../main/ltv/doc-timestamp';
import { PdfDocument } from '../../../main/pdf/document';
import { writeUpdateChain } from '../../../main/sign/update-chain-writer';
import type { DocumentVerification } from '../../../main/verify/verdict-model';
import { verifyDocument } from '../../../main/verify/verify-document';
import { pdfsig } from '../../support/external-tools';
import { trustingNssDb } from '../sign/sign-helpers';
import { byteRangeText, sameLengthEdit, signedPdf } from '../verify-pdf/verify-pdf-helpers';
import { rootAnchor, workspace } from './verify-helpers';

let dir: string;
let signed: string;
let bytes: Buffer;
/** The /Contents hole [a, b) of the signature. */
let hole: { a: number; b: number };

beforeAll(async () => {
  dir = workspace();
  signed = await signedPdf(dir, 'broken-base');
  bytes = readFileSync(signed);
  hole = lastHole(bytes);
});

/** The hole [a, b) of the last /ByteRange [0 a b c] in `b`. */
function lastHole(b: Buffer): { a: number; b: number } {
  const [, a, end] = byteRangeText(b).text.slice(1, -1).trim().split(/\s+/).map(Number);
  return { a: a!, b: end! };
}

async function verifyBytes(label: string, b: Buffer): Promise<DocumentVerification> {
  const file = join(dir, `${label}.pdf`);
  writeFileSync(file, b);
  return verifyDocument(file, { trustAnchors: [rootAnchor()] });
}

/** `bytes` with `value` written at `at` (same length). */
function withByte(b: Buffer, at: number, value: string): Buffer {
  const out = Buffer.from(b);
  out.write(value, at, 'latin1');
  return out;
}

const verdictOf = (d: DocumentVerification): string[][] =>
  d.signatures.map((s) => [s.kind, s.indication, s.subIndication ?? '']);

describe('a non-hex byte in a signature /Contents (ISO 32000-2 §7.3.4.3)', () => {
  it('is tolerated in the zero padding after the CMS, with a note, as pdfsig tolerates it', async () => {
    const file = join(dir, 'stray-in-padding.pdf');
    writeFileSync(file, withByte(bytes, hole.b - 2, 'x'));
    const d = await verifyDocument(file, { trustAnchors: [rootAnchor()] });
    expect(verdictOf(d)).toEqual([['signature', 'TOTAL_PASSED', '']]);
    expect(d.signatures[0]!.notes.join('\n')).toMatch(
      new RegExp(`byte ${hole.b - 2} of /Contents is 0x78, not a hex digit.*read as 0`),
    );
    const ps = await pdfsig(file, { nssDir: await trustingNssDb(), noOcsp: true });
    expect(ps.signatures[0]?.signatureValid, ps.raw).toBe(true);
  });

  it('fails the signature with CONTENTS_NON_HEX_BYTE inside the CMS, never reads it as unsigned', async () => {
    const at = hole.a + 41;
    const d = await verifyBytes('stray-in-cms', withByte(bytes, at, 'x'));
    expect(verdictOf(d)).toEqual([['signature', 'TOTAL_FAILED', 'FORMAT_FAILURE']]);
    expect(d.signatures[0]!.reason).toMatch(
      new RegExp(
        `^CONTENTS_NON_HEX_BYTE: byte ${at} of /Contents is 0x78.*inside the signature's CMS`,
      ),
    );
  });

  it('still finds a changed signed MediaBox (HASH_FAILURE) when the padding also holds a stray byte', async () => {
    const box = bytes.lastIndexOf('/MediaBox [0 0 595 842]', hole.a);
    const changed = withByte(withByte(bytes, box + '/MediaBox [0 0 '.length, '6'), hole.b - 2, 'x');
    const d = await verifyBytes('mediabox-and-stray', changed);
    expect(verdictOf(d)).toEqual([['signature', 'TOTAL_FAILED', 'HASH_FAILURE']]);
  });

  it('fails a hole that holds a ">" before its end: the string ends there and the dictionary breaks', async () => {
    const d = await verifyBytes('gt-in-hole', withByte(bytes, hole.b - 4, '>'));
    expect(verdictOf(d)).toEqual([['signature', 'TOTAL_FAILED', 'FORMAT_FAILURE']]);
    expect(d.signatures[0]!.reason).toMatch(/^SIG_DICT_UNREADABLE: .*unexpected '>'/);
  });
});

describe('a signature field whose value cannot be read', () => {
  const sigRefText = (): string => /\/V (\d+ 0 R)/.exec(bytes.toString('latin1'))![1]!;

  it('reports an unparsable signature dictionary as a failed signature (SIG_DICT_UNREADABLE)', async () => {
    const at = byteRangeText(bytes).at;
    const d = await verifyBytes('dict-unreadable', withByte(bytes, at, '{'));
    expect(verdictOf(d)).toEqual([['signature', 'TOTAL_FAILED', 'FORMAT_FAILURE']]);
    expect(d.signatures[0]).toMatchObject({ field: 'Signature1' });
    expect(d.signatures[0]!.reason).toMatch(
      /^SIG_DICT_UNREADABLE: the signature dictionary \d+ 0 R cannot be read/,
    );
  });

  it('reports a /V that refers to no object as a failed signature, not an empty field (SIG_DICT_NOT_FOUND)', async () => {
    const v = sigRefText();
    const dangling = v.replace(' 0 R', ' 7 R');
    const d = await verifyBytes('v-dangling', sameLengthEdit(bytes, `/V ${v}`, `/V ${dangling}`));
    expect(verdictOf(d)).toEqual([['signature', 'TOTAL_FAILED', 'FORMAT_FAILURE']]);
    expect(d.signatures[0]!.reason).toMatch(/^SIG_DICT_NOT_FOUND: /);
  });

  it('reports a signature widget found on a page (not in the form) whose /V cannot be read', async () => {
    const v = sigRefText();
    const fields = /\/Fields \[[^\]]*\]/.exec(bytes.toString('latin1'))![0];
    const orphan = sameLengthEdit(
      sameLengthEdit(bytes, fields, `/Fields [${' '.repeat(fields.length - 10)}]`),
      `/V ${v}`,
      `/V ${v.replace(' 0 R', ' 7 R')}`,
    );
    const d = await verifyBytes('widget-v-dangling', orphan);
    expect(verdictOf(d)).toEqual([['signature', 'TOTAL_FAILED', 'FORMAT_FAILURE']]);
    expect(d.signatures[0]).toMatchObject({ field: 'Signature1' });
    expect(d.signatures[0]!.reason).toMatch(/^SIG_DICT_NOT_FOUND: /);
  });

  it('reports a /V that is not a dictionary as a failed signature (SIG_VALUE_NOT_DICT)', async () => {
    const v = sigRefText();
    const d = await verifyBytes(
      'v-number',
      sameLengthEdit(bytes, `/V ${v}`, `/V ${'1'.repeat(v.length)}`),
    );
    expect(verdictOf(d)).toEqual([['signature', 'TOTAL_FAILED', 'FORMAT_FAILURE']]);
    expect(d.signatures[0]!.reason).toMatch(/^SIG_VALUE_NOT_DICT: the field value \/V is a number/);
  });

  it('reports a signature field object that cannot be parsed, by what its bytes say (SIG_FIELD_UNREADABLE)', async () => {
    const d = await verifyBytes(
      'field-unreadable',
      sameLengthEdit(bytes, '/Rect [0 0 0 0]', '/Rect {0 0 0 0}'),
    );
    expect(verdictOf(d)).toEqual([['signature', 'TOTAL_FAILED', 'FORMAT_FAILURE']]);
    expect(d.signatures[0]).toMatchObject({ field: 'Signature1' });
    expect(d.signatures[0]!.reason).toMatch(
      /^SIG_FIELD_UNREADABLE: the signature field \d+ 0 R cannot be read/,
    );
  });

  it('reports a signature field whose xref entry is of another generation, by what its bytes say', async () => {
    const text = bytes.toString('latin1');
    const widget = text.lastIndexOf('\n', text.lastIndexOf(' obj', text.indexOf('/FT /Sig'))) + 1;
    const entry = `${String(widget).padStart(10, '0')} 00000 n`;
    const d = await verifyBytes(
      'field-other-generation',
      sameLengthEdit(bytes, entry, entry.replace(' 00000 ', ' 00001 ')),
    );
    expect(verdictOf(d)).toEqual([['signature', 'TOTAL_FAILED', 'FORMAT_FAILURE']]);
    expect(d.signatures[0]).toMatchObject({ field: 'Signature1' });
    expect(d.signatures[0]!.reason).toMatch(/^SIG_FIELD_UNREADABLE: .*of another generation/);
  });

  it('reports a signature dictionary held by a field whose /FT is damaged (FIELD_NOT_SIGNATURE)', async () => {
    const d = await verifyBytes('ft-damaged', sameLengthEdit(bytes, '/FT /Sig', '/FT /Sjg'));
    expect(verdictOf(d)).toEqual([['signature', 'TOTAL_FAILED', 'FORMAT_FAILURE']]);
    expect(d.signatures[0]!.reason).toMatch(/^FIELD_NOT_SIGNATURE: .*\/FT \/Sjg/);
  });

  it('reads a field with no /V, or /V null, as an empty field: the file is unsigned', async () => {
    const v = sigRefText();
    for (const [label, to] of [
      ['v-renamed', `/W ${v}`],
      ['v-null', `/V ${'null'.padEnd(v.length)}`],
    ] as const) {
      const d = await verifyBytes(label, sameLengthEdit(bytes, `/V ${v}`, to));
      expect([d.error, d.signatures], label).toEqual([null, []]);
    }
  });
});

/** `signed` with a document timestamp whose token is `token` (no TSA asked). */
async function withDocTimestamp(label: string, token: Uint8Array): Promise<Buffer> {
  const out = join(dir, `${label}.pdf`);
  const doc = await PdfDocument.open(signed);
  try {
    const step = docTimestampStep({ tsa: { tsas: [] } });
    await writeUpdateChain({
      input: signed,
      output: out,
      doc,
      steps: [{ ...step, fill: () => Promise.resolve(token) }],
      errors: {
        changed: () => new Error('changed while read'),
        cancelled: () => new Error('cancelled'),
        doesNotFit: () => new Error('does not fit'),
      },
    });
  } finally {
    await doc.close();
  }
  return readFileSync(out);
}

describe('a document timestamp (ETSI.RFC3161) whose token is garbage', () => {
  it('is listed and TOTAL_FAILED when its CMS is not DER, and the signature before it still passes', async () => {
    const b = await withDocTimestamp('ts-garbage', Buffer.from('not a timestamp token', 'latin1'));
    const d = await verifyBytes('ts-garbage', b);
    expect(verdictOf(d)).toEqual([
      ['signature', 'TOTAL_PASSED', ''],
      ['timestamp', 'TOTAL_FAILED', 'FORMAT_FAILURE'],
    ]);
    expect(d.signatures[1]).toMatchObject({ field: 'DocTimeStamp1' });
  });

  it('is listed as a timestamp and TOTAL_FAILED when its /Contents is not even hex', async () => {
    const b = await withDocTimestamp('ts-non-hex', Buffer.alloc(64, 0x30));
    const tsHole = lastHole(b);
    const out = Buffer.from(b);
    out.fill('z', tsHole.a + 1, tsHole.b - 1, 'latin1');
    const d = await verifyBytes('ts-non-hex', out);
    expect(verdictOf(d)).toEqual([
      ['signature', 'TOTAL_PASSED', ''],
      ['timestamp', 'TOTAL_FAILED', 'FORMAT_FAILURE'],
    ]);
  });

  it('is listed as a timestamp (read from its bytes) when its dictionary cannot be parsed', async () => {
    const b = await withDocTimestamp('ts-unreadable', Buffer.alloc(64, 0x30));
    const d = await verifyBytes('ts-unreadable', withByte(b, byteRangeText(b).at, '{'));
    // The unparsable object makes the reader rebuild the xref by scanning: the update after the
    // signature can no longer be analysed, so the signature fails too (see the next block).
    expect(verdictOf(d)).toEqual([
      ['signature', 'TOTAL_FAILED', 'FORMAT_FAILURE'],
      ['timestamp', 'TOTAL_FAILED', 'FORMAT_FAILURE'],
    ]);
    expect(d.signatures[0]!.reason).toMatch(
      /^FILE_XREF_RECOVERED: the file was changed after signing/,
    );
    expect(d.signatures[1]).toMatchObject({ field: 'DocTimeStamp1' });
    expect(d.signatures[1]!.reason).toMatch(/^SIG_DICT_UNREADABLE: /);
  });
});

/**
 * The incremental saving attack ISA 3 (Mladenov et al. 2019, "PDF-Insecurity"), made in code:
 * after the signature, an update that replaces the page content and ends in cross-reference
 * data that cannot be read, so the reader rebuilds the xref by scanning.
 */
function appendBrokenUpdate(file: string, contentNum: number): void {
  const text = 'BT /F1 24 Tf 72 700 Td (Manipulated after signing) Tj ET';
  appendFileSync(
    file,
    `${contentNum} 0 obj\n<</Length ${text.length}>>\nstream\n${text}\nendstream\nendobj\n` +
      'xref\ntrailer\n<</Root 1 0 R>>\nstartxref\n99999999\n%%EOF\n',
  );
}

describe('a file whose cross-reference data had to be rebuilt (recovered)', () => {
  const contentNum = (): number =>
    Number(/\/Contents (\d+) 0 R\/Annots/.exec(bytes.toString('latin1'))![1]);
  const details = [
    'the file was changed after this signature, and its cross-reference data is broken: the changes cannot be analysed',
  ];

  it('names bytes after the signed range as a change after signing that is not allowed, still checking the CMS', async () => {
    const file = join(dir, 'isa3.pdf');
    copyFileSync(signed, file);
    appendBrokenUpdate(file, contentNum());
    const d = await verifyDocument(file, { trustAnchors: [rootAnchor()] });
    expect(verdictOf(d)).toEqual([['signature', 'TOTAL_FAILED', 'FORMAT_FAILURE']]);
    const s = d.signatures[0]!;
    expect(s.reason).toMatch(/^FILE_XREF_RECOVERED: the file was changed after signing/);
    expect(s.modificationsAfter).toEqual([
      { revision: 2, kind: 'other', allowed: false, pages: [], details, annotations: [] },
    ]);
    // The CMS was read and checked over the ByteRange: its signer is known.
    expect(s.signer).toMatch(/Sealdesk Test/);
    expect(s.messageEn).toMatch(/changed afterwards and its structure is damaged/);
    expect(s.messageZh).toMatch(/其结构已损坏/);
  });

  it('keeps HASH_FAILURE when the signed bytes of such a file were changed too', async () => {
    const file = join(dir, 'isa3-flipped.pdf');
    const box = bytes.lastIndexOf('/MediaBox [0 0 595 842]', hole.a);
    writeFileSync(file, withByte(bytes, box + '/MediaBox [0 0 '.length, '6'));
    appendBrokenUpdate(file, contentNum());
    const d = await verifyDocument(file, { trustAnchors: [rootAnchor()] });
    expect(verdictOf(d)).toEqual([['signature', 'TOTAL_FAILED', 'HASH_FAILURE']]);
    expect(d.signatures[0]!.modificationsAfter.map((m) => [m.kind, m.allowed])).toEqual([
      ['other', false],
    ]);
  });

  it('fails a signature whose own signed bytes hold the broken xref with FILE_XREF_RECOVERED', async () => {
    const at = bytes.lastIndexOf('startxref\n') + 'startxref\n'.length;
    const d = await verifyBytes('own-xref-broken', withByte(bytes, at, '9'));
    expect(verdictOf(d)).toEqual([['signature', 'TOTAL_FAILED', 'FORMAT_FAILURE']]);
    expect(d.signatures[0]!.reason).toMatch(/^FILE_XREF_RECOVERED: /);
    expect(d.signatures[0]!.modificationsAfter).toEqual([]);
  });
});
