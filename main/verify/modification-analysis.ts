/**
 * What changed after a signature (ISO 32000-2 §12.8.2.2 DocMDP, §12.8.2.4 FieldMDP, §7.5.6
 * incremental updates; ETSI EN 319 142-1 §5.4; the incremental saving and shadow attacks of
 * Mainka, Mladenov, Rohlmann et al., 2019/2021).
 *
 * Owns: comparing, revision by revision, every object a later revision writes (its xref entries)
 * with the version it replaces, and classifying each change by the ROLE the object held when it
 * was signed (never by what its new version claims to be): nothing; DSS / document timestamp;
 * a new signature (into an empty or a new signature field); form filling; annotations; other.
 * Then DocMDP P1/P2/P3 of the certification signature and FieldMDP locks decide `allowed`.
 * Must never: allow what it did not positively recognise (anything unexplained is "other"),
 * trust a rebuilt xref, or let a hostile file make it unbounded (pages and reachability capped).
 *
 * Decisions:
 * - The change of a reference is a change, even if both targets look alike: shadow attacks
 *   prepare an unused object before signing and re-point /Contents to it afterwards.
 * - An existing object may only change in the role it had: an existing stream changed as an
 *   appearance must have been that widget's appearance, and not a page's XObject.
 * - Overlays: a new non-widget annotation that can paint over the page (FreeText, Stamp,
 *   Square, ...; or any annotation with an appearance larger than an icon) is never allowed,
 *   whatever the P value: it can hide or replace what was signed. Sticky notes and links are
 *   ordinary annotations. Visible signature widgets are listed as overlays but allowed (seals
 *   are placed over the text they authenticate).
 * - Without a certification signature, signatures, form filling and annotations are allowed
 *   (approval signatures do not restrict, §12.8.2.1), overlays and "other" are not.
 * - /Info changes are accepted with a new signature (signers update /ModDate); catalog /Perms
 *   may only be added, and only in a revision that adds a signature.
 */
import { SealdeskError } from '../errors/sealdesk-error';
import type { PdfDocument } from '../pdf/document';
import {
  PdfDict,
  PdfRef,
  PdfStream,
  PdfString,
  isArray,
  isRef,
  type PdfObject,
} from '../pdf/objects';
import { EntryType } from '../pdf/xref';
import {
  CONTENT_LINKS,
  canCover,
  ReferenceIndex,
  changedKeys,
  dictOf,
  fieldFlagsOf,
  fieldNameOf,
  fieldTypeOf,
  isAnnotation,
  isFieldOrWidget,
  isSignatureDict,
  isWidget,
  loadOrNull,
  occurrencesIn,
  pageMap,
  reachable,
  rectOf,
  resolveOrNull,
  sameObject,
  type PageMap,
} from './modification-objects';
import type { RevisionMap } from './pdf-revision-map';
import { shadowFindings } from './shadow-checks';
import type { AnnotationFact, ChangeItem } from './verdict-model';
import { readReferences, type SignatureInfo, type SignatureReference } from './pdf-signatures';

export type ModificationKind =
  'none' | 'metadata' | 'dss-or-timestamp' | 'signature' | 'form-fill' | 'annotation' | 'other';

const RANK: Record<ModificationKind, number> = {
  none: 0,
  metadata: 1,
  'dss-or-timestamp': 2,
  signature: 3,
  'form-fill': 4,
  annotation: 5,
  other: 6,
};

export interface OverlayFinding {
  readonly page: number | undefined;
  readonly subtype: string;
  readonly rect: readonly [number, number, number, number] | undefined;
  /** 'annotation': never allowed; 'signature-appearance': a visible signature, reported only. */
  readonly source: 'annotation' | 'signature-appearance';
}

export interface RevisionModification {
  /** 0-based revision index. */
  readonly revision: number;
  readonly kind: ModificationKind;
  readonly allowed: boolean;
  /** 1-based pages affected. */
  readonly pages: readonly number[];
  readonly details: readonly string[];
  readonly overlays: readonly OverlayFinding[];
  /** Annotations added, changed or removed, with whether each is allowed. */
  readonly annotations: readonly AnnotationFact[];
  /** What the revision did, named for the sentence (one entry per thing). */
  readonly items: readonly ChangeItem[];
}

export type ModificationVerdict =
  /** No revision follows the signed one. */
  | 'unmodified'
  /** Later revisions exist and every one of them is allowed. */
  | 'allowed-changes'
  /** At least one later revision holds a change not allowed. */
  | 'disallowed-changes';

export interface ModificationAnalysis {
  readonly signedRevision: number;
  /** DocMDP P in force for this signature (§12.8.2.2), undefined when not certified. */
  readonly docMdp: 1 | 2 | 3 | undefined;
  readonly fieldLocks: readonly SignatureReference[];
  readonly revisions: readonly RevisionModification[];
  readonly verdict: ModificationVerdict;
}

interface Change {
  readonly num: number;
  readonly oldRef: PdfRef | undefined;
  readonly newRef: PdfRef | undefined;
  readonly oldVal: PdfObject;
  readonly newVal: PdfObject;
}

interface Finding {
  kind: ModificationKind;
  detail: string;
  pages?: number[];
  /** A change of this kind that is nonetheless forbidden (a FieldMDP lock, an overlay). */
  forbidden?: boolean;
  overlay?: OverlayFinding;
  /** The annotation this finding is about (allowed is decided with the revision's policy). */
  annotation?: Omit<AnnotationFact, 'allowed'>;
  /** What the finding names for the sentence. */
  item?: ChangeItem;
}

const DEPENDENT: Record<ModificationKind, string> = {
  none: 'file structure',
  metadata: 'document metadata or logical structure',
  'dss-or-timestamp': 'validation data in the document security store',
  signature: 'signature appearance or resources',
  'form-fill': 'form field appearance or resources',
  annotation: 'annotation appearance or resources',
  other: 'unexplained content',
};

/**
 * An object that owns dependent objects: what its roots reach in the new revision (and reached
 * in the old one) belongs to its kind, e.g. the streams of a DSS, a signature's appearance, the
 * structure tree. `skip`: keys not followed (the structure tree's links into page content).
 */
interface Owner {
  readonly kind: ModificationKind;
  readonly roots: readonly PdfObject[];
  readonly oldRoots: readonly PdfObject[];
  readonly skip?: ReadonlySet<string>;
  /** How the details name its dependents; default DEPENDENT[kind]. */
  readonly what?: string;
  /** Changes to its dependents are not allowed under this signature's policy. */
  readonly forbidden?: boolean;
  /** What its dependents' changes are named as in the sentence. */
  readonly item?: ChangeItem['what'];
}

/** A signature dictionary that is a document timestamp (§12.8.5; /Type is optional, DSS-1899). */
const isDocTimestampDict = (d: PdfDict): boolean =>
  d.getName('Type') === 'DocTimeStamp' || d.getName('SubFilter') === 'ETSI.RFC3161';

/** Reference indexes of a revision, per revision map (one verification), built at most once. */
const INDEXES = new WeakMap<RevisionMap, Map<number, Promise<ReferenceIndex | undefined>>>();

/** Where objects are referred to in revision `r` of the document `view` shows. */
function referenceIndex(
  view: PdfDocument,
  map: RevisionMap,
  r: number,
): Promise<ReferenceIndex | undefined> {
  let perMap = INDEXES.get(map);
  if (!perMap) INDEXES.set(map, (perMap = new Map<number, Promise<ReferenceIndex | undefined>>()));
  let got = perMap.get(r);
  if (!got) {
    const live = new Map<number, PdfRef>();
    for (let i = 0; i <= r; i++) {
      for (const num of map.entriesOf(i).keys()) {
        if (live.has(num)) continue;
        const at = map.locate(num, r);
        if (at) live.set(num, new PdfRef(num, at.entry.type === EntryType.InFile ? at.entry.b : 0));
      }
    }
    got = ReferenceIndex.build(view, live);
    perMap.set(r, got);
  }
  return got;
}

/** Analyses the revisions after `signedRevision` for `sig`. */
export async function analyseModifications(
  doc: PdfDocument,
  sig: SignatureInfo,
  signedRevision: number,
  revisionMap: RevisionMap,
): Promise<ModificationAnalysis> {
  const signedView = doc.atRevision(signedRevision);
  const docMdp = await docMdpOf(signedView, sig);
  const fieldLocks = [
    ...sig.references.filter((r) => r.method === 'FieldMDP'),
    ...(sig.fieldLock ? [sig.fieldLock] : []),
  ];
  const revisions: RevisionModification[] = [];
  for (let k = signedRevision + 1; k < doc.revisions.length; k++) {
    revisions.push(
      await analyseRevision(doc.atRevision(k - 1), doc.atRevision(k), k, revisionMap, {
        docMdp,
        fieldLocks,
      }),
    );
  }
  return {
    signedRevision,
    docMdp,
    fieldLocks,
    revisions,
    verdict:
      revisions.length === 0
        ? 'unmodified'
        : revisions.every((r) => r.allowed)
          ? 'allowed-changes'
          : 'disallowed-changes',
  };
}

/** P of this signature's own DocMDP reference, else of the certification signature then. */
async function docMdpOf(view: PdfDocument, sig: SignatureInfo): Promise<1 | 2 | 3 | undefined> {
  const own = sig.references.find((r) => r.method === 'DocMDP');
  if (own?.method === 'DocMDP') return own.p;
  try {
    const perms = dictOf(await resolveOrNull(view, (await view.catalog()).get('Perms')));
    const cert = dictOf(await resolveOrNull(view, perms?.get('DocMDP')));
    if (!cert) return undefined;
    const refs = await readReferences(view, cert.get('Reference'));
    const d = refs.find((r) => r.method === 'DocMDP');
    // §12.8.2.2: a /Perms /DocMDP signature without a DocMDP reference: P defaults to 2.
    return d?.method === 'DocMDP' ? d.p : 2;
  } catch (e) {
    if (e instanceof SealdeskError && e.code !== 'PDF_TOO_COMPLEX') return 1;
    throw e;
  }
}

interface Policy {
  readonly docMdp: 1 | 2 | 3 | undefined;
  readonly fieldLocks: readonly SignatureReference[];
}

function kindAllowed(kind: ModificationKind, p: 1 | 2 | 3 | undefined): boolean {
  switch (kind) {
    case 'none':
    case 'metadata':
    case 'dss-or-timestamp':
      return true;
    case 'signature':
    case 'form-fill':
      return p !== 1;
    case 'annotation':
      return p === undefined || p === 3;
    case 'other':
      return false;
  }
}

function isLocked(name: string, locks: readonly SignatureReference[]): boolean {
  const matches = (list: readonly string[]): boolean =>
    list.some((f) => name === f || name.startsWith(`${f}.`));
  return locks.some(
    (l) =>
      l.method === 'FieldMDP' &&
      (l.action === 'All' ||
        (l.action === 'Include' && matches(l.fields)) ||
        (l.action === 'Exclude' && !matches(l.fields))),
  );
}

async function analyseRevision(
  oldDoc: PdfDocument,
  newDoc: PdfDocument,
  k: number,
  map: RevisionMap,
  policy: Policy,
): Promise<RevisionModification> {
  const findings: Finding[] = [];
  try {
    await classifyRevision(oldDoc, newDoc, k, map, policy, findings);
  } catch (e) {
    if (!(e instanceof SealdeskError)) throw e;
    findings.push({ kind: 'other', detail: `the revision cannot be analysed: ${e.message}` });
  }
  let kind: ModificationKind = 'none';
  let allowed = true;
  const pages = new Set<number>();
  const overlays: OverlayFinding[] = [];
  const annotations: AnnotationFact[] = [];
  const items = new Map<string, ChangeItem>();
  for (const f of findings) {
    if (f.item) {
      const key = `${f.item.what}\u0000${f.item.name ?? ''}`;
      const had = items.get(key);
      const pages = [...new Set([...(had?.pages ?? []), ...f.item.pages])].sort((a, b) => a - b);
      items.set(key, { ...f.item, pages });
    }
    const ok = !f.forbidden && kindAllowed(f.kind, policy.docMdp);
    if (RANK[f.kind] > RANK[kind]) kind = f.kind;
    if (!ok) allowed = false;
    for (const p of f.pages ?? []) pages.add(p);
    if (f.overlay) overlays.push(f.overlay);
    if (f.annotation) annotations.push({ ...f.annotation, allowed: ok });
  }
  return {
    revision: k,
    kind,
    allowed,
    pages: [...pages].sort((a, b) => a - b),
    details: findings.map((f) => f.detail),
    overlays,
    annotations,
    items: [...items.values()],
  };
}

/** Everything one revision changed, as findings. */
async function classifyRevision(
  oldDoc: PdfDocument,
  newDoc: PdfDocument,
  k: number,
  map: RevisionMap,
  policy: Policy,
  findings: Finding[],
): Promise<void> {
  const add = (f: Finding): void => {
    findings.push(f);
  };
  // The trailer: a replaced catalog or encryption is a different document.
  for (const key of ['Root', 'Encrypt']) {
    const a = oldDoc.trailer.get(key);
    const b = newDoc.trailer.get(key);
    if (!(await sameObject(newDoc, a ?? null, b ?? null))) {
      add({ kind: 'other', detail: `the trailer /${key} was changed` });
    }
  }
  // §14.3.3: the document information dictionary is metadata; writers replace it on update.
  if (
    !(await sameObject(
      newDoc,
      oldDoc.trailer.get('Info') ?? null,
      newDoc.trailer.get('Info') ?? null,
    ))
  ) {
    add({
      kind: 'metadata',
      detail: 'the document information dictionary (/Info) was replaced',
      item: { what: 'metadata', pages: [] },
    });
  }

  const changes = await collectChanges(oldDoc, newDoc, k, map);
  // Shadow attacks (shadow-checks.ts): what the changed objects were when signed.
  const lockedField = (name: string): boolean => isLocked(name, policy.fieldLocks);
  for (const f of await shadowFindings(oldDoc, newDoc, changes, { lockedField })) {
    add({
      kind: f.kind,
      detail: f.detail,
      pages: f.pages,
      ...(f.forbidden && { forbidden: true }),
    });
  }
  if (changes.length === 0) return;

  const oldCatalogRef = oldDoc.trailer.getRef('Root');
  const oldCatalog = await oldDoc.catalog();
  const newCatalog = await newDoc.catalog();
  const oldAfObj = oldCatalog.get('AcroForm');
  const newAfObj = newCatalog.get('AcroForm');
  const oldAf = dictOf(await resolveOrNull(oldDoc, oldAfObj));
  const newAf = dictOf(await resolveOrNull(newDoc, newAfObj));
  const oldFieldsRef = oldAf?.getRef('Fields');

  let oldPages: PageMap | undefined;
  let newPages: PageMap | undefined;
  const pagesOld = async (): Promise<PageMap> => (oldPages ??= await pageMap(oldDoc));
  const pagesNew = async (): Promise<PageMap> => (newPages ??= await pageMap(newDoc));
  const byNum = new Map(changes.map((c) => [c.num, c]));
  const isNew = (ref: PdfObject | undefined): boolean =>
    isRef(ref) && byNum.get(ref.num)?.oldVal === null;
  const newSignatureInRevision = changes.some((c) => {
    const d = dictOf(c.newVal);
    return c.oldVal === null && d !== undefined && isSignatureDict(d);
  });
  /**
   * Names of the signature fields this revision adds and signs (a new widget whose /V is a new
   * signature dictionary). A locked stamp that names one of them in /NM ("<field>.<role>.<n>",
   * as main/sign writes a seal's further placements, cross-page slices and date stamp, since
   * readers mishandle multi-widget signature fields) is that signature's appearance.
   */
  const newSignedFieldNames = new Set<string>();
  for (const c of changes) {
    const d = dictOf(c.newVal);
    if (c.oldVal !== null || !d || !isWidget(d) || d.getName('FT') !== 'Sig') continue;
    const t = d.get('T');
    const v = d.get('V');
    if (t instanceof PdfString && isRef(v) && isNew(v)) newSignedFieldNames.add(t.text());
  }
  const isSignatureStamp = (d: PdfDict, flags: PdfObject): boolean => {
    if (d.getName('Subtype') !== 'Stamp' || typeof flags !== 'number') return false;
    const locked = (flags & 128) !== 0 && (flags & 512) !== 0; // Locked + LockedContents
    const nm = d.get('NM');
    const owner = nm instanceof PdfString ? nm.text().split('.')[0] : undefined;
    return locked && owner !== undefined && newSignedFieldNames.has(owner);
  };

  /** Owners of dependent objects (appearances, DSS content, metadata), by kind. */
  const owners: Owner[] = [];
  const explained = new Set<number>();
  const catalogOwner = (key: string, o: Omit<Owner, 'roots' | 'oldRoots'>): void => {
    if (newCatalog.has(key) || oldCatalog.has(key))
      owners.push({
        ...o,
        roots: [newCatalog.get(key) ?? null],
        oldRoots: [oldCatalog.get(key) ?? null],
      });
  };
  // ETSI EN 319 142-1 §5.4: the DSS and the developer extensions that announce it.
  catalogOwner('DSS', { kind: 'dss-or-timestamp', item: 'validation-data' });
  catalogOwner('Extensions', {
    kind: 'dss-or-timestamp',
    what: 'the developer extensions (/Extensions)',
  });
  // §14.3.2 XMP metadata, §14.7 logical structure (not followed into page content).
  catalogOwner('Metadata', { kind: 'metadata', what: 'the XMP metadata', item: 'metadata' });
  catalogOwner('StructTreeRoot', {
    kind: 'metadata',
    skip: CONTENT_LINKS,
    what: 'the logical structure (tags)',
    forbidden: policy.docMdp === 1,
    item: 'metadata',
  });
  owners.push({
    kind: 'metadata',
    roots: [newDoc.trailer.get('Info') ?? null],
    oldRoots: [oldDoc.trailer.get('Info') ?? null],
    what: 'the document information dictionary (/Info)',
    item: 'metadata',
  });
  /**
   * Widgets listed in the /Kids of a signature field this revision creates: a field and its
   * widget annotations may be separate objects (§12.7.4.1), with or without /Parent.
   */
  const newSigWidgets = new Set<number>();
  for (const c of changes) {
    const d = dictOf(c.newVal);
    if (c.oldVal !== null || !d || d.getName('FT') !== 'Sig') continue;
    const kidsRef = d.get('Kids');
    if (isRef(kidsRef) && isNew(kidsRef)) explained.add(kidsRef.num);
    const kids = await resolveOrNull(newDoc, kidsRef);
    if (isArray(kids)) for (const x of kids) if (isRef(x) && isNew(x)) newSigWidgets.add(x.num);
  }
  await explainUnused();

  const pageOfAnnot = async (ref: PdfRef | undefined, d: PdfDict): Promise<number[]> => {
    const p = d.getRef('P');
    const pm = await pagesNew();
    if (p && pm.pages.has(p.key)) return [pm.pages.get(p.key)!];
    if (!ref) return [];
    for (const [pageKey, n] of pm.pages) {
      const pd = dictOf(await loadOrNull(newDoc, refFromKey(pageKey)));
      const annots = await resolveOrNull(newDoc, pd?.get('Annots'));
      if (isArray(annots) && annots.some((a) => isRef(a) && a.equals(ref))) return [n];
      if (n > 2000) break;
    }
    return [];
  };

  /** Judges an annotation list change on page `page`: removals and additions. */
  const annotsDiff = async (before: PdfObject, after: PdfObject, page: number): Promise<void> => {
    const a = isArray(before) ? before : [];
    const b = isArray(after) ? after : [];
    // Direct annotations cannot be matched between versions: each counts as removed and added.
    const keyOf = (o: PdfObject, i: number, side: string): string =>
      isRef(o) ? o.key : `${side}:${i}`;
    const bKeys = new Set(b.map((o, i) => keyOf(o, i, 'new')));
    const aKeys = new Set(a.map((o, i) => keyOf(o, i, 'old')));
    for (const [i, o] of a.entries()) {
      if (bKeys.has(keyOf(o, i, 'old'))) continue;
      const d = dictOf(await resolveOrNull(oldDoc, o));
      if (d && isAnnotation(d)) {
        // Taking away an annotation that could cover the page uncovers what it hid when signed
        // (a shadow "hide"; shadow-checks.ts names it): not allowed, and outlined as such.
        const rect = await rectOf(oldDoc, d.get('Rect'));
        const subtype = d.getName('Subtype') ?? '?';
        const covering = canCover(d, rect);
        add({
          kind: 'annotation',
          detail: `page ${page}: a /${subtype} annotation was removed`,
          pages: [page],
          annotation: { page, subtype, rect: rect ?? null, change: 'removed' },
          ...(covering ? { forbidden: true } : {}),
        });
      } else {
        add({
          kind: 'other',
          detail: `page ${page}: a widget or unknown entry was removed`,
          pages: [page],
        });
      }
    }
    for (const [i, o] of b.entries()) {
      if (aKeys.has(keyOf(o, i, 'new'))) continue;
      const d = dictOf(await resolveOrNull(newDoc, o));
      if (!isRef(o) || !d) {
        add({
          kind: 'other',
          detail: `page ${page}: a direct or broken annotation was added`,
          pages: [page],
        });
        continue;
      }
      if (isWidget(d)) {
        // The widget object itself is judged by the field rule; here only its being added.
        const ft = await fieldTypeOf(newDoc, d);
        if ((ft === 'Sig' || newSigWidgets.has(o.num)) && isNew(o)) {
          const rect = await rectOf(newDoc, d.get('Rect'));
          const visible = rect !== undefined && rect[2] - rect[0] > 0 && rect[3] - rect[1] > 0;
          add({
            kind: 'signature',
            detail: `page ${page}: a signature field widget was added${visible ? ' (visible)' : ''}`,
            pages: [page],
            ...(visible
              ? {
                  annotation: { page, subtype: 'Widget', rect, change: 'added' as const },
                  overlay: {
                    page,
                    subtype: 'Widget',
                    rect,
                    source: 'signature-appearance' as const,
                  },
                }
              : {}),
          });
        } else {
          add({
            kind: 'other',
            detail: `page ${page}: a form field widget (${ft ?? 'no type'}) was added`,
            pages: [page],
          });
        }
      } else if (isAnnotation(d)) {
        await judgeNewAnnotation(o, d, page);
      } else {
        add({
          kind: 'other',
          detail: `page ${page}: a non-annotation was added to /Annots`,
          pages: [page],
        });
      }
    }
  };

  /** Visible widgets of signed signature fields on page `page` (1-based) when signed. */
  const signedWidgetRects = new Map<
    number,
    { name: string; rect: [number, number, number, number] }[]
  >();
  const signatureWidgetsOn = async (page: number) => {
    const got = signedWidgetRects.get(page);
    if (got) return got;
    const out: { name: string; rect: [number, number, number, number] }[] = [];
    signedWidgetRects.set(page, out);
    try {
      const p = await oldDoc.page(page - 1);
      const annots = await resolveOrNull(oldDoc, p.dict.get('Annots'));
      for (const a of isArray(annots) ? annots.slice(0, 2000) : []) {
        const w = dictOf(await resolveOrNull(oldDoc, a));
        if (!w || !isWidget(w) || (await fieldTypeOf(oldDoc, w)) !== 'Sig') continue;
        const field = w.has('V') ? w : dictOf(await resolveOrNull(oldDoc, w.get('Parent')));
        if (!field?.has('V')) continue;
        const r = await rectOf(oldDoc, w.get('Rect'));
        if (r && r[2] > r[0] && r[3] > r[1])
          out.push({ name: await fieldNameOf(oldDoc, w), rect: r });
      }
    } catch (e) {
      if (!(e instanceof SealdeskError)) throw e;
    }
    return out;
  };
  const overlaps = (a: readonly number[], b: readonly number[]): boolean =>
    a[0]! < b[2]! && b[0]! < a[2]! && a[1]! < b[3]! && b[1]! < a[3]!;

  const judgeNewAnnotation = async (ref: PdfRef, d: PdfDict, page: number): Promise<void> => {
    const subtype = d.getName('Subtype') ?? '(none)';
    const rect = await rectOf(newDoc, d.get('Rect'));
    const flags = await resolveOrNull(newDoc, d.get('F'));
    const hidden = typeof flags === 'number' && (flags & 2) !== 0;
    if (isNew(ref) && isSignatureStamp(d, flags)) {
      // Part of a new signature's appearance: judged like that signature's own widget.
      owners.push({ kind: 'signature', roots: [d.get('AP') ?? null], oldRoots: [] });
      explained.add(ref.num);
      add({
        kind: 'signature',
        detail: `page ${page}: a seal or date stamp of the new signature was added`,
        pages: [page],
        ...(rect
          ? {
              annotation: { page, subtype: 'Stamp', rect, change: 'added' as const },
              overlay: {
                page,
                subtype: 'Stamp',
                rect,
                source: 'signature-appearance' as const,
              },
            }
          : {}),
      });
      return;
    }
    // §12.8.2.2: annotations are allowed after approval signatures and under P=3; an annotation
    // that can paint over the page is an overlay, forbidden under P=3 (the Evil Annotation
    // Attack: a certified document "allows annotations", and an opaque one replaces content).
    const overlay = !hidden && canCover(d, rect);
    // An overlay over a signed signature's visible appearance hides who signed (a seal of a new
    // signature may cover an earlier one: main/sign warns; that case is a 'signature' above).
    const covered =
      overlay && rect
        ? (await signatureWidgetsOn(page)).find((w) => overlaps(w.rect, rect))
        : undefined;
    const forbidOverlay = overlay && (policy.docMdp === 3 || covered !== undefined);
    owners.push({ kind: 'annotation', roots: [d.get('AP') ?? null], oldRoots: [] });
    explained.add(ref.num);
    add({
      kind: 'annotation',
      detail: covered
        ? `page ${page}: a /${subtype} annotation was added over the appearance of signature "${covered.name}"`
        : overlay
          ? `page ${page}: a /${subtype} annotation was added that can cover signed content`
          : `page ${page}: a /${subtype} annotation was added`,
      pages: [page],
      annotation: { page, subtype, rect: rect ?? null, change: 'added' },
      item: { what: 'annotation', name: subtype, pages: [page] },
      ...(forbidOverlay
        ? { forbidden: true, overlay: { page, subtype, rect, source: 'annotation' as const } }
        : {}),
    });
  };

  for (const c of changes) {
    if (explained.has(c.num)) continue;
    const oldD = dictOf(c.oldVal);
    const newD = dictOf(c.newVal);
    const roleD = c.oldVal !== null ? oldD : newD;
    const label = `object ${c.num}`;

    // New cross-reference streams and object streams are file structure, not content.
    if (c.oldVal === null && c.newVal instanceof PdfStream) {
      const t = c.newVal.dict.getName('Type');
      if (t === 'XRef' || t === 'ObjStm') {
        explained.add(c.num);
        continue;
      }
    }
    if (c.oldVal !== null && c.newVal === null) {
      add({ kind: 'other', detail: `${label} was deleted` });
      continue;
    }

    // The catalog.
    if (oldCatalogRef && c.num === oldCatalogRef.num) {
      explained.add(c.num);
      await judgeCatalog(c);
      continue;
    }
    // The AcroForm dictionary.
    if (
      isRef(oldAfObj)
        ? c.num === oldAfObj.num
        : isRef(newAfObj) && c.num === newAfObj.num && c.oldVal === null
    ) {
      explained.add(c.num);
      await judgeAcroForm(oldAf ?? new PdfDict(), newAf ?? new PdfDict());
      continue;
    }
    if (oldFieldsRef && c.num === oldFieldsRef.num) {
      explained.add(c.num);
      await judgeFieldsArray(c.oldVal, c.newVal);
      continue;
    }
    if (roleD?.getName('Type') === 'Pages') {
      add({
        kind: 'other',
        detail: `the page tree node ${label} was changed (pages added, removed or reordered)`,
      });
      continue;
    }
    if (roleD?.getName('Type') === 'Page') {
      if (c.oldVal === null) {
        add({ kind: 'other', detail: `a new page object ${label} was added` });
        continue;
      }
      const page =
        (await pagesOld()).pages.get(c.oldRef?.key ?? '') ??
        (await pagesNew()).pages.get(c.newRef?.key ?? '');
      const pg = page === undefined ? [] : [page];
      for (const key of await changedKeys(newDoc, oldD!, newD ?? new PdfDict())) {
        if (key === 'Annots') {
          await annotsDiff(
            await resolveOrNull(oldDoc, oldD!.get('Annots')),
            await resolveOrNull(newDoc, newD?.get('Annots')),
            page ?? 0,
          );
        } else if (key === 'Tabs') {
          // §12.5.1 table 30: the tab order of the page's annotations.
          add({
            kind: 'annotation',
            detail: `page ${page ?? '?'}: the annotation tab order (/Tabs) changed`,
            pages: pg,
          });
        } else if (key === 'StructParents' && !oldD!.has('StructParents')) {
          // §14.7.5.4: a page joins the structure tree when a tagged annotation is added.
          add({
            kind: 'metadata',
            detail: `page ${page ?? '?'}: the page was linked to the logical structure (/StructParents)`,
            pages: pg,
            ...(policy.docMdp === 1 ? { forbidden: true } : {}),
          });
        } else {
          add({
            kind: 'other',
            detail: `page ${page ?? '?'}: /${key} changed${key === 'Contents' ? ' (page content replaced)' : key === 'Resources' ? ' (fonts, images or XObjects of the page)' : ''}`,
            pages: pg,
          });
        }
      }
      const newAnnots = newD?.get('Annots');
      if (isRef(newAnnots) && isNew(newAnnots)) explained.add(newAnnots.num);
      explained.add(c.num);
      continue;
    }
    if (isArray(c.oldVal) || isArray(c.newVal)) {
      const pm = c.oldVal !== null ? await pagesOld() : await pagesNew();
      const page = pm.annotsArrays.get((c.oldRef ?? c.newRef)?.key ?? '');
      if (page !== undefined) {
        explained.add(c.num);
        await annotsDiff(c.oldVal, c.newVal, page);
        continue;
      }
    }
    if (roleD && isSignatureDict(roleD)) {
      explained.add(c.num);
      if (c.oldVal === null) {
        const ts = isDocTimestampDict(roleD);
        add({
          kind: ts ? 'dss-or-timestamp' : 'signature',
          detail: ts ? 'a document timestamp was added' : 'a signature was added',
          item: { what: ts ? 'document-timestamp' : 'signature', pages: [] },
        });
      } else {
        add({ kind: 'other', detail: `the existing signature dictionary ${label} was changed` });
      }
      continue;
    }
    if (roleD && isFieldOrWidget(roleD)) {
      explained.add(c.num);
      await judgeField(c);
      continue;
    }
    if (roleD && isAnnotation(roleD)) {
      explained.add(c.num);
      const pages = await pageOfAnnot(c.newRef, newD ?? roleD);
      const fact = {
        page: pages[0] ?? null,
        subtype: roleD.getName('Subtype') ?? '?',
        rect: (await rectOf(newDoc, (newD ?? roleD).get('Rect'))) ?? null,
      };
      if (c.oldVal === null) {
        owners.push({ kind: 'annotation', roots: [newD?.get('AP') ?? null], oldRoots: [] });
        add({
          kind: 'annotation',
          detail: `a /${roleD.getName('Subtype') ?? '?'} annotation object was added`,
          pages,
          annotation: { ...fact, change: 'added' },
        });
      } else {
        const keys = await changedKeys(newDoc, oldD!, newD ?? new PdfDict());
        owners.push({
          kind: 'annotation',
          roots: [newD?.get('AP') ?? null],
          oldRoots: [oldD!.get('AP') ?? null],
        });
        add({
          kind: 'annotation',
          detail: `a /${roleD.getName('Subtype') ?? '?'} annotation was changed (${keys.map((x) => `/${x}`).join(', ')})`,
          pages,
          annotation: { ...fact, change: 'changed' },
        });
      }
      continue;
    }
  }

  // Dependent objects: appearances, DSS content and metadata belong to their owner's kind. An
  // object that existed may change only in the role it had (reached from the same owner before
  // and after) and only when nothing else used it: an appearance stream shared with another
  // widget, or a dictionary also reachable under another catalog key, is changed for those too.
  const rest = changes.filter((c) => !explained.has(c.num));
  if (rest.length > 0) {
    const pageXObjects = await pageXObjectNums(oldDoc, await pagesOld());
    const walked: { o: Owner; reach: Set<number>; oldReach: Set<number>; added: number }[] = [];
    for (const o of owners) {
      walked.push({
        o,
        reach: await reachable(newDoc, o.roots, o.skip),
        oldReach: o.oldRoots.length ? await reachable(oldDoc, o.oldRoots, o.skip) : new Set(),
        added: 0,
      });
    }
    const usedElsewhere = new Map<number, string>();
    for (const c of rest) {
      if (c.oldVal === null) {
        const w = walked.find((x) => x.reach.has(c.num));
        if (w) {
          explained.add(c.num);
          w.added++;
        }
        continue;
      }
      if (pageXObjects.has(c.num)) continue;
      const w = walked.find((x) => x.reach.has(c.num) && x.oldReach.has(c.num));
      if (!w) continue;
      const elsewhere = await usedOutside(c.num, w.o, w.oldReach);
      if (elsewhere !== undefined) {
        usedElsewhere.set(c.num, elsewhere);
        continue;
      }
      explained.add(c.num);
      add({
        kind: w.o.kind,
        detail: `${w.o.what ?? DEPENDENT[w.o.kind]} (object ${c.num}) was updated`,
        ...(w.o.forbidden ? { forbidden: true } : {}),
        ...(w.o.item ? { item: { what: w.o.item, pages: [] } } : {}),
      });
    }
    for (const w of walked) {
      if (w.added > 0)
        add({
          kind: w.o.kind,
          detail: `${w.added} new object(s): ${w.o.what ?? DEPENDENT[w.o.kind]}`,
          ...(w.o.forbidden ? { forbidden: true } : {}),
          ...(w.o.item ? { item: { what: w.o.item, pages: [] } } : {}),
        });
    }
    for (const c of rest) {
      if (explained.has(c.num)) continue;
      const d = dictOf(c.oldVal ?? c.newVal);
      const what =
        d?.getName('Type') ??
        d?.getName('Subtype') ??
        (c.newVal instanceof PdfStream ? 'stream' : typeof c.newVal);
      if (c.oldVal === null) {
        add({
          kind: 'other',
          detail: `a new object ${c.num} (${what}) that nothing allowed explains`,
        });
      } else {
        const shared = usedElsewhere.get(c.num);
        add({
          kind: 'other',
          detail: `object ${c.num} (${what}) was changed${pageXObjects.has(c.num) ? ': it is page content (font, image or form XObject)' : shared ? `: it is also used by ${shared}` : ''}`,
        });
      }
    }
  }

  /**
   * Whether object `num` was used, in the signed revision, by anything outside owner `o` (its
   * roots and what they reach): answers with the user (e.g. "object 12"), or undefined when
   * every reference to it comes from the owner. A file too large to index counts as shared.
   */
  async function usedOutside(
    num: number,
    o: Owner,
    oldReach: ReadonlySet<number>,
  ): Promise<string | undefined> {
    const index = await referenceIndex(oldDoc, map, k - 1);
    if (!index) return 'objects the analysis could not index (the file has too many objects)';
    const holders = index.holdersOf(num);
    const fromRoots = o.oldRoots.reduce<number>((n, r) => n + occurrencesIn(r, num), 0);
    const inside = holders.filter((h) => oldReach.has(h)).length;
    if (holders.length <= inside + fromRoots) return undefined;
    const outsider = holders.find((h) => !oldReach.has(h));
    return outsider === undefined || outsider < 0 ? 'the trailer' : `object ${outsider}`;
  }

  /**
   * New objects nothing refers to: a writer's leftovers (an unused font, an orphan widget), not
   * part of any page a reader shows. Only a new object that neither the trailer, nor an object
   * this revision writes (transitively from those in use), nor any object of the signed
   * revision refers to is one: an earlier object that referred to a then missing number would
   * show the new object, and filling such a dangling reference later is a change.
   */
  async function explainUnused(): Promise<void> {
    const used = new Set<number>();
    const stack: PdfObject[] = [newDoc.trailer];
    for (const c of changes) if (c.oldVal !== null) stack.push(c.newVal);
    while (stack.length > 0) {
      const o = stack.pop()!;
      if (isRef(o)) {
        const c = byNum.get(o.num);
        if (c && c.oldVal === null && !used.has(o.num)) {
          used.add(o.num);
          stack.push(c.newVal);
        }
      } else if (isArray(o)) stack.push(...o);
      else {
        const d = dictOf(o);
        if (d) for (const v of d.map.values()) stack.push(v);
      }
    }
    const candidates = changes.filter((c) => {
      if (c.oldVal !== null || used.has(c.num)) return false;
      const t = c.newVal instanceof PdfStream ? c.newVal.dict.getName('Type') : undefined;
      return t !== 'XRef' && t !== 'ObjStm';
    });
    if (candidates.length === 0) return;
    const index = await referenceIndex(oldDoc, map, k - 1);
    if (!index) return;
    let n = 0;
    for (const c of candidates) {
      if (index.holdersOf(c.num).length > 0) continue;
      explained.add(c.num);
      n++;
    }
    if (n > 0)
      add({
        kind: 'none',
        detail: `${n} unused object(s) were added: nothing in the document refers to them`,
      });
  }

  // §12.8.5 / ETSI EN 319 142-1 §5.5: a document timestamp's field is part of the timestamp.
  const addedSigs = changes
    .map((c) => (c.oldVal === null ? dictOf(c.newVal) : undefined))
    .filter((d): d is PdfDict => d !== undefined && isSignatureDict(d));
  if (addedSigs.length > 0 && addedSigs.every(isDocTimestampDict)) {
    for (const f of findings) if (f.kind === 'signature') f.kind = 'dss-or-timestamp';
  }

  async function judgeCatalog(c: Change): Promise<void> {
    const a = dictOf(c.oldVal) ?? new PdfDict();
    const b = dictOf(c.newVal) ?? new PdfDict();
    for (const key of await changedKeys(newDoc, a, b)) {
      if (key === 'DSS' || key === 'Extensions') {
        // Their content is judged with the dependents (catalogOwner above).
        add({
          kind: 'dss-or-timestamp',
          detail:
            key === 'DSS'
              ? 'the document security store (/DSS) was updated'
              : 'the developer extensions (/Extensions) were updated',
          ...(key === 'DSS' ? { item: { what: 'validation-data' as const, pages: [] } } : {}),
        });
      } else if (key === 'Metadata' || key === 'Version') {
        // §14.3.2 XMP metadata; §7.7.2 /Version (writers raise it when they use a later feature).
        add({
          kind: 'metadata',
          detail:
            key === 'Metadata' ? 'the XMP metadata was replaced' : 'the PDF version was raised',
          item: { what: 'metadata', pages: [] },
        });
      } else if (key === 'StructTreeRoot' || key === 'MarkInfo') {
        add({
          kind: 'metadata',
          detail: `the logical structure (/${key}) was updated`,
          ...(policy.docMdp === 1 ? { forbidden: true } : {}),
        });
      } else if (key === 'AcroForm') {
        if (isRef(a.get('AcroForm')) || isRef(b.get('AcroForm'))) {
          const afRef = b.getRef('AcroForm');
          if (a.get('AcroForm') === undefined && afRef && isNew(afRef)) {
            explained.add(afRef.num);
            await judgeAcroForm(new PdfDict(), newAf ?? new PdfDict());
          } else add({ kind: 'other', detail: 'the catalog /AcroForm was re-pointed' });
        } else await judgeAcroForm(oldAf ?? new PdfDict(), newAf ?? new PdfDict());
      } else if (key === 'Perms' && !a.has('Perms') && newSignatureInRevision) {
        add({
          kind: 'signature',
          detail: 'a certification (/Perms) was added with the new signature',
        });
      } else {
        add({
          kind: 'other',
          detail: `the catalog /${key} was changed${key === 'Pages' ? ' (the page tree was replaced)' : ''}`,
        });
      }
    }
  }

  async function judgeAcroForm(a: PdfDict, b: PdfDict): Promise<void> {
    for (const key of await changedKeys(newDoc, a, b)) {
      if (key === 'Fields') {
        if (
          isRef(a.get('Fields')) &&
          isRef(b.get('Fields')) &&
          a.getRef('Fields')!.equals(b.getRef('Fields')!)
        )
          continue;
        await judgeFieldsArray(
          await resolveOrNull(oldDoc, a.get('Fields')),
          await resolveOrNull(newDoc, b.get('Fields')),
        );
      } else if (key === 'SigFlags') {
        add({ kind: 'signature', detail: 'the form /SigFlags were set' });
      } else if (key === 'NeedAppearances') {
        add({ kind: 'form-fill', detail: 'the form /NeedAppearances was changed' });
      } else if (key === 'DR') {
        await judgeDefaultResources(a.get('DR'), b.get('DR'));
      } else {
        add({ kind: 'other', detail: `the form dictionary /${key} was changed` });
      }
    }
  }

  /**
   * §12.7.3 /DR: resources fields may use to build appearances. Writers add the font of a new
   * signature's or field's appearance; an entry that existed may not change (it would change
   * how existing fields are drawn).
   */
  async function judgeDefaultResources(
    before: PdfObject | undefined,
    after: PdfObject | undefined,
  ): Promise<void> {
    const kind: ModificationKind = newSignatureInRevision ? 'signature' : 'form-fill';
    const a = dictOf(await resolveOrNull(oldDoc, before ?? null));
    const b = dictOf(await resolveOrNull(newDoc, after ?? null));
    if (isRef(before) && !(isRef(after) && before.equals(after))) {
      add({ kind: 'other', detail: 'the form default resources (/DR) were re-pointed' });
      return;
    }
    if (!b) {
      if (a) add({ kind: 'other', detail: 'the form default resources (/DR) were removed' });
      return;
    }
    let replaced = false;
    for (const [cat, oldSub] of a?.map ?? new Map<string, PdfObject>()) {
      const newSub = b.get(cat);
      if (isRef(oldSub)) {
        if (!(isRef(newSub) && oldSub.equals(newSub))) replaced = true;
        continue;
      }
      const x = dictOf(await resolveOrNull(oldDoc, oldSub));
      const y = dictOf(await resolveOrNull(newDoc, newSub ?? null));
      if (!x) {
        if (!(await sameObject(newDoc, oldSub, newSub ?? null))) replaced = true;
        continue;
      }
      if (!y) {
        replaced = true;
        continue;
      }
      for (const [name, v] of x.map) {
        const w = y.get(name);
        if (w === undefined || !(await sameObject(newDoc, v, w))) {
          replaced = true;
          add({
            kind: 'other',
            detail: `the form default resource /${cat} /${name} was replaced or removed`,
          });
        }
      }
    }
    if (replaced && !findings.some((f) => f.detail.startsWith('the form default resource '))) {
      add({ kind: 'other', detail: 'the form default resources (/DR) were changed' });
    }
    owners.push({
      kind,
      roots: [after ?? null],
      oldRoots: [],
      what: 'the form default resources (/DR)',
    });
    if (!replaced)
      add({ kind, detail: 'resources were added to the form default resources (/DR)' });
  }

  async function judgeFieldsArray(before: PdfObject, after: PdfObject): Promise<void> {
    const a = isArray(before) ? before : [];
    const b = isArray(after) ? after : [];
    const kept = a.every((x) => b.some((y) => isRef(x) && isRef(y) && x.equals(y)));
    if (!kept) add({ kind: 'other', detail: 'form fields were removed from the form' });
    for (const y of b) {
      if (a.some((x) => isRef(x) && isRef(y) && x.equals(y))) continue;
      const d = dictOf(await resolveOrNull(newDoc, y));
      const ft = d ? await fieldTypeOf(newDoc, d) : undefined;
      if (isNew(y) && ft === 'Sig')
        add({ kind: 'signature', detail: 'a signature field was added to the form' });
      else
        add({
          kind: 'other',
          detail: `a form field (${ft ?? 'unknown type'}) was added to the form`,
        });
    }
  }

  async function judgeField(c: Change): Promise<void> {
    const newD = dictOf(c.newVal);
    const oldD = dictOf(c.oldVal);
    if (!newD) {
      add({ kind: 'other', detail: `form field object ${c.num} was replaced by a non-dictionary` });
      return;
    }
    const ft = oldD ? await fieldTypeOf(oldDoc, oldD) : await fieldTypeOf(newDoc, newD);
    const name = await fieldNameOf(newDoc, newD);
    const pages = isWidget(newD) ? await pageOfAnnot(c.newRef, newD) : [];
    if (!oldD) {
      // A new field or widget: only signature fields may appear (with their appearance).
      if (ft === 'Sig' || newSigWidgets.has(c.num)) {
        owners.push({ kind: 'signature', roots: [newD.get('AP') ?? null], oldRoots: [] });
        add({ kind: 'signature', detail: `signature field "${name}" was created`, pages });
      } else {
        add({
          kind: 'other',
          detail: `a new form field "${name}" (${ft ?? 'no type'}) was created`,
          pages,
        });
      }
      return;
    }
    const keys = await changedKeys(newDoc, oldD, newD);
    const flags = await fieldFlagsOf(oldDoc, oldD);
    const locked = isLocked(name, policy.fieldLocks);
    if (ft === 'Sig') {
      const vBefore = oldD.get('V');
      const vAfter = newD.get('V');
      const signsNow = vBefore === undefined && isRef(vAfter) && isNew(vAfter);
      const allowedKeys = new Set(signsNow ? ['V', 'AP', 'AS'] : ['AP', 'AS']);
      // A widget kid of a field signed in this revision may get its appearance.
      const parentSigned = !signsNow && (await parentSignedNow(newD));
      if (signsNow || parentSigned) {
        // Signing a field that existed empty may rewrite the appearance it had, in place (an
        // indirect /AP kept, its stream replaced): those objects are the signature's appearance,
        // as long as nothing else uses them (checked with the dependents below).
        owners.push({
          kind: 'signature',
          roots: [newD.get('AP') ?? null],
          oldRoots: [oldD.get('AP') ?? null],
          what: `the appearance of signature field "${name}"`,
          ...(locked ? { forbidden: true } : {}),
        });
      }
      for (const key of keys) {
        if (key === 'V' && !signsNow) {
          add({
            kind: 'other',
            detail: `signature field "${name}": its existing signature was replaced`,
            pages,
          });
        } else if (allowedKeys.has(key) && (signsNow || parentSigned)) {
          add({
            kind: 'signature',
            detail:
              key === 'V'
                ? `signature field "${name}" was signed`
                : `signature field "${name}": /${key} set for the signature`,
            pages,
            ...(locked ? { forbidden: true } : {}),
          });
        } else {
          add({ kind: 'other', detail: `signature field "${name}": /${key} changed`, pages });
        }
      }
      return;
    }
    for (const key of keys) {
      if (key === 'V' || key === 'AP' || key === 'AS' || key === 'MK') {
        if (key === 'AP')
          owners.push({
            kind: 'form-fill',
            roots: [newD.get('AP') ?? null],
            oldRoots: [oldD.get('AP') ?? null],
          });
        const readOnly = (flags & 1) !== 0;
        add({
          kind: 'form-fill',
          detail: `form field "${name}": /${key} changed${readOnly ? ' although the field is read-only' : ''}${locked ? ' although a FieldMDP lock of the signature covers it' : ''}`,
          pages,
          item: { what: 'form-field', name, pages },
          ...(readOnly || locked ? { forbidden: true } : {}),
        });
      } else {
        add({ kind: 'other', detail: `form field "${name}": /${key} changed`, pages });
      }
    }
  }

  async function parentSignedNow(widget: PdfDict): Promise<boolean> {
    const p = widget.getRef('Parent');
    if (!p) return false;
    const before = dictOf(await loadOrNull(oldDoc, p));
    const after = dictOf(await loadOrNull(newDoc, p));
    return before?.get('V') === undefined && isNew(after?.get('V'));
  }
}

/** Objects the pages of `doc` use as XObjects or fonts directly (page content, shadow targets). */
async function pageXObjectNums(doc: PdfDocument, pm: PageMap): Promise<Set<number>> {
  const out = new Set<number>();
  let n = 0;
  for (const key of pm.pages.keys()) {
    if (n++ > 5000) break;
    const page = dictOf(await loadOrNull(doc, refFromKey(key)));
    const res = dictOf(await resolveOrNull(doc, page?.get('Resources')));
    const contents = page?.get('Contents');
    if (isRef(contents)) out.add(contents.num);
    const arr = await resolveOrNull(doc, contents);
    if (isArray(arr)) for (const x of arr) if (isRef(x)) out.add(x.num);
    for (const cat of ['XObject', 'Font']) {
      const d = dictOf(await resolveOrNull(doc, res?.get(cat)));
      if (d) for (const v of d.map.values()) if (isRef(v)) out.add(v.num);
    }
  }
  return out;
}

function refFromKey(key: string): PdfRef {
  const [num, gen] = key.split(' ').map(Number);
  return new PdfRef(num ?? 0, gen ?? 0);
}

/** The objects revision `k` writes whose value differs from the version before it. */
async function collectChanges(
  oldDoc: PdfDocument,
  newDoc: PdfDocument,
  k: number,
  map: RevisionMap,
): Promise<Change[]> {
  const out: Change[] = [];
  for (const [num, entry] of map.entriesOf(k)) {
    const prev = map.locate(num, k - 1);
    const oldRef = prev
      ? new PdfRef(num, prev.entry.type === EntryType.InFile ? prev.entry.b : 0)
      : undefined;
    const newRef =
      entry.type === EntryType.Free
        ? undefined
        : new PdfRef(num, entry.type === EntryType.InFile ? entry.b : 0);
    const oldVal = oldRef ? await loadOrNull(oldDoc, oldRef) : null;
    const newVal = newRef ? await loadOrNull(newDoc, newRef) : null;
    if (oldRef && newRef && !oldRef.equals(newRef) && oldVal !== null) {
      // A new generation of an existing number: references to the old one now find nothing.
      out.push({ num, oldRef, newRef, oldVal, newVal });
      continue;
    }
    if (await sameObject(newDoc, oldVal, newVal)) continue;
    out.push({ num, oldRef, newRef, oldVal, newVal });
  }
  return out;
}
