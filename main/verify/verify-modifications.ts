/**
 * Adapter from the modification analysis (modification-analysis.ts, ISO 32000-2 §12.8.2 DocMDP
 * and FieldMDP) to the facts a verdict reports: one entry per later revision with its kind,
 * whether it is allowed and the pages it touches.
 *
 * Owns: only the translation; an annotation that can paint over signed content is reported
 * with kind "overlay" so the sentence names it; data after the last revision that no xref
 * lists (appended-data.ts) is reported after every signature as a change not allowed.
 * Must never: decide what is allowed (the analysis does), or turn an analysis failure into
 * "unmodified": a failure is a disallowed change of kind "other" with the reason.
 */
import { SealdeskError } from '../errors/sealdesk-error';
import type { PdfDocument } from '../pdf/document';
import { appendedData, appendedDataDetail } from './appended-data';
import { analyseModifications } from './modification-analysis';
import type { RevisionMap } from './pdf-revision-map';
import type { SignatureInfo } from './pdf-signatures';
import type { ModificationFacts } from './verdict-model';

/** Pages compared by index this far at most (a page-tree walk per page). */
const MAX_COMPARED_PAGES = 2000;

/**
 * Pages (1-based) that revision `k` added, removed or re-pointed compared with revision k-1,
 * when the analysis named none: an added page is "which page" a reader needs to look at.
 */
async function pagesReplaced(doc: PdfDocument, k: number): Promise<number[]> {
  try {
    const before = doc.atRevision(k - 1);
    const after = doc.atRevision(k);
    const nb = await before.pageCount();
    const na = await after.pageCount();
    const out: number[] = [];
    const n = Math.min(Math.max(nb, na), MAX_COMPARED_PAGES);
    for (let i = 0; i < n; i++) {
      if (i >= nb || i >= na) {
        out.push(i + 1);
        continue;
      }
      const [pb, pa] = [await before.page(i), await after.page(i)];
      if (pb.ref.key !== pa.ref.key) out.push(i + 1);
    }
    return out;
  } catch (e) {
    if (e instanceof SealdeskError && e.category === 'cancelled') throw e;
    return [];
  }
}

/** The changes in the revisions after `revision` as seen by `sig`. */
export async function analyseModificationsAfter(
  doc: PdfDocument,
  map: RevisionMap,
  sig: SignatureInfo,
  revision: number,
): Promise<ModificationFacts[]> {
  // Bytes after the last revision that no xref lists follow every signature (appended-data.ts).
  const tail = await appendedData(doc);
  const appended: ModificationFacts[] = tail
    ? [
        {
          revision: doc.revisions.length,
          kind: 'other',
          allowed: false,
          pages: [],
          details: [appendedDataDetail(tail)],
          annotations: [],
        },
      ]
    : [];
  if (revision >= doc.revisions.length - 1) return appended;
  try {
    const a = await analyseModifications(doc, sig, revision, map);
    const out: ModificationFacts[] = [];
    for (const r of a.revisions) {
      const pages =
        r.pages.length > 0 || r.kind === 'none'
          ? [...r.pages]
          : await pagesReplaced(doc, r.revision);
      out.push({
        revision: r.revision,
        kind: r.overlays.some((o) => o.source === 'annotation') ? 'overlay' : r.kind,
        allowed: r.allowed,
        pages,
        details: [...r.details],
        annotations: [...r.annotations],
        items: [...r.items],
      });
    }
    return [...out, ...appended];
  } catch (e) {
    if (e instanceof SealdeskError && e.category === 'cancelled') throw e;
    const reason = e instanceof Error ? e.message : String(e);
    return [
      {
        revision: revision + 1,
        kind: 'other',
        allowed: false,
        pages: [],
        details: [`the changes after this signature could not be analysed: ${reason}`],
        annotations: [],
      },
    ];
  }
}
