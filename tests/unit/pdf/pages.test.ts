import { describe, expect, it } from 'vitest';
import { isSealdeskError } from '../../../main/errors/sealdesk-error';
import { PdfDocument } from '../../../main/pdf/document';
import { BufferSource } from '../../../main/pdf/file-source';
import { stream, buildPdf, type Obj } from './helpers/build-pdf';

const open = (objects: Obj[]): Promise<PdfDocument> =>
  PdfDocument.fromSource(new BufferSource(buildPdf({ objects, trailer: '/Root 1 0 R' }).bytes));

/** A two-level tree: root (2) -> [node 3 (pages 5, 6), page 7, node 4 (page 8)]. */
function tree(rootExtra = '', count = 4): Obj[] {
  return [
    { num: 1, body: '<< /Type /Catalog /Pages 2 0 R >>' },
    {
      num: 2,
      body: `<< /Type /Pages /Kids [3 0 R 7 0 R 4 0 R] /Count ${count} /MediaBox [0 0 600 800] /Resources << /Font << >> >> /Rotate 90 ${rootExtra} >>`,
    },
    {
      num: 3,
      body: '<< /Type /Pages /Parent 2 0 R /Kids [5 0 R 6 0 R] /Count 2 /CropBox [10 10 500 700] >>',
    },
    { num: 4, body: '<< /Type /Pages /Parent 2 0 R /Kids [8 0 R] /Count 1 /Rotate 450 >>' },
    { num: 5, body: '<< /Type /Page /Parent 3 0 R >>' },
    { num: 6, body: '<< /Type /Page /Parent 3 0 R /MediaBox [0 0 100 9 0 R] /UserUnit 2 >>' },
    { num: 7, body: '<< /Type /Page /Parent 2 0 R /Rotate -90 >>' },
    { num: 8, body: '<< /Type /Page /Parent 4 0 R /Resources 10 0 R >>' },
    { num: 9, body: '200' },
    { num: 10, body: '<< /XObject << >> >>' },
    { num: 11, body: stream('', '') },
  ];
}

describe('page tree', () => {
  it('descends by /Count and resolves inherited attributes', async () => {
    const doc = await open(tree());
    expect(await doc.pageCount()).toBe(4);
    const pages = await Promise.all([0, 1, 2, 3].map((i) => doc.page(i)));
    expect(pages.map((p) => p.ref.num)).toEqual([5, 6, 7, 8]);
    expect(pages[0]!.mediaBox).toEqual([0, 0, 600, 800]);
    expect(pages[0]!.cropBox).toEqual([10, 10, 500, 700]);
    expect(pages[0]!.rotate).toBe(90);
    expect(pages[0]!.resources?.has('Font')).toBe(true);
    expect(pages[1]!.mediaBox).toEqual([0, 0, 100, 200]);
    expect(pages[1]!.cropBox).toEqual([10, 10, 100, 200]);
    expect(pages[1]!.userUnit).toBe(2);
    expect(pages[2]!.rotate).toBe(270);
    expect(pages[2]!.cropBox).toEqual([0, 0, 600, 800]);
    expect(pages[3]!.rotate).toBe(90);
    expect(pages[3]!.resources?.has('XObject')).toBe(true);
  });

  it('refuses a page index outside the document', async () => {
    const doc = await open(tree());
    await expect(doc.page(4)).rejects.toSatisfy((e) => isSealdeskError(e, 'PDF_PAGE_OUT_OF_RANGE'));
    await expect(doc.page(-1)).rejects.toSatisfy((e) =>
      isSealdeskError(e, 'PDF_PAGE_OUT_OF_RANGE'),
    );
  });

  it('ends a page tree that loops back on itself with an error', async () => {
    const objs = tree();
    objs[2] = { num: 3, body: '<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>' };
    const doc = await open(objs);
    const t = Date.now();
    await expect(doc.page(0)).rejects.toSatisfy((e) => isSealdeskError(e, 'PDF_PAGE_TREE_BROKEN'));
    expect(Date.now() - t).toBeLessThan(500);
  });

  it('does not believe a /Count larger than the file could hold', async () => {
    const doc = await open(tree('', 1_000_000_000));
    await expect(doc.pageCount()).rejects.toSatisfy((e) =>
      isSealdeskError(e, 'PDF_PAGE_TREE_BROKEN'),
    );
  });

  it('reports a page that /Count promises but the tree lacks', async () => {
    const doc = await open(tree('', 6));
    await expect(doc.page(5)).rejects.toSatisfy((e) => isSealdeskError(e, 'PDF_PAGE_TREE_BROKEN'));
  });
});
