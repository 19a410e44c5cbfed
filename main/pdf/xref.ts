/**
 * Cross-reference data (ISO 32000-2 §7.5.4 tables, §7.5.8 streams, §7.5.8.4 hybrid files,
 * §7.5.5 trailer, §7.5.6 incremental updates): finding `startxref`, reading one section of
 * either kind, following the /Prev chain.
 *
 * Owns: the compact per-section entry tables (typed arrays sorted by object number: about 17
 * bytes per entry, no per-entry JS objects) and the tolerance for common writer bugs: a first
 * subsection `1 N` that really starts at object 0, 19- or 21-byte entries, EOL variants.
 * Must never: read objects other than the xref stream itself, or follow /Prev forever (loops
 * end the chain; more than maxXrefSections sections end in PDF_TOO_COMPLEX).
 */
import { pdfError } from './errors';
import { decodeFilters, filterChain } from './filters';
import { Lexer, Tok } from './lexer';
import { PdfDict, type PdfObject } from './objects';
import { readIndirectAt, streamExtent, withWindow, type ReadContext } from './object-reader';

export type XrefKind = 'table' | 'stream' | 'hybrid';

export enum EntryType {
  Free = 0,
  InFile = 1,
  Compressed = 2,
}

export interface XrefEntry {
  readonly type: EntryType;
  /** InFile: byte offset; Compressed: object stream number. */
  readonly a: number;
  /** InFile / Free: generation; Compressed: index in the object stream. */
  readonly b: number;
}

/** Entries of one section, sorted by object number. */
export class EntryTable {
  private constructor(
    private readonly nums: Uint32Array,
    private readonly types: Uint8Array,
    private readonly as: Float64Array,
    private readonly bs: Uint32Array,
  ) {}

  get count(): number {
    return this.nums.length;
  }

  get maxNum(): number {
    return this.nums.length ? this.nums[this.nums.length - 1]! : -1;
  }

  lookup(num: number): XrefEntry | undefined {
    let lo = 0;
    let hi = this.nums.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.nums[mid]!;
      if (v === num) return { type: this.types[mid]!, a: this.as[mid]!, b: this.bs[mid]! };
      if (v < num) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  *entries(): Generator<[number, XrefEntry]> {
    for (let i = 0; i < this.nums.length; i++) {
      yield [this.nums[i]!, { type: this.types[i]!, a: this.as[i]!, b: this.bs[i]! }];
    }
  }

  static readonly empty = new EntryTable(
    new Uint32Array(0),
    new Uint8Array(0),
    new Float64Array(0),
    new Uint32Array(0),
  );

  /** Builds from parallel arrays; for duplicate numbers the first added wins. */
  static build(b: EntryBuilder): EntryTable {
    const n = b.nums.length;
    const order = Array.from({ length: n }, (_, i) => i);
    let sorted = true;
    for (let i = 1; i < n && sorted; i++) if (b.nums[i - 1]! >= b.nums[i]!) sorted = false;
    if (!sorted) order.sort((x, y) => b.nums[x]! - b.nums[y]! || x - y);
    const nums: number[] = [];
    const idx: number[] = [];
    for (const i of order) {
      if (nums.length && nums[nums.length - 1] === b.nums[i]) continue;
      nums.push(b.nums[i]!);
      idx.push(i);
    }
    return new EntryTable(
      Uint32Array.from(nums),
      Uint8Array.from(idx, (i) => b.types[i]!),
      Float64Array.from(idx, (i) => b.as[i]!),
      Uint32Array.from(idx, (i) => b.bs[i]!),
    );
  }
}

export class EntryBuilder {
  readonly nums: number[] = [];
  readonly types: number[] = [];
  readonly as: number[] = [];
  readonly bs: number[] = [];
  add(num: number, type: EntryType, a: number, b: number): void {
    this.nums.push(num);
    this.types.push(type);
    this.as.push(a);
    this.bs.push(b);
  }
  get length(): number {
    return this.nums.length;
  }
}

export interface XrefSection {
  readonly offset: number;
  readonly kind: XrefKind;
  readonly trailer: PdfDict;
  readonly entries: EntryTable;
  /** Byte offset just past the section (trailer dictionary, or xref stream data). */
  readonly end: number;
  readonly prev: number | undefined;
}

export interface XrefLimits {
  readonly maxXrefSections: number;
  readonly maxObjects: number;
  readonly maxDecodedStreamBytes: number;
}

const STARTXREF = Buffer.from('startxref', 'latin1');

/** The offset after the last `startxref` in the file's tail, or undefined when absent. */
export async function findStartxref(ctx: ReadContext): Promise<number | undefined> {
  const size = ctx.source.size;
  const tailLen = Math.min(size, 4096);
  const tail = Buffer.from(await ctx.source.read(size - tailLen, tailLen));
  const i = tail.lastIndexOf(STARTXREF);
  if (i < 0) return undefined;
  const lx = new Lexer(tail, i + STARTXREF.length, { file: ctx.file });
  try {
    if (lx.next() === Tok.Number && Number.isInteger(lx.num) && lx.num >= 0) return lx.num;
  } catch {
    return undefined;
  }
  return undefined;
}

/** A sequential reader over the source, refilled in windows. */
class Cursor {
  buf: Uint8Array = new Uint8Array(0);
  bufStart = 0;
  constructor(
    private readonly ctx: ReadContext,
    public pos: number,
  ) {}
  /** Ensures `n` bytes from pos are buffered when the file has them; returns what is there. */
  async ensure(n: number): Promise<number> {
    const have = this.bufStart + this.buf.length - this.pos;
    if (this.pos >= this.bufStart && have >= n) return have;
    this.bufStart = this.pos;
    this.buf = await this.ctx.source.read(this.pos, Math.max(n, 64 * 1024));
    return this.buf.length;
  }
  byte(at = this.pos): number {
    return this.buf[at - this.bufStart] ?? -1;
  }
}

const isWs = (c: number): boolean =>
  c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0;

/** Reads a classic table section (§7.5.4) at `offset` (which holds `xref`). */
async function readTable(
  ctx: ReadContext,
  offset: number,
  limits: XrefLimits,
): Promise<XrefSection> {
  const cur = new Cursor(ctx, offset + 4);
  const b = new EntryBuilder();
  const fail = (reason: string): never => {
    throw pdfError('PDF_XREF_BROKEN', { file: ctx.file, reason: `${reason} at byte ${cur.pos}` });
  };
  let firstSubsection = true;
  for (;;) {
    await cur.ensure(256);
    const lx = new Lexer(cur.buf, cur.pos - cur.bufStart, {
      complete: true,
      base: cur.bufStart,
      file: ctx.file,
    });
    const t = lx.next();
    if (t === Tok.Keyword && lx.str === 'trailer') {
      cur.pos = cur.bufStart + lx.pos;
      break;
    }
    if (t !== Tok.Number) fail('expected a subsection header or trailer');
    let start = lx.num;
    if (lx.next() !== Tok.Number) fail('expected a subsection count');
    const count = lx.num;
    if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0) {
      fail('invalid subsection header');
    }
    if (b.length + count > limits.maxObjects || start + count > limits.maxObjects) {
      throw pdfError('PDF_TOO_COMPLEX', {
        file: ctx.file,
        reason: `an xref subsection claims ${count} objects`,
      });
    }
    cur.pos = cur.bufStart + lx.pos;
    for (let i = 0; i < count; i++) {
      await cur.ensure(48);
      // offset(10) gen(5) n|f, separated by spaces, ended by a 2-byte EOL; be lenient.
      let p = cur.pos;
      while (isWs(cur.byte(p))) p++;
      let off = 0;
      let digits = 0;
      for (let c = cur.byte(p); c >= 0x30 && c <= 0x39; c = cur.byte(++p)) {
        off = off * 10 + (c - 0x30);
        digits++;
      }
      while (cur.byte(p) === 0x20) p++;
      let gen = 0;
      let gdigits = 0;
      for (let c = cur.byte(p); c >= 0x30 && c <= 0x39; c = cur.byte(++p)) {
        gen = gen * 10 + (c - 0x30);
        gdigits++;
      }
      while (cur.byte(p) === 0x20) p++;
      const kind = cur.byte(p);
      if (digits === 0 || gdigits === 0 || (kind !== 0x6e && kind !== 0x66)) {
        fail('invalid xref entry');
      }
      p++;
      cur.pos = p;
      if (
        firstSubsection &&
        i === 0 &&
        start === 1 &&
        kind === 0x66 &&
        off === 0 &&
        gen === 65535
      ) {
        // Writer bug: `xref 1 N` whose first entry is object 0's free head; shift by one.
        start = 0;
      }
      const num = start + i;
      if (kind === 0x6e && off > 0) b.add(num, EntryType.InFile, off, gen);
      else if (kind === 0x6e)
        b.add(num, EntryType.Free, 0, gen); // offset 0: treat as free
      else b.add(num, EntryType.Free, 0, gen);
    }
    firstSubsection = false;
  }
  const trailerPos = cur.pos;
  const { obj, end } = await withWindow(ctx, trailerPos, (p) => ({
    obj: p.parseObject(),
    end: p.pos,
  }));
  if (!(obj instanceof PdfDict)) fail('trailer is not a dictionary');
  const trailer = obj as PdfDict;
  let entries = EntryTable.build(b);
  let kind: XrefKind = 'table';
  const stm = trailer.get('XRefStm');
  if (typeof stm === 'number' && Number.isInteger(stm) && stm > 0 && stm < ctx.source.size) {
    // §7.5.8.4 hybrid: the stream's entries supplement this section's table.
    try {
      const s = await readStreamSection(ctx, stm, limits);
      const merged = new EntryBuilder();
      for (const [num, e] of entries.entries())
        if (e.type !== EntryType.Free) merged.add(num, e.type, e.a, e.b);
      for (const [num, e] of s.entries.entries()) merged.add(num, e.type, e.a, e.b);
      for (const [num, e] of entries.entries())
        if (e.type === EntryType.Free) merged.add(num, e.type, e.a, e.b);
      entries = EntryTable.build(merged);
      kind = 'hybrid';
    } catch {
      // A broken hidden stream leaves the plain table, as a pre-1.5 reader would see it.
    }
  }
  return { offset, kind, trailer, entries, end: trailerPos + end, prev: prevOf(trailer) };
}

function prevOf(trailer: PdfDict): number | undefined {
  const p = trailer.get('Prev');
  return typeof p === 'number' && Number.isInteger(p) && p >= 0 ? p : undefined;
}

function intArray(o: PdfObject | undefined): number[] | undefined {
  if (!Array.isArray(o)) return undefined;
  const out: number[] = [];
  for (const v of o) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) return undefined;
    out.push(v);
  }
  return out;
}

/** Reads an xref stream section (§7.5.8) at `offset` (which holds `N G obj`). */
export async function readStreamSection(
  ctx: ReadContext,
  offset: number,
  limits: XrefLimits,
): Promise<XrefSection> {
  const fail = (reason: string): never => {
    throw pdfError('PDF_XREF_BROKEN', {
      file: ctx.file,
      reason: `${reason} (xref stream at byte ${offset})`,
    });
  };
  const r = await readIndirectAt(ctx, offset);
  const dict = r.obj;
  if (!(dict instanceof PdfDict) || r.streamStart === undefined) return fail('not a stream');
  if (dict.getName('Type') !== 'XRef') fail('not /Type /XRef');
  const lenObj = dict.get('Length');
  const length = await streamExtent(
    ctx,
    r.streamStart,
    typeof lenObj === 'number' ? lenObj : undefined,
  );
  if (length > limits.maxDecodedStreamBytes) {
    throw pdfError('PDF_TOO_COMPLEX', {
      file: ctx.file,
      reason: `an xref stream of ${length} bytes`,
    });
  }
  const raw = await ctx.source.read(r.streamStart, length);
  const data = decodeFilters(raw, filterChain(dict), {
    maxBytes: limits.maxDecodedStreamBytes,
    file: ctx.file,
  });
  const w = intArray(dict.get('W'));
  if (!w || w.length < 3 || w.some((x) => x > 8)) return fail('invalid /W');
  const [w0, w1, w2] = w as [number, number, number];
  const rowLen = w0 + w1 + w2;
  if (rowLen === 0) fail('invalid /W');
  const size = dict.get('Size');
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) fail('invalid /Size');
  const index = intArray(dict.get('Index')) ?? [0, size as number];
  if (index.length % 2) fail('invalid /Index');
  const rows = Math.floor(data.length / rowLen);
  const b = new EntryBuilder();
  let row = 0;
  const field = (p: number, width: number): number => {
    let v = 0;
    for (let k = 0; k < width; k++) v = v * 256 + data[p + k]!;
    return v;
  };
  for (let i = 0; i < index.length && row < rows; i += 2) {
    const start = index[i]!;
    const count = index[i + 1]!;
    if (start + count > limits.maxObjects || b.length + count > limits.maxObjects) {
      throw pdfError('PDF_TOO_COMPLEX', {
        file: ctx.file,
        reason: `an xref stream claims ${count} objects`,
      });
    }
    for (let k = 0; k < count && row < rows; k++, row++) {
      const p = row * rowLen;
      const type = w0 === 0 ? 1 : field(p, w0);
      const a = field(p + w0, w1);
      const c = field(p + w0 + w1, w2);
      if (type === 0) b.add(start + k, EntryType.Free, 0, c);
      else if (type === 1) b.add(start + k, EntryType.InFile, a, c);
      else if (type === 2) b.add(start + k, EntryType.Compressed, a, c);
      // Other types are reserved: a reference to them is a reference to null (§7.5.8.3).
    }
  }
  return {
    offset,
    kind: 'stream',
    trailer: dict,
    entries: EntryTable.build(b),
    end: r.streamStart + length,
    prev: prevOf(dict),
  };
}

/** Reads the section at `offset`, whichever kind it is. */
export async function readSection(
  ctx: ReadContext,
  offset: number,
  limits: XrefLimits,
): Promise<XrefSection> {
  const head = Buffer.from(await ctx.source.read(offset, 32));
  let i = 0;
  while (i < head.length && isWs(head[i]!)) i++;
  if (head.toString('latin1', i, i + 4) === 'xref') return readTable(ctx, offset + i, limits);
  if (head[i]! >= 0x30 && head[i]! <= 0x39) return readStreamSection(ctx, offset + i, limits);
  throw pdfError('PDF_XREF_BROKEN', {
    file: ctx.file,
    reason: `no xref section at byte ${offset}`,
  });
}

/** The /Prev chain from `start`, newest first. A /Prev loop ends the chain. */
export async function readChain(
  ctx: ReadContext,
  start: number,
  limits: XrefLimits,
  /** Sections already parsed from the same bytes, by offset (an appended file's earlier part). */
  known?: ReadonlyMap<number, XrefSection>,
): Promise<XrefSection[]> {
  const sections: XrefSection[] = [];
  const seen = new Set<number>();
  let next: number | undefined = start;
  while (next !== undefined && !seen.has(next)) {
    if (sections.length >= limits.maxXrefSections) {
      throw pdfError('PDF_TOO_COMPLEX', {
        file: ctx.file,
        reason: `more than ${limits.maxXrefSections} xref sections`,
      });
    }
    seen.add(next);
    const s: XrefSection = known?.get(next) ?? (await readSection(ctx, next, limits));
    seen.add(s.offset);
    sections.push(s);
    next = s.prev;
  }
  return sections;
}
