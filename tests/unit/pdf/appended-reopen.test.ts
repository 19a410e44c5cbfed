/**
 * What long-term augmentation leans on in the reader: a file reopened after an incremental
 * update was appended reuses the cross-reference sections it read before (and reads the same
 * objects as a fresh open), a page's own object is found without its inherited attributes, and
 * a widget scan can be limited to the pages that can have changed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PdfDocument } from '../../../main/pdf/document';
import { BufferSource } from '../../../main/pdf/file-source';
import { IncrementalUpdate } from '../../../main/pdf/incremental-writer';
import { PdfDict, PdfName } from '../../../main/pdf/objects';
import { findSignatures } from '../../../main/verify/pdf-signatures';
import { buildPdf, type Obj } from './helpers/build-pdf';

const dir = mkdtempSync(join(tmpdir(), 'sealdesk-reopen-'));

/** Three pages; page 1's signature is a form field, page 3 holds a widget the form omits. */
function signedPages(): Obj[] {
  const sig = (name: string) =>
    `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /Name (${name}) /ByteRange [0 1 2 3] /Contents <3000> >>`;
  return [
    { num: 1, body: '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R] >> >>' },
    {
      num: 2,
      body: '<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 /MediaBox [0 0 600 800] >>',
    },
    { num: 3, body: '<< /Type /Page /Parent 2 0 R /Annots [6 0 R] /Resources 99 0 R >>' },
    { num: 4, body: '<< /Type /Page /Parent 2 0 R >>' },
    { num: 5, body: '<< /Type /Page /Parent 2 0 R /Annots [8 0 R] >>' },
    {
      num: 6,
      body: '<< /Type /Annot /Subtype /Widget /FT /Sig /T (Listed) /V 7 0 R /Rect [0 0 0 0] /P 3 0 R >>',
    },
    { num: 7, body: sig('listed') },
    {
      num: 8,
      body: '<< /Type /Annot /Subtype /Widget /FT /Sig /T (Unlisted) /V 9 0 R /Rect [0 0 0 0] /P 5 0 R >>',
    },
    { num: 9, body: sig('unlisted') },
  ];
}

describe('reopening an appended file and limited scans', () => {
  it('reuses the sections it read before and reads the same objects as a fresh open', async () => {
    const path = join(dir, 'appended.pdf');
    writeFileSync(path, buildPdf({ objects: signedPages(), trailer: '/Root 1 0 R' }).bytes);
    const before = await PdfDocument.open(path);
    const update = new IncrementalUpdate(before);
    const catalog = (await before.catalog()).clone().set('Marked', PdfName.of('Yes'));
    update.put(before.trailer.getRef('Root')!, catalog);
    const added = update.build({ endsWithEol: true });
    writeFileSync(path, Buffer.concat([readFileSync(path), added.bytes]));

    const reopened = await PdfDocument.open(path, { extends: before });
    const fresh = await PdfDocument.open(path);
    try {
      expect(reopened.xrefSections).toHaveLength(2);
      // The earlier table is the one already parsed, not a second copy.
      expect(reopened.xrefSections[1]).toBe(before.xrefSections[0]);
      expect(fresh.xrefSections[1]).not.toBe(before.xrefSections[0]);
      expect(reopened.revisions).toEqual(fresh.revisions);
      expect((await reopened.catalog()).getName('Marked')).toBe('Yes');
      const names = async (d: PdfDocument) =>
        (await findSignatures(d)).map((s) => [s.fieldName, s.revision, s.pages]);
      expect(await names(reopened)).toEqual(await names(fresh));
    } finally {
      await Promise.all([before.close(), reopened.close(), fresh.close()]);
    }
  });

  it('finds a page object without resolving what it inherits', async () => {
    const doc = await PdfDocument.fromSource(
      new BufferSource(buildPdf({ objects: signedPages(), trailer: '/Root 1 0 R' }).bytes),
    );
    const nodes = await Promise.all([0, 1, 2].map((i) => doc.pageNode(i)));
    expect(nodes.map((n) => n.ref.num)).toEqual([3, 4, 5]);
    expect(nodes[0]!.dict).toBeInstanceOf(PdfDict);
    expect(nodes[0]!.dict.has('Annots')).toBe(true);
  });

  it('limits the widget scan to the pages asked for, the form’s fields being read anyway', async () => {
    const doc = await PdfDocument.fromSource(
      new BufferSource(buildPdf({ objects: signedPages(), trailer: '/Root 1 0 R' }).bytes),
    );
    const found = async (pages?: number[]) =>
      (await findSignatures(doc, undefined, pages ? { pages } : {})).map((s) => [
        s.fieldName,
        s.foundVia,
      ]);
    expect(await found()).toEqual([
      ['Listed', 'acroform'],
      ['Unlisted', 'widget'],
    ]);
    expect(await found([0])).toEqual([['Listed', 'acroform']]);
    expect(await found([2, 7, -1])).toEqual([
      ['Listed', 'acroform'],
      ['Unlisted', 'widget'],
    ]);
  });
});
