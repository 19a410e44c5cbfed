/**
 * Later revisions as other signers write them (issue 12, part 1): each structure is rebuilt by
 * code from the real file named in other-signers-helpers.ts, and must be recognised as the
 * permitted change it is, while its tampered twin stays caught.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModificationAnalysis } from '../../../main/verify/modification-analysis';
import { verifyDocument } from '../../../main/verify/verify-document';
import { rootAnchor } from '../verify/verify-helpers';
import {
  danglingContentReference,
  documentTimestampRevision,
  extensionsUpdatedInPlace,
  fillDanglingContent,
  formWithDefaultResources,
  indirectExtensions,
  itextDssUpdateInPlace,
  itextLtvRevision,
  pdfWithEmptySignatureFields,
  separateWidgetSignature,
  signExistingFieldRewritingAppearance,
  signatureAddingDefaultResource,
  taggedDocument,
  taggedSignatureRevision,
  touchInfo,
  xmpAndVersionRevision,
} from './other-signers-helpers';
import {
  appendUpdate,
  contentStream,
  pdfWithTextField,
  signAgain,
  signedPdf,
  verifyPdfHalf,
  workspace,
  type Edit,
} from './verify-pdf-helpers';
import type { PdfDict } from '../../../main/pdf/objects';
import { PdfString, dict, name } from '../../../main/pdf/objects';
import { makeClassicPdf } from '../../fixtures/pdfs/classic-pdf';
import { readFileSync, writeFileSync } from 'node:fs';

let dir: string;
let signed: string;

beforeAll(async () => {
  dir = workspace();
  signed = await signedPdf(dir, 'approval');
});

/** The first signature's analysis of `file`. */
async function firstAnalysis(file: string): Promise<ModificationAnalysis> {
  const half = await verifyPdfHalf(file);
  expect(half.structures[0]!.problems).toEqual([]);
  return half.modifications[0]!;
}

/** Appends the edits in turn, each as its own revision. */
async function revisions(input: string, label: string, edits: Edit[]): Promise<string> {
  let current = input;
  for (const [i, e] of edits.entries())
    current = await appendUpdate(current, join(dir, `${label}-${i}.pdf`), e);
  return current;
}

/** A PDF made by appending `edits` (before any signature) to a classic 2-page file. */
async function prepared(label: string, edits: Edit[]): Promise<Buffer> {
  const base = join(dir, `${label}-base.pdf`);
  writeFileSync(base, makeClassicPdf({ pages: 2 }));
  return readFileSync(await revisions(base, label, edits));
}

async function firstSignatureVerdict(file: string) {
  const r = await verifyDocument(file, { trustAnchors: [rootAnchor()] });
  return r.signatures[0]!;
}

describe('validation data and document timestamps written by other signers', () => {
  it('allows an iText LTV revision (DSS with indirect arrays and VRI, /Extensions, /Info rewritten, an unused object) and says so', async () => {
    const out = await appendUpdate(signed, join(dir, 'itext-ltv.pdf'), itextLtvRevision);
    const a = await firstAnalysis(out);
    expect(a.revisions[0]).toMatchObject({ kind: 'dss-or-timestamp', allowed: true, pages: [] });
    expect(a.revisions[0]!.details.join('\n')).toMatch(/1 unused object\(s\) were added/);
    const s = await firstSignatureVerdict(out);
    expect(s.indication).toBe('TOTAL_PASSED');
    expect(s.messageEn).toMatch(/afterwards validation data .* were added/);
    expect(s.messageZh).toMatch(/此后添加了验证数据/);
  });

  it('allows a document timestamp whose invisible widget joins page 1 and the form, with or without /Type (DSS-1899)', async () => {
    for (const withType of [true, false]) {
      const out = await appendUpdate(
        signed,
        join(dir, `doc-ts-${withType}.pdf`),
        documentTimestampRevision({ withType }),
      );
      const a = await firstAnalysis(out);
      expect(a.revisions[0]).toMatchObject({ kind: 'dss-or-timestamp', allowed: true });
      expect(a.revisions[0]!.items).toContainEqual({ what: 'document-timestamp', pages: [] });
    }
  });

  it('allows several LTV revisions in a row: DSS, document timestamp, the DSS updated in place, another timestamp', async () => {
    const out = await revisions(signed, 'lta-chain', [
      itextLtvRevision,
      documentTimestampRevision({ withType: true }),
      itextDssUpdateInPlace,
      documentTimestampRevision({ withType: true }),
    ]);
    const a = await firstAnalysis(out);
    expect(a.revisions.map((r) => [r.kind, r.allowed])).toEqual([
      ['dss-or-timestamp', true],
      ['dss-or-timestamp', true],
      ['dss-or-timestamp', true],
      ['dss-or-timestamp', true],
    ]);
    const s = await firstSignatureVerdict(out);
    expect(s.messageEn).toMatch(/a document timestamp and validation data were added/);
  });

  it("allows pyHanko's XMP metadata and /Version update and names it as metadata", async () => {
    const a = await firstAnalysis(
      await appendUpdate(signed, join(dir, 'xmp.pdf'), xmpAndVersionRevision),
    );
    expect(a.revisions[0]).toMatchObject({ kind: 'metadata', allowed: true });
    expect(a.revisions[0]!.details).toEqual(
      expect.arrayContaining(['the XMP metadata was replaced', 'the PDF version was raised']),
    );
  });
});

describe('signatures added the way other signers add them', () => {
  it('allows a signature whose widget is a separate object in an indirect /Kids array (pyHanko)', async () => {
    const a = await firstAnalysis(
      await appendUpdate(signed, join(dir, 'separate-widget.pdf'), separateWidgetSignature),
    );
    expect(a.revisions[0]).toMatchObject({ kind: 'signature', allowed: true, pages: [1] });
    expect(a.revisions[0]!.annotations).toEqual([
      { page: 1, subtype: 'Widget', rect: [20, 120, 80, 140], change: 'added', allowed: true },
    ]);
  });

  it('allows a font added to the form default resources with a new signature (Acrobat), not a replaced one', async () => {
    const withDr = await signedPdf(dir, 'dr', {}, await prepared('dr', [formWithDefaultResources]));
    const added = await firstAnalysis(
      await appendUpdate(
        withDr,
        join(dir, 'dr-added.pdf'),
        signatureAddingDefaultResource({ replaceExisting: false }),
      ),
    );
    expect(added.revisions[0]).toMatchObject({ kind: 'signature', allowed: true });
    const replaced = await firstAnalysis(
      await appendUpdate(
        withDr,
        join(dir, 'dr-replaced.pdf'),
        signatureAddingDefaultResource({ replaceExisting: true }),
      ),
    );
    expect(replaced.revisions[0]).toMatchObject({ kind: 'other', allowed: false });
    expect(replaced.revisions[0]!.details.join('\n')).toMatch(/\/Font \/Helv was replaced/);
  });

  it('allows a tagged signature widget that extends the structure tree (iText on a tagged file)', async () => {
    const tagged = await signedPdf(dir, 'tagged', {}, await prepared('tagged', [taggedDocument]));
    const a = await firstAnalysis(
      await appendUpdate(tagged, join(dir, 'tagged-signed.pdf'), taggedSignatureRevision),
    );
    expect(a.revisions[0]).toMatchObject({ kind: 'signature', allowed: true });
    expect(a.revisions[0]!.details.join('\n')).toMatch(/logical structure/);
  });

  it('does not allow a structure tree update after a P=1 certification signature', async () => {
    const tagged = await signedPdf(
      dir,
      'tagged-p1',
      { certify: 1 },
      await prepared('tagged-p1', [taggedDocument]),
    );
    const out = await appendUpdate(tagged, join(dir, 'tagged-p1-changed.pdf'), async (doc, u) => {
      const root = (await doc.catalog()).getRef('StructTreeRoot')!;
      const d = (await doc.getDict(root))!.clone();
      u.put(root, d.set('ParentTreeNextKey', 7));
    });
    const a = await firstAnalysis(out);
    expect(a.docMdp).toBe(1);
    expect(a.revisions[0]).toMatchObject({ kind: 'metadata', allowed: false });
  });
});

describe('form filling after an approval signature', () => {
  it('allows /V, a new /AP and /NeedAppearances, and the sentence names the field and its page', async () => {
    const fieldDir = workspace();
    const withField = await signedPdf(fieldDir, 'field', {}, await pdfWithTextField(fieldDir));
    const out = await appendUpdate(withField, join(fieldDir, 'filled.pdf'), async (doc, u) => {
      const page = await doc.page(0);
      const annots = (await doc.resolve(page.dict.get('Annots'))) as unknown[];
      for (const a of annots) {
        const d = await doc.getDict(a as never);
        if (d?.getName('FT') !== 'Tx') continue;
        const ap = u.allocate();
        u.put(ap, contentStream('/Tx BMC BT /Helv 12 Tf 2 6 Td (1,000.00) Tj ET EMC'));
        u.put(
          a as never,
          d
            .clone()
            .set('V', PdfString.fromText('1,000.00'))
            .set('AP', dict({ N: ap })),
        );
      }
      const cat = (await doc.catalog()).clone();
      const af = ((await doc.resolve(cat.get('AcroForm'))) as PdfDict).clone();
      u.put(doc.trailer.getRef('Root')!, cat.set('AcroForm', af.set('NeedAppearances', true)));
      await touchInfo(doc, u, 'a form filler');
    });
    const a = await firstAnalysis(out);
    expect(a.revisions[0]).toMatchObject({ kind: 'form-fill', allowed: true, pages: [1] });
    const s = await firstSignatureVerdict(out);
    expect(s.indication).toBe('TOTAL_PASSED');
    expect(s.messageEn).toMatch(/the field "Name" was filled in on page 1/);
    expect(s.messageZh).toMatch(/第 1 页的字段“Name”被填写/);
  });
});

describe('signing a signature field that existed before the first signature', () => {
  it('allows the second signature into the earlier empty field, its appearance rewritten in place (pyHanko)', async () => {
    const fieldsDir = workspace();
    const first = await signedPdf(
      fieldsDir,
      'sig1',
      { fieldName: 'Sig1' },
      await pdfWithEmptySignatureFields(fieldsDir),
    );
    const a = await firstAnalysis(
      await appendUpdate(
        first,
        join(fieldsDir, 'sig2.pdf'),
        signExistingFieldRewritingAppearance('Sig2'),
      ),
    );
    expect(a.revisions[0]).toMatchObject({ kind: 'signature', allowed: true });
  });

  it("flags the same update when the rewritten appearance is also another widget's (pyHanko's sneaky file)", async () => {
    const fieldsDir = workspace();
    const first = await signedPdf(
      fieldsDir,
      'sig1s',
      { fieldName: 'Sig1' },
      await pdfWithEmptySignatureFields(fieldsDir, { shareSecondAppearance: true }),
    );
    const a = await firstAnalysis(
      await appendUpdate(
        first,
        join(fieldsDir, 'sig2s.pdf'),
        signExistingFieldRewritingAppearance('Sig2'),
      ),
    );
    expect(a.revisions[0]!.allowed).toBe(false);
    expect(a.revisions[0]!.details.join('\n')).toMatch(/also used by/);
  });

  it("allows the project signer's own second signature into the earlier empty field", async () => {
    const fieldsDir = workspace();
    const first = await signedPdf(
      fieldsDir,
      'own1',
      { fieldName: 'Sig1' },
      await pdfWithEmptySignatureFields(fieldsDir),
    );
    const second = await signAgain(first, join(fieldsDir, 'own2.pdf'), { fieldName: 'Sig2' });
    const a = await firstAnalysis(second);
    expect(a.revisions[0]).toMatchObject({ kind: 'signature', allowed: true });
  });
});

describe('a certification signature (P=2) on a multi-page form', () => {
  it('allows filling the form and then an approval signature', async () => {
    const formDir = workspace();
    const cert = await signedPdf(
      formDir,
      'p2form',
      { certify: 2 },
      await pdfWithTextField(formDir),
    );
    const filled = await appendUpdate(cert, join(formDir, 'p2form-filled.pdf'), async (doc, u) => {
      const page = await doc.page(0);
      for (const a of (await doc.resolve(page.dict.get('Annots'))) as unknown[]) {
        const d = await doc.getDict(a as never);
        if (d?.getName('FT') === 'Tx')
          u.put(a as never, d.clone().set('V', PdfString.fromText('Bob')));
      }
    });
    const approved = await signAgain(filled, join(formDir, 'p2form-approved.pdf'));
    const a = await firstAnalysis(approved);
    expect(a.docMdp).toBe(2);
    expect(a.revisions.map((r) => [r.kind, r.allowed])).toEqual([
      ['form-fill', true],
      ['signature', true],
    ]);
  });
});

describe('catalog /Extensions', () => {
  it('allows an indirect /Extensions dictionary updated in place (pyHanko)', async () => {
    const base = await signedPdf(
      dir,
      'ext',
      {},
      await prepared('ext', [indirectExtensions({ shared: false })]),
    );
    const a = await firstAnalysis(
      await appendUpdate(base, join(dir, 'ext-updated.pdf'), extensionsUpdatedInPlace),
    );
    expect(a.revisions[0]).toMatchObject({ kind: 'dss-or-timestamp', allowed: true });
  });

  it('flags the update when the same dictionary is also named under another catalog key', async () => {
    const base = await signedPdf(
      dir,
      'ext-shared',
      {},
      await prepared('ext-shared', [indirectExtensions({ shared: true })]),
    );
    const a = await firstAnalysis(
      await appendUpdate(base, join(dir, 'ext-shared-updated.pdf'), extensionsUpdatedInPlace),
    );
    expect(a.revisions[0]).toMatchObject({ kind: 'other', allowed: false });
    expect(a.revisions[0]!.details.join('\n')).toMatch(/also used by object/);
  });
});

describe('objects nothing refers to', () => {
  it('flags a later revision that defines an object the signed page content already referred to', async () => {
    const holder: { num?: number } = {};
    const base = await signedPdf(
      dir,
      'dangling',
      {},
      await prepared('dangling', [danglingContentReference(holder)]),
    );
    const a = await firstAnalysis(
      await appendUpdate(base, join(dir, 'dangling-filled.pdf'), fillDanglingContent(holder)),
    );
    expect(a.revisions[0]).toMatchObject({ kind: 'other', allowed: false });
    expect(a.revisions[0]!.details.join('\n')).not.toMatch(/unused/);
  });

  it('ignores an object a writer left behind that nothing refers to', async () => {
    const out = await appendUpdate(signed, join(dir, 'leftover.pdf'), (_doc, u) => {
      u.put(u.allocate(), dict({ Type: name('Font') }));
      return Promise.resolve();
    });
    const a = await firstAnalysis(out);
    expect(a.revisions[0]).toMatchObject({ kind: 'none', allowed: true });
  });
});
