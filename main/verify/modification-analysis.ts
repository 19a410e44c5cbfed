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
  pageMap,
  reachable,
  rectOf,
  resolveOrNull,
  sameObject,
  type PageMap,
} from './modification-objects';
import type { RevisionMap } from './pdf-revision-map';
import type { AnnotationFact } from './verdict-model';
import { readReferences, type SignatureInfo, type SignatureReference } from './pdf-signatures';

export type ModificationKind =
  'none' | 'dss-or-timestamp' | 'signature' | 'form-fill' | 'annotation' | 'other';

const RANK: Record<ModificationKind, number> = {
  none: 0,
  'dss-or-timestamp': 1,
  signature: 2,
  'form-fill': 3,
  annotation: 4,
  other: 5,
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
}

const HIDING_SUBTYPES = new Set([
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
const DEPENDENT: Record<ModificationKind, string> = {
  none: 'file structure',
  'dss-or-timestamp': 'validation data in the document security store',
  signature: 'signature appearance or resources',
  'form-fill': 'form field appearance or resources',
  annotation: 'annotation appearance or resources',
  other: 'unexplained content',
};
/** An appearance up to this size (points) is an icon, not an overlay. */
const ICON_SIZE = 32;

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
  for (const f of findings) {
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

  const changes = await collectChanges(oldDoc, newDoc, k, map);
  if (changes.length === 0) return;

  const oldCatalogRef = oldDoc.trailer.getRef('Root');
  const oldCatalog = await oldDoc.catalog();
  const newCatalog = await newDoc.catalog();
  const oldAfObj = oldCatalog.get('AcroForm');
  const newAfObj = newCatalog.get('AcroForm');
  const oldAf = dictOf(await resolveOrNull(oldDoc, oldAfObj));
  const newAf = dictOf(await resolveOrNull(newDoc, newAfObj));
  const oldFieldsRef = oldAf?.getRef('Fields');
  const infoRef = oldDoc.trailer.getRef('Info');

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

  /** Owners of dependent objects (appearances, DSS content), by kind. */
  const owners: { kind: ModificationKind; roots: PdfObject[]; oldRoots: PdfObject[] }[] = [];
  const explained = new Set<number>();
  if (newCatalog.has('DSS') || oldCatalog.has('DSS')) {
    owners.push({
      kind: 'dss-or-timestamp',
      roots: [newCatalog.get('DSS') ?? null],
      oldRoots: [oldCatalog.get('DSS') ?? null],
    });
  }

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
        add({
          kind: 'annotation',
          detail: `page ${page}: an annotation was removed`,
          pages: [page],
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
        if (ft === 'Sig' && isNew(o)) {
          const rect = await rectOf(newDoc, d.get('Rect'));
          const visible = rect !== undefined && rect[2] - rect[0] > 0 && rect[3] - rect[1] > 0;
          add({
            kind: 'signature',
            detail: `page ${page}: a signature field widget was added${visible ? ' (visible)' : ''}`,
            pages: [page],
            ...(visible
              ? {
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

  const judgeNewAnnotation = async (ref: PdfRef, d: PdfDict, page: number): Promise<void> => {
    const subtype = d.getName('Subtype') ?? '(none)';
    const rect = await rectOf(newDoc, d.get('Rect'));
    const flags = await resolveOrNull(newDoc, d.get('F'));
    const hidden = typeof flags === 'number' && (flags & 2) !== 0;
    const big =
      rect !== undefined && (rect[2] - rect[0] > ICON_SIZE || rect[3] - rect[1] > ICON_SIZE);
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
    const overlay = !hidden && (HIDING_SUBTYPES.has(subtype) || (d.has('AP') && big));
    owners.push({ kind: 'annotation', roots: [d.get('AP') ?? null], oldRoots: [] });
    explained.add(ref.num);
    add({
      kind: 'annotation',
      detail: overlay
        ? `page ${page}: a /${subtype} annotation was added that can cover signed content`
        : `page ${page}: a /${subtype} annotation was added`,
      pages: [page],
      ...(overlay
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
        const ts = roleD.getName('Type') === 'DocTimeStamp';
        add({
          kind: ts ? 'dss-or-timestamp' : 'signature',
          detail: ts ? 'a document timestamp was added' : 'a signature was added',
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
      if (c.oldVal === null) {
        owners.push({ kind: 'annotation', roots: [newD?.get('AP') ?? null], oldRoots: [] });
        add({
          kind: 'annotation',
          detail: `a /${roleD.getName('Subtype') ?? '?'} annotation object was added`,
          pages,
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
        });
      }
      continue;
    }
    if (infoRef && c.num === infoRef.num) {
      explained.add(c.num);
      add({
        kind: newSignatureInRevision ? 'signature' : 'other',
        detail: 'the document information dictionary (/Info) was changed',
      });
      continue;
    }
  }

  // Dependent objects: appearances and DSS content belong to their owner's kind.
  const rest = changes.filter((c) => !explained.has(c.num));
  if (rest.length > 0) {
    const pageXObjects = await pageXObjectNums(oldDoc, await pagesOld());
    for (const o of owners) {
      const reach = await reachable(newDoc, o.roots);
      const oldReach = o.oldRoots.length ? await reachable(oldDoc, o.oldRoots) : new Set<number>();
      let added = 0;
      for (const c of rest) {
        if (explained.has(c.num) || !reach.has(c.num)) continue;
        if (c.oldVal === null || (oldReach.has(c.num) && !pageXObjects.has(c.num))) {
          explained.add(c.num);
          if (c.oldVal === null) added++;
          else add({ kind: o.kind, detail: `${DEPENDENT[o.kind]} (object ${c.num}) was updated` });
        }
      }
      if (added > 0) add({ kind: o.kind, detail: `${added} new object(s): ${DEPENDENT[o.kind]}` });
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
        add({
          kind: 'other',
          detail: `object ${c.num} (${what}) was changed${pageXObjects.has(c.num) ? ': it is page content (font, image or form XObject)' : ''}`,
        });
      }
    }
  }

  // §12.8.5 / ETSI EN 319 142-1 §5.5: a document timestamp's field is part of the timestamp.
  const addedSigs = changes
    .map((c) => (c.oldVal === null ? dictOf(c.newVal) : undefined))
    .filter((d): d is PdfDict => d !== undefined && isSignatureDict(d));
  if (addedSigs.length > 0 && addedSigs.every((d) => d.getName('Type') === 'DocTimeStamp')) {
    for (const f of findings) if (f.kind === 'signature') f.kind = 'dss-or-timestamp';
  }

  async function judgeCatalog(c: Change): Promise<void> {
    const a = dictOf(c.oldVal) ?? new PdfDict();
    const b = dictOf(c.newVal) ?? new PdfDict();
    for (const key of await changedKeys(newDoc, a, b)) {
      if (key === 'DSS' || key === 'Extensions') {
        owners.push({
          kind: 'dss-or-timestamp',
          roots: [b.get(key) ?? null],
          oldRoots: [a.get(key) ?? null],
        });
        add({
          kind: 'dss-or-timestamp',
          detail: `the document security store (/${key}) was updated`,
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
      } else if (key === 'DR' && a.get('DR') === undefined) {
        owners.push({ kind: 'form-fill', roots: [b.get('DR') ?? null], oldRoots: [] });
        add({ kind: 'form-fill', detail: 'form default resources (/DR) were added' });
      } else {
        add({ kind: 'other', detail: `the form dictionary /${key} was changed` });
      }
    }
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
      if (ft === 'Sig') {
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
      for (const key of keys) {
        if (key === 'V' && !signsNow) {
          add({
            kind: 'other',
            detail: `signature field "${name}": its existing signature was replaced`,
            pages,
          });
        } else if (allowedKeys.has(key) && (signsNow || parentSigned)) {
          if (key === 'AP')
            owners.push({
              kind: 'signature',
              roots: [newD.get('AP') ?? null],
              oldRoots: [oldD.get('AP') ?? null],
            });
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
