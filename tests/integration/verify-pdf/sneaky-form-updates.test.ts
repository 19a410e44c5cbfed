/**
 * pyHanko's "sneaky" form updates, reproduced by code from what its test files do object by
 * object (the files themselves stay in shared/interop, third-party material): a second signature
 * placed into an empty signature field that existed when the first signature was made, whose
 * update either rewrites that field's appearance stream in place (the /AP dictionary is kept) or
 * gives the widget a new appearance dictionary. Honest when the old appearance belonged to the
 * field alone; "sneaky" when the catalog (/FooBar) holds the same appearance dictionary, so the
 * update changes, or detaches from, something the catalog shows too.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PdfRef, PdfStream, dict, name, type PdfDict } from '../../../main/pdf/objects';
import type { ModificationAnalysis } from '../../../main/verify/modification-analysis';
import { verifyDocument } from '../../../main/verify/verify-document';
import {
  EMPTY_SIG_FIELD,
  makeEmptySigFieldPdf,
  type EmptySigFieldOptions,
} from '../../fixtures/pdfs/shadow-pdf';
import { rootAnchor } from '../verify/verify-helpers';
import { expectNamedAsNotAllowed } from './shadow-helpers';
import {
  appendUpdate,
  fakeSignature,
  signAgain,
  signedPdf,
  verifyPdfHalf,
  workspace,
  type Edit,
} from './verify-pdf-helpers';

const E = EMPTY_SIG_FIELD;
let dir: string;
let n = 0;

beforeAll(() => {
  dir = workspace();
});

/** The base with the empty field "Sig2", signed by the project signer (a new field). */
function signedBase(opts: EmptySigFieldOptions): Promise<string> {
  return signedPdf(dir, `base-${n++}`, {}, makeEmptySigFieldPdf(opts));
}

/** The first signature's (the project signer's) analysis. */
async function firstSignatureAnalysis(file: string): Promise<ModificationAnalysis> {
  const half = await verifyPdfHalf(file);
  const i = half.signatures.findIndex((s) => s.fieldName !== 'Sig2');
  expect(half.structures[i]!.problems).toEqual([]);
  return half.modifications[i]!;
}

/** A signature value written by hand into "Sig2" (its CMS is not needed by the analysis). */
function signSig2(u: Parameters<Edit>[1], widget: PdfDict): PdfDict {
  const sig = fakeSignature(u, { subFilter: 'adbe.pkcs7.detached', fill: 1 });
  return widget.clone().set('V', sig);
}

/** A new appearance stream using a font whose descriptor is a new object. */
function newAppearance(u: Parameters<Edit>[1]): PdfStream {
  const fd = u.allocate();
  u.put(fd, dict({ Type: name('FontDescriptor'), FontName: name('Courier'), Flags: 35 }));
  const font = dict({
    Type: name('Font'),
    Subtype: name('Type1'),
    BaseFont: name('Courier'),
    FontDescriptor: fd,
  });
  return PdfStream.fromBytes(
    dict({
      Type: name('XObject'),
      Subtype: name('Form'),
      BBox: [0, 0, 280, 60],
      Resources: dict({ Font: dict({ F1: font }) }),
    }),
    Buffer.from('BT /F1 10 Tf 4 40 Td (Signed by the second signer) Tj ET', 'latin1'),
  );
}

/** pyHanko's "ap-indirect": the /AP dictionary is kept, its /N stream rewritten in place. */
const rewriteInPlace: Edit = async (doc, u) => {
  const widget = (await doc.getDict(new PdfRef(E.widget, 0)))!;
  u.put(new PdfRef(E.widget, 0), signSig2(u, widget));
  u.put(new PdfRef(E.apStream, 0), newAppearance(u));
};

/** pyHanko's "no-override" and "ap-type-wrong": the widget gets a new /AP dictionary. */
const newApDictionary: Edit = async (doc, u) => {
  const widget = (await doc.getDict(new PdfRef(E.widget, 0)))!;
  const ap = u.allocate();
  u.put(ap, newAppearance(u));
  u.put(new PdfRef(E.widget, 0), signSig2(u, widget).set('AP', dict({ N: ap })));
};

describe('a second signature into an empty field that existed when the first was made', () => {
  it('allows rewriting the field appearance in place when only that field used it', async () => {
    const base = await signedBase({ sneaky: false, ap: 'indirect' });
    const a = await firstSignatureAnalysis(
      await appendUpdate(base, join(dir, `honest-inplace-${n++}.pdf`), rewriteInPlace),
    );
    expect(a.verdict).toBe('allowed-changes');
    expect(a.revisions[0]).toMatchObject({ kind: 'signature', allowed: true });
  });

  it('names rewriting in place an appearance the catalog also holds (/FooBar) as not allowed', async () => {
    const base = await signedBase({ sneaky: true, ap: 'indirect' });
    const a = await firstSignatureAnalysis(
      await appendUpdate(base, join(dir, `sneaky-inplace-${n++}.pdf`), rewriteInPlace),
    );
    expectNamedAsNotAllowed(
      a,
      /the appearance object 9 \(a form XObject\) is also used by the catalog \/FooBar/,
    );
  });

  it('allows a new appearance dictionary when the old one belonged to the field alone', async () => {
    const base = await signedBase({ sneaky: false, ap: 'indirect' });
    const a = await firstSignatureAnalysis(
      await appendUpdate(base, join(dir, `honest-newap-${n++}.pdf`), newApDictionary),
    );
    expect(a.verdict).toBe('allowed-changes');
    expect(a.revisions[0]).toMatchObject({ kind: 'signature', allowed: true });
  });

  it('names a new appearance dictionary replacing one the catalog also holds (/FooBar) as not allowed', async () => {
    const base = await signedBase({ sneaky: true, ap: 'indirect' });
    const file = await appendUpdate(base, join(dir, `sneaky-newap-${n++}.pdf`), newApDictionary);
    expectNamedAsNotAllowed(
      await firstSignatureAnalysis(file),
      /the appearance that field "Sig2" had when signed \(object 10\) is also used by the catalog \/FooBar/,
    );
    const r = await verifyDocument(file, { trustAnchors: [rootAnchor()] });
    const first = r.signatures.find((s) => s.field !== 'Sig2')!;
    expect(first.indication).not.toBe('TOTAL_PASSED');
    expect(first.modificationsAfter.some((m) => !m.allowed)).toBe(true);
  });

  it('allows overriding an appearance of a nonsensical type (/AP [])', async () => {
    const base = await signedBase({ sneaky: false, ap: 'wrong-type' });
    const a = await firstSignatureAnalysis(
      await appendUpdate(base, join(dir, `wrong-type-${n++}.pdf`), newApDictionary),
    );
    expect(a.verdict).toBe('allowed-changes');
  });

  it('allows the project signer signing the pre-existing empty field', async () => {
    const base = await signedBase({ sneaky: false, ap: 'indirect' });
    const file = await signAgain(base, join(dir, `signer-sig2-${n++}.pdf`), { fieldName: 'Sig2' });
    const r = await verifyDocument(file, { trustAnchors: [rootAnchor()] });
    expect(r.signatures.map((s) => s.indication)).toEqual(['TOTAL_PASSED', 'TOTAL_PASSED']);
  });
});
