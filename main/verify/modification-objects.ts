/**
 * Object-level helpers for modification analysis: equality of two versions of an object, the
 * roles an object can play (page, page tree node, field, widget, annotation, signature), the
 * page map of a revision, and bounded reachability (ISO 32000-2 §7.3, §7.7.3, §12.5, §12.7).
 *
 * Owns: value equality without resolving references (a changed reference IS a change: that is
 * how shadow attacks re-point /Contents), stream equality by chunked comparison of the stored
 * bytes, and the caps that keep a hostile file from making analysis unbounded.
 * Must never: decide what is allowed (modification-analysis.ts does), or modify objects.
 */
import { SealdeskError } from '../errors/sealdesk-error';
import type { PdfDocument } from '../pdf/document';
import {
  PdfDict,
  PdfName,
  PdfRef,
  PdfStream,
  PdfString,
  isArray,
  isRef,
  type PdfObject,
} from '../pdf/objects';

const MAX_EQUAL_DEPTH = 64;
const COMPARE_CHUNK = 1024 * 1024;
/** Streams longer than this are compared by location only (a different location = changed). */
const MAX_COMPARED_STREAM = 64 * 1024 * 1024;
/** Pages mapped per revision for "which page" answers. */
export const MAX_MAPPED_PAGES = 50_000;
/** Objects visited by one reachability walk. */
export const MAX_REACHABLE = 20_000;

/** Loads an object, turning an unreadable object into null (it is then "changed" if it was not). */
export async function loadOrNull(doc: PdfDocument, ref: PdfRef): Promise<PdfObject> {
  try {
    return await doc.get(ref);
  } catch (e) {
    if (e instanceof SealdeskError && e.code !== 'PDF_TOO_COMPLEX') return null;
    throw e;
  }
}

export async function resolveOrNull(
  doc: PdfDocument,
  o: PdfObject | undefined,
): Promise<PdfObject> {
  try {
    return await doc.resolve(o);
  } catch (e) {
    if (e instanceof SealdeskError && e.code !== 'PDF_TOO_COMPLEX') return null;
    throw e;
  }
}

/** Deep equality of two object versions; references compare by number and generation. */
export async function sameObject(doc: PdfDocument, a: PdfObject, b: PdfObject): Promise<boolean> {
  return equal(doc, a, b, 0);
}

async function equal(
  doc: PdfDocument,
  a: PdfObject,
  b: PdfObject,
  depth: number,
): Promise<boolean> {
  if (depth > MAX_EQUAL_DEPTH) return false;
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (typeof a === 'number' || typeof a === 'boolean') return false;
  if (a instanceof PdfName || b instanceof PdfName) return false;
  if (a instanceof PdfRef) return b instanceof PdfRef && a.equals(b);
  if (a instanceof PdfString) {
    return b instanceof PdfString && Buffer.from(a.bytes).equals(Buffer.from(b.bytes));
  }
  if (isArray(a)) {
    if (!isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++)
      if (!(await equal(doc, a[i]!, b[i]!, depth + 1))) return false;
    return true;
  }
  if (a instanceof PdfDict) return b instanceof PdfDict && (await sameDict(doc, a, b, depth));
  if (a instanceof PdfStream) {
    return (
      b instanceof PdfStream &&
      (await sameDict(doc, a.dict, b.dict, depth, 'Length')) &&
      (await sameStreamBytes(doc, a, b))
    );
  }
  return false;
}

async function sameDict(
  doc: PdfDocument,
  a: PdfDict,
  b: PdfDict,
  depth: number,
  ignore?: string,
): Promise<boolean> {
  const keys = new Set([...a.map.keys(), ...b.map.keys()]);
  for (const k of keys) {
    if (k === ignore) continue;
    const x = a.get(k);
    const y = b.get(k);
    if (x === undefined || y === undefined) return false;
    if (!(await equal(doc, x, y, depth + 1))) return false;
  }
  return true;
}

async function sameStreamBytes(doc: PdfDocument, a: PdfStream, b: PdfStream): Promise<boolean> {
  const sa = a.source;
  const sb = b.source;
  if (sa.kind !== 'file' || sb.kind !== 'file') return false;
  if (sa.length !== sb.length) return false;
  if (sa.offset === sb.offset) return true;
  if (sa.length > MAX_COMPARED_STREAM) return false;
  for (let p = 0; p < sa.length; p += COMPARE_CHUNK) {
    const n = Math.min(COMPARE_CHUNK, sa.length - p);
    const x = await doc.source.read(sa.offset + p, n);
    const y = await doc.source.read(sb.offset + p, n);
    if (!Buffer.from(x).equals(Buffer.from(y))) return false;
  }
  return true;
}

/** The dictionary of a dict or stream value. */
export function dictOf(v: PdfObject | undefined): PdfDict | undefined {
  if (v instanceof PdfDict) return v;
  if (v instanceof PdfStream) return v.dict;
  return undefined;
}

/** Keys whose values differ between two dictionaries (absent on one side counts). */
export async function changedKeys(doc: PdfDocument, a: PdfDict, b: PdfDict): Promise<string[]> {
  const out: string[] = [];
  for (const k of new Set([...a.map.keys(), ...b.map.keys()])) {
    const x = a.get(k);
    const y = b.get(k);
    if (x === undefined || y === undefined || !(await equal(doc, x, y, 0))) out.push(k);
  }
  return out;
}

export const isSignatureDict = (d: PdfDict): boolean => {
  const t = d.getName('Type');
  return t === 'Sig' || t === 'DocTimeStamp' || (d.has('ByteRange') && d.has('Contents'));
};

export const isWidget = (d: PdfDict): boolean => d.getName('Subtype') === 'Widget';

/** A form field or a widget (§12.7.4.1: fields have /FT or /T; widgets are annotations). */
export const isFieldOrWidget = (d: PdfDict): boolean =>
  isWidget(d) || d.has('FT') || (d.has('T') && (d.has('Kids') || d.has('V') || d.has('Parent')));

/** A non-widget annotation (§12.5.2: /Subtype and /Rect are required). */
export const isAnnotation = (d: PdfDict): boolean =>
  !isWidget(d) && (d.getName('Type') === 'Annot' || (d.has('Subtype') && d.has('Rect')));

export interface PageMap {
  /** Page object key -> 1-based page number. */
  readonly pages: ReadonlyMap<string, number>;
  /** Indirect /Annots array key -> 1-based page number. */
  readonly annotsArrays: ReadonlyMap<string, number>;
  readonly count: number;
  /** The map stops at MAX_MAPPED_PAGES. */
  readonly complete: boolean;
}

export async function pageMap(doc: PdfDocument): Promise<PageMap> {
  const pages = new Map<string, number>();
  const annotsArrays = new Map<string, number>();
  let count = 0;
  try {
    count = await doc.pageCount();
  } catch (e) {
    if (!(e instanceof SealdeskError) || e.code === 'PDF_TOO_COMPLEX') throw e;
  }
  const n = Math.min(count, MAX_MAPPED_PAGES);
  for (let i = 0; i < n; i++) {
    try {
      const p = await doc.page(i);
      pages.set(p.ref.key, i + 1);
      const a = p.dict.get('Annots');
      if (isRef(a)) annotsArrays.set(a.key, i + 1);
    } catch (e) {
      if (!(e instanceof SealdeskError) || e.code === 'PDF_TOO_COMPLEX') throw e;
      break;
    }
  }
  return { pages, annotsArrays, count, complete: n === count };
}

/** Keys never followed by reachability walks: back-links to pages and parents (§12.5.2, §12.7.4.1). */
export const BACK_LINKS: ReadonlySet<string> = new Set(['P', 'Parent', 'Popup', 'IRT']);

/** Annotation types that paint an area (§12.5.6): they can cover signed content. */
export const COVERING_SUBTYPES: ReadonlySet<string> = new Set([
  'FreeText',
  'Stamp',
  'Square',
  'Circle',
  'Polygon',
  'PolyLine',
  'Ink',
  'Line',
  'Redact',
  'Watermark',
  'Screen',
  'RichMedia',
  '3D',
  'Movie',
  'PrinterMark',
  'Caret',
  'FileAttachment',
  'Sound',
  'Projection',
]);
/** An appearance up to this size (points) is an icon, not something that covers content. */
export const ICON_SIZE = 32;

/** Whether an annotation can paint over the page: an area type, or an appearance beyond an icon. */
export function canCover(d: PdfDict, rect: readonly number[] | undefined): boolean {
  if (COVERING_SUBTYPES.has(d.getName('Subtype') ?? '')) return true;
  return (
    d.has('AP') &&
    rect !== undefined &&
    (rect[2]! - rect[0]! > ICON_SIZE || rect[3]! - rect[1]! > ICON_SIZE)
  );
}
/**
 * Keys of the logical structure that point into page content (§14.7.2 /Pg, §14.7.5.3 /Obj of an
 * object reference, §14.7.5.2 /Stm and /StmOwn of a marked-content reference): a walk of the
 * structure tree must not follow them, or every page's content would count as "structure".
 */
export const CONTENT_LINKS: ReadonlySet<string> = new Set(['Pg', 'Obj', 'Stm', 'StmOwn']);
const NO_SKIP: ReadonlySet<string> = new Set();

/**
 * References reachable from `roots` in `doc` (not through back-links, nor through the keys in
 * `skip`), at most MAX_REACHABLE.
 */
export async function reachable(
  doc: PdfDocument,
  roots: readonly PdfObject[],
  skip: ReadonlySet<string> = NO_SKIP,
): Promise<Set<number>> {
  const seen = new Set<number>();
  const stack: PdfObject[] = [...roots];
  while (stack.length > 0 && seen.size < MAX_REACHABLE) {
    const o = stack.pop()!;
    if (isRef(o)) {
      if (seen.has(o.num)) continue;
      seen.add(o.num);
      stack.push(await loadOrNull(doc, o));
    } else if (isArray(o)) {
      stack.push(...o);
    } else {
      const d = dictOf(o);
      if (d) for (const [k, v] of d.map) if (!BACK_LINKS.has(k) && !skip.has(k)) stack.push(v);
    }
  }
  return seen;
}

/** Objects read at most to learn where objects are referred to (a larger file: unknown). */
export const MAX_INDEXED_OBJECTS = 300_000;

/**
 * Where each object is referred to in one revision: for every object number, the numbers of the
 * objects whose value holds a reference to it, once per occurrence (-1 = the trailer).
 * Answers "is this object used by anything else than X?" (an appearance stream shared with
 * another widget, an /Extensions dictionary also reachable under another catalog key) and "does
 * any object refer to this new object?" (an unused object a writer left behind).
 */
export class ReferenceIndex {
  private constructor(private readonly holders: ReadonlyMap<number, readonly number[]>) {}

  /**
   * Indexes every object live at revision `revision` of `view` (`view` is that revision) plus
   * its trailer. Undefined when the revision has more than MAX_INDEXED_OBJECTS objects.
   */
  static async build(
    view: PdfDocument,
    liveObjects: ReadonlyMap<number, PdfRef>,
  ): Promise<ReferenceIndex | undefined> {
    if (liveObjects.size > MAX_INDEXED_OBJECTS) return undefined;
    const holders = new Map<number, number[]>();
    const note = (holder: number, value: PdfObject): void => {
      const stack: PdfObject[] = [value];
      let steps = 0;
      while (stack.length > 0 && steps++ < 1_000_000) {
        const o = stack.pop()!;
        if (isRef(o)) {
          const list = holders.get(o.num);
          if (list) list.push(holder);
          else holders.set(o.num, [holder]);
        } else if (isArray(o)) stack.push(...o);
        else {
          const d = dictOf(o);
          if (d) for (const v of d.map.values()) stack.push(v);
        }
      }
    };
    note(-1, view.trailer);
    for (const [num, ref] of liveObjects) {
      const value = await loadOrNull(view, ref);
      // Cross-reference streams (§7.5.8) are trailers, this revision's and earlier ones: their
      // /Root, /Info and /Encrypt are the trailer's, indexed once above.
      if (value instanceof PdfStream && value.dict.getName('Type') === 'XRef') continue;
      note(num, value);
    }
    return new ReferenceIndex(holders);
  }

  /** The holders of every reference to `num` (one entry per occurrence). */
  holdersOf(num: number): readonly number[] {
    return this.holders.get(num) ?? [];
  }
}

/** Occurrences of references to `num` in the direct structure of `value` (refs not followed). */
export function occurrencesIn(value: PdfObject | undefined, num: number): number {
  let n = 0;
  const stack: PdfObject[] = value === undefined ? [] : [value];
  while (stack.length > 0) {
    const o = stack.pop()!;
    if (isRef(o)) {
      if (o.num === num) n++;
    } else if (isArray(o)) stack.push(...o);
    else {
      const d = dictOf(o);
      if (d) for (const v of d.map.values()) stack.push(v);
    }
  }
  return n;
}

/** The field type of a field or widget, following /Parent (inheritable, §12.7.4.1). */
export async function fieldTypeOf(doc: PdfDocument, d: PdfDict): Promise<string | undefined> {
  let cur: PdfDict | undefined = d;
  for (let n = 0; cur && n < 32; n++) {
    const ft = cur.getName('FT');
    if (ft) return ft;
    cur = dictOf(await resolveOrNull(doc, cur.get('Parent')));
  }
  return undefined;
}

/** The fully qualified name of a field or widget (§12.7.4.2). */
export async function fieldNameOf(doc: PdfDocument, d: PdfDict): Promise<string> {
  const parts: string[] = [];
  let cur: PdfDict | undefined = d;
  for (let n = 0; cur && n < 32; n++) {
    const t = await resolveOrNull(doc, cur.get('T'));
    if (t instanceof PdfString) parts.unshift(t.text());
    cur = dictOf(await resolveOrNull(doc, cur.get('Parent')));
  }
  return parts.join('.');
}

/** The field flags (/Ff, inheritable), 0 when absent. */
export async function fieldFlagsOf(doc: PdfDocument, d: PdfDict): Promise<number> {
  let cur: PdfDict | undefined = d;
  for (let n = 0; cur && n < 32; n++) {
    const ff = await resolveOrNull(doc, cur.get('Ff'));
    if (typeof ff === 'number') return ff;
    cur = dictOf(await resolveOrNull(doc, cur.get('Parent')));
  }
  return 0;
}

/** A rectangle [x1 y1 x2 y2] normalised, or undefined. */
export async function rectOf(
  doc: PdfDocument,
  o: PdfObject | undefined,
): Promise<[number, number, number, number] | undefined> {
  const v = await resolveOrNull(doc, o);
  if (!isArray(v) || v.length !== 4) return undefined;
  const n: number[] = [];
  for (const x of v) {
    const r = await resolveOrNull(doc, x);
    if (typeof r !== 'number' || !Number.isFinite(r)) return undefined;
    n.push(r);
  }
  const [a, b, c, d] = n as [number, number, number, number];
  return [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
}
