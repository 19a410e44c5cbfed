/**
 * Adapter from the modification analysis (modification-analysis.ts, ISO 32000-2 §12.8.2 DocMDP
 * and FieldMDP) to the facts a verdict reports: one entry per later revision with its kind,
 * whether it is allowed and the pages it touches.
 *
 * Owns: only the translation; an annotation that can paint over signed content is reported
 * with kind "overlay" so the sentence names it. Must never: decide what is allowed (the
 * analysis does), or turn an analysis failure into "unmodified": a failure is a disallowed
 * change of kind "other" with the reason.
 */
import { SealdeskError } from '../errors/sealdesk-error';
import type { PdfDocument } from '../pdf/document';
import { analyseModifications } from './modification-analysis';
import type { RevisionMap } from './pdf-revision-map';
import type { SignatureInfo } from './pdf-signatures';
import type { ModificationFacts } from './verdict-model';

/** The changes in the revisions after `revision` as seen by `sig`. */
export async function analyseModificationsAfter(
  doc: PdfDocument,
  map: RevisionMap,
  sig: SignatureInfo,
  revision: number,
): Promise<ModificationFacts[]> {
  if (revision >= doc.revisions.length - 1) return [];
  try {
    const a = await analyseModifications(doc, sig, revision, map);
    return a.revisions.map((r) => ({
      revision: r.revision,
      kind: r.overlays.some((o) => o.source === 'annotation') ? 'overlay' : r.kind,
      allowed: r.allowed,
      pages: [...r.pages],
      details: [...r.details],
    }));
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
      },
    ];
  }
}
