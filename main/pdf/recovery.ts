/**
 * Rebuilding the cross-reference data of a damaged file by one streaming scan (what viewers do
 * when §7.5.4/§7.5.8 data is missing or wrong; ISO 32000-2 does not define it).
 *
 * Owns: the scan for `N G obj` headers, `trailer` keywords, xref streams (/Type /XRef), object
 * streams (/Type /ObjStm) and catalogs (/Type /Catalog), in 1 MiB chunks with Buffer.indexOf.
 * The later definition of an object number wins, as an incremental update would make it.
 * Must never: keep file content; it keeps offsets only (and the small trailer dictionaries).
 */
import { pdfError } from './errors';
import { PdfDict, PdfRef } from './objects';
import { withWindow, type ReadContext } from './object-reader';
import { EntryBuilder, EntryTable, EntryType, readStreamSection, type XrefLimits } from './xref';

export interface Recovered {
  readonly trailer: PdfDict;
  readonly entries: EntryTable;
  /** Numbers of objects that looked like object streams (their members are not indexed yet). */
  readonly objStms: readonly number[];
}

const CHUNK = 1024 * 1024;
const OVERLAP = 64;
const PEEK = 320;
const OBJ = Buffer.from('obj', 'latin1');
const TRAILER = Buffer.from('trailer', 'latin1');
const TYPE_RE = /\/Type\s*\/(ObjStm|XRef|Catalog)(?![A-Za-z0-9])/;

const isWs = (c: number | undefined): boolean =>
  c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0;
const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;
const isDelim = (c: number | undefined): boolean =>
  c === undefined || isWs(c) || '()<>[]{}/%'.includes(String.fromCharCode(c));

/** Reads back from the `obj` keyword at `k` in `buf` over `num gen `; -1 when not a header. */
function headerStart(
  buf: Buffer,
  k: number,
): { start: number; num: number; gen: number } | undefined {
  let i = k - 1;
  if (!isWs(buf[i])) return undefined;
  while (i >= 0 && isWs(buf[i])) i--;
  const genEnd = i + 1;
  while (i >= 0 && isDigit(buf[i]) && genEnd - i <= 5) i--;
  const genStart = i + 1;
  if (genStart === genEnd || !isWs(buf[i])) return undefined;
  while (i >= 0 && isWs(buf[i])) i--;
  const numEnd = i + 1;
  while (i >= 0 && isDigit(buf[i]) && numEnd - i <= 10) i--;
  const numStart = i + 1;
  if (numStart === numEnd || (i >= 0 && !isDelim(buf[i]))) return undefined;
  const num = Number(buf.toString('latin1', numStart, numEnd));
  const gen = Number(buf.toString('latin1', genStart, genEnd));
  return { start: numStart, num, gen };
}

export async function recoverXref(ctx: ReadContext, limits: XrefLimits): Promise<Recovered> {
  const size = ctx.source.size;
  const direct = new EntryBuilder();
  const trailers: number[] = [];
  const xrefStreams: number[] = [];
  const objStms: number[] = [];
  const catalogs: PdfRef[] = [];
  for (let pos = 0; pos < size; pos += CHUNK) {
    const from = Math.max(0, pos - OVERLAP);
    const buf = Buffer.from(await ctx.source.read(from, pos + CHUNK - from));
    const last = from + buf.length >= size;
    const minK = pos === 0 ? 0 : pos - from - 3;
    const maxK = last ? buf.length : buf.length - 4;
    for (let k = buf.indexOf(OBJ, minK); k >= 0 && k < maxK; k = buf.indexOf(OBJ, k + 3)) {
      if (!isDelim(buf[k + 3])) continue;
      const h = headerStart(buf, k);
      if (!h) continue;
      if (direct.length >= limits.maxObjects) {
        throw pdfError('PDF_TOO_COMPLEX', {
          file: ctx.file,
          reason: `more than ${limits.maxObjects} objects`,
        });
      }
      const offset = from + h.start;
      direct.add(h.num, EntryType.InFile, offset, h.gen);
      const peekBuf =
        k + 3 + PEEK <= buf.length || last
          ? buf.subarray(k + 3, k + 3 + PEEK)
          : Buffer.from(await ctx.source.read(from + k + 3, PEEK));
      const m = TYPE_RE.exec(peekBuf.toString('latin1'));
      if (m?.[1] === 'ObjStm') objStms.push(h.num);
      else if (m?.[1] === 'XRef') xrefStreams.push(offset);
      else if (m?.[1] === 'Catalog') catalogs.push(new PdfRef(h.num, h.gen));
    }
    const minT = pos === 0 ? 0 : pos - from - 7;
    const maxT = last ? buf.length : buf.length - 8;
    for (let k = buf.indexOf(TRAILER, minT); k >= 0 && k < maxT; k = buf.indexOf(TRAILER, k + 7)) {
      trailers.push(from + k + 7);
    }
  }

  // Later definitions win: build from the end.
  const all = new EntryBuilder();
  for (let i = direct.length - 1; i >= 0; i--) {
    all.add(direct.nums[i]!, EntryType.InFile, direct.as[i]!, direct.bs[i]!);
  }
  const trailer = new PdfDict();
  const merge = (d: PdfDict): void => {
    for (const key of ['Size', 'Root', 'Info', 'ID', 'Encrypt']) {
      const v = d.get(key);
      if (v !== undefined) trailer.set(key, v);
    }
  };
  // Xref streams, oldest first: their compressed entries fill what the scan cannot see.
  const compressed: EntryBuilder[] = [];
  for (const off of xrefStreams) {
    try {
      const s = await readStreamSection(ctx, off, limits);
      merge(s.trailer);
      const b = new EntryBuilder();
      for (const [num, e] of s.entries.entries())
        if (e.type === EntryType.Compressed) b.add(num, e.type, e.a, e.b);
      compressed.push(b);
    } catch {
      // A damaged xref stream found by the scan is just not used.
    }
  }
  for (const b of compressed.reverse()) {
    for (let i = 0; i < b.length; i++)
      all.add(b.nums[i]!, EntryType.Compressed, b.as[i]!, b.bs[i]!);
  }
  for (const off of trailers) {
    try {
      const d = await withWindow(ctx, off, (p) => p.parseObject());
      if (d instanceof PdfDict) merge(d);
    } catch {
      // A damaged trailer found by the scan is just not used.
    }
  }
  if (!(trailer.get('Root') instanceof PdfRef)) {
    const cat = catalogs[catalogs.length - 1];
    if (cat) trailer.set('Root', cat);
    else if (objStms.length === 0) {
      throw pdfError('PDF_XREF_BROKEN', { file: ctx.file, reason: 'no document catalog found' });
    }
    // Else the catalog may sit in an object stream: the document looks there (document.ts).
  }
  return { trailer, entries: EntryTable.build(all), objStms };
}
