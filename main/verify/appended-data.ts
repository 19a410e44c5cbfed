/**
 * Data appended after the last revision of a PDF that no cross-reference section lists: the
 * incremental saving attack whose update has objects (and perhaps a trailer) but no usable xref
 * (Mladenov, Mainka et al., "1 Trillion Dollar Refund", 2019; ISO 32000-2 §7.5.5 file trailer,
 * §7.5.6 incremental updates). A reader that rebuilds the xref by scanning shows those objects;
 * a reader that follows startxref does not: either way they were not signed.
 *
 * Owns: finding, after the end of the last revision (its %%EOF line), an indirect object header
 * (`N G obj`) or the keywords `trailer`, `xref` or `startxref`, and naming what it found.
 * Must never: read the tail unbounded (MAX_SCANNED bytes, in chunks), or count white-space,
 * comments or stray bytes without PDF syntax as a change (some writers pad files).
 */
import type { PdfDocument } from '../pdf/document';

const CHUNK = 256 * 1024;
/** Bytes of the tail scanned at most; a longer tail counts as appended data. */
const MAX_SCANNED = 16 * 1024 * 1024;
const OBJ = /(?:^|[\0\t\n\f\r ])(\d{1,10})[\0\t\n\f\r ]+(\d{1,5})[\0\t\n\f\r ]+obj\b/g;
const KEYWORD = /(?:^|[\0\t\n\f\r ])(trailer|startxref|xref)\b/;

export interface AppendedData {
  /** Offset where the data after the last revision starts. */
  readonly offset: number;
  readonly bytes: number;
  /** Object numbers whose headers were found there (at most 20). */
  readonly objects: readonly number[];
  /** Whether a trailer, xref or startxref keyword was found there. */
  readonly structure: boolean;
}

/** Data with PDF syntax after the last revision, or undefined when there is none. */
export async function appendedData(doc: PdfDocument): Promise<AppendedData | undefined> {
  const last = doc.revisions[doc.revisions.length - 1];
  if (!last || doc.recovered) return undefined;
  const start = last.endOffset;
  const length = doc.size - start;
  if (length <= 0) return undefined;
  const objects = new Set<number>();
  let structure = false;
  const scanned = Math.min(length, MAX_SCANNED);
  // Chunks overlap by 64 bytes so that a header across a boundary is still seen.
  for (let pos = start; pos < start + scanned; pos += CHUNK - 64) {
    const text = Buffer.from(
      await doc.source.read(pos, Math.min(CHUNK, start + scanned - pos)),
    ).toString('latin1');
    for (const m of text.matchAll(OBJ)) if (objects.size < 20) objects.add(Number(m[1]));
    structure ||= KEYWORD.test(text);
    if (pos + CHUNK >= start + scanned) break;
  }
  if (objects.size === 0 && !structure && length <= MAX_SCANNED) return undefined;
  return { offset: start, bytes: length, objects: [...objects], structure };
}

/** The sentence naming appended data. */
export function appendedDataDetail(a: AppendedData): string {
  const what =
    a.objects.length > 0
      ? `object(s) ${a.objects.join(', ')}${a.structure ? ' and a trailer or xref keyword' : ''}`
      : a.structure
        ? 'a trailer or xref keyword'
        : 'data';
  return `${a.bytes} bytes after the last %%EOF hold ${what} that no cross-reference section lists: a reader that rebuilds the xref shows them, and no signature covers them (incremental saving attack)`;
}
