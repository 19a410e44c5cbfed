/**
 * The page tree (ISO 32000-2 §7.7.3): counting pages and finding page N by descending the tree
 * by /Count, with the inheritable attributes (§7.7.3.4: Resources, MediaBox, CropBox, Rotate)
 * resolved on the way down.
 *
 * Owns: reading O(depth) nodes per page (plus the kids skipped at each level), cycle and depth
 * guards, defaults for missing boxes; and the page's object alone (`pageNodeAt`) for scans
 * that need none of the inherited attributes.
 * Must never: load the whole tree, loop on a cyclic tree, or trust /Count blindly (a leaf found
 * where a count promised more is checked).
 */
import type { SealdeskError } from '../errors/sealdesk-error';
import { pdfError } from './errors';
import { PdfDict, PdfRef, type PdfObject } from './objects';

export interface PageInfo {
  index: number;
  ref: PdfRef;
  dict: PdfDict;
  mediaBox: [number, number, number, number];
  cropBox: [number, number, number, number];
  rotate: 0 | 90 | 180 | 270;
  userUnit: number;
  resources: PdfDict | undefined;
}

/** What the page tree needs from the document (PdfDocument implements it). */
export interface PageTreeHost {
  readonly fileName: string;
  readonly maxObjectNumber: number;
  resolve(obj: PdfObject | undefined): Promise<PdfObject>;
  catalog(): Promise<PdfDict>;
}

const MAX_TREE_DEPTH = 64;
/** US Letter, the customary default when a page has no MediaBox (it is required, §7.7.3.3). */
const LETTER: [number, number, number, number] = [0, 0, 612, 792];

function broken(host: PageTreeHost, reason: string): SealdeskError {
  return pdfError('PDF_PAGE_TREE_BROKEN', { file: host.fileName, reason });
}

async function pagesRoot(host: PageTreeHost): Promise<{ ref: PdfRef | undefined; dict: PdfDict }> {
  const cat = await host.catalog();
  const p = cat.get('Pages');
  const dict = await host.resolve(p);
  if (!(dict instanceof PdfDict)) throw broken(host, 'the catalog has no /Pages');
  return { ref: p instanceof PdfRef ? p : undefined, dict };
}

async function countOf(host: PageTreeHost, node: PdfDict): Promise<number | undefined> {
  const c = await host.resolve(node.get('Count'));
  if (typeof c !== 'number' || !Number.isInteger(c) || c < 0) return undefined;
  return c;
}

function isLeaf(d: PdfDict): boolean {
  const t = d.getName('Type');
  return t === 'Page' || (t !== 'Pages' && !d.has('Kids'));
}

export async function countPages(host: PageTreeHost): Promise<number> {
  const { dict } = await pagesRoot(host);
  if (isLeaf(dict)) return 1;
  const n = await countOf(host, dict);
  if (n === undefined) throw broken(host, 'the root /Count is missing or invalid');
  // Every page is an object: more pages than objects is a lie.
  if (n > host.maxObjectNumber + 1) throw broken(host, `/Count ${n} exceeds the number of objects`);
  return n;
}

async function numberBox(
  host: PageTreeHost,
  o: PdfObject | undefined,
): Promise<[number, number, number, number] | undefined> {
  const a = await host.resolve(o);
  if (!Array.isArray(a) || a.length < 4) return undefined;
  const out: number[] = [];
  for (const v of a.slice(0, 4)) {
    const n = await host.resolve(v);
    if (typeof n !== 'number' || !Number.isFinite(n)) return undefined;
    out.push(n);
  }
  const [x1, y1, x2, y2] = out as [number, number, number, number];
  return [Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)];
}

interface Inherited {
  resources?: PdfObject;
  mediaBox?: PdfObject;
  cropBox?: PdfObject;
  rotate?: PdfObject;
}

function inherit(into: Inherited, d: PdfDict): void {
  const r = d.get('Resources');
  if (r !== undefined) into.resources = r;
  const m = d.get('MediaBox');
  if (m !== undefined) into.mediaBox = m;
  const c = d.get('CropBox');
  if (c !== undefined) into.cropBox = c;
  const o = d.get('Rotate');
  if (o !== undefined) into.rotate = o;
}

/** A page's object without its inherited attributes (what scanning for annotations needs). */
export interface PageNode {
  readonly index: number;
  readonly ref: PdfRef;
  readonly dict: PdfDict;
}

export async function pageAt(host: PageTreeHost, index: number): Promise<PageInfo> {
  const inherited: Inherited = {};
  const node = await descend(host, index, inherited);
  return finish(host, index, node.ref, node.dict, inherited);
}

/** Page `index`'s object only: the walk of pageAt, without resolving boxes or resources. */
export function pageNodeAt(host: PageTreeHost, index: number): Promise<PageNode> {
  return descend(host, index, undefined);
}

/** Walks down to page `index`, collecting inheritable attributes into `inherited` if given. */
async function descend(
  host: PageTreeHost,
  index: number,
  inherited: Inherited | undefined,
): Promise<PageNode> {
  const count = await countPages(host);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw pdfError('PDF_PAGE_OUT_OF_RANGE', { file: host.fileName, page: index + 1, count });
  }
  const root = await pagesRoot(host);
  const seen = new Set<string>();
  let node = root.dict;
  let nodeRef = root.ref;
  let remaining = index;
  if (nodeRef) seen.add(nodeRef.key);
  for (let depth = 0; ; depth++) {
    if (depth > MAX_TREE_DEPTH) throw broken(host, `deeper than ${MAX_TREE_DEPTH} levels`);
    if (inherited) inherit(inherited, node);
    if (isLeaf(node)) {
      if (remaining !== 0 || !nodeRef) throw broken(host, 'a page node is not where /Count says');
      return { index, ref: nodeRef, dict: node };
    }
    const kids = await host.resolve(node.get('Kids'));
    if (!Array.isArray(kids)) throw broken(host, 'a /Pages node without /Kids');
    const nodeCount = await countOf(host, node);
    // Fast path: a flat node whose count equals its kids holds only leaves.
    let next: { ref: PdfRef; dict: PdfDict } | undefined;
    if (nodeCount === kids.length && remaining < kids.length) {
      const k = kids[remaining];
      const d = k instanceof PdfRef ? await host.resolve(k) : undefined;
      if (k instanceof PdfRef && d instanceof PdfDict && isLeaf(d)) {
        next = { ref: k, dict: d };
        remaining = 0;
      }
    }
    if (!next) {
      for (const k of kids) {
        if (!(k instanceof PdfRef)) throw broken(host, 'a /Kids entry is not a reference');
        const d = await host.resolve(k);
        if (!(d instanceof PdfDict)) continue; // a missing kid holds no pages
        const c = isLeaf(d) ? 1 : ((await countOf(host, d)) ?? 0);
        if (remaining < c) {
          next = { ref: k, dict: d };
          break;
        }
        remaining -= c;
      }
    }
    if (!next) throw broken(host, `page ${index + 1} is not in the tree although /Count says so`);
    if (seen.has(next.ref.key))
      throw broken(host, `the tree loops back to object ${next.ref.toString()}`);
    seen.add(next.ref.key);
    node = next.dict;
    nodeRef = next.ref;
  }
}

async function finish(
  host: PageTreeHost,
  index: number,
  ref: PdfRef,
  dict: PdfDict,
  inh: Inherited,
): Promise<PageInfo> {
  const mediaBox = (await numberBox(host, inh.mediaBox)) ?? LETTER;
  const crop = (await numberBox(host, inh.cropBox)) ?? mediaBox;
  // §14.11.2: the crop box is clipped to the media box.
  const cropBox: [number, number, number, number] = [
    Math.max(crop[0], mediaBox[0]),
    Math.max(crop[1], mediaBox[1]),
    Math.min(crop[2], mediaBox[2]),
    Math.min(crop[3], mediaBox[3]),
  ];
  const safeCrop = cropBox[0] < cropBox[2] && cropBox[1] < cropBox[3] ? cropBox : mediaBox;
  const rot = await host.resolve(inh.rotate);
  const r = typeof rot === 'number' && Number.isInteger(rot) ? ((rot % 360) + 360) % 360 : 0;
  const rotate = (r % 90 === 0 ? r : 0) as 0 | 90 | 180 | 270;
  const uu = await host.resolve(dict.get('UserUnit'));
  const userUnit = typeof uu === 'number' && uu > 0 && Number.isFinite(uu) ? uu : 1;
  const res = await host.resolve(inh.resources);
  return {
    index,
    ref,
    dict,
    mediaBox,
    cropBox: safeCrop,
    rotate,
    userUnit,
    resources: res instanceof PdfDict ? res : undefined,
  };
}
