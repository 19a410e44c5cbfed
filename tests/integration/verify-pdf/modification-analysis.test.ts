import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PdfString, dict, name } from '../../../main/pdf/objects';
import type { ModificationAnalysis } from '../../../main/verify/modification-analysis';
import {
  addAnnotation,
  addFakeSignature,
  appendUpdate,
  contentStream,
  overlayAppearance,
  pageCopy,
  pdfWithTextField,
  signAgain,
  signedPdf,
  verifyPdfHalf,
  workspace,
  type Edit,
} from './verify-pdf-helpers';

let dir: string;
let signed: string;

beforeAll(async () => {
  dir = workspace();
  signed = await signedPdf(dir, 'approval');
});

/** The first signature's analysis of `file`; its structure must still be intact. */
async function firstAnalysis(file: string): Promise<ModificationAnalysis> {
  const half = await verifyPdfHalf(file);
  expect(half.structures[0]!.problems).toEqual([]);
  expect(half.structures[0]!.coverage).toBe('revision');
  return half.modifications[0]!;
}

const stickyNote: Edit = async (doc, u) => {
  await addAnnotation(
    doc,
    u,
    0,
    dict({
      Type: name('Annot'),
      Subtype: name('Text'),
      Rect: [500, 780, 520, 800],
      Contents: PdfString.fromText('Looks fine'),
    }),
  );
};

const fillName: Edit = async (doc, u) => {
  const page = await doc.page(0);
  const annots = (await doc.resolve(page.dict.get('Annots'))) as unknown[];
  for (const a of annots) {
    const d = await doc.getDict(a as never);
    if (d?.getName('FT') !== 'Tx') continue;
    const ap = u.allocate();
    u.put(ap, contentStream('/Tx BMC BT /Helv 12 Tf 2 6 Td (Alice) Tj ET EMC'));
    u.put(
      a as never,
      d
        .clone()
        .set('V', PdfString.fromText('Alice'))
        .set('AP', dict({ N: ap })),
    );
  }
};

describe('modification analysis after an approval signature', () => {
  it('reports a signed file with no later revision as unmodified', async () => {
    const half = await verifyPdfHalf(signed);
    expect(half.modifications[0]).toMatchObject({ verdict: 'unmodified', revisions: [] });
  });

  it('allows a second signature made by the project signer', async () => {
    const a = await firstAnalysis(await signAgain(signed, join(dir, 'second.pdf')));
    expect(a.revisions).toHaveLength(1);
    expect(a.revisions[0]).toMatchObject({
      revision: 2,
      kind: 'signature',
      allowed: true,
      pages: [1],
    });
    expect(a.verdict).toBe('allowed-changes');
  });

  it('flags a page added after signing as a disallowed change', async () => {
    const out = await appendUpdate(signed, join(dir, 'page-added.pdf'), async (doc, u) => {
      const pagesRef = (await doc.catalog()).getRef('Pages')!;
      const pages = (await doc.getDict(pagesRef))!.clone();
      const content = u.allocate();
      u.put(content, contentStream('BT /F1 24 Tf 72 700 Td (Added later) Tj ET'));
      const page = u.allocate();
      const first = await doc.page(0);
      u.put(page, first.dict.clone().set('Contents', content).set('Annots', []));
      pages.set('Kids', [...(pages.get('Kids') as never[]), page]);
      pages.set('Count', 3);
      u.put(pagesRef, pages);
    });
    const a = await firstAnalysis(out);
    expect(a.revisions[0]).toMatchObject({ kind: 'other', allowed: false });
    expect(a.revisions[0]!.details.join('\n')).toMatch(/page tree/);
    expect(a.verdict).toBe('disallowed-changes');
  });

  it('flags page content replaced after signing, naming the page', async () => {
    const out = await appendUpdate(signed, join(dir, 'content.pdf'), async (doc, u) => {
      const p = await pageCopy(doc, 0);
      const content = u.allocate();
      u.put(content, contentStream('BT /F1 18 Tf 72 742 Td (Pay 1 000 000 EUR) Tj ET'));
      p.dict.set('Contents', content);
      u.put(p.ref, p.dict);
    });
    const a = await firstAnalysis(out);
    expect(a.revisions[0]).toMatchObject({ kind: 'other', allowed: false, pages: [1] });
    expect(a.revisions[0]!.details.join('\n')).toMatch(/page content replaced/);
  });

  it('flags a content stream rewritten in place (same object number) after signing', async () => {
    const out = await appendUpdate(signed, join(dir, 'content-inplace.pdf'), async (doc, u) => {
      const p = await doc.page(1);
      u.put(p.dict.getRef('Contents')!, contentStream('BT /F1 18 Tf 72 742 Td (Other text) Tj ET'));
    });
    const a = await firstAnalysis(out);
    expect(a.revisions[0]).toMatchObject({ kind: 'other', allowed: false });
    expect(a.revisions[0]!.details.join('\n')).toMatch(/page content/);
  });

  it('allows a Square review mark added after an approval signature and lists it with its page and rectangle', async () => {
    // ISO 32000-2 §12.8.2.1: an approval signature does not restrict later annotations; Acrobat,
    // DSS and pyHanko call the signature valid and name the change. The viewer outlines it.
    const out = await appendUpdate(signed, join(dir, 'overlay.pdf'), async (doc, u) => {
      const rect: [number, number, number, number] = [60, 700, 540, 760];
      const ap = overlayAppearance(u, rect);
      await addAnnotation(
        doc,
        u,
        0,
        dict({ Type: name('Annot'), Subtype: name('Square'), Rect: rect, AP: dict({ N: ap }) }),
      );
    });
    const a = await firstAnalysis(out);
    expect(a.revisions[0]).toMatchObject({ kind: 'annotation', allowed: true, pages: [1] });
    expect(a.revisions[0]!.annotations).toEqual([
      { page: 1, subtype: 'Square', rect: [60, 700, 540, 760], change: 'added', allowed: true },
    ]);
    expect(a.revisions[0]!.details.join('\n')).toMatch(
      /Square annotation was added that can cover/,
    );
  });

  it('allows a sticky note added after an approval signature', async () => {
    const a = await firstAnalysis(await appendUpdate(signed, join(dir, 'note.pdf'), stickyNote));
    expect(a.revisions[0]).toMatchObject({ kind: 'annotation', allowed: true, pages: [1] });
    expect(a.revisions[0]!.overlays).toEqual([]);
  });

  it('flags a changed catalog entry (an OpenAction added) as other', async () => {
    const out = await appendUpdate(signed, join(dir, 'openaction.pdf'), async (doc, u) => {
      const ref = doc.trailer.getRef('Root')!;
      u.put(ref, (await doc.catalog()).clone().set('OpenAction', dict({ S: name('JavaScript') })));
    });
    const a = await firstAnalysis(out);
    expect(a.revisions[0]).toMatchObject({ kind: 'other', allowed: false });
    expect(a.revisions[0]!.details).toContain('the catalog /OpenAction was changed');
  });

  it('reports an update that rewrites objects without changing them as nothing', async () => {
    const out = await appendUpdate(signed, join(dir, 'noop.pdf'), async (doc, u) => {
      const p = await pageCopy(doc, 1);
      u.put(p.ref, p.dict);
    });
    const a = await firstAnalysis(out);
    expect(a.revisions[0]).toMatchObject({ kind: 'none', allowed: true, pages: [] });
  });
});

describe('form filling', () => {
  it('classifies a text field filled after signing as allowed form filling', async () => {
    const fieldDir = workspace();
    const withField = await signedPdf(fieldDir, 'field', {}, await pdfWithTextField(fieldDir));
    const a = await firstAnalysis(
      await appendUpdate(withField, join(fieldDir, 'filled.pdf'), fillName),
    );
    expect(a.revisions[0]).toMatchObject({ kind: 'form-fill', allowed: true, pages: [1] });
    expect(a.revisions[0]!.details.join('\n')).toMatch(/"Name": \/V changed/);
  });
});

describe('DocMDP of a certification signature', () => {
  it('P=1: a second signature is not allowed', async () => {
    const cert = await signedPdf(dir, 'p1', { certify: 1 });
    const a = await firstAnalysis(
      await appendUpdate(cert, join(dir, 'p1-signed.pdf'), addFakeSignature),
    );
    expect(a.docMdp).toBe(1);
    expect(a.revisions[0]).toMatchObject({ kind: 'signature', allowed: false, pages: [1] });
  });

  it('P=1: adding validation data (DSS) is allowed', async () => {
    const cert = await signedPdf(dir, 'p1dss', { certify: 1 });
    const out = await appendUpdate(cert, join(dir, 'p1-dss.pdf'), async (doc, u) => {
      const certStream = u.allocate();
      u.put(certStream, contentStream('not really a certificate'));
      const dss = u.allocate();
      u.put(dss, dict({ Certs: [certStream] }));
      const root = doc.trailer.getRef('Root')!;
      u.put(root, (await doc.catalog()).clone().set('DSS', dss));
    });
    const a = await firstAnalysis(out);
    expect(a.revisions[0]).toMatchObject({ kind: 'dss-or-timestamp', allowed: true, pages: [] });
  });

  it('P=2: filling a form field is allowed', async () => {
    const fieldDir = workspace();
    const cert = await signedPdf(fieldDir, 'p2f', { certify: 2 }, await pdfWithTextField(fieldDir));
    const a = await firstAnalysis(
      await appendUpdate(cert, join(fieldDir, 'p2-filled.pdf'), fillName),
    );
    expect(a.docMdp).toBe(2);
    expect(a.revisions[0]).toMatchObject({ kind: 'form-fill', allowed: true });
  });

  it('P=2: a second signature is allowed', async () => {
    const cert = await signedPdf(dir, 'p2s', { certify: 2 });
    const a = await firstAnalysis(await signAgain(cert, join(dir, 'p2-signed.pdf')));
    expect(a.revisions[0]).toMatchObject({ kind: 'signature', allowed: true });
  });

  it('P=2: an annotation is not allowed', async () => {
    const cert = await signedPdf(dir, 'p2a', { certify: 2 });
    const a = await firstAnalysis(await appendUpdate(cert, join(dir, 'p2-note.pdf'), stickyNote));
    expect(a.revisions[0]).toMatchObject({ kind: 'annotation', allowed: false, pages: [1] });
  });

  it('P=3: an annotation is allowed', async () => {
    const cert = await signedPdf(dir, 'p3a', { certify: 3 });
    const a = await firstAnalysis(await appendUpdate(cert, join(dir, 'p3-note.pdf'), stickyNote));
    expect(a.docMdp).toBe(3);
    expect(a.revisions[0]).toMatchObject({ kind: 'annotation', allowed: true, pages: [1] });
  });

  it('P=3: an overlay annotation is still not allowed', async () => {
    const cert = await signedPdf(dir, 'p3o', { certify: 3 });
    const out = await appendUpdate(cert, join(dir, 'p3-overlay.pdf'), async (doc, u) => {
      await addAnnotation(
        doc,
        u,
        0,
        dict({
          Type: name('Annot'),
          Subtype: name('FreeText'),
          Rect: [72, 700, 400, 760],
          DA: PdfString.fromText('/Helv 18 Tf 0 g'),
          Contents: PdfString.fromText('VOID'),
        }),
      );
    });
    const a = await firstAnalysis(out);
    expect(a.revisions[0]).toMatchObject({ kind: 'annotation', allowed: false });
    expect(a.revisions[0]!.overlays[0]).toMatchObject({ subtype: 'FreeText', page: 1 });
  });
});
