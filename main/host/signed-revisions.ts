/**
 * Where each signed revision ends in a file: the byte length of revision k (ISO 32000-2 §7.5.6,
 * incremental updates: a revision is the file's bytes up to and including its %%EOF), so the UI
 * can open "the document as signed" (documents.openPath with revisionLength).
 *
 * Owns: revision index -> byte length. Must never: read more than the xref chain (positioned
 * reads through PdfDocument), or fail a verification because a length is unknown (null).
 */
import { basename } from 'node:path';
import { PdfDocument } from '../pdf/document';

export async function signedRevisionLengths(
  file: string,
  revisions: readonly (number | null)[],
): Promise<(number | null)[]> {
  if (revisions.every((r) => r === null)) return revisions.map(() => null);
  let doc: PdfDocument | undefined;
  try {
    doc = await PdfDocument.open(file, { fileName: basename(file) });
    const all = doc.revisions;
    return revisions.map((r) => (r === null ? null : (all[r]?.endOffset ?? null)));
  } catch {
    return revisions.map(() => null);
  } finally {
    await doc?.close();
  }
}
