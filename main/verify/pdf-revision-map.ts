/**
 * Which objects each revision of a PDF defines (ISO 32000-2 §7.5.6 incremental updates, §7.5.4
 * xref tables, §7.5.8 xref streams), for signature discovery and modification analysis.
 *
 * Owns: re-reading the /Prev chain of xref sections by positioned reads, assigning every section
 * to the revision whose byte range holds it (the same rule as PdfDocument.atRevision: a section
 * belongs to the first revision whose end offset lies after it), and answering "which revision
 * last defined object N, and where".
 * Must never: read objects, trust a recovered (rebuilt) xref as revision structure, or change
 * the document. PdfDocument keeps its sections private, so this map reads them again; the cost
 * is the xref data only (a few KB per revision).
 */
import type { PdfDocument } from '../pdf/document';
import { EntryType, type XrefEntry, type XrefSection } from '../pdf/xref';

export interface ObjectLocation {
  /** Revision (0-based, oldest first) whose xref section defines the object's current version. */
  readonly revision: number;
  readonly entry: XrefEntry;
}

export class RevisionMap {
  private constructor(
    /** Sections per revision, newest section first within a revision. */
    private readonly byRevision: readonly (readonly XrefSection[])[],
  ) {}

  /**
   * The xref chain of `doc` (as it read it) by revision. A recovered document has no
   * trustworthy revisions.
   */
  static read(doc: PdfDocument): Promise<RevisionMap> {
    const revs = doc.revisions;
    const buckets: XrefSection[][] = revs.map(() => []);
    if (!doc.recovered) {
      for (const s of doc.xrefSections) {
        const i = revs.findIndex((r) => s.offset < r.endOffset);
        const bucket = buckets[i < 0 ? revs.length - 1 : i];
        bucket?.push(s);
      }
    }
    return Promise.resolve(new RevisionMap(buckets));
  }

  get revisionCount(): number {
    return this.byRevision.length;
  }

  /** Object numbers (with their entries) that revision `index` writes: new, changed or freed. */
  entriesOf(index: number): Map<number, XrefEntry> {
    const out = new Map<number, XrefEntry>();
    for (const s of this.byRevision[index] ?? []) {
      for (const [num, e] of s.entries.entries()) {
        // Object 0 is the head of the free list (§7.5.4), never an object.
        if (num === 0 || out.has(num)) continue;
        out.set(num, e);
      }
    }
    return out;
  }

  /** The newest definition of object `num` at or before revision `upTo` (default: the last). */
  locate(num: number, upTo = this.byRevision.length - 1): ObjectLocation | undefined {
    for (let r = Math.min(upTo, this.byRevision.length - 1); r >= 0; r--) {
      for (const s of this.byRevision[r] ?? []) {
        const e = s.entries.lookup(num);
        if (e) return e.type === EntryType.Free ? undefined : { revision: r, entry: e };
      }
    }
    return undefined;
  }
}
