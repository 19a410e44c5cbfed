/**
 * Shared steps of the verification tests: signed documents made with the project's signer and
 * the test PKI, tampered variants made in code (byte flips, incremental updates that add a
 * page or an overlay), the anchors of a run, and generated hostile files.
 * Nothing here is committed: every file is written to a fresh temp folder.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { PdfDocument } from '../../../main/pdf/document';
import { IncrementalUpdate } from '../../../main/pdf/incremental-writer';
import { PdfDict, PdfName, PdfStream, PdfString, type PdfObject } from '../../../main/pdf/objects';
import { ParsedCertificate } from '../../../main/verify/parsed-certificate';
import { makeClassicPdf } from '../../fixtures/pdfs/classic-pdf';
import { testPki } from '../../support/pki';
import { signBytes, signFile, workspace } from '../sign/sign-helpers';

export { signBytes, signFile, workspace };

export const rootAnchor = (): ParsedCertificate => ParsedCertificate.fromDer(testPki().rootDer);

/** A freshly signed 2-page contract signed by rsa2048. */
export async function signedContract(
  dir: string,
  name = 'contract',
  options: Parameters<typeof signBytes>[4] = {},
): Promise<string> {
  const pdf = makeClassicPdf({ pages: 2 });
  const { output } = await signBytes(dir, name, pdf, testPki().ids.rsa2048, options);
  return output;
}

/** Copies `file` to `out` with one byte inside the signed range flipped (not in the hole). */
export function flipByte(file: string, out: string, offset = 20): string {
  const b = Buffer.from(readFileSync(file));
  b[offset] = b[offset]! ^ 0x01;
  writeFileSync(out, b);
  return out;
}

async function appendUpdate(
  file: string,
  change: (doc: PdfDocument, u: IncrementalUpdate) => Promise<void>,
): Promise<void> {
  const doc = await PdfDocument.open(file);
  try {
    const u = new IncrementalUpdate(doc);
    await change(doc, u);
    const last = (await doc.source.read(doc.size - 1, 1))[0];
    const { bytes } = u.build({ endsWithEol: last === 0x0a || last === 0x0d });
    appendFileSync(file, bytes);
  } finally {
    await doc.close();
  }
}

const stream = (content: string): PdfStream =>
  PdfStream.fromBytes(
    new PdfDict([['Filter', PdfName.of('FlateDecode')]]),
    new Uint8Array(deflateSync(Buffer.from(content, 'latin1'))),
  );

/** Appends an incremental update that adds a new last page (what an attacker would insert). */
export async function addPageAfterSigning(file: string): Promise<void> {
  await appendUpdate(file, async (doc, u) => {
    const catalog = await doc.catalog();
    const pagesRef = catalog.getRef('Pages')!;
    const pages = (await doc.getDict(pagesRef))!.clone();
    const content = u.allocate();
    u.put(content, stream('BT /F1 24 Tf 72 700 Td (Added after signing) Tj ET'));
    const page = u.allocate();
    u.put(
      page,
      new PdfDict([
        ['Type', PdfName.of('Page')],
        ['Parent', pagesRef],
        ['MediaBox', [0, 0, 595, 842]],
        ['Contents', content],
      ]),
    );
    const kids = (await doc.resolve(pages.get('Kids'))) as PdfObject[];
    pages.set('Kids', [...kids, page]);
    pages.set('Count', ((await doc.resolve(pages.get('Count'))) as number) + 1);
    u.put(pagesRef, pages);
  });
}

/** Appends an update that paints a white box and new text over page 1 (a content overlay). */
export async function overlayAfterSigning(file: string): Promise<void> {
  await appendUpdate(file, async (doc, u) => {
    const page = await doc.page(0);
    const dict = page.dict.clone();
    const overlay = u.allocate();
    u.put(
      overlay,
      stream('q 1 1 1 rg 60 600 400 120 re f Q BT /F1 20 Tf 72 650 Td (PAY 1000000) Tj ET'),
    );
    const old = dict.get('Contents');
    const list: PdfObject[] = Array.isArray(old) ? [...old] : old ? [old] : [];
    dict.set('Contents', [...list, overlay]);
    u.put(page.ref, dict);
  });
}

/** Appends an update adding a sticky note (Text annotation, an icon) to page 1. */
export async function stickyNoteAfterSigning(file: string): Promise<void> {
  await appendUpdate(file, async (doc, u) => {
    const page = await doc.page(0);
    const dict = page.dict.clone();
    const annot = u.allocate();
    u.put(
      annot,
      new PdfDict([
        ['Type', PdfName.of('Annot')],
        ['Subtype', PdfName.of('Text')],
        ['Rect', [500, 780, 520, 800]],
        ['Contents', PdfString.fromText('Checked by legal')],
        ['P', page.ref],
      ]),
    );
    const old = (await doc.resolve(dict.get('Annots'))) as PdfObject[] | null;
    dict.set('Annots', [...(Array.isArray(old) ? old : []), annot]);
    u.put(page.ref, dict);
  });
}

/** Appends an update adding a FreeText annotation over page 1 (an annotation overlay). */
export async function annotationOverlayAfterSigning(file: string): Promise<void> {
  await appendUpdate(file, async (doc, u) => {
    const page = await doc.page(0);
    const dict = page.dict.clone();
    const annot = u.allocate();
    u.put(
      annot,
      new PdfDict([
        ['Type', PdfName.of('Annot')],
        ['Subtype', PdfName.of('FreeText')],
        ['Rect', [60, 600, 460, 720]],
        ['Contents', PdfString.fromText('PAY 1000000')],
        ['DA', PdfString.fromText('/Helv 20 Tf 0 g')],
        ['P', page.ref],
      ]),
    );
    const old = (await doc.resolve(dict.get('Annots'))) as PdfObject[] | null;
    dict.set('Annots', [...(Array.isArray(old) ? old : []), annot]);
    u.put(page.ref, dict);
  });
}

// ---------------------------------------------------------------------------------------------
// Hostile files, generated.

function pdfFrom(objects: string[], rootNum = 1): Buffer {
  let out = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${rootNum} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

export function hostileFiles(dir: string): Record<string, string> {
  const write = (name: string, b: Buffer) => {
    const p = join(dir, `${name}.pdf`);
    writeFileSync(p, b);
    return p;
  };
  // 1. Reference loops: the field tree, the page tree, /ByteRange, /Contents and /Reference all
  //    point back at themselves.
  const loops = pdfFrom([
    '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [3 0 R] >> >>',
    '<< /Type /Pages /Kids [2 0 R 4 0 R] /Count 2 >>',
    '<< /FT /Sig /T (loop) /V 5 0 R /Parent 3 0 R /Lock 3 0 R >>',
    '<< /Type /Page /Parent 2 0 R /Annots [3 0 R] >>',
    '<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange 6 0 R /Contents 7 0 R /Reference [8 0 R] >>',
    '7 0 R',
    '6 0 R',
    '<< /TransformMethod /DocMDP /TransformParams 8 0 R >>',
  ]);
  // 2. A deflate bomb: a 1 GB run of zeros compressed, as the DSS certificate and the page.
  const zeros = Buffer.alloc(64 * 1024 * 1024);
  const bomb = deflateSync(zeros, { level: 9 });
  const bombPdf = Buffer.concat([
    Buffer.from(
      `%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /DSS << /Certs [4 0 R] >> /AcroForm << /Fields [5 0 R] >> >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>\nendobj\n4 0 obj\n<< /Length ${bomb.length} /Filter [/FlateDecode /FlateDecode /FlateDecode] >>\nstream\n`,
      'latin1',
    ),
    bomb,
    Buffer.from(
      '\nendstream\nendobj\n5 0 obj\n<< /FT /Sig /T (s) /V << /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 10 20 30] /Contents <00> >> >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
      'latin1',
    ),
  ]);
  // 3. Absurd lengths and numbers: a /Length of 10^15, a ByteRange far past the end, a /Count
  //    of 10^12 and an xref claiming 8 million objects.
  const absurd = pdfFrom([
    '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [3 0 R] >> >>',
    '<< /Type /Pages /Kids [4 0 R] /Count 1000000000000 >>',
    '<< /FT /Sig /T (big) /V 5 0 R >>',
    '<< /Type /Page /Parent 2 0 R /Contents 6 0 R >>',
    '<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 999999999999 999999999999 999999999999] /Contents <3082ffffffff> >>',
    '<< /Length 1000000000000000 >>\nstream\nBT ET\nendstream',
  ]);
  // 4. Deep nesting: arrays and dictionaries nested 100 000 levels deep.
  const depth = 100_000;
  const deep = pdfFrom([
    '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [3 0 R] >> >>',
    '<< /Type /Pages /Kids [] /Count 0 >>',
    `<< /FT /Sig /T (deep) /V << /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange ${'['.repeat(depth)}${']'.repeat(depth)} /Contents <00> >> >>`,
    `${'<< /A '.repeat(depth)}1${' >>'.repeat(depth)}`,
  ]);
  return {
    loops: write('loops', loops),
    bomb: write('deflate-bomb', bombPdf),
    absurd: write('absurd-lengths', absurd),
    deep: write('deep-nesting', deep),
    garbage: write('garbage', Buffer.from('this is not a PDF at all\n'.repeat(100))),
    truncated: write('truncated', Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R')),
  };
}
