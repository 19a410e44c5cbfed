/**
 * Signature discovery (ISO 32000-2 §12.7.5.5 signature fields, §12.8.1 signature dictionaries,
 * §12.8.5 document timestamps, §12.8.2 transform methods; ETSI EN 319 142-1 §5.4).
 *
 * Owns: finding every signature and document timestamp of a file: the terminal fields of the
 * AcroForm tree whose type is /Sig and, for robustness, widgets on the pages whose field is a
 * signature field that the AcroForm does not list; reading each signature dictionary's entries
 * as they are (no judgement: pdf-signature-structure.ts judges), its DocMDP/FieldMDP references
 * and which revision holds it. A caller that knows which pages can have changed (main/ltv
 * checking its own update) may limit the widget scan to those pages.
 * Must never: throw on a malformed signature (a broken entry is reported as found, raw, for the
 * structure check to reject), follow loops, or visit more than MAX_FIELDS fields.
 *
 * Decisions:
 * - A field is empty (nothing signed) only when it has no /V or /V is null. A /V that cannot be
 *   read (a broken object, a reference to an object the file does not hold, a value that is not
 *   a dictionary) is a signature that failed, reported with `unreadable`: never an absent one.
 *   This is stricter than §7.3.10 (a reference to a missing object reads as null): a signed
 *   field whose value was lost must not read as "unsigned".
 * - A field or widget object that cannot be parsed at all is a signature when its bytes, as
 *   written, say /FT /Sig (or its parent is a signature field); its kind is read the same way
 *   from the bytes of its /V (/DocTimeStamp or ETSI.RFC3161), else 'signature'.
 * - A terminal field or widget that does not say /FT /Sig but whose /V is a signature
 *   dictionary (/Type /Sig or /DocTimeStamp, or a /ByteRange) is reported too, with its /FT,
 *   for the structure check to fail: a damaged field type must not hide a signature.
 */
import { SealdeskError } from '../errors/sealdesk-error';
import type { PdfDocument } from '../pdf/document';
import {
  PdfDict,
  PdfRef,
  PdfString,
  isArray,
  isDict,
  isRef,
  isStream,
  type PdfObject,
} from '../pdf/objects';
import { EntryType } from '../pdf/xref';
import { RevisionMap } from './pdf-revision-map';

export type SignatureKind = 'signature' | 'timestamp';

/** A signature reference dictionary (§12.8.1 table 255) reduced to what verification needs. */
export type SignatureReference =
  | { readonly method: 'DocMDP'; readonly p: 1 | 2 | 3 }
  | {
      readonly method: 'FieldMDP';
      readonly action: 'All' | 'Include' | 'Exclude';
      readonly fields: readonly string[];
    }
  | { readonly method: 'UR3' | 'other'; readonly name: string };

export interface SignatureInfo {
  readonly kind: SignatureKind;
  /** Fully qualified field name (§12.7.4.2), e.g. "Signature1" or "parent.child". */
  readonly fieldName: string;
  readonly fieldRef: PdfRef | undefined;
  /** The signature dictionary's reference; undefined when /V is a direct dictionary. */
  readonly sigRef: PdfRef | undefined;
  readonly sigDict: PdfDict;
  readonly type: string | undefined;
  readonly filter: string | undefined;
  readonly subFilter: string | undefined;
  readonly signerName: string | undefined;
  readonly reason: string | undefined;
  readonly location: string | undefined;
  readonly contactInfo: string | undefined;
  /** /M as written (§7.9.4), and parsed when it is a valid PDF date. */
  readonly claimedTimeText: string | undefined;
  readonly claimedTime: Date | undefined;
  /** /ByteRange exactly as the dictionary holds it (the structure check validates it). */
  readonly byteRange: PdfObject | undefined;
  /** The /Contents bytes when /Contents is a string (signature value, zero-padded). */
  readonly contents: Uint8Array | undefined;
  readonly references: readonly SignatureReference[];
  /** Field-level lock (§12.7.5.5 /Lock) of the signature field, as a FieldMDP reference. */
  readonly fieldLock: SignatureReference | undefined;
  /** Revision (0-based, oldest first) whose xref defines the signature dictionary. */
  readonly revision: number | undefined;
  /** 1-based pages holding a widget of the field (empty for invisible fields without /P). */
  readonly pages: readonly number[];
  readonly foundVia: 'acroform' | 'widget';
  /**
   * The field's /FT (inherited) as read: 'Sig', or something else when a field that does not
   * say it is a signature field holds a signature dictionary (the structure check fails it).
   */
  readonly fieldType: string | undefined;
  /** Set when the field's value (or the field itself) cannot be read: the signature fails. */
  readonly unreadable: UnreadableSignature | undefined;
}

/** Why a signature could not be read; the structure check fails it with this code and text. */
export interface UnreadableSignature {
  readonly code:
    'SIG_FIELD_UNREADABLE' | 'SIG_DICT_UNREADABLE' | 'SIG_DICT_NOT_FOUND' | 'SIG_VALUE_NOT_DICT';
  /** English, technical; reports localise by code. */
  readonly message: string;
}

const MAX_FIELDS = 100_000;
const MAX_FIELD_DEPTH = 32;
/** Widgets are looked for on at most this many pages (a 1 GB file may have 100 000). */
const MAX_PAGES_SCANNED = 200_000;
/** Pages whose objects are read concurrently while scanning for widgets. */
const PAGE_WINDOW = 64;

export interface FindSignaturesOptions {
  /**
   * The pages (0-based) to look for widgets on; default every page. A caller that knows which
   * pages can have changed (main/ltv checking its own update) reads only those.
   */
  readonly pages?: readonly number[];
}

interface FoundField {
  ref: PdfRef | undefined;
  dict: PdfDict;
  fullName: string;
  v: PdfObject | undefined;
  via: 'acroform' | 'widget';
  ft: string | undefined;
  /** The field object itself could not be parsed (its bytes say it is a signature field). */
  unreadable?: UnreadableSignature;
}

/** Bytes read to tell what a broken object is: a signature dictionary (its CMS is < 64 KB)... */
const SIG_PEEK_BYTES = 64 * 1024;
/** ... and a field or widget (small: its appearance is another object). */
const FIELD_PEEK_BYTES = 8 * 1024;
/** Broken objects looked at per file at most (a hostile file may break 100 000 fields). */
const MAX_PEEKS = 1024;
/** Why a reference to an object the xref does not hold (free, another generation) is broken. */
const NOT_HELD =
  'the file does not hold it as referenced (its xref entry is free or of another generation)';

/** Every signature and document timestamp in `doc`, in the order of the revisions holding them. */
export async function findSignatures(
  doc: PdfDocument,
  revisionMap?: RevisionMap,
  options: FindSignaturesOptions = {},
): Promise<SignatureInfo[]> {
  const map = revisionMap ?? (await RevisionMap.read(doc));
  const fields: FoundField[] = [];
  const seenV = new Set<string>();
  const seenFields = new Set<string>();
  const catalog = await doc.catalog();
  const af = await safeResolve(doc, catalog.get('AcroForm'));
  const roots = isDict(af) ? await safeResolve(doc, af.get('Fields')) : undefined;
  let peeks = 0;
  const peek = async (ref: PdfRef, limit = FIELD_PEEK_BYTES): Promise<string | undefined> =>
    ++peeks > MAX_PEEKS ? undefined : peekObject(doc, map, ref, limit);
  if (isArray(roots)) {
    await walkFields(doc, peek, roots, '', undefined, 0, seenFields, (f) => {
      if (isRef(f.v)) seenV.add(f.v.key);
      fields.push(f);
    });
  }
  const pageOf = await widgetPages(doc, peek, options.pages, seenFields, seenV, (f) =>
    fields.push(f),
  );

  const out: SignatureInfo[] = [];
  for (const f of fields) {
    // An empty signature field (no /V, or /V null): nothing signed yet.
    if (f.unreadable === undefined && (f.v === undefined || f.v === null)) continue;
    const sigRef = isRef(f.v) ? f.v : undefined;
    const pages = pageOf.get(f.ref?.key ?? '') ?? [];
    const value = f.unreadable ? undefined : await readValue(doc, f.v);
    if (value && !('problem' in value)) {
      out.push(await describe(doc, map, f, sigRef, value.dict, pages));
      continue;
    }
    const problem = f.unreadable ?? value?.problem;
    const kind = sigRef ? kindFromBytes(await peek(sigRef, SIG_PEEK_BYTES)) : 'signature';
    out.push(unreadableInfo(map, f, sigRef, kind, pages, problem!));
  }
  out.sort((x, y) => (x.revision ?? Infinity) - (y.revision ?? Infinity));
  return out;
}

/** The signature dictionary a field's /V (not null) gives, or why there is none. */
async function readValue(
  doc: PdfDocument,
  v: PdfObject | undefined,
): Promise<{ dict: PdfDict } | { problem: UnreadableSignature }> {
  const what = isRef(v) ? `the signature dictionary ${v.toString()}` : 'the field value /V';
  let value: PdfObject;
  try {
    value = await doc.resolve(v);
  } catch (e) {
    if (!(e instanceof SealdeskError) || e.code === 'PDF_TOO_COMPLEX') throw e;
    return {
      problem: { code: 'SIG_DICT_UNREADABLE', message: `${what} cannot be read: ${e.message}` },
    };
  }
  if (isDict(value)) return { dict: value };
  if (value === null) {
    return {
      problem: {
        code: 'SIG_DICT_NOT_FOUND',
        message: `${what} is not in the file (the field refers to an object that does not exist)`,
      },
    };
  }
  return {
    problem: {
      code: 'SIG_VALUE_NOT_DICT',
      message: `${what} is ${kindOfValue(value)}, not a signature dictionary`,
    },
  };
}

function kindOfValue(v: PdfObject): string {
  if (typeof v === 'number') return 'a number';
  if (typeof v === 'boolean') return 'a boolean';
  if (v instanceof PdfString) return 'a string';
  if (isArray(v)) return 'an array';
  if (isStream(v)) return 'a stream';
  return v === null ? 'null' : 'a name';
}

function unreadableInfo(
  map: RevisionMap,
  f: FoundField,
  sigRef: PdfRef | undefined,
  kind: SignatureKind,
  pages: readonly number[],
  problem: UnreadableSignature,
): SignatureInfo {
  return {
    kind,
    fieldName: f.fullName,
    fieldRef: f.ref,
    sigRef,
    sigDict: new PdfDict(),
    type: undefined,
    filter: undefined,
    subFilter: undefined,
    signerName: undefined,
    reason: undefined,
    location: undefined,
    contactInfo: undefined,
    claimedTimeText: undefined,
    claimedTime: undefined,
    byteRange: undefined,
    contents: undefined,
    references: [],
    fieldLock: undefined,
    revision: sigRef ? map.locate(sigRef.num)?.revision : undefined,
    pages: [...pages].sort((a, b) => a - b),
    foundVia: f.via,
    fieldType: f.ft,
    unreadable: problem,
  };
}

/**
 * The bytes of object `ref` as written where its xref entry points, up to `endobj` (at most
 * `limit` bytes), as latin-1; undefined when it is not in the file. Only for objects that cannot
 * be parsed: to tell whether a broken one is a signature field or a document timestamp.
 */
async function peekObject(
  doc: PdfDocument,
  map: RevisionMap,
  ref: PdfRef,
  limit: number,
): Promise<string | undefined> {
  const loc = map.locate(ref.num);
  if (loc?.entry.type !== EntryType.InFile || loc.entry.a >= doc.size) return undefined;
  const at = loc.entry.a;
  const bytes = Buffer.from(await doc.source.read(at, Math.min(limit, doc.size - at)));
  const end = bytes.indexOf('endobj', 0, 'latin1');
  return bytes.toString('latin1', 0, end < 0 ? bytes.length : end);
}

const SIG_FIELD_RE = /\/FT\s*\/Sig(?![^\s()<>[\]{}/%])/;
const TIMESTAMP_RE =
  /\/Type\s*\/DocTimeStamp(?![^\s()<>[\]{}/%])|\/SubFilter\s*\/ETSI\.RFC3161(?![^\s()<>[\]{}/%])/;
const V_REF_RE = /\/V\s+(\d{1,10})\s+(\d{1,5})\s+R(?![^\s()<>[\]{}/%])/;
const T_RE = /\/T\s*\(([^()\\]{0,200})\)/;

/** 'timestamp' when the bytes of a signature dictionary say so (§12.8.5), else 'signature'. */
function kindFromBytes(text: string | undefined): SignatureKind {
  return text !== undefined && TIMESTAMP_RE.test(text) ? 'timestamp' : 'signature';
}

/**
 * A field object that could not be parsed, when its bytes say it is a signature field (or it
 * inherits /FT /Sig): the field as far as its bytes tell (partial name, /V reference).
 */
async function brokenSignatureField(
  peek: (ref: PdfRef) => Promise<string | undefined>,
  ref: PdfRef,
  why: string,
  prefix: string,
  inheritedFt: string | undefined,
  via: 'acroform' | 'widget',
): Promise<FoundField | undefined> {
  const text = await peek(ref);
  if (inheritedFt !== 'Sig' && (text === undefined || !SIG_FIELD_RE.test(text))) return undefined;
  const t = text === undefined ? undefined : T_RE.exec(text)?.[1];
  const v = text === undefined ? undefined : V_REF_RE.exec(text);
  return {
    ref,
    dict: new PdfDict(),
    fullName: t === undefined ? prefix : prefix ? `${prefix}.${t}` : t,
    v: v ? new PdfRef(Number(v[1]), Number(v[2])) : undefined,
    via,
    ft: 'Sig',
    unreadable: {
      code: 'SIG_FIELD_UNREADABLE',
      message: `the signature field ${ref.toString()} cannot be read: ${why}`,
    },
  };
}

/**
 * Whether a field value that is not declared a signature's (/FT is not /Sig) is a signature
 * dictionary all the same: /Type /Sig or /DocTimeStamp (§12.8.1 table 255), or a /ByteRange.
 * Only dictionaries and references are read: a text field's string value costs nothing.
 */
async function holdsSignature(doc: PdfDocument, v: PdfObject | undefined): Promise<boolean> {
  if (!isRef(v) && !isDict(v)) return false;
  const d = await safeResolve(doc, v);
  if (!isDict(d)) return false;
  const type = d.getName('Type');
  return type === 'Sig' || type === 'DocTimeStamp' || d.has('ByteRange');
}

/** The object `o` stands for, or the error that reading it gave (never PDF_TOO_COMPLEX). */
async function tryResolve(
  doc: PdfDocument,
  o: PdfObject | undefined,
): Promise<{ value: PdfObject } | { error: SealdeskError }> {
  try {
    return { value: await doc.resolve(o) };
  } catch (e) {
    if (e instanceof SealdeskError && e.code !== 'PDF_TOO_COMPLEX') return { error: e };
    throw e;
  }
}

async function safeResolve(doc: PdfDocument, o: PdfObject | undefined): Promise<PdfObject> {
  try {
    return await doc.resolve(o);
  } catch (e) {
    if (e instanceof SealdeskError && e.code !== 'PDF_TOO_COMPLEX') return null;
    throw e;
  }
}

async function textOf(doc: PdfDocument, o: PdfObject | undefined): Promise<string | undefined> {
  const v = await safeResolve(doc, o);
  return v instanceof PdfString ? v.text() : undefined;
}

/** Walks the field tree (§12.7.4): terminal fields of type /Sig (inherited /FT) are reported. */
async function walkFields(
  doc: PdfDocument,
  peek: (ref: PdfRef) => Promise<string | undefined>,
  items: readonly PdfObject[],
  prefix: string,
  inheritedFt: string | undefined,
  depth: number,
  seen: Set<string>,
  emit: (f: FoundField) => void,
): Promise<void> {
  if (depth > MAX_FIELD_DEPTH) return;
  for (const item of items) {
    if (seen.size >= MAX_FIELDS) return;
    if (isRef(item)) {
      if (seen.has(item.key)) continue;
      seen.add(item.key);
    }
    const got = await tryResolve(doc, item);
    const d = 'error' in got ? undefined : got.value;
    if (!isDict(d)) {
      const why = 'error' in got ? got.error.message : d === null ? NOT_HELD : undefined;
      if (!isRef(item) || why === undefined) continue;
      const broken = await brokenSignatureField(peek, item, why, prefix, inheritedFt, 'acroform');
      if (broken) emit(broken);
      continue;
    }
    const partial = await textOf(doc, d.get('T'));
    const full = partial === undefined ? prefix : prefix ? `${prefix}.${partial}` : partial;
    const ft = d.getName('FT') ?? inheritedFt;
    const kidsObj = await safeResolve(doc, d.get('Kids'));
    const kids = isArray(kidsObj) ? kidsObj : [];
    let fieldKids = false;
    for (const k of kids) {
      const kd = await safeResolve(doc, k);
      if (isDict(kd) && kd.has('T')) fieldKids = true;
    }
    if (fieldKids) {
      await walkFields(doc, peek, kids, full, ft, depth + 1, seen, emit);
    } else if (ft === 'Sig' || (await holdsSignature(doc, d.get('V')))) {
      emit({
        ref: isRef(item) ? item : undefined,
        dict: d,
        fullName: full,
        v: d.get('V'),
        via: 'acroform',
        ft,
      });
    }
  }
}

/**
 * Visits the widgets of every page: records which pages show each field and reports signature
 * widgets whose field the AcroForm does not list (an orphan signature still signs the file).
 */
async function widgetPages(
  doc: PdfDocument,
  peek: (ref: PdfRef) => Promise<string | undefined>,
  only: readonly number[] | undefined,
  seenFields: Set<string>,
  seenV: Set<string>,
  emit: (f: FoundField) => void,
): Promise<Map<string, number[]>> {
  const pages = new Map<string, number[]>();
  let count = 0;
  try {
    count = Math.min(await doc.pageCount(), MAX_PAGES_SCANNED);
  } catch (e) {
    if (e instanceof SealdeskError && e.code !== 'PDF_TOO_COMPLEX') return pages;
    throw e;
  }
  const indexes = only
    ? [...new Set(only)]
        .filter((i) => Number.isInteger(i) && i >= 0 && i < count)
        .sort((a, b) => a - b)
    : Array.from({ length: count }, (_, i) => i);
  // Page objects are read ahead, PAGE_WINDOW at a time: each is a positioned read somewhere in
  // a possibly huge file, and overlapping them divides the wall time of this scan. Only the
  // page's own object is read (not its inherited boxes and resources).
  const readAnnots = (i: number): Promise<PdfObject | Error> =>
    doc
      .pageNode(i)
      .then((page) => safeResolve(doc, page.dict.get('Annots')))
      // Settled as values, so a page that fails while an earlier one is awaited is never unhandled.
      .catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
  const ahead: Array<Promise<PdfObject | Error>> = [];
  for (let n = 0; n < Math.min(PAGE_WINDOW, indexes.length); n++)
    ahead.push(readAnnots(indexes[n]!));
  // A broken widget (or its broken parent) whose bytes say /FT /Sig, unless already reported.
  const broken = async (ref: PdfRef, why: string): Promise<void> => {
    if (seenFields.has(ref.key)) return;
    const f = await brokenSignatureField(peek, ref, why, '', undefined, 'widget');
    if (!f) return;
    seenFields.add(ref.key);
    if (isRef(f.v)) {
      if (seenV.has(f.v.key)) return;
      seenV.add(f.v.key);
    }
    emit(f);
  };
  for (let n = 0; n < indexes.length; n++) {
    const i = indexes[n]!;
    const got = await ahead.shift()!;
    if (n + PAGE_WINDOW < indexes.length) ahead.push(readAnnots(indexes[n + PAGE_WINDOW]!));
    if (got instanceof Error) {
      if (got instanceof SealdeskError && got.code !== 'PDF_TOO_COMPLEX') continue;
      throw got;
    }
    const annots = got;
    if (!isArray(annots)) continue;
    for (const a of annots) {
      const wGot = await tryResolve(doc, a);
      const w = 'error' in wGot ? undefined : wGot.value;
      if (!isDict(w)) {
        if (isRef(a) && 'error' in wGot) await broken(a, wGot.error.message);
        else if (isRef(a) && w === null) await broken(a, NOT_HELD);
        continue;
      }
      if (w.getName('Subtype') !== 'Widget') continue;
      // A widget merged with its field is the field; else its /Parent is (§12.7.4.3).
      const parentRef = w.has('T') || !isRef(w.get('Parent')) ? undefined : w.getRef('Parent');
      const fieldRef = parentRef ?? (isRef(a) ? a : undefined);
      if (fieldRef) {
        const list = pages.get(fieldRef.key) ?? [];
        if (!list.includes(i + 1)) list.push(i + 1);
        pages.set(fieldRef.key, list);
      }
      let field: PdfObject = w;
      if (parentRef) {
        const pGot = await tryResolve(doc, parentRef);
        if ('error' in pGot || pGot.value === null) {
          await broken(parentRef, 'error' in pGot ? pGot.error.message : NOT_HELD);
          continue;
        }
        field = pGot.value;
      }
      if (!isDict(field)) continue;
      const ft = await fieldTypeOf(doc, field);
      const v = field.get('V');
      if (ft !== 'Sig' && !(await holdsSignature(doc, v))) continue;
      if (fieldRef && seenFields.has(fieldRef.key)) continue;
      if (isRef(v) && seenV.has(v.key)) continue;
      if (fieldRef) seenFields.add(fieldRef.key);
      if (isRef(v)) seenV.add(v.key);
      emit({
        ref: fieldRef,
        dict: field,
        fullName: await qualifiedName(doc, field),
        v,
        via: 'widget',
        ft,
      });
    }
  }
  return pages;
}

/** The field's /FT, inherited from its ancestors when it has none (§12.7.4.1). */
async function fieldTypeOf(doc: PdfDocument, field: PdfDict): Promise<string | undefined> {
  let d: PdfDict | undefined = field;
  for (let n = 0; d && n < MAX_FIELD_DEPTH; n++) {
    const ft = d.getName('FT');
    if (ft !== undefined) return ft;
    const p = await safeResolve(doc, d.get('Parent'));
    d = isDict(p) ? p : undefined;
  }
  return undefined;
}

async function qualifiedName(doc: PdfDocument, field: PdfDict): Promise<string> {
  const parts: string[] = [];
  let d: PdfDict | undefined = field;
  for (let n = 0; d && n < MAX_FIELD_DEPTH; n++) {
    const t = await textOf(doc, d.get('T'));
    if (t !== undefined) parts.unshift(t);
    const p = await safeResolve(doc, d.get('Parent'));
    d = isDict(p) ? p : undefined;
  }
  return parts.join('.');
}

async function describe(
  doc: PdfDocument,
  map: RevisionMap,
  f: FoundField,
  sigRef: PdfRef | undefined,
  sig: PdfDict,
  pages: number[],
): Promise<SignatureInfo> {
  const type = sig.getName('Type');
  const subFilter = sig.getName('SubFilter');
  const contents = await safeResolve(doc, sig.get('Contents'));
  const claimedTimeText = await textOf(doc, sig.get('M'));
  const lock = await safeResolve(doc, f.dict.get('Lock'));
  return {
    kind: type === 'DocTimeStamp' || subFilter === 'ETSI.RFC3161' ? 'timestamp' : 'signature',
    fieldName: f.fullName,
    fieldRef: f.ref,
    sigRef,
    sigDict: sig,
    type,
    filter: sig.getName('Filter'),
    subFilter,
    signerName: await textOf(doc, sig.get('Name')),
    reason: await textOf(doc, sig.get('Reason')),
    location: await textOf(doc, sig.get('Location')),
    contactInfo: await textOf(doc, sig.get('ContactInfo')),
    claimedTimeText,
    claimedTime: claimedTimeText === undefined ? undefined : parsePdfDate(claimedTimeText),
    byteRange: sig.get('ByteRange'),
    contents: contents instanceof PdfString ? contents.bytes : undefined,
    references: await readReferences(doc, sig.get('Reference')),
    fieldLock: isDict(lock) ? await fieldMdpOf(doc, lock) : undefined,
    revision: sigRef ? map.locate(sigRef.num)?.revision : undefined,
    pages: [...pages].sort((a, b) => a - b),
    foundVia: f.via,
    fieldType: f.ft,
    unreadable: undefined,
  };
}

/** The transform methods of a /Reference array (§12.8.2.2 DocMDP, §12.8.2.4 FieldMDP). */
export async function readReferences(
  doc: PdfDocument,
  refObj: PdfObject | undefined,
): Promise<SignatureReference[]> {
  const arr = await safeResolve(doc, refObj);
  if (!isArray(arr)) return [];
  const out: SignatureReference[] = [];
  for (const item of arr.slice(0, 16)) {
    const r = await safeResolve(doc, item);
    if (!isDict(r)) continue;
    const method = r.getName('TransformMethod') ?? '';
    const params = await safeResolve(doc, r.get('TransformParams'));
    const pd = isDict(params) ? params : new PdfDict();
    if (method === 'DocMDP') {
      const p = await safeResolve(doc, pd.get('P'));
      // §12.8.2.2 table 257: /P defaults to 2; values other than 1..3 are treated as 2 here.
      out.push({ method: 'DocMDP', p: p === 1 || p === 3 ? p : 2 });
    } else if (method === 'FieldMDP') {
      out.push(await fieldMdpOf(doc, pd));
    } else {
      out.push({ method: method === 'UR3' ? 'UR3' : 'other', name: method });
    }
  }
  return out;
}

async function fieldMdpOf(doc: PdfDocument, params: PdfDict): Promise<SignatureReference> {
  const action = params.getName('Action');
  const fieldsObj = await safeResolve(doc, params.get('Fields'));
  const fields: string[] = [];
  if (isArray(fieldsObj)) {
    for (const x of fieldsObj.slice(0, MAX_FIELDS)) {
      const t = await textOf(doc, x);
      if (t !== undefined) fields.push(t);
    }
  }
  return {
    method: 'FieldMDP',
    // An unknown action locks everything: the strict reading.
    action: action === 'Include' || action === 'Exclude' ? action : 'All',
    fields,
  };
}

/** Parses a PDF date (§7.9.4) `D:YYYYMMDDHHmmSSOHH'mm`; undefined when malformed. */
export function parsePdfDate(text: string): Date | undefined {
  const m =
    /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz+-])(?:(\d{2})'?(\d{2})?'?)?)?$/.exec(
      text.trim(),
    );
  if (!m) return undefined;
  const n = (s: string | undefined, d: number): number => (s === undefined ? d : Number(s));
  const [year, month, day, hour, min, sec] = [
    n(m[1], 0),
    n(m[2], 1),
    n(m[3], 1),
    n(m[4], 0),
    n(m[5], 0),
    n(m[6], 0),
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 59) {
    return undefined;
  }
  let offsetMin = 0;
  if (m[7] === '+' || m[7] === '-') {
    offsetMin = (n(m[8], 0) * 60 + n(m[9], 0)) * (m[7] === '-' ? -1 : 1);
  }
  const t = Date.UTC(year, month - 1, day, hour, min, sec) - offsetMin * 60_000;
  return Number.isFinite(t) ? new Date(t) : undefined;
}
