/**
 * Role rules of the modification analysis against the shadow attacks (Mainka, Mladenov,
 * Rohlmann, Schwenk, "Shadow Attacks: Hiding and Replacing Content in Signed PDFs", NDSS 2021):
 * what an object WAS when signed decides what its change means, whatever the revision that
 * changes it looks like (ISO 32000-2 §7.5.6 incremental updates, §7.8 content streams and
 * resources, §8.10 form XObjects, §8.11 optional content, §9 fonts, §12.5.5 appearance streams,
 * §12.7 forms, §12.8.2 DocMDP/FieldMDP).
 *
 * Owns: the reference graph of the signed-at revision (every reference with the key path it sits
 * under, walked from the trailer), the HOLDERS of an object (a page's content or resources, an
 * annotation's appearance, another key of an annotation, a catalog entry, the trailer), and these
 * rules, each giving findings the analysis adds to the revision's own:
 * - content: an object that existed when signed and that a page draws (content streams, fonts
 *   with their files, widths, encodings, ToUnicode and CharProcs, XObjects, graphics resources,
 *   optional-content groups), or the optional-content configuration, changed: a content change;
 * - shared appearances: an appearance object changed in place, or the appearance a widget had
 *   when the revision re-points it, is also held by something the revision did not change: a
 *   change to that holder (another field: form filling of that field, forbidden when read-only
 *   or locked; a signature field: other; anything else: other);
 * - prepared objects: a reference the revision introduces to an object that was in the file when
 *   signed but that nothing used (a shadow prepared before signing, made visible afterwards), or
 *   a trailer /Info moved to another existing object: other;
 * - covering annotations: an annotation that could cover content when signed (not a widget) was
 *   removed from its page, hidden, moved, or given another appearance: what it covered shows.
 * Must never: allow anything (it only adds findings; the analysis and its policy decide), know
 * DocMDP, or walk unbounded: the graph stops at MAX_GRAPH objects and "nothing used it" is then
 * not concluded.
 */
import { SealdeskError } from '../errors/sealdesk-error';
import type { PdfDocument } from '../pdf/document';
import { PdfDict, PdfRef, PdfStream, isArray, isRef, type PdfObject } from '../pdf/objects';
import {
  dictOf,
  fieldFlagsOf,
  fieldNameOf,
  fieldTypeOf,
  isAnnotation,
  isWidget,
  loadOrNull,
  pageMap,
  rectOf,
  sameObject,
  type PageMap,
  BACK_LINKS,
  canCover,
} from './modification-objects';

/** One object a revision wrote, with the version it replaces (null: none). */
export interface RevisionChange {
  readonly num: number;
  readonly oldRef: PdfRef | undefined;
  readonly newRef: PdfRef | undefined;
  readonly oldVal: PdfObject;
  readonly newVal: PdfObject;
}

export interface ShadowFinding {
  readonly kind: 'form-fill' | 'annotation' | 'other';
  readonly detail: string;
  readonly pages: number[];
  /** Forbidden whatever the policy allows for `kind`. */
  readonly forbidden: boolean;
}

export interface ShadowPolicy {
  /** Whether a FieldMDP lock of the signature covers the field named (fully qualified). */
  readonly lockedField: (name: string) => boolean;
}

/** Objects the reference graph visits at most; a larger file gets no "unused" conclusions. */
export const MAX_GRAPH = 50_000;
const MAX_VALUE_DEPTH = 32;
/** Objects the quick walks of the catalog's small subtrees visit at most. */
const MAX_NEAR = 20_000;
/** Upward steps from one object to its holders. */
const MAX_HOLDER_STEPS = 4_000;
/** Keys under which a font's glyphs, widths or code mapping live (§9.6 - §9.10). */
const FONT_KEYS = new Set([
  'Font',
  'FontDescriptor',
  'FontFile',
  'FontFile2',
  'FontFile3',
  'DescendantFonts',
  'ToUnicode',
  'Encoding',
  'CharProcs',
  'Widths',
  'W',
  'W2',
  'CIDToGIDMap',
]);
/** Keys that lead from the catalog's other entries into the page tree or page content. */
const SUBTREE_SKIP: ReadonlySet<string> = new Set([
  'Pg',
  'Obj',
  'Stm',
  'StmOwn',
  'Dest',
  'D',
  'Kids',
]);
/** Annotation flags that take an annotation off the page (§12.5.3): Invisible, Hidden, NoView. */
const OFF_PAGE_FLAGS = 1 | 2 | 32;

interface Edge {
  /** The referring object's number; -1 for the trailer. */
  readonly from: number;
  /** Keys from the referring object down to the reference ('Resources/Font/F1', 'Kids/[]'). */
  readonly path: readonly string[];
}

/** Who refers to what in one revision (forward walk from the trailer). */
class RefGraph {
  readonly referrers = new Map<number, Edge[]>();
  readonly reached = new Set<number>();
  complete = true;

  static async build(doc: PdfDocument): Promise<RefGraph> {
    const g = new RefGraph();
    const stack: PdfRef[] = [];
    const note = (ref: PdfRef, from: number, path: readonly string[]): void => {
      let list = g.referrers.get(ref.num);
      if (!list) g.referrers.set(ref.num, (list = []));
      list.push({ from, path });
      if (!g.reached.has(ref.num)) {
        g.reached.add(ref.num);
        stack.push(ref);
      }
    };
    for (const [key, value] of doc.trailer.map) {
      if (key === 'Prev' || key === 'XRefStm' || key === 'ID' || key === 'Size') continue;
      forEachRef(value, [key], (ref, path) => note(ref, -1, path));
    }
    while (stack.length > 0) {
      if (g.reached.size > MAX_GRAPH) {
        g.complete = false;
        break;
      }
      const ref = stack.pop()!;
      const obj = await loadOrNull(doc, ref);
      forEachRef(obj instanceof PdfStream ? obj.dict : obj, [], (r, path) =>
        note(r, ref.num, path),
      );
    }
    return g;
  }
}

/**
 * Graphs by file and revision: every signature's analysis compares the same revisions, so a
 * revision's graph is built once per open file (views of one file share its source).
 */
const GRAPHS = new WeakMap<object, Map<number, Promise<RefGraph>>>();

function graphOf(view: PdfDocument): Promise<RefGraph> {
  let perFile = GRAPHS.get(view.source);
  if (!perFile) {
    perFile = new Map<number, Promise<RefGraph>>();
    GRAPHS.set(view.source, perFile);
  }
  let got = perFile.get(view.revisions.length);
  if (!got) {
    got = RefGraph.build(view);
    perFile.set(view.revisions.length, got);
    got.catch(() => perFile.delete(view.revisions.length));
  }
  return got;
}

/** Objects reached from `roots` (not through back-links nor `skip`), at most MAX_NEAR. */
async function reachableFrom(
  doc: PdfDocument,
  roots: readonly PdfObject[],
  skip: ReadonlySet<string> = new Set(),
): Promise<Set<number>> {
  const seen = new Set<number>();
  const stack: PdfRef[] = [];
  const visit = (v: PdfObject): void =>
    forEachRef(v instanceof PdfStream ? v.dict : v, [], (r, path) => {
      if (seen.has(r.num) || path.some((k) => BACK_LINKS.has(k) || skip.has(k))) return;
      seen.add(r.num);
      stack.push(r);
    });
  for (const r of roots) visit(r);
  while (stack.length > 0 && seen.size < MAX_NEAR) visit(await loadOrNull(doc, stack.pop()!));
  return seen;
}

/** Calls `fn` for every reference inside `value` (not following references), with its path. */
function forEachRef(
  value: PdfObject | undefined,
  path: readonly string[],
  fn: (ref: PdfRef, path: readonly string[]) => void,
  depth = 0,
): void {
  if (value === undefined || value === null || depth > MAX_VALUE_DEPTH) return;
  if (isRef(value)) fn(value, path);
  else if (isArray(value)) for (const v of value) forEachRef(v, [...path, '[]'], fn, depth + 1);
  else {
    const d = dictOf(value);
    if (d) for (const [k, v] of d.map) forEachRef(v, [...path, k], fn, depth + 1);
  }
}

function refNums(value: PdfObject | undefined): Set<number> {
  const out = new Set<number>();
  forEachRef(value instanceof PdfStream ? value.dict : value, [], (r) => out.add(r.num));
  return out;
}

type Holder =
  /** A page draws it: through /Contents or /Resources (of the page or of a page-tree node). */
  | { readonly kind: 'page-content'; readonly page: number | undefined; readonly path: string }
  /** An annotation's or widget's appearance (/AP). */
  | { readonly kind: 'appearance'; readonly annot: number }
  /** Another key of an annotation (/MK icons, rich media, file specifications). */
  | { readonly kind: 'annotation-key'; readonly annot: number; readonly key: string }
  | { readonly kind: 'page-key'; readonly page: number | undefined; readonly key: string }
  | { readonly kind: 'catalog'; readonly key: string }
  | { readonly kind: 'trailer'; readonly key: string };

/** Findings of the role rules for one revision (see the module charter). */
export async function shadowFindings(
  oldDoc: PdfDocument,
  newDoc: PdfDocument,
  changes: readonly RevisionChange[],
  policy: ShadowPolicy,
): Promise<ShadowFinding[]> {
  const s = new ShadowRules(oldDoc, newDoc, changes, policy);
  try {
    await s.run();
  } catch (e) {
    if (!(e instanceof SealdeskError) || e.code === 'PDF_TOO_COMPLEX') throw e;
    s.out.push({
      kind: 'other',
      detail: `the roles of the changed objects cannot be established: ${e.message}`,
      pages: [],
      forbidden: true,
    });
  }
  return s.out;
}

class ShadowRules {
  readonly out: ShadowFinding[] = [];
  private graph: RefGraph | undefined;
  private near: Set<number> | undefined;
  private dss: Set<number> | undefined;
  private pages: PageMap | undefined;
  private readonly dicts = new Map<number, PdfDict | undefined>();
  private readonly byNum: ReadonlyMap<number, RevisionChange>;
  private catalogNum = -2;
  /** Fields (topmost field object) of the annotations and widgets this revision changes. */
  private readonly changedOwners = new Set<number>();
  private readonly reported = new Set<string>();

  constructor(
    private readonly oldDoc: PdfDocument,
    private readonly newDoc: PdfDocument,
    private readonly changes: readonly RevisionChange[],
    private readonly policy: ShadowPolicy,
  ) {
    this.byNum = new Map(changes.map((c) => [c.num, c]));
  }

  async run(): Promise<void> {
    this.catalogNum = this.oldDoc.trailer.getRef('Root')?.num ?? -2;
    for (const c of this.changes) {
      const d = dictOf(c.oldVal) ?? dictOf(c.newVal);
      if (d && (isWidget(d) || isAnnotation(d))) {
        this.changedOwners.add(await this.ownerOf(c.num, c.oldVal !== null ? 'old' : 'new'));
      }
    }
    await this.preparedObjects();
    for (const c of this.changes) {
      if (c.oldVal === null) continue;
      if (isObjectStructure(c.oldVal) && isObjectStructure(c.newVal)) continue;
      await this.contentAndSharing(c);
      await this.repointedAppearance(c);
      await this.coveringAnnotation(c);
      await this.removedFromPage(c);
    }
  }

  // ---- rules -------------------------------------------------------------------------------

  /** Content and shared-appearance rules for an existing object changed in place. */
  private async contentAndSharing(c: RevisionChange): Promise<void> {
    if (await this.structural(c)) return;
    const holders = await this.holdersOf(c.num);
    const what = describe(c.oldVal);
    const content = holders.filter((h) => h.kind === 'page-content');
    for (const h of content) {
      this.push({
        kind: 'other',
        detail: `${h.page !== undefined ? `page ${h.page}` : 'pages sharing resources'}: ${what} (object ${c.num}) that the page draws was changed after signing: ${contentCategory(h.path, c.oldVal)}`,
        pages: h.page !== undefined ? [h.page] : [],
        forbidden: true,
      });
    }
    const oc = holders.find((h) => h.kind === 'catalog' && h.key === 'OCProperties');
    if (oc) {
      this.push({
        kind: 'other',
        detail: `object ${c.num} of the optional-content configuration (/OCProperties) was changed: which layers are shown changed`,
        pages: [],
        forbidden: true,
      });
    }
    if (content.length > 0 || !holders.some((h) => h.kind === 'appearance')) return;
    await this.judgeOtherHolders(
      holders,
      `the appearance object ${c.num} (${what})`,
      'was changed in place',
    );
  }

  /** A widget or annotation re-pointed away from an appearance that others held too. */
  private async repointedAppearance(c: RevisionChange): Promise<void> {
    const before = dictOf(c.oldVal);
    const after = dictOf(c.newVal);
    if (!before || !(isWidget(before) || isAnnotation(before))) return;
    const oldAp = before.get('AP');
    const newAp = after?.get('AP');
    if (oldAp === undefined || (await sameObject(this.newDoc, oldAp, newAp ?? null))) return;
    const kept = refNums(newAp ?? null);
    const top: PdfRef[] = [];
    if (isRef(oldAp)) top.push(oldAp);
    else {
      forEachRef(oldAp, [], (r, path) => {
        if (path.length <= 2) top.push(r);
      });
    }
    for (const r of top) {
      if (kept.has(r.num)) continue;
      const holders = await this.holdersOf(r.num);
      await this.judgeOtherHolders(
        holders,
        `the appearance that ${await this.annotLabel(c.num, before)} had when signed (object ${r.num})`,
        'this revision gave the field another (a shared appearance counts for every holder)',
      );
    }
  }

  /** Holders of a changed appearance other than the annotations this revision changes. */
  private async judgeOtherHolders(
    holders: readonly Holder[],
    subject: string,
    verb: string,
  ): Promise<void> {
    for (const h of holders) {
      if (h.kind === 'page-content') continue;
      if (h.kind === 'catalog' && (h.key === 'AcroForm' || h.key === 'StructTreeRoot')) continue;
      if (h.kind === 'appearance') {
        if (this.changedOwners.has(await this.ownerOf(h.annot, 'old'))) continue;
        const d = await this.oldDict(h.annot);
        if (d && isWidget(d)) {
          const ft = await fieldTypeOf(this.oldDoc, d);
          const fname = await fieldNameOf(this.oldDoc, d);
          const pages = await this.pageOfAnnot(h.annot, d);
          if (ft === 'Sig') {
            this.push({
              kind: 'other',
              detail: `${subject} is also the appearance of signature field "${fname}", and ${verb}: that signature's appearance changed`,
              pages,
              forbidden: true,
            });
            continue;
          }
          const readOnly = ((await fieldFlagsOf(this.oldDoc, d)) & 1) !== 0;
          const locked = this.policy.lockedField(fname);
          this.push({
            kind: 'form-fill',
            detail: `${subject} is also the appearance of form field "${fname}", and ${verb}: a change to that field too${readOnly ? ', which is read-only' : ''}${locked ? ', which a FieldMDP lock of the signature covers' : ''}`,
            pages,
            forbidden: readOnly || locked,
          });
        } else {
          const pages = d ? await this.pageOfAnnot(h.annot, d) : [];
          this.push({
            kind: 'annotation',
            detail: `${subject} is also the appearance of a /${d?.getName('Subtype') ?? '?'} annotation, and ${verb}: that annotation changed too`,
            pages,
            forbidden: d !== undefined && (await this.covers(d)),
          });
        }
        continue;
      }
      this.push({
        kind: 'other',
        detail: `${subject} is also used by ${holderLabel(h)}, and ${verb}: a change for that holder too`,
        pages: h.kind === 'page-key' && h.page !== undefined ? [h.page] : [],
        forbidden: true,
      });
    }
  }

  /** References the revision introduces to objects that existed, unused, when signed. */
  private async preparedObjects(): Promise<void> {
    const candidates: { from: string; ref: PdfRef }[] = [];
    const consider = (from: string, before: PdfObject, after: PdfObject): void => {
      const had = refNums(before);
      forEachRef(after instanceof PdfStream ? after.dict : after, [], (r, path) => {
        // Back-links (/P, /Parent) make nothing visible: a new widget names its page.
        if (had.has(r.num) || path.some((k) => BACK_LINKS.has(k))) return;
        candidates.push({ from: `${from}${pathLabel(path)}`, ref: r });
      });
    };
    const oldTrailer = this.oldDoc.trailer;
    const newTrailer = this.newDoc.trailer;
    for (const key of ['Root', 'Info']) {
      consider('the trailer', oldTrailer.get(key) ?? null, wrapKey(key, newTrailer.get(key)));
    }
    for (const c of this.changes) {
      if (c.newVal === null || isObjectStructure(c.newVal)) continue;
      consider(`object ${c.num}`, c.oldVal, c.newVal);
    }
    const existing: { from: string; ref: PdfRef }[] = [];
    for (const x of candidates) {
      const target = this.byNum.get(x.ref.num);
      if (target && target.oldVal === null) continue; // new in this revision
      if ((await loadOrNull(this.oldDoc, x.ref)) === null) continue;
      existing.push(x);
    }
    if (existing.length === 0) return;
    // Most references a revision adds go to what the catalog's small subtrees already hold
    // (a DSS reusing certificates, a form its fields): known live without walking every page.
    const near = await this.catalogSubtrees();
    const oldInfo = oldTrailer.getRef('Info');
    for (const x of existing) {
      if (near.has(x.ref.num) && x.from !== 'the trailer /Info') continue;
      const g = await this.refGraph();
      const infoMove = x.from === 'the trailer /Info' && oldInfo?.num !== x.ref.num;
      if (g.complete && !g.reached.has(x.ref.num)) {
        this.push({
          kind: 'other',
          detail: `${x.from} now refers to object ${x.ref.num} (${describe(await loadOrNull(this.oldDoc, x.ref))}), which was in the file when signed but nothing used it: content prepared before signing was made visible`,
          pages: [],
          forbidden: true,
        });
      } else if (infoMove) {
        this.push({
          kind: 'other',
          detail: `the trailer /Info was moved to object ${x.ref.num}, which already existed when signed`,
          pages: [],
          forbidden: true,
        });
      }
    }
  }

  /** An existing annotation that could cover content was hidden, moved or re-drawn. */
  private async coveringAnnotation(c: RevisionChange): Promise<void> {
    const before = dictOf(c.oldVal);
    const after = dictOf(c.newVal);
    if (!before || !after || !isAnnotation(before) || !(await this.covers(before))) return;
    const how: string[] = [];
    const flagsAfter = after.get('F');
    const off = typeof flagsAfter === 'number' && (flagsAfter & OFF_PAGE_FLAGS) !== 0;
    if (off) how.push('hidden');
    if (!(await sameObject(this.newDoc, before.get('Rect') ?? null, after.get('Rect') ?? null)))
      how.push('moved or resized');
    if (!(await sameObject(this.newDoc, before.get('AP') ?? null, after.get('AP') ?? null)))
      how.push('given another appearance');
    if (!(await sameObject(this.newDoc, before.get('OC') ?? null, after.get('OC') ?? null)))
      how.push('made optional content');
    if (how.length === 0) return;
    const rect = await rectOf(this.oldDoc, before.get('Rect'));
    this.push({
      kind: 'annotation',
      detail: `a /${before.getName('Subtype') ?? '?'} annotation that could cover content when signed${rect ? ` (at [${rect.join(' ')}])` : ''} was ${how.join(', ')}: what it covered may now show`,
      pages: await this.pageOfAnnot(c.num, before),
      forbidden: true,
    });
  }

  /** Annotations that could cover content, taken off a page's /Annots. */
  private async removedFromPage(c: RevisionChange): Promise<void> {
    const before = dictOf(c.oldVal);
    const after = dictOf(c.newVal);
    let oldList: PdfObject | undefined;
    let newList: PdfObject | undefined;
    const isPage = before?.getName('Type') === 'Page';
    if (isPage) {
      oldList = await this.oldDoc.resolve(before.get('Annots'));
      newList = await this.newDoc.resolve(after?.get('Annots'));
    } else if (isArray(c.oldVal)) {
      oldList = c.oldVal;
      newList = c.newVal;
    } else return;
    const kept = refNums(isArray(newList) ? newList : null);
    for (const o of isArray(oldList) ? oldList : []) {
      if (!isRef(o) || kept.has(o.num)) continue;
      const d = await this.oldDict(o.num);
      if (!d || !isAnnotation(d) || !(await this.covers(d))) continue;
      // The page is looked up only now: mapping every page of a large file costs seconds.
      const pm = await this.pageMap();
      const page = isPage
        ? pm.pages.get(c.oldRef?.key ?? '')
        : pm.annotsArrays.get(c.oldRef?.key ?? '');
      const rect = await rectOf(this.oldDoc, d.get('Rect'));
      this.push({
        kind: 'annotation',
        detail: `${page !== undefined ? `page ${page}: ` : ''}a /${d.getName('Subtype') ?? '?'} annotation that could cover content when signed${rect ? ` (at [${rect.join(' ')}])` : ''} was removed: what it covered may now show`,
        pages: page !== undefined ? [page] : [],
        forbidden: true,
      });
    }
  }

  /**
   * Objects whose own role the analysis judges (catalog, page tree, pages, annotations, fields,
   * signatures, /Info): they are never drawn as content nor part of an appearance.
   */
  private async structural(c: RevisionChange): Promise<boolean> {
    if (c.num === this.catalogNum || c.num === this.oldDoc.trailer.getRef('Info')?.num) return true;
    // Validation data (ETSI EN 319 142-1 §5.4): whether it is shared with anything else the
    // analysis checks itself (modification-analysis.ts, dependents used outside their owner).
    if ((await this.validationData()).has(c.num)) return true;
    const d = dictOf(c.oldVal);
    if (!d || c.oldVal instanceof PdfStream) return false;
    const type = d.getName('Type');
    return (
      type === 'Page' ||
      type === 'Pages' ||
      type === 'Sig' ||
      type === 'DocTimeStamp' ||
      isWidget(d) ||
      isAnnotation(d) ||
      d.has('FT') ||
      (d.has('T') && (d.has('Kids') || d.has('Parent')))
    );
  }

  // ---- roles -------------------------------------------------------------------------------

  /** Objects reachable from the old catalog's /DSS and /Extensions, and the /AcroForm itself. */
  private async validationData(): Promise<Set<number>> {
    if (!this.dss) {
      const catalog = dictOf(await loadOrNull(this.oldDoc, new PdfRef(this.catalogNum, 0)));
      this.dss = await reachableFrom(this.oldDoc, [
        catalog?.get('DSS') ?? null,
        catalog?.get('Extensions') ?? null,
      ]);
      const af = catalog?.get('AcroForm');
      if (isRef(af)) this.dss.add(af.num);
    }
    return this.dss;
  }

  /** Objects reachable from the old catalog's entries other than the page tree (bounded). */
  private async catalogSubtrees(): Promise<Set<number>> {
    if (!this.near) {
      const catalog = dictOf(await loadOrNull(this.oldDoc, new PdfRef(this.catalogNum, 0)));
      const roots: PdfObject[] = [];
      for (const [k, v] of catalog?.map ?? []) if (k !== 'Pages') roots.push(v);
      this.near = await reachableFrom(this.oldDoc, roots, SUBTREE_SKIP);
    }
    return this.near;
  }

  private async refGraph(): Promise<RefGraph> {
    return (this.graph ??= await graphOf(this.oldDoc));
  }

  private async pageMap(): Promise<PageMap> {
    return (this.pages ??= await pageMap(this.oldDoc));
  }

  private async oldDict(num: number): Promise<PdfDict | undefined> {
    if (!this.dicts.has(num)) {
      const ref = this.byNum.get(num)?.oldRef ?? new PdfRef(num, 0);
      this.dicts.set(num, dictOf(await loadOrNull(this.oldDoc, ref)));
    }
    return this.dicts.get(num);
  }

  /** What holds object `num` when signed: walking up its referrers to the first role. */
  private async holdersOf(num: number): Promise<Holder[]> {
    const g = await this.refGraph();
    const out = new Map<string, Holder>();
    const seen = new Set<number>([num]);
    const queue = [num];
    let steps = 0;
    while (queue.length > 0 && steps++ < MAX_HOLDER_STEPS) {
      const cur = queue.shift()!;
      for (const e of g.referrers.get(cur) ?? []) {
        const key = e.path[0] ?? '';
        if (BACK_LINKS.has(key)) continue;
        const h = await this.roleOf(e, key);
        if (h) {
          out.set(JSON.stringify(h), h);
        } else if (!seen.has(e.from)) {
          seen.add(e.from);
          queue.push(e.from);
        }
      }
    }
    return [...out.values()];
  }

  /** The holder an edge ends at, or undefined when its referrer is only a step on the way. */
  private async roleOf(e: Edge, key: string): Promise<Holder | undefined> {
    if (e.from === -1) return { kind: 'trailer', key };
    if (e.from === this.catalogNum) return { kind: 'catalog', key };
    const d = await this.oldDict(e.from);
    if (!d) return undefined;
    const path = e.path.join('/');
    const type = d.getName('Type');
    if (type === 'Page' || (type !== 'Pages' && d.has('MediaBox') && d.has('Contents'))) {
      const page = (await this.pageMap()).pages.get(`${e.from} 0`);
      return key === 'Contents' || key === 'Resources'
        ? { kind: 'page-content', page, path }
        : { kind: 'page-key', page, key };
    }
    if (type === 'Pages') {
      return key === 'Resources' ? { kind: 'page-content', page: undefined, path } : undefined;
    }
    if (isWidget(d) || isAnnotation(d)) {
      if (key === 'AP') return { kind: 'appearance', annot: e.from };
      if (key === 'Kids') return undefined;
      return { kind: 'annotation-key', annot: e.from, key };
    }
    return undefined;
  }

  /** The topmost field of a widget (its field), else the annotation itself. */
  private async ownerOf(num: number, side: 'old' | 'new'): Promise<number> {
    let cur = num;
    for (let n = 0; n < 32; n++) {
      const c = this.byNum.get(cur);
      const d =
        side === 'new' && c && c.newVal !== null
          ? dictOf(c.newVal)
          : side === 'old'
            ? await this.oldDict(cur)
            : dictOf(await loadOrNull(this.newDoc, new PdfRef(cur, 0)));
      const parent = d?.getRef('Parent');
      if (!parent || parent.num === cur) return cur;
      cur = parent.num;
    }
    return cur;
  }

  private async pageOfAnnot(num: number, d: PdfDict): Promise<number[]> {
    const pm = await this.pageMap();
    const p = d.getRef('P');
    const byP = p ? pm.pages.get(p.key) : undefined;
    if (byP !== undefined) return [byP];
    const g = await this.refGraph();
    for (const e of g.referrers.get(num) ?? []) {
      const page = pm.pages.get(`${e.from} 0`);
      if (page !== undefined) return [page];
      for (const e2 of g.referrers.get(e.from) ?? []) {
        const p2 = pm.pages.get(`${e2.from} 0`);
        if (p2 !== undefined && e2.path[0] === 'Annots') return [p2];
      }
    }
    return [];
  }

  private async annotLabel(num: number, d: PdfDict): Promise<string> {
    if (isWidget(d)) return `field "${await fieldNameOf(this.oldDoc, d)}"`;
    return `the /${d.getName('Subtype') ?? '?'} annotation ${num}`;
  }

  /** Whether an annotation could cover content: an area type, or an appearance beyond an icon. */
  private async covers(d: PdfDict): Promise<boolean> {
    const flags = d.get('F');
    if (typeof flags === 'number' && (flags & OFF_PAGE_FLAGS) !== 0) return false;
    return canCover(d, await rectOf(this.oldDoc, d.get('Rect')));
  }

  private push(f: ShadowFinding): void {
    if (this.reported.has(f.detail)) return;
    this.reported.add(f.detail);
    this.out.push(f);
  }
}

/** Cross-reference and object streams: file structure, never content. */
function isObjectStructure(v: PdfObject): boolean {
  const t = v instanceof PdfStream ? v.dict.getName('Type') : undefined;
  return t === 'XRef' || t === 'ObjStm';
}

function wrapKey(key: string, v: PdfObject | undefined): PdfObject {
  return v === undefined ? null : new PdfDict([[key, v]]);
}

function pathLabel(path: readonly string[]): string {
  const keys = path.filter((k) => k !== '[]');
  return keys.length > 0 ? ` /${keys.join(' /')}` : '';
}

function describe(v: PdfObject): string {
  const d = dictOf(v);
  const type = d?.getName('Type');
  const subtype = d?.getName('Subtype');
  if (type === 'Font' || type === 'FontDescriptor') return `a font (${subtype ?? type})`;
  if (type === 'XObject' || subtype === 'Form' || subtype === 'Image')
    return subtype === 'Image' ? 'an image' : 'a form XObject';
  if (type === 'OCG' || type === 'OCMD') return 'an optional-content group';
  if (v instanceof PdfStream) return 'a stream';
  if (isArray(v)) return 'an array';
  if (type) return `a /${type} dictionary`;
  return d ? 'a dictionary' : typeof v === 'object' && v !== null ? 'a value' : String(v);
}

function contentCategory(path: string, v: PdfObject): string {
  const keys = path.split('/');
  const d = dictOf(v);
  const type = d?.getName('Type');
  if (keys[0] === 'Contents') return 'the page content was replaced';
  if (
    type === 'Font' ||
    type === 'FontDescriptor' ||
    keys.some((k) => FONT_KEYS.has(k)) ||
    (d !== undefined && (d.has('FontFile') || d.has('FontFile2') || d.has('FontFile3')))
  )
    return 'fonts of the page changed';
  if (keys.includes('Properties') || type === 'OCG' || type === 'OCMD')
    return 'optional content of the page changed';
  if (keys.includes('XObject')) return 'an image or form XObject of the page changed';
  return 'resources of the page changed (graphics states, patterns, shadings, colour spaces)';
}

function holderLabel(h: Holder): string {
  switch (h.kind) {
    case 'catalog':
      return `the catalog /${h.key}`;
    case 'trailer':
      return `the trailer /${h.key}`;
    case 'annotation-key':
      return `the /${h.key} of annotation ${h.annot}`;
    case 'page-key':
      return `the /${h.key} of page ${h.page ?? '?'}`;
    case 'page-content':
      return `the content of page ${h.page ?? '?'}`;
    case 'appearance':
      return `the appearance of annotation ${h.annot}`;
  }
}
