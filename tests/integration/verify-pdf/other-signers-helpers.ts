/**
 * Incremental updates written the way other signers write them, object by object, so that the
 * modification analysis is tested against the structures of real files from iText, DSS, pyHanko
 * and Acrobat without shipping those files (issue 12; the originals are in the opt-in interop
 * corpus, `npm run interop`). Each builder names the tool and the file it follows.
 *
 * The CMS inside the signature dictionaries made here is not real: the modification analysis
 * judges objects, not signatures. Tests that need a real second signature use `signAgain`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PdfDocument } from '../../../main/pdf/document';
import type { IncrementalUpdate } from '../../../main/pdf/incremental-writer';
import {
  PdfDict,
  PdfRef,
  PdfStream,
  PdfString,
  dict,
  isArray,
  name,
  type PdfObject,
} from '../../../main/pdf/objects';
import { makeClassicPdf } from '../../fixtures/pdfs/classic-pdf';
import {
  appendUpdate,
  contentStream,
  fakeSignature,
  pageCopy,
  type Edit,
} from './verify-pdf-helpers';

const hex40 = (seed: number): string => seed.toString(16).padStart(2, '0').repeat(20).toUpperCase();

/** A stream standing for a DER certificate, OCSP response or CRL (bytes only). */
function blob(u: IncrementalUpdate, text: string): PdfRef {
  const ref = u.allocate();
  u.put(ref, contentStream(text));
  return ref;
}

/**
 * Adds `annot` to page 1's /Annots, on top of what this update already changed on the page
 * (several annotations in one update).
 */
export async function annotate(
  doc: PdfDocument,
  u: IncrementalUpdate,
  annot: PdfDict,
): Promise<PdfRef> {
  const p = await doc.page(0);
  const current = (u.pending(p.ref) as PdfDict | undefined) ?? p.dict;
  const ref = u.allocate();
  annot.set('P', p.ref);
  u.put(ref, annot);
  const annots = await doc.resolve(current.get('Annots'));
  u.put(p.ref, current.clone().set('Annots', [...(isArray(annots) ? annots : []), ref]));
  return ref;
}

/** The catalog as a changeable copy with its reference. */
async function catalogCopy(doc: PdfDocument): Promise<{ ref: PdfRef; dict: PdfDict }> {
  return { ref: doc.trailer.getRef('Root')!, dict: (await doc.catalog()).clone() };
}

/** The document information dictionary rewritten in place (new /ModDate and /Producer). */
export async function touchInfo(
  doc: PdfDocument,
  u: IncrementalUpdate,
  producer: string,
): Promise<void> {
  const ref = doc.trailer.getRef('Info');
  if (!ref) return;
  const info = ((await doc.getDict(ref)) ?? new PdfDict()).clone();
  info.set('ModDate', PdfString.fromText('D:20260101120000Z'));
  info.set('Producer', PdfString.fromText(producer));
  u.put(ref, info);
}

/**
 * iText's LTV update (itext-certified-p2-revisions, itext-linearized): a DSS whose /Certs and
 * /OCSPs are indirect arrays, a /VRI entry keyed by the SHA-1 of the signature, the catalog's
 * /Extensions /ESIC raised to level 5, /Info rewritten in place, and an unused `<< /Type /Font >>`
 * object that nothing refers to (iText leaves one in each such revision).
 */
export const itextLtvRevision: Edit = async (doc, u) => {
  const certs = [blob(u, 'certificate 1'), blob(u, 'certificate 2')];
  const ocsps = [blob(u, 'ocsp response 1')];
  const certsArr = u.allocate();
  u.put(certsArr, certs);
  const ocspArr = u.allocate();
  u.put(ocspArr, ocsps);
  const vri = u.allocate();
  u.put(vri, new PdfDict([[hex40(0xab), dict({ Cert: certsArr, OCSP: ocspArr })]]));
  const dss = u.allocate();
  u.put(dss, dict({ Certs: certsArr, OCSPs: ocspArr, VRI: vri }));
  const leftover = u.allocate();
  u.put(leftover, dict({ Type: name('Font') }));
  const cat = await catalogCopy(doc);
  cat.dict.set('DSS', dss);
  cat.dict.set('Extensions', dict({ ESIC: dict({ BaseVersion: name('1.7'), ExtensionLevel: 5 }) }));
  u.put(cat.ref, cat.dict);
  await touchInfo(doc, u, 'iText-like LTV');
};

/**
 * A later DSS update that changes the existing VRI dictionary in place (itext-two-sigs-three-
 * doc-tsts revision 4): a new VRI key and new revocation data, the DSS object rewritten.
 */
export const itextDssUpdateInPlace: Edit = async (doc, u) => {
  const cat = await doc.catalog();
  const dssRef = cat.getRef('DSS')!;
  const dss = (await doc.getDict(dssRef))!.clone();
  const vriRef = dss.getRef('VRI')!;
  const vri = (await doc.getDict(vriRef))!.clone();
  const crl = u.allocate();
  u.put(crl, [blob(u, 'crl 1')]);
  vri.set(hex40(0xcd), dict({ CRL: crl }));
  u.put(vriRef, vri);
  dss.set('CRLs', crl);
  u.put(dssRef, dss);
};

/** A document timestamp field the way DSS and iText add one: invisible widget, /SigFlags 3. */
export function documentTimestampRevision(options: { withType: boolean }): Edit {
  return async (doc, u) => {
    const sig = fakeSignature(u, {
      type: options.withType ? 'DocTimeStamp' : null,
      subFilter: 'ETSI.RFC3161',
      fill: 2,
    });
    const ap = u.allocate();
    u.put(
      ap,
      PdfStream.fromBytes(
        dict({ Type: name('XObject'), Subtype: name('Form'), BBox: [0, 0, 0, 0] }),
        new Uint8Array(0),
      ),
    );
    const widget = await annotate(
      doc,
      u,
      dict({
        Type: name('Annot'),
        Subtype: name('Widget'),
        FT: name('Sig'),
        T: PdfString.fromText(`Timestamp${u.allocate().num}`),
        V: sig,
        F: 132,
        Rect: [0, 0, 0, 0],
        AP: dict({ N: ap }),
      }),
    );
    await appendToFields(doc, u, widget, { SigFlags: 3 });
  };
}

/** Appends `ref` to the AcroForm /Fields (direct or indirect AcroForm), with extra entries. */
export async function appendToFields(
  doc: PdfDocument,
  u: IncrementalUpdate,
  ref: PdfRef,
  extra: Record<string, PdfObject> = {},
): Promise<void> {
  const cat = await catalogCopy(doc);
  const afObj = cat.dict.get('AcroForm');
  const pendingCatalog = u.pending(cat.ref);
  const base = pendingCatalog instanceof PdfDict ? pendingCatalog : cat.dict;
  const afRef = afObj instanceof PdfRef ? afObj : undefined;
  const af =
    (
      (afRef ? (u.pending(afRef) ?? (await doc.getDict(afRef))) : await doc.resolve(afObj)) as
        PdfDict | undefined
    )?.clone() ?? new PdfDict();
  const fields = await doc.resolve(af.get('Fields'));
  af.set('Fields', [...(isArray(fields) ? fields : []), ref]);
  for (const [k, v] of Object.entries(extra)) af.set(k, v);
  if (afRef) u.put(afRef, af);
  else u.put(cat.ref, base.clone().set('AcroForm', af));
}

/** pyHanko's XMP update (pyhanko-extensions-*): catalog /Metadata replaced, /Version 2.0. */
export const xmpAndVersionRevision: Edit = async (doc, u) => {
  const xmp = u.allocate();
  u.put(
    xmp,
    PdfStream.fromBytes(
      dict({ Type: name('Metadata'), Subtype: name('XML') }),
      Buffer.from('<x:xmpmeta xmlns:x="adobe:ns:meta/"></x:xmpmeta>', 'utf8'),
    ),
  );
  const cat = await catalogCopy(doc);
  u.put(cat.ref, cat.dict.set('Metadata', xmp).set('Version', name('2.0')));
};

/**
 * A 2-page PDF with two empty signature fields made before any signature, each with an indirect
 * /AP dictionary and its own appearance stream (pyhanko-form-update-*). With `sharedWith`, a
 * push button "FooBar" on page 1 uses the second field's appearance stream too (the "sneaky"
 * files: signing the field rewrites what the button shows).
 */
export async function pdfWithEmptySignatureFields(
  dir: string,
  options: { shareSecondAppearance?: boolean } = {},
): Promise<Buffer> {
  const base = join(dir, 'two-fields-base.pdf');
  writeFileSync(base, makeClassicPdf({ pages: 2 }));
  const out = join(dir, options.shareSecondAppearance ? 'two-fields-shared.pdf' : 'two-fields.pdf');
  await appendUpdate(base, out, async (doc, u) => {
    const refs: PdfRef[] = [];
    let secondAp: PdfRef | undefined;
    for (const [i, t] of ['Sig1', 'Sig2'].entries()) {
      const stream = u.allocate();
      u.put(stream, contentStream(`% empty appearance of ${t}\n0 0 1 RG 0 0 200 40 re S`));
      const apDict = u.allocate();
      u.put(apDict, dict({ N: stream }));
      if (i === 1) secondAp = stream;
      refs.push(
        await annotate(
          doc,
          u,
          dict({
            Type: name('Annot'),
            Subtype: name('Widget'),
            FT: name('Sig'),
            T: PdfString.fromText(t),
            F: 4,
            Rect: [72, 100 + 60 * i, 272, 140 + 60 * i],
            AP: apDict,
          }),
        ),
      );
    }
    if (options.shareSecondAppearance && secondAp) {
      refs.push(
        await annotate(
          doc,
          u,
          dict({
            Type: name('Annot'),
            Subtype: name('Widget'),
            FT: name('Btn'),
            Ff: 65536,
            T: PdfString.fromText('FooBar'),
            F: 4,
            Rect: [300, 100, 500, 140],
            AP: dict({ N: secondAp }),
          }),
        ),
      );
    }
    const cat = await catalogCopy(doc);
    u.put(cat.ref, cat.dict.set('AcroForm', dict({ Fields: refs, SigFlags: 1 })));
  });
  return readFileSync(out);
}

/**
 * pyHanko filling a pre-existing empty signature field (pyhanko-form-update-ap-indirect): the
 * field gets /V, its indirect /AP dictionary is kept and the appearance stream it points to is
 * rewritten in place, with a new font the stream uses.
 */
export function signExistingFieldRewritingAppearance(fieldName: string): Edit {
  return async (doc, u) => {
    const page = await doc.page(0);
    const annots = (await doc.resolve(page.dict.get('Annots'))) as PdfObject[];
    for (const a of annots) {
      if (!(a instanceof PdfRef)) continue;
      const d = await doc.getDict(a);
      const t = d?.get('T');
      if (!(t instanceof PdfString) || t.text() !== fieldName) continue;
      const sig = fakeSignature(u, { subFilter: 'ETSI.CAdES.detached', fill: 3 });
      u.put(a, d!.clone().set('V', sig));
      const apDict = await doc.getDict(d!.getRef('AP')!);
      const streamRef = apDict!.getRef('N')!;
      const font = u.allocate();
      u.put(font, dict({ Type: name('Font'), Subtype: name('Type1'), BaseFont: name('Courier') }));
      const stream = contentStream('BT /F1 10 Tf 2 20 Td (Signed by Bob) Tj ET');
      stream.dict
        .set('Type', name('XObject'))
        .set('Subtype', name('Form'))
        .set('BBox', [0, 0, 200, 40]);
      stream.dict.set('Resources', dict({ Font: dict({ F1: font }) }));
      u.put(streamRef, stream);
      return;
    }
    throw new Error(`no field ${fieldName}`);
  };
}

/**
 * A signature field whose widget is a separate object listed in an indirect /Kids array, without
 * /Parent (pyhanko-two-sigs-separate-annots revision 2).
 */
export const separateWidgetSignature: Edit = async (doc, u) => {
  const sig = fakeSignature(u, { subFilter: 'adbe.pkcs7.detached', fill: 4 });
  const ap = u.allocate();
  u.put(ap, contentStream('0 0 1 rg 0 0 60 20 re f'));
  const widget = await annotate(
    doc,
    u,
    dict({
      Type: name('Annot'),
      Subtype: name('Widget'),
      F: 4,
      Rect: [20, 120, 80, 140],
      AP: dict({ N: ap }),
    }),
  );
  const kids = u.allocate();
  u.put(kids, [widget]);
  const field = u.allocate();
  u.put(field, dict({ FT: name('Sig'), T: PdfString.fromText('Separate'), Kids: kids, V: sig }));
  await appendToFields(doc, u, field);
};

/** A new signature whose writer also adds its appearance font to the form's /DR (Acrobat). */
export function signatureAddingDefaultResource(options: { replaceExisting: boolean }): Edit {
  return async (doc, u) => {
    await separateWidgetSignature(doc, u);
    const cat =
      (u.pending(doc.trailer.getRef('Root')!) as PdfDict | undefined) ?? (await doc.catalog());
    const af = (await doc.resolve(cat.get('AcroForm'))) as PdfDict;
    const font = u.allocate();
    u.put(
      font,
      dict({ Type: name('Font'), Subtype: name('Type1'), BaseFont: name('Times-Roman') }),
    );
    const dr = (await doc.resolve(af.get('DR'))) as PdfDict | null;
    const fonts =
      ((dr ? await doc.resolve(dr.get('Font')) : null) as PdfDict | null)?.clone() ?? new PdfDict();
    fonts.set(options.replaceExisting ? 'Helv' : 'TiRo', font);
    const newAf = af.clone().set('DR', (dr?.clone() ?? new PdfDict()).set('Font', fonts));
    u.put(doc.trailer.getRef('Root')!, cat.clone().set('AcroForm', newAf));
  };
}

/** Adds /DR << /Font << /Helv <Helvetica> >> >> to the form before signing. */
export const formWithDefaultResources: Edit = async (doc, u) => {
  const cat = await catalogCopy(doc);
  const af =
    ((await doc.resolve(cat.dict.get('AcroForm'))) as PdfDict | null)?.clone() ??
    dict({ Fields: [] });
  const helv = u.allocate();
  u.put(helv, dict({ Type: name('Font'), Subtype: name('Type1'), BaseFont: name('Helvetica') }));
  u.put(cat.ref, cat.dict.set('AcroForm', af.set('DR', dict({ Font: dict({ Helv: helv }) }))));
};

/** An /Extensions dictionary made indirect, also named under another catalog key if `shared`. */
export function indirectExtensions(options: { shared: boolean }): Edit {
  return async (doc, u) => {
    const ext = u.allocate();
    u.put(ext, new PdfDict());
    const cat = await catalogCopy(doc);
    cat.dict.set('Extensions', ext);
    if (options.shared) cat.dict.set('DontOverrideMe', ext);
    u.put(cat.ref, cat.dict);
  };
}

/** pyHanko's later update of an indirect /Extensions dictionary, in place (ISO 32002 level). */
export const extensionsUpdatedInPlace: Edit = async (doc, u) => {
  const ref = (await doc.catalog()).getRef('Extensions')!;
  u.put(
    ref,
    dict({
      ISO_: [
        dict({
          Type: name('DeveloperExtensions'),
          BaseVersion: name('2.0'),
          ExtensionLevel: 32002,
        }),
      ],
    }),
  );
};

/** A tagged document: catalog /StructTreeRoot with a /ParentTree, /MarkInfo, page /StructParents. */
export const taggedDocument: Edit = async (doc, u) => {
  const page = await pageCopy(doc, 0);
  const root = u.allocate();
  const docElem = u.allocate();
  const parentTree = u.allocate();
  const pElem = u.allocate();
  u.put(pElem, dict({ Type: name('StructElem'), S: name('P'), P: docElem, Pg: page.ref, K: 0 }));
  u.put(docElem, dict({ Type: name('StructElem'), S: name('Document'), P: root, K: [pElem] }));
  u.put(parentTree, dict({ Nums: [0, [pElem]] }));
  u.put(
    root,
    dict({
      Type: name('StructTreeRoot'),
      K: [docElem],
      ParentTree: parentTree,
      ParentTreeNextKey: 1,
    }),
  );
  u.put(page.ref, page.dict.set('StructParents', 0));
  const cat = await catalogCopy(doc);
  u.put(cat.ref, cat.dict.set('StructTreeRoot', root).set('MarkInfo', dict({ Marked: true })));
};

/**
 * A tagged signature widget the way iText adds one to a tagged file (dss-structtree-changes): the
 * widget gets /StructParent, a new /Form structure element with an object reference to it joins
 * the document element, and the /ParentTree is replaced by a new one.
 */
export const taggedSignatureRevision: Edit = async (doc, u) => {
  const cat = await doc.catalog();
  const rootRef = cat.getRef('StructTreeRoot')!;
  const root = (await doc.getDict(rootRef))!.clone();
  const docElemRef = (root.get('K') as PdfRef[])[0]!;
  const docElem = (await doc.getDict(docElemRef))!.clone();
  const oldTree = (await doc.getDict(root.getRef('ParentTree')!))!;
  await separateWidgetSignature(doc, u);
  const page = (await doc.page(0)).ref;
  const pendingPage = u.pending(page) as PdfDict;
  const widget = (pendingPage.get('Annots') as PdfRef[]).at(-1)!;
  const w = (u.pending(widget) as PdfDict).clone().set('StructParent', 1);
  u.put(widget, w);
  const formElem = u.allocate();
  u.put(
    formElem,
    dict({
      Type: name('StructElem'),
      S: name('Form'),
      P: docElemRef,
      Pg: page,
      K: dict({ Type: name('OBJR'), Obj: widget }),
    }),
  );
  u.put(docElemRef, docElem.set('K', [...(docElem.get('K') as PdfObject[]), formElem]));
  const newTree = u.allocate();
  u.put(newTree, dict({ Nums: [...(oldTree.get('Nums') as PdfObject[]), 1, formElem] }));
  u.put(rootRef, root.set('ParentTree', newTree).set('ParentTreeNextKey', 2));
};

/**
 * Before signing: page 1's /Contents becomes an array that also names an object number that does
 * not exist yet (it reads as null, §7.3.10). Returns the number for `fillDanglingContent`.
 */
export function danglingContentReference(holder: { num?: number }): Edit {
  return async (doc, u) => {
    const page = await pageCopy(doc, 0);
    const dangling = u.allocate();
    holder.num = dangling.num;
    const contents = page.dict.get('Contents')!;
    u.put(page.ref, page.dict.set('Contents', [contents, dangling]));
    // Reserve the number in /Size without defining it: a free entry would say the same.
  };
}

/** After signing: defines the dangling number as a content stream that paints over the page. */
export function fillDanglingContent(holder: { num?: number }): Edit {
  return (_doc, u) => {
    u.put(
      new PdfRef(holder.num!, 0),
      contentStream('1 1 1 rg 0 0 595 842 re f BT /F1 24 Tf 72 700 Td (PAY 1000000) Tj ET'),
    );
    return Promise.resolve();
  };
}
