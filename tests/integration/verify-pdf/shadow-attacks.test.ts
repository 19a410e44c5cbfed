/**
 * The shadow attacks (Mainka, Mladenov, Rohlmann, Schwenk, NDSS 2021: hide, replace,
 * hide-and-replace, each variant) and the incremental saving attacks ("1 Trillion Dollar
 * Refund"), made by code on a document prepared before signing (tests/fixtures/pdfs/
 * shadow-pdf.ts), each named as a change not allowed; and the same document signed and not
 * manipulated, or changed only in allowed ways, staying valid.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PdfDocument } from '../../../main/pdf/document';
import { PdfDict, PdfRef, PdfStream, PdfString, dict, name } from '../../../main/pdf/objects';
import { verifyDocument } from '../../../main/verify/verify-document';
import { lastStartxref } from '../../fixtures/pdfs/incremental-pdf';
import { SHADOW, makeShadowPdf } from '../../fixtures/pdfs/shadow-pdf';
import { rootAnchor } from '../verify/verify-helpers';
import { appendRaw, expectNamedAsNotAllowed, firstAnalysis } from './shadow-helpers';
import {
  appendUpdate,
  contentStream,
  pageCopy,
  signAgain,
  signedPdf,
  verifyPdfHalf,
  workspace,
  type Edit,
} from './verify-pdf-helpers';

let dir: string;
let signed: string;
let shadowCoverOffset: number;
const S = SHADOW;

beforeAll(async () => {
  dir = workspace();
  const base = makeShadowPdf();
  shadowCoverOffset = base.shadowCoverOffset;
  signed = await signedPdf(dir, 'shadow', {}, base.pdf);
});

const ref = (num: number): PdfRef => new PdfRef(num, 0);
const verify = (file: string) => verifyDocument(file, { trustAnchors: [rootAnchor()] });
let n = 0;
const out = (label: string): string => join(dir, `${label}-${n++}.pdf`);
const update = (label: string, edit: Edit): Promise<string> =>
  appendUpdate(signed, out(label), edit);

type Update = Parameters<Edit>[1];

/** A changeable copy of object `num` (a dictionary) as the signed file has it. */
async function objectCopy(doc: PdfDocument, num: number): Promise<PdfDict> {
  return (await doc.getDict(ref(num)))!.clone();
}

describe('the shadow-prepared contract, signed and not manipulated', () => {
  it('is valid and unmodified, although it holds objects nothing uses', async () => {
    const r = await verify(signed);
    expect(r.signatures[0]).toMatchObject({
      indication: 'TOTAL_PASSED',
      coversWholeFile: true,
      modificationsAfter: [],
    });
  });

  it('stays valid after a second signature by the project signer', async () => {
    const a = await firstAnalysis(await signAgain(signed, out('second-signature')));
    expect(a.verdict).toBe('allowed-changes');
    expect(a.revisions[0]).toMatchObject({ kind: 'signature', allowed: true });
  });

  it('stays valid when a field is filled with a new value and a new appearance after an approval signature', async () => {
    const file = await update('fill', async (doc, u) => {
      const ap = u.allocate();
      u.put(ap, contentStream('/Tx BMC BT /Helv 12 Tf 4 8 Td (Bob) Tj ET EMC'));
      const payee = await objectCopy(doc, S.payee);
      payee.set('V', PdfString.fromText('Bob')).set('AP', dict({ N: ap }));
      u.put(ref(S.payee), payee);
    });
    const a = await firstAnalysis(file);
    expect(a.revisions[0]).toMatchObject({ kind: 'form-fill', allowed: true });
  });
});

describe('hide', () => {
  it('names a covering form XObject emptied in place as page content changed', async () => {
    const file = await update('cover-emptied', async (doc, u) => {
      const cover = (await doc.get(ref(S.cover))) as PdfStream;
      u.put(ref(S.cover), PdfStream.fromBytes(cover.dict.clone(), Buffer.from('% none\n')));
    });
    const a = await firstAnalysis(file);
    expectNamedAsNotAllowed(
      a,
      /page 1: a form XObject \(object 6\) that the page draws was changed after signing: an image or form XObject of the page changed/,
    );
    expect(a.revisions[0]!.pages).toContain(1);
  });

  it('names a covering Square annotation taken off the page as hiding', async () => {
    const file = await update('square-removed', async (doc, u) => {
      const p = await pageCopy(doc, 0);
      p.dict.set('Annots', [new PdfRef(S.payee, 0), new PdfRef(S.note, 0)]);
      u.put(p.ref, p.dict);
    });
    expectNamedAsNotAllowed(
      await firstAnalysis(file),
      /page 1: a \/Square annotation that could cover content when signed \(at \[70 556 330 576\]\) was removed/,
    );
  });

  it('names a covering annotation hidden by its flags after signing', async () => {
    const file = await update('square-hidden', async (doc, u) => {
      u.put(ref(S.square), (await objectCopy(doc, S.square)).set('F', 4 | 2));
    });
    expectNamedAsNotAllowed(await firstAnalysis(file), /Square annotation .* was hidden/);
  });

  it('names a covering annotation moved away after signing', async () => {
    const file = await update('square-moved', async (doc, u) => {
      u.put(ref(S.square), (await objectCopy(doc, S.square)).set('Rect', [0, 0, 260, 20]));
    });
    expectNamedAsNotAllowed(await firstAnalysis(file), /Square annotation .* was moved or resized/);
  });

  it('names the page /Contents re-pointed to a content stream prepared before signing', async () => {
    const file = await update('contents-repointed', async (doc, u) => {
      const p = await pageCopy(doc, 0);
      p.dict.set('Contents', [new PdfRef(S.preparedContent, 0)]);
      u.put(p.ref, p.dict);
    });
    const a = await firstAnalysis(file);
    expectNamedAsNotAllowed(
      a,
      /\/Contents now refers to object 40 \(a stream\), which was in the file when signed but nothing used it/,
    );
    expect(a.revisions[0]!.details.join('\n')).toMatch(/page 1: \/Contents changed/);
  });

  it('names a field appearance re-pointed to an appearance prepared before signing (not form filling)', async () => {
    // Without the role rule this is form filling of an unlocked field after an approval
    // signature: allowed. The new appearance was in the signed file, unused: a shadow.
    const file = await update('ap-repointed', async (doc, u) => {
      const payee = await objectCopy(doc, S.payee);
      u.put(ref(S.payee), payee.set('AP', dict({ N: new PdfRef(S.preparedAp, 0) })));
    });
    expectNamedAsNotAllowed(
      await firstAnalysis(file),
      /object 16 \/AP \/N now refers to object 41 \(a form XObject\), which was in the file when signed but nothing used it/,
    );
  });

  it('names optional content switched on after signing (/OCProperties /D /OFF emptied)', async () => {
    const file = await update('oc-on', async (doc, u) => {
      const oc = await objectCopy(doc, S.ocProperties);
      const d = (oc.get('D') as PdfDict).clone().set('OFF', []);
      u.put(ref(S.ocProperties), oc.set('D', d));
    });
    expectNamedAsNotAllowed(
      await firstAnalysis(file),
      /optional-content configuration \(\/OCProperties\) was changed: which layers are shown changed/,
    );
  });

  it('names a page XObject resource re-pointed to an empty form prepared before signing', async () => {
    const file = await update('xobject-repointed', async (doc, u) => {
      const p = await pageCopy(doc, 0);
      const res = (p.dict.get('Resources') as PdfDict).clone();
      res.set('XObject', dict({ Cover: new PdfRef(S.emptyXObject, 0) }));
      u.put(p.ref, p.dict.set('Resources', res));
    });
    expectNamedAsNotAllowed(
      await firstAnalysis(file),
      /\/Resources \/XObject \/Cover now refers to object 47/,
    );
  });

  it('form over form: names the covering field taken off the page and out of the form', async () => {
    const file = await update('form-over-form', async (doc, u) => {
      const p = await pageCopy(doc, 0);
      u.put(p.ref, p.dict.set('Annots', [new PdfRef(S.payee, 0), new PdfRef(S.square, 0)]));
      const af = await objectCopy(doc, S.acroForm);
      const fields = ((await doc.resolve(af.get('Fields'))) as PdfRef[]).filter(
        (f) => f.num !== S.note,
      );
      u.put(ref(S.acroForm), af.set('Fields', fields));
    });
    expectNamedAsNotAllowed(
      await firstAnalysis(file),
      /page 1: a widget or unknown entry was removed|form fields were removed/,
    );
  });

  it('form over form: names the covering field and its appearance freed by the xref alone', async () => {
    const file = appendRaw(signed, out('form-over-form-freed'), { free: [S.note, S.noteAp] });
    expectNamedAsNotAllowed(await firstAnalysis(file), /object 17 was deleted/);
  });

  it('no material change: names an xref-only update that points the cover at a prepared second body', async () => {
    const file = appendRaw(signed, out('xref-only-cover'), {
      pointAt: { [S.cover]: shadowCoverOffset },
    });
    const bytes = readFileSync(file);
    expect(bytes.subarray(readFileSync(signed).length).toString('latin1')).not.toMatch(/ obj/);
    expectNamedAsNotAllowed(
      await firstAnalysis(file),
      /page 1: a form XObject \(object 6\) that the page draws was changed after signing/,
    );
  });

  it('no material change: names an annotation re-written identically but for one reference', async () => {
    const file = await update('square-ap-repointed', async (doc, u) => {
      const sq = await objectCopy(doc, S.square);
      u.put(ref(S.square), sq.set('AP', dict({ N: new PdfRef(S.emptyXObject, 0) })));
    });
    const a = await firstAnalysis(file);
    expectNamedAsNotAllowed(a, /object 18 \/AP \/N now refers to object 47/);
    expect(a.revisions[0]!.details.join('\n')).toMatch(/given another appearance/);
  });

  it('no material change: names a new xref section that only moves the trailer /Info to a prepared object', async () => {
    const file = appendRaw(signed, out('info-moved'), {
      trailer: { Info: `${S.preparedInfo} 0 R` },
    });
    expectNamedAsNotAllowed(
      await firstAnalysis(file),
      /the trailer \/Info now refers to object 46 .* nothing used it/,
    );
  });
});

describe('replace', () => {
  const fontCases: [string, (doc: PdfDocument, u: Update) => Promise<void>][] = [
    [
      'a one-byte change of the embedded font program (/FontFile2)',
      async (doc, u) => {
        const ff = (await doc.get(ref(S.fontFile))) as PdfStream;
        const bytes = Buffer.from(await doc.streamData(ff));
        bytes[bytes.length - 2] = 0x32; // "version 1" -> "version 2"
        u.put(ref(S.fontFile), PdfStream.fromBytes(new PdfDict(), bytes));
      },
    ],
    [
      'new glyph widths (/Widths)',
      (_doc, u) => {
        u.put(
          ref(S.widths),
          Array.from({ length: 95 }, () => 0),
        );
        return Promise.resolve();
      },
    ],
    [
      'a new /ToUnicode map',
      (_doc, u) => {
        u.put(ref(S.toUnicode), contentStream('/CIDInit /ProcSet findresource begin end'));
        return Promise.resolve();
      },
    ],
    [
      'a Type 3 glyph procedure (/CharProcs /a) redrawn',
      (_doc, u) => {
        u.put(ref(S.glyphA), contentStream('1000 0 d0 0 0 m 800 800 l S'));
        return Promise.resolve();
      },
    ],
    [
      'a Type 3 /Encoding whose /Differences swap two glyphs',
      (_doc, u) => {
        u.put(
          ref(S.type3Encoding),
          dict({ Type: name('Encoding'), Differences: [97, name('b'), name('a')] }),
        );
        return Promise.resolve();
      },
    ],
    [
      'the font descriptor re-pointed to a new font program',
      async (doc, u) => {
        const ff = u.allocate();
        u.put(ff, contentStream('another font program'));
        u.put(
          ref(S.fontDescriptor),
          (await objectCopy(doc, S.fontDescriptor)).set('FontFile2', ff),
        );
      },
    ],
  ];
  for (const [what, edit] of fontCases) {
    it(`names ${what} as "fonts of the page changed", not allowed`, async () => {
      const file = await update('font', edit);
      const a = await firstAnalysis(file);
      expectNamedAsNotAllowed(
        a,
        /page 1: .* that the page draws was changed after signing: fonts of the page changed/,
      );
      expect(a.revisions[0]!.pages).toEqual([1]);
    });
  }

  it('replace via font: the verdict of the first signature is not valid and names the font change', async () => {
    const file = await update('font-verdict', fontCases[3]![1]);
    const r = await verify(file);
    const s = r.signatures[0]!;
    expect(s.indication).not.toBe('TOTAL_PASSED');
    expect(s.modificationsAfter.some((m) => !m.allowed)).toBe(true);
    expect(s.modificationsAfter.flatMap((m) => m.details).join('\n')).toMatch(
      /fonts of the page changed/,
    );
    expect(s.messageEn).toMatch(/changed afterwards in a way that is not allowed/);
  });

  it('replace via overlay: filling a read-only field after signing is not allowed', async () => {
    // The field is made read-only before signing: sign a copy prepared that way.
    const prepDir = workspace();
    const base = join(prepDir, 'ro-base.pdf');
    writeFileSync(base, makeShadowPdf().pdf);
    const prepared = await appendUpdate(base, join(prepDir, 'ro.pdf'), async (doc, u) => {
      u.put(ref(S.payee), (await objectCopy(doc, S.payee)).set('Ff', 1));
    });
    const signedRo = await signedPdf(prepDir, 'ro-signed', {}, readFileSync(prepared));
    const file = await appendUpdate(signedRo, join(prepDir, 'ro-filled.pdf'), async (doc, u) => {
      const ap = u.allocate();
      u.put(ap, contentStream('/Tx BMC BT /Helv 12 Tf 4 8 Td (Alice) Tj ET EMC'));
      const payee = await objectCopy(doc, S.payee);
      u.put(ref(S.payee), payee.set('V', PdfString.fromText('Alice')).set('AP', dict({ N: ap })));
    });
    expectNamedAsNotAllowed(
      await firstAnalysis(file),
      /form field "Payee": \/V changed although the field is read-only/,
    );
  });

  it('replace via overlay: filling a field under a DocMDP P=1 certification is not allowed', async () => {
    const certified = await signedPdf(dir, 'shadow-p1', { certify: 1 }, makeShadowPdf().pdf);
    const file = await appendUpdate(certified, out('p1-filled'), async (doc, u) => {
      const payee = await objectCopy(doc, S.payee);
      u.put(ref(S.payee), payee.set('V', PdfString.fromText('Alice')));
    });
    const a = await firstAnalysis(file);
    expect(a.docMdp).toBe(1);
    expect(a.revisions[0]).toMatchObject({ kind: 'form-fill', allowed: false });
  });
});

describe('hide-and-replace', () => {
  it('names the catalog re-written with identical content but /Pages re-pointed to a hidden page tree', async () => {
    const file = await update('pages-repointed', async (doc, u) => {
      const root = doc.trailer.getRef('Root')!;
      u.put(root, (await doc.catalog()).clone().set('Pages', new PdfRef(S.preparedPages, 0)));
    });
    const a = await firstAnalysis(file);
    expectNamedAsNotAllowed(a, /the catalog \/Pages was changed \(the page tree was replaced\)/);
    expect(a.revisions[0]!.details.join('\n')).toMatch(/object 1 \/Pages now refers to object 42/);
  });

  it('names a /Kids entry re-pointed to a page prepared before signing', async () => {
    const file = await update('kids-repointed', async (doc, u) => {
      u.put(
        ref(S.pages),
        (await objectCopy(doc, S.pages)).set('Kids', [new PdfRef(S.preparedPage, 0)]),
      );
    });
    expectNamedAsNotAllowed(await firstAnalysis(file), /object 2 \/Kids now refers to object 43/);
  });

  it('names a new xref section whose trailer /Root is a catalog prepared before signing', async () => {
    const file = appendRaw(signed, out('root-moved'), {
      trailer: { Root: `${S.preparedCatalog} 0 R` },
    });
    const a = await firstAnalysis(file);
    expectNamedAsNotAllowed(a, /the trailer \/Root was changed/);
    expect(a.revisions[0]!.details.join('\n')).toMatch(
      /the trailer \/Root now refers to object 45/,
    );
  });

  it('hide-and-replace: the first signature is not valid and the message says the document changed', async () => {
    const file = appendRaw(signed, out('root-moved-verdict'), {
      trailer: { Root: `${S.preparedCatalog} 0 R` },
    });
    const s = (await verify(file)).signatures[0]!;
    expect(s.indication).not.toBe('TOTAL_PASSED');
    expect(s.modificationsAfter.some((m) => !m.allowed)).toBe(true);
  });
});

describe('incremental saving attacks', () => {
  const replaced = (text: string): string => {
    const data = Buffer.from(`BT /F1 14 Tf 72 780 Td (${text}) Tj ET\n`, 'latin1');
    return `<< /Length ${data.length} >>\nstream\n${data.toString('latin1')}\nendstream`;
  };

  it('names an appended revision (/Prev to the signed one) that replaces the page content', async () => {
    const file = appendRaw(signed, out('isa-prev'), {
      objects: { [S.content]: replaced('Refund 1,000,000 EUR to Mallory') },
    });
    expectNamedAsNotAllowed(await firstAnalysis(file), /page 1: .*the page content was replaced/);
  });

  it('names a revision appended after %%EOF without an xref section (the xref must be rebuilt)', async () => {
    const file = appendRaw(signed, out('isa-no-xref'), {
      objects: { [S.content]: replaced('Refund 1,000,000 EUR to Mallory') },
      xref: false,
    });
    const s = (await verify(file)).signatures[0]!;
    expect(s.indication).not.toBe('TOTAL_PASSED');
    const bad = s.modificationsAfter.filter((m) => !m.allowed);
    expect(bad.length).toBeGreaterThan(0);
    expect(bad.flatMap((m) => m.details).join('\n')).toMatch(/cross-reference|xref/i);
  });

  it('names objects appended after the last %%EOF with no xref, trailer or startxref', async () => {
    const base = readFileSync(signed);
    const tail = `${S.content} 0 obj\n${replaced('Refund 1,000,000 EUR to Mallory')}\nendobj\n`;
    const file = out('isa-bare-objects');
    writeFileSync(file, Buffer.concat([base, Buffer.from(tail, 'latin1')]));
    const s = (await verify(file)).signatures[0]!;
    expect(s.indication).not.toBe('TOTAL_PASSED');
    expect(s.modificationsAfter.some((m) => !m.allowed)).toBe(true);
  });

  it('names a later revision whose xref offsets are broken', async () => {
    const file = appendRaw(signed, out('isa-broken-xref'), {
      objects: { [S.content]: replaced('Refund 1,000,000 EUR to Mallory') },
    });
    const bytes = readFileSync(file);
    const xrefAt = lastStartxref(bytes);
    const text = bytes.subarray(xrefAt).toString('latin1');
    const entry = new RegExp(`${S.content} 1\\n(\\d{10})`).exec(text)!;
    const wrong = String(Number(entry[1]) + 3).padStart(10, '0');
    const at = xrefAt + entry.index + entry[0].length - 10;
    bytes.write(wrong, at, 'latin1');
    writeFileSync(file, bytes);
    const s = (await verify(file)).signatures[0]!;
    expect(s.indication).not.toBe('TOTAL_PASSED');
    expect(s.modificationsAfter.some((m) => !m.allowed)).toBe(true);
  });
});

describe('first signature of every analysed file', () => {
  it('keeps the PDF half intact for the control (sanity of the fixture)', async () => {
    const half = await verifyPdfHalf(signed);
    expect(half.structures[0]!.problems).toEqual([]);
    expect(half.revisionCount).toBe(2);
  });
});
