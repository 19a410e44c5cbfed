/**
 * Shared steps of the PDF-half verification tests: signing generated PDFs with the project's
 * signer, appending hand-made incremental updates (ISO 32000-2 §7.5.6) through the project's
 * incremental writer, same-length byte edits of signed files, and running the whole PDF half
 * (discovery, structure, modification analysis) on a file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { PdfDocument } from '../../../main/pdf/document';
import { IncrementalUpdate } from '../../../main/pdf/incremental-writer';
import type { PdfDict } from '../../../main/pdf/objects';
import {
  PdfStream,
  PdfString,
  dict,
  isArray,
  name,
  type PdfObject,
  type PdfRef,
} from '../../../main/pdf/objects';
import {
  analyseModifications,
  type ModificationAnalysis,
} from '../../../main/verify/modification-analysis';
import { RevisionMap } from '../../../main/verify/pdf-revision-map';
import {
  checkSignatureStructure,
  type SignatureStructure,
} from '../../../main/verify/pdf-signature-structure';
import { findSignatures, type SignatureInfo } from '../../../main/verify/pdf-signatures';
import type { SignPdfOptions } from '../../../main/sign/pades-signer';
import { makeClassicPdf } from '../../fixtures/pdfs/classic-pdf';
import { testPki } from '../../support/pki';
import { signBytes, signFile, workspace } from '../sign/sign-helpers';

export { workspace };

type SignOpts = Partial<Omit<SignPdfOptions, 'input' | 'output' | 'signer'>>;

/** Signing time: now, to the second (the test certificates are fresh). */
export const SIGNING_TIME = new Date(Math.floor(Date.now() / 1000) * 1000);

/** Signs a 2-page classic PDF (or `pdf`) with the rsa2048 test identity. */
export async function signedPdf(
  dir: string,
  label: string,
  opts: SignOpts = {},
  pdf: Buffer = makeClassicPdf({ pages: 2 }),
): Promise<string> {
  const { output } = await signBytes(dir, label, pdf, testPki().ids.rsa2048, {
    signingTime: SIGNING_TIME,
    ...opts,
  });
  return output;
}

/** Signs `input` again (a second signature by incremental update). */
export async function signAgain(
  input: string,
  output: string,
  opts: SignOpts = {},
): Promise<string> {
  await signFile(input, output, testPki().ids.ecP256, { signingTime: SIGNING_TIME, ...opts });
  return output;
}

export type Edit = (doc: PdfDocument, u: IncrementalUpdate) => Promise<void>;

/** Appends one incremental update made by `edit` to `input`, written to `output`. */
export async function appendUpdate(input: string, output: string, edit: Edit): Promise<string> {
  const doc = await PdfDocument.open(input);
  try {
    const u = new IncrementalUpdate(doc);
    await edit(doc, u);
    const original = readFileSync(input);
    const last = original[original.length - 1];
    const built = u.build({ endsWithEol: last === 0x0a || last === 0x0d });
    writeFileSync(output, Buffer.concat([original, built.bytes]));
  } finally {
    await doc.close();
  }
  return output;
}

/** The page dict of page `index` as a changeable copy, with its reference. */
export async function pageCopy(
  doc: PdfDocument,
  index: number,
): Promise<{ ref: PdfRef; dict: PdfDict }> {
  const p = await doc.page(index);
  return { ref: p.ref, dict: p.dict.clone() };
}

export function contentStream(text: string): PdfStream {
  return PdfStream.fromBytes(
    dict({ Filter: name('FlateDecode') }),
    deflateSync(Buffer.from(text, 'latin1')),
  );
}

/** Adds annotation `annot` to page `index` (a new object in the update). */
export async function addAnnotation(
  doc: PdfDocument,
  u: IncrementalUpdate,
  index: number,
  annot: PdfDict,
): Promise<PdfRef> {
  const page = await pageCopy(doc, index);
  const ref = u.allocate();
  annot.set('P', page.ref);
  u.put(ref, annot);
  const annots = await doc.resolve(page.dict.get('Annots'));
  page.dict.set('Annots', [...(isArray(annots) ? annots : []), ref]);
  u.put(page.ref, page.dict);
  return ref;
}

/** An opaque white box with "VOID" over [x1 y1 x2 y2]: the classic overlay. */
export function overlayAppearance(
  u: IncrementalUpdate,
  rect: [number, number, number, number],
): PdfRef {
  const [x1, y1, x2, y2] = rect;
  const ap = u.allocate();
  u.put(
    ap,
    PdfStream.fromBytes(
      dict({ Type: name('XObject'), Subtype: name('Form'), BBox: [0, 0, x2 - x1, y2 - y1] }),
      Buffer.from(`1 1 1 rg 0 0 ${x2 - x1} ${y2 - y1} re f`, 'latin1'),
    ),
  );
  return ap;
}

/**
 * A signature dictionary as a signer writes it, with a /Contents that is not a real CMS (the
 * modification analysis judges objects, not signatures): a new object in update `u`.
 */
export function fakeSignature(
  u: IncrementalUpdate,
  o: { type?: 'Sig' | 'DocTimeStamp' | null; subFilter: string; fill: number },
): PdfRef {
  const ref = u.allocate();
  const type = o.type === undefined ? 'Sig' : o.type;
  u.put(
    ref,
    dict({
      ...(type ? { Type: name(type) } : {}),
      Filter: name('Adobe.PPKLite'),
      SubFilter: name(o.subFilter),
      ByteRange: [0, 0, 0, 0],
      Contents: new PdfString(new Uint8Array(64).fill(o.fill), true),
    }),
  );
  return ref;
}

/**
 * A hand-made second signature: a new signature dictionary in a new signature field on page 1
 * (as a signer would write it; its CMS is not real, the modification analysis does not need it).
 */
export const addFakeSignature: Edit = async (doc, u) => {
  const sigRef = fakeSignature(u, { subFilter: 'ETSI.CAdES.detached', fill: 1 });
  const widget = dict({
    Type: name('Annot'),
    Subtype: name('Widget'),
    FT: name('Sig'),
    T: PdfString.fromText('Second'),
    V: sigRef,
    F: 132,
    Rect: [0, 0, 0, 0],
  });
  const wRef = await addAnnotation(doc, u, 0, widget);
  const catalogRef = doc.trailer.getRef('Root')!;
  const catalog = (await doc.catalog()).clone();
  const af = (await doc.resolve(catalog.get('AcroForm'))) as PdfDict;
  const fields = (await doc.resolve(af.get('Fields'))) as PdfObject[];
  catalog.set('AcroForm', af.clone().set('Fields', [...fields, wRef]));
  u.put(catalogRef, catalog);
};

/** A classic 2-page PDF with a text field "Name" on page 1 (an update before signing). */
export async function pdfWithTextField(dir: string): Promise<Buffer> {
  const base = join(dir, 'plain.pdf');
  writeFileSync(base, makeClassicPdf({ pages: 2 }));
  const out = join(dir, 'with-field.pdf');
  await appendUpdate(base, out, async (doc, u) => {
    const field = dict({
      Type: name('Annot'),
      Subtype: name('Widget'),
      FT: name('Tx'),
      T: PdfString.fromText('Name'),
      V: PdfString.fromText(''),
      Rect: [72, 600, 300, 624],
      F: 4,
      DA: PdfString.fromText('/Helv 12 Tf 0 g'),
    });
    const ref = await addAnnotation(doc, u, 0, field);
    const catalogRef = doc.trailer.getRef('Root')!;
    u.put(catalogRef, (await doc.catalog()).clone().set('AcroForm', dict({ Fields: [ref] })));
  });
  return readFileSync(out);
}

export interface PdfHalf {
  readonly signatures: SignatureInfo[];
  readonly structures: SignatureStructure[];
  readonly modifications: (ModificationAnalysis | undefined)[];
  readonly revisionCount: number;
}

/** Runs discovery, structure checks and modification analysis on `file`. */
export async function verifyPdfHalf(file: string): Promise<PdfHalf> {
  const doc = await PdfDocument.open(file);
  try {
    const map = await RevisionMap.read(doc);
    const signatures = await findSignatures(doc, map);
    const structures: SignatureStructure[] = [];
    const modifications: (ModificationAnalysis | undefined)[] = [];
    for (const s of signatures) {
      const st = await checkSignatureStructure(doc, s, map);
      structures.push(st);
      modifications.push(
        st.signedRevision === undefined
          ? undefined
          : await analyseModifications(doc, s, st.signedRevision, map),
      );
    }
    return { signatures, structures, modifications, revisionCount: doc.revisions.length };
  } finally {
    await doc.close();
  }
}

/** Replaces `from` by `to` (same length) at its first occurrence after `after`. */
export function sameLengthEdit(bytes: Buffer, from: string, to: string, after = 0): Buffer {
  if (from.length !== to.length) throw new Error(`edit changes the length: ${from} -> ${to}`);
  const at = bytes.indexOf(Buffer.from(from, 'latin1'), after);
  if (at < 0) throw new Error(`'${from}' not found`);
  const out = Buffer.from(bytes);
  out.write(to, at, 'latin1');
  return out;
}

/** The `[...]` text of the last /ByteRange in the file, and where it starts. */
export function byteRangeText(bytes: Buffer): { text: string; at: number } {
  const key = bytes.lastIndexOf(Buffer.from('/ByteRange', 'latin1'));
  const open = bytes.indexOf(0x5b, key);
  const close = bytes.indexOf(0x5d, open);
  return { text: bytes.toString('latin1', open, close + 1), at: open };
}

/** Rewrites the last /ByteRange array as `value`, padded to the same width. */
export function withByteRange(bytes: Buffer, value: string): Buffer {
  const { text, at } = byteRangeText(bytes);
  if (value.length > text.length) throw new Error('replacement too long');
  const out = Buffer.from(bytes);
  out.write(value.padEnd(text.length, ' '), at, 'latin1');
  return out;
}
