/**
 * PAdES baseline signing by incremental update (ETSI EN 319 142-1, ISO 32000-2 §12.8).
 *
 * Owns: the streaming signing pipeline. One read and one write of the file: the original bytes
 * are copied to a temp file beside the output while they are hashed, one incremental update is
 * appended (signature dictionary, field/widget, changed AcroForm/page/catalog), its ByteRange
 * hashed from a copy of the running hash, the digest signed, /Contents filled, fsync, rename.
 * A visible signature (seals, cross-page seal slices, date stamp: ./appearance-plan) is planned
 * once from the document and written into the same update, so the signature covers it.
 * Must never: modify the input, load the whole file into memory, leave a partial output, or
 * keep any secret of the Signer.
 */
import { X509Certificate } from 'node:crypto';
import { realpath, stat } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { buildPadesSignedData, estimateSignedDataSize } from '../cms/signed-data';
import { addSignatureTimestamp, type TimestampResult, type TsaOptions } from '../cms/tsa-client';
import { timestampError } from '../cms/timestamp-errors';
import { isSealdeskError } from '../errors/sealdesk-error';
import { PdfDocument } from '../pdf/document';
import { IncrementalUpdate } from '../pdf/incremental-writer';
import {
  PdfDict,
  PdfStream,
  PdfString,
  dict,
  isArray,
  isDict,
  isRef,
  name,
  type PdfObject,
  type PdfRef,
} from '../pdf/objects';
import {
  planAppearance,
  type AppearancePlan,
  type AppearanceWarning,
  type EncodedStream,
  type SignatureAppearance,
} from './appearance-plan';
import { appearanceErrors } from './appearance-errors';
import { checkSigningCertificate } from './certificate-checks';
import { signErrors } from './sign-errors';
import type { HashAlgorithm, Signer } from './signer';
import {
  byteRangePlaceholder,
  patchByteRange,
  writeUpdateChain,
  type HoleUpdate,
} from './update-chain-writer';

export type DocMdpLevel = 1 | 2 | 3;

/** PAdES baseline levels (ETSI EN 319 142-1 §6). */
export type PadesLevel = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';

export interface SignProgress {
  readonly phase: 'copy' | 'sign' | 'write';
  readonly bytesDone: number;
  readonly bytesTotal: number;
}

export interface SignPdfOptions {
  readonly input: string;
  readonly output: string;
  readonly signer: Signer;
  readonly hash?: HashAlgorithm;
  readonly preferPss?: boolean;
  /** Sign into this existing empty field, or create a new field with this name. */
  readonly fieldName?: string;
  readonly reason?: string;
  readonly location?: string;
  readonly contactInfo?: string;
  readonly signerName?: string;
  readonly certify?: DocMdpLevel;
  /** The user (open) password of an encrypted document, when it needs one. */
  readonly password?: string;
  /** Signing time written in /M; defaults to now. */
  readonly signingTime?: Date;
  /** The SHA-256 the user confirmed (intent); signing stops if the file differs. */
  readonly expectedSha256?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: SignProgress) => void;
  /**
   * The visible signature: seal placements, cross-page seal, date stamp, text line. All of it
   * is written as widgets of this signature's field, inside the revision the signature covers.
   */
  readonly appearance?: SignatureAppearance;
  /**
   * The level asked for (default B-B). Anything above B-B stamps the signature value with a TSA
   * from `tsa` (B-T); B-LT and B-LTA are finished by main/ltv on top of this result.
   */
  readonly level?: PadesLevel;
  readonly tsa?: TsaOptions;
  /** Fail instead of falling back to B-B when no TSA answers (default false: offline first). */
  readonly tsaRequired?: boolean;
  /** Bytes reserved for the timestamp token in the first try; default TIMESTAMP_TOKEN_ESTIMATE. */
  readonly timestampTokenEstimate?: number;
  /** Told once per seal after the signed file is in place (the host records seal.used). */
  readonly onSealUsed?: (e: SealUsedEvent) => void;
}

export interface SealUsedEvent {
  readonly sealId: string;
  readonly sealName: string;
  /** Whole-seal placements and cross-page slices of this seal in the signed revision. */
  readonly placements: number;
  readonly pagingSlices: number;
  readonly output: string;
  readonly inputSha256: string;
  readonly fieldName: string;
}

export interface SignPdfResult {
  readonly input: string;
  readonly output: string;
  readonly inputSha256: string;
  readonly fieldName: string;
  readonly byteRange: readonly [number, number, number, number];
  readonly subFilter: 'ETSI.CAdES.detached';
  /** The level this signature has now: B-T when a TSA stamped it. */
  readonly level: 'B-B' | 'B-T';
  readonly requestedLevel: PadesLevel;
  readonly timestamp?: {
    readonly genTime: Date;
    readonly url: string;
    readonly tokenBytes: number;
  };
  /** Why the requested timestamp is missing (all TSAs unreachable, ...), in English. */
  readonly timestampProblem?: string;
  readonly certified?: DocMdpLevel;
  readonly signingTime: Date;
  readonly signatureBytes: number;
  readonly placeholderBytes: number;
  readonly outputBytes: number;
  /** Things the user should know that did not stop signing (e.g. a seal covers a signature). */
  readonly warnings: readonly AppearanceWarning[];
}

/** Room for a signature-time-stamp token before its real size is known (redone once if short). */
export const TIMESTAMP_TOKEN_ESTIMATE = 8192;

/**
 * Signs `input` into `output` as PAdES B-B, or B-T when `level` asks for a timestamp and a TSA
 * answers. See the module charter for the guarantees. B-LT and B-LTA need revocation data and a
 * document timestamp, which main/ltv adds on top (signAtLevel); here they mean "B-T at least".
 */
export async function signPdf(opts: SignPdfOptions): Promise<SignPdfResult> {
  const input = resolvePath(opts.input);
  const output = resolvePath(opts.output);
  await checkPaths(input, output);
  const hash = opts.hash ?? 'sha256';
  const signingTime = opts.signingTime ?? new Date();
  const requestedLevel = opts.level ?? 'B-B';
  const wantTimestamp = requestedLevel !== 'B-B';
  if (wantTimestamp && (!opts.tsa || opts.tsa.tsas.length === 0) && opts.tsaRequired)
    throw timestampError('TSA_NO_URL');

  const certs = await opts.signer.certificates();
  const leaf = certs[0];
  if (!leaf) throw new Error('the signer has no certificate');
  checkSigningCertificate(leaf, signingTime);

  const docOptions =
    opts.password === undefined
      ? { fileName: input }
      : { fileName: input, password: opts.password };
  const doc = await PdfDocument.open(input, docOptions);
  try {
    // A file whose xref had to be rebuilt by scanning has no trustworthy revision structure to
    // append to, and is exactly where readers disagree about content (shadow attacks).
    if (doc.recovered) throw signErrors('SIGN_DAMAGED_PDF', { file: input });
    const plan = await planSignature(doc, opts, signingTime, leaf);
    const tsa = wantTimestamp && opts.tsa && opts.tsa.tsas.length > 0 ? opts.tsa : undefined;
    const estimate = await estimateSignedDataSize(
      opts.signer,
      hash,
      opts.preferPss ?? false,
      tsa ? (opts.timestampTokenEstimate ?? TIMESTAMP_TOKEN_ESTIMATE) : 0,
    );

    const lastByte = doc.size > 0 ? (await doc.source.read(doc.size - 1, 1))[0] : undefined;
    const endsWithEol = lastByte === 0x0a || lastByte === 0x0d;
    let timestamp: TimestampResult | undefined;
    let timestampProblem: string | undefined;
    if (wantTimestamp && !tsa) timestampProblem = 'no time-stamp authority is configured';

    const chain = await writeUpdateChain({
      input,
      output,
      doc,
      signal: opts.signal,
      onCopy: (bytesDone, bytesTotal) =>
        opts.onProgress?.({ phase: 'copy', bytesDone, bytesTotal }),
      afterCopy: (sha) => {
        if (opts.expectedSha256 && opts.expectedSha256.toLowerCase() !== sha)
          throw signErrors('SIGN_INPUT_CHANGED', { file: input });
      },
      errors: {
        changed: () => signErrors('SIGN_INPUT_CHANGED', { file: input }),
        cancelled: () => signErrors('SIGN_CANCELLED', { file: input }),
        doesNotFit: (bytes) => new Error(`signature of ${bytes} bytes does not fit`),
      },
      steps: [
        {
          kind: 'hole',
          hash,
          placeholderBytes: estimate + 64,
          build: (d, placeholderBytes) => {
            const built = buildUpdate(d, plan, placeholderBytes, endsWithEol);
            if (!built) throw signErrors('SIGN_TOO_LARGE_FOR_BYTERANGE', { file: input });
            return Promise.resolve(built);
          },
          fill: async (digest) => {
            opts.onProgress?.({ phase: 'sign', bytesDone: doc.size, bytesTotal: doc.size });
            const cms = await buildPadesSignedData({
              signer: opts.signer,
              contentDigest: digest,
              hash,
              ...(opts.preferPss !== undefined ? { preferPss: opts.preferPss } : {}),
            });
            if (!tsa) return cms;
            try {
              const stamped = await addSignatureTimestamp(cms, tsa);
              timestamp = stamped.timestamp;
              timestampProblem = undefined;
              return stamped.cms;
            } catch (e) {
              // Offline first (docs/architecture.md): the signature is made at B-B; the caller
              // queues it.
              if (opts.tsaRequired || !isSealdeskError(e)) throw e;
              timestamp = undefined;
              timestampProblem = e.localized('en');
              return cms;
            }
          },
        },
      ],
    });
    opts.onProgress?.({ phase: 'write', bytesDone: doc.size, bytesTotal: doc.size });
    const step = chain.steps[0]!;
    const inputSha256 = chain.inputSha256;
    for (const u of plan.appearance?.sealsUsed ?? []) {
      opts.onSealUsed?.({
        sealId: u.seal.id,
        sealName: u.seal.name,
        placements: u.placements,
        pagingSlices: u.slices,
        output,
        inputSha256,
        fieldName: plan.fieldName,
      });
    }
    const ts = timestamp;
    return {
      input,
      output,
      inputSha256,
      fieldName: plan.fieldName,
      byteRange: step.hole!.byteRange,
      subFilter: 'ETSI.CAdES.detached',
      level: ts ? 'B-T' : 'B-B',
      requestedLevel,
      ...(ts
        ? { timestamp: { genTime: ts.genTime, url: ts.url, tokenBytes: ts.token.length } }
        : {}),
      ...(timestampProblem !== undefined ? { timestampProblem } : {}),
      ...(opts.certify ? { certified: opts.certify } : {}),
      signingTime,
      signatureBytes: step.value!.length,
      placeholderBytes: step.placeholderBytes!,
      outputBytes: chain.outputBytes,
      warnings: plan.appearance?.warnings ?? [],
    };
  } finally {
    await doc.close();
  }
}

async function checkPaths(input: string, output: string): Promise<void> {
  const st = await stat(input).catch(() => undefined);
  if (!st) throw signErrors('SIGN_INPUT_NOT_FOUND', { file: input });
  if (st.isDirectory()) throw signErrors('SIGN_INPUT_IS_DIRECTORY', { file: input });
  const realIn = await realpath(input);
  const realOut = await realpath(output).catch(() => output);
  if (realIn === realOut) throw signErrors('SIGN_OUTPUT_IS_INPUT', { file: output });
}

// ---------------------------------------------------------------------------------------------
// Planning: what the update changes, read from the document once.

interface SignaturePlan {
  readonly fieldName: string;
  /** An existing empty signature field to fill, or undefined to create a new widget field. */
  readonly existingField?: { ref: PdfRef; dict: PdfDict };
  readonly firstPage: { ref: PdfRef; dict: PdfDict };
  readonly catalogRef: PdfRef;
  readonly catalog: PdfDict;
  readonly acroForm: { ref?: PdfRef; dict: PdfDict } | undefined;
  readonly fieldsArrayRef?: PdfRef;
  readonly annotsArrayRef?: PdfRef;
  readonly annots: PdfObject[];
  readonly fields: PdfObject[];
  readonly sigDictEntries: PdfDict;
  /** Visible widgets; undefined for an invisible signature. */
  readonly appearance?: AppearancePlan;
}

interface FieldInfo {
  readonly ref: PdfRef;
  readonly dict: PdfDict;
  readonly fullName: string;
  readonly fieldType: string | undefined;
}

async function planSignature(
  doc: PdfDocument,
  opts: SignPdfOptions,
  signingTime: Date,
  leafCertificate: Uint8Array,
): Promise<SignaturePlan> {
  const file = doc.fileName;
  const catalogRef = doc.trailer.getRef('Root');
  if (!catalogRef) throw new Error('trailer without /Root');
  const catalog = await doc.catalog();

  const docMdp = await certificationLevel(doc, catalog);
  if (docMdp === 1) throw signErrors('SIGN_DOCMDP_FORBIDS', { file });

  const afObj = catalog.get('AcroForm');
  const afResolved = await doc.resolve(afObj);
  const acroForm = isDict(afResolved)
    ? { ...(isRef(afObj) ? { ref: afObj } : {}), dict: afResolved.clone() }
    : undefined;

  const fieldsObj = acroForm?.dict.get('Fields');
  const fieldsResolved = await doc.resolve(fieldsObj);
  const fields = isArray(fieldsResolved) ? [...fieldsResolved] : [];
  const allFields = await collectFields(doc, fields);

  const signed = allFields.some((f) => f.fieldType === 'Sig' && f.dict.has('V'));
  if (opts.certify && signed) throw signErrors('SIGN_CERTIFY_NOT_FIRST', { file });

  let fieldName = opts.fieldName;
  let existingField: { ref: PdfRef; dict: PdfDict } | undefined;
  if (fieldName !== undefined) {
    const found = allFields.find((f) => f.fullName === fieldName);
    if (found) {
      if (found.fieldType !== 'Sig')
        throw signErrors('SIGN_FIELD_NOT_SIGNATURE', { file, field: fieldName });
      if (found.dict.has('V'))
        throw signErrors('SIGN_FIELD_ALREADY_SIGNED', { file, field: fieldName });
      existingField = { ref: found.ref, dict: found.dict };
    }
  } else {
    const names = new Set(allFields.map((f) => f.fullName));
    let n = 1;
    while (names.has(`Signature${n}`)) n++;
    fieldName = `Signature${n}`;
  }

  if ((await doc.pageCount()) < 1) throw signErrors('SIGN_NO_PAGES', { file });
  let appearance: AppearancePlan | undefined;
  if (opts.appearance) {
    // Filling an existing field would mean moving or replacing its widgets: ask for a new one.
    if (existingField)
      throw appearanceErrors('APPEARANCE_EXISTING_FIELD', { file, field: fieldName });
    const planned = await planAppearance(doc, opts.appearance, {
      signingTime,
      signerName: opts.signerName ?? commonName(leafCertificate),
    });
    if (planned.widgets.length > 0) appearance = planned;
  }
  const page = await doc.page(0);
  const annotsObj = page.dict.get('Annots');
  const annotsResolved = await doc.resolve(annotsObj);

  const sig = dict({
    Type: name('Sig'),
    Filter: name('Adobe.PPKLite'),
    SubFilter: name('ETSI.CAdES.detached'),
    M: PdfString.fromText(pdfDate(signingTime)),
  });
  if (opts.signerName) sig.set('Name', PdfString.fromText(opts.signerName));
  if (opts.reason) sig.set('Reason', PdfString.fromText(opts.reason));
  if (opts.location) sig.set('Location', PdfString.fromText(opts.location));
  if (opts.contactInfo) sig.set('ContactInfo', PdfString.fromText(opts.contactInfo));
  if (opts.certify) {
    // ISO 32000-2 §12.8.2.2: the DocMDP transform in a signature reference dictionary.
    sig.set('Reference', [
      dict({
        Type: name('SigRef'),
        TransformMethod: name('DocMDP'),
        TransformParams: dict({ Type: name('TransformParams'), P: opts.certify, V: name('1.2') }),
      }),
    ]);
  }

  return {
    fieldName,
    ...(existingField ? { existingField } : {}),
    firstPage: { ref: page.ref, dict: page.dict },
    catalogRef,
    catalog,
    acroForm,
    ...(isRef(fieldsObj) ? { fieldsArrayRef: fieldsObj } : {}),
    ...(isRef(annotsObj) ? { annotsArrayRef: annotsObj } : {}),
    annots: isArray(annotsResolved) ? [...annotsResolved] : [],
    fields,
    sigDictEntries: sig,
    ...(appearance ? { appearance } : {}),
  };
}

/** The subject's common name, for the text line when no signer name is given. */
function commonName(der: Uint8Array): string | undefined {
  try {
    const subject = new X509Certificate(der).subject;
    const cn = subject.split('\n').find((l) => l.startsWith('CN='));
    return cn?.slice(3);
  } catch {
    return undefined;
  }
}

/** The DocMDP P value of the document's certification signature, if any (§12.8.2.2). */
async function certificationLevel(doc: PdfDocument, catalog: PdfDict): Promise<number | undefined> {
  const perms = await doc.resolve(catalog.get('Perms'));
  if (!isDict(perms)) return undefined;
  const sig = await doc.resolve(perms.get('DocMDP'));
  if (!isDict(sig)) return undefined;
  const refs = await doc.resolve(sig.get('Reference'));
  if (!isArray(refs)) return 2;
  for (const r of refs) {
    const ref = await doc.resolve(r);
    if (!isDict(ref) || ref.getName('TransformMethod') !== 'DocMDP') continue;
    const params = await doc.resolve(ref.get('TransformParams'));
    const p = isDict(params) ? await doc.resolve(params.get('P')) : undefined;
    return typeof p === 'number' ? p : 2;
  }
  return 2;
}

/** Every terminal field with its fully qualified name (§12.7.4.2), bounded and loop-safe. */
async function collectFields(doc: PdfDocument, roots: readonly PdfObject[]): Promise<FieldInfo[]> {
  const out: FieldInfo[] = [];
  const seen = new Set<string>();
  const walk = async (
    items: readonly PdfObject[],
    prefix: string,
    inheritedFt: string | undefined,
    depth: number,
  ) => {
    if (depth > 32) return;
    for (const item of items) {
      if (!isRef(item) || seen.has(item.key) || seen.size > 100_000) continue;
      seen.add(item.key);
      const d = await doc.getDict(item);
      if (!d) continue;
      const t = await doc.resolve(d.get('T'));
      const partial = t instanceof PdfString ? t.text() : undefined;
      const full = partial === undefined ? prefix : prefix ? `${prefix}.${partial}` : partial;
      const ft = d.getName('FT') ?? inheritedFt;
      const kids = await doc.resolve(d.get('Kids'));
      const kidFields = isArray(kids) ? kids : [];
      const hasFieldKids = await someAsync(kidFields, async (k) => {
        const kd = isRef(k) ? await doc.getDict(k) : undefined;
        return kd?.has('T') === true;
      });
      if (hasFieldKids) await walk(kidFields, full, ft, depth + 1);
      else if (partial !== undefined)
        out.push({ ref: item, dict: d, fullName: full, fieldType: ft });
    }
  };
  await walk(roots, '', undefined, 0);
  return out;
}

async function someAsync<T>(
  items: readonly T[],
  pred: (t: T) => Promise<boolean>,
): Promise<boolean> {
  for (const i of items) if (await pred(i)) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Building the update bytes for a given placeholder size.

function buildUpdate(
  doc: PdfDocument,
  plan: SignaturePlan,
  placeholderBytes: number,
  endsWithEol: boolean,
): HoleUpdate | undefined {
  const update = new IncrementalUpdate(doc);
  const sigRef = update.allocate();
  const byteRangeHolder = byteRangePlaceholder();
  const contentsPlaceholder = new PdfString(new Uint8Array(placeholderBytes), true);
  const sig = plan.sigDictEntries.clone();
  sig.set('ByteRange', byteRangeHolder);
  sig.set('Contents', contentsPlaceholder);
  update.put(sigRef, sig);

  const catalog = plan.catalog.clone();
  let catalogChanged = false;

  if (plan.existingField) {
    const field = plan.existingField.dict.clone();
    field.set('V', sigRef);
    update.put(plan.existingField.ref, field);
  } else if (plan.appearance) {
    const fieldRef = writeVisibleField(update, plan, plan.appearance, sigRef);
    const fields = [...plan.fields, fieldRef];
    const af = plan.acroForm ? plan.acroForm.dict.clone() : new PdfDict();
    if (plan.fieldsArrayRef) update.put(plan.fieldsArrayRef, fields);
    else af.set('Fields', fields);
    af.set('SigFlags', 3);
    if (plan.acroForm?.ref) update.put(plan.acroForm.ref, af);
    else {
      catalog.set('AcroForm', af);
      catalogChanged = true;
    }
  } else {
    const widgetRef = update.allocate();
    update.put(
      widgetRef,
      dict({
        Type: name('Annot'),
        Subtype: name('Widget'),
        FT: name('Sig'),
        T: PdfString.fromText(plan.fieldName),
        V: sigRef,
        // Print + Locked (§12.5.3): an invisible signature that cannot be moved.
        F: 132,
        Rect: [0, 0, 0, 0],
        P: plan.firstPage.ref,
      }),
    );
    const annots = [...plan.annots, widgetRef];
    if (plan.annotsArrayRef) update.put(plan.annotsArrayRef, annots);
    else update.put(plan.firstPage.ref, plan.firstPage.dict.clone().set('Annots', annots));

    const fields = [...plan.fields, widgetRef];
    const af = plan.acroForm ? plan.acroForm.dict.clone() : new PdfDict();
    if (plan.fieldsArrayRef) update.put(plan.fieldsArrayRef, fields);
    else af.set('Fields', fields);
    af.set('SigFlags', 3);
    if (plan.acroForm?.ref) update.put(plan.acroForm.ref, af);
    else {
      catalog.set('AcroForm', af);
      catalogChanged = true;
    }
  }
  if (plan.acroForm && plan.existingField) {
    const af = plan.acroForm.dict.clone().set('SigFlags', 3);
    if (plan.acroForm.ref) update.put(plan.acroForm.ref, af);
    else {
      catalog.set('AcroForm', af);
      catalogChanged = true;
    }
  }
  if (plan.sigDictEntries.has('Reference')) {
    catalog.set('Perms', dict({ DocMDP: sigRef }));
    catalogChanged = true;
  }
  if (catalogChanged) update.put(plan.catalogRef, catalog);

  const built = update.build({
    endsWithEol,
    track: new Set<object>([byteRangeHolder, contentsPlaceholder]),
  });
  return patchByteRange(built, contentsPlaceholder, byteRangeHolder);
}

/**
 * Writes the visible signature: the shared seal Form XObjects (and their images with /SMask),
 * the signature's own widget (merged field and widget, §12.7.4.1) for the first placement, and
 * one locked rubber-stamp annotation (§12.5.6.12) for every further placement, cross-page slice
 * and date stamp, plus the pages' /Annots. All of it is in the revision the signature covers.
 *
 * Decision: further stamps are not further widgets of the signature field. poppler 22 (pdfsig)
 * and MuPDF 1.21 (`mutool sign`) read /V and /ByteRange from each widget, so a field with
 * /Kids shows as N signatures, all "not signed" (pdfsig) or with a digest failure (mutool).
 * Stamps flagged Print, ReadOnly, Locked and LockedContents (§12.5.3) render everywhere, count
 * as no extra signature, and name the field they belong to in /NM and /Contents.
 * Returns the field's reference.
 */
function writeVisibleField(
  update: IncrementalUpdate,
  plan: SignaturePlan,
  ap: AppearancePlan,
  sigRef: PdfRef,
): PdfRef {
  const stream = (s: EncodedStream, extra: Record<string, PdfObject>): PdfStream => {
    const d = dict({ ...extra, Filter: name('FlateDecode') });
    for (const [k, v] of Object.entries(s.entries))
      d.set(k, typeof v === 'string' ? name(v) : typeof v === 'number' ? v : [...v]);
    return PdfStream.fromBytes(d, s.bytes);
  };
  const formRefs = new Map<string, PdfRef>();
  for (const f of ap.sealForms) {
    const formRef = update.allocate();
    const extra: Record<string, PdfObject> = { Type: name('XObject'), Subtype: name('Form') };
    if (f.image) {
      const imgRef = update.allocate();
      const maskRef = update.allocate();
      const img = { Type: name('XObject'), Subtype: name('Image') };
      update.put(maskRef, stream(f.image.alpha, img));
      update.put(imgRef, stream(f.image.rgb, { ...img, SMask: maskRef }));
      extra['Resources'] = dict({ XObject: dict({ Img0: imgRef }) });
    }
    update.put(formRef, stream(f.form, extra));
    formRefs.set(f.key, formRef);
  }
  const fieldRef = update.allocate();
  const onPage = new Map<number, PdfRef[]>();
  for (const [i, w] of ap.widgets.entries()) {
    const annotRef = i === 0 ? fieldRef : update.allocate();
    const xobjects = new PdfDict();
    for (const [res, key] of Object.entries(w.xobjects)) xobjects.set(res, formRefs.get(key)!);
    const apRef = update.allocate();
    update.put(
      apRef,
      PdfStream.fromBytes(
        dict({
          Type: name('XObject'),
          Subtype: name('Form'),
          BBox: [...w.bbox],
          Matrix: [...w.matrix],
          Resources: dict({ XObject: xobjects }),
          Filter: name('FlateDecode'),
        }),
        w.content,
      ),
    );
    const page = ap.pages.get(w.pageIndex)!;
    const annot = dict({
      Type: name('Annot'),
      Rect: [...w.rect],
      P: page.ref,
      AP: dict({ N: apRef }),
    });
    if (i === 0) {
      // Print + Locked (§12.5.3): printed with the page, cannot be moved.
      annot
        .set('Subtype', name('Widget'))
        .set('F', 132)
        .set('FT', name('Sig'))
        .set('T', PdfString.fromText(plan.fieldName))
        .set('V', sigRef);
    } else {
      // Print + ReadOnly + Locked + LockedContents (§12.5.3).
      annot
        .set('Subtype', name('Stamp'))
        .set('F', 4 + 64 + 128 + 512)
        .set('Name', name(w.role === 'date-stamp' ? 'SealdeskDate' : 'SealdeskSeal'))
        .set('NM', PdfString.fromText(`${plan.fieldName}.${w.role}.${i}`))
        .set('Contents', PdfString.fromText(stampDescription(w.role, plan.fieldName)));
    }
    update.put(annotRef, annot);
    onPage.set(w.pageIndex, [...(onPage.get(w.pageIndex) ?? []), annotRef]);
  }
  for (const [index, refs] of onPage) {
    const page = ap.pages.get(index)!;
    const annots = [...page.annots, ...refs];
    if (page.annotsArrayRef) update.put(page.annotsArrayRef, annots);
    else update.put(page.ref, page.dict.clone().set('Annots', annots));
  }
  return fieldRef;
}

function stampDescription(role: 'seal' | 'paging-seal' | 'date-stamp', field: string): string {
  const what = {
    seal: '印章 seal',
    'paging-seal': '骑缝章 cross-page seal',
    'date-stamp': '签署日期 date',
  };
  return `${what[role]} — ${field}`;
}

/** A PDF date string (§7.9.4) in UTC: D:YYYYMMDDHHmmSSZ. */
export function pdfDate(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `D:${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}` +
    `${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`
  );
}
