/**
 * The random-access PDF document (ISO 32000-2 §7.5 file structure, §7.3.10 indirect objects,
 * §7.5.7 object streams, §7.5.6 incremental updates, §7.6 encryption, Annex F linearization).
 *
 * Owns: opening a file (header, startxref, the /Prev chain, revisions, recovery when the xref
 * data is missing or wrong), loading objects on demand by positioned reads, decrypting strings
 * and streams through the SecurityHandler port, decoding streams within limits, and views of the
 * file as of an earlier revision.
 * Must never: read the whole file (only the tail, the xref sections and the objects asked for;
 * recovery streams through it once keeping offsets only), keep unbounded caches, or write.
 *
 * Decisions:
 * - Each xref section keeps a compact entry table; lookups go newest section first, so a view
 *   at revision k is the same code over the sections of revisions 0..k.
 * - A section whose /Prev points forward (the first-page section of a linearized file, Annex F)
 *   belongs to the same revision as the section it points to.
 * - When an xref entry points at the wrong object, the whole file is scanned once (recovery.ts)
 *   and that table answers for the objects the xref got wrong; `recovered` becomes true.
 * - Objects returned are cached (bounded LRU): treat them as read-only (clone() to change).
 * - A writer reopening the file it appended to passes the document it opened before
 *   (`extends`): the sections at the same offsets are the same bytes, so they are not parsed
 *   again (a large file's first table can hold a million entries).
 */
import { SealdeskError } from '../errors/sealdesk-error';
import { pdfError } from './errors';
import { BufferSource, FileSource, type RandomAccessSource } from './file-source';
import { decodeFilters, filterChain } from './filters';
import { decryptStrings } from './object-decryption';
import { Lexer, Tok } from './lexer';
import { Lru } from './lru';
import { readIndirectAt, streamExtent, type ReadContext } from './object-reader';
import { PdfDict, PdfRef, PdfStream, PdfString, type PdfObject } from './objects';
import { countPages, pageAt, pageNodeAt, type PageInfo, type PageNode } from './pages';
import { Parser } from './parser';
import { recoverXref } from './recovery';
import type { SecurityHandler } from './security-handler';
import { createStandardSecurityHandler } from './standard-security';
import {
  EntryBuilder,
  EntryTable,
  EntryType,
  findStartxref,
  readChain,
  type XrefEntry,
  type XrefKind,
  type XrefSection,
} from './xref';

export type { PageInfo, PageNode } from './pages';
export type { XrefKind } from './xref';

export interface ReaderLimits {
  maxNestingDepth: number;
  maxDecodedStreamBytes: number;
  maxResolveDepth: number;
  maxXrefSections: number;
  maxObjects: number;
}

export const DEFAULT_LIMITS: Readonly<ReaderLimits> = {
  maxNestingDepth: 256,
  maxDecodedStreamBytes: 256 * 1024 * 1024,
  maxResolveDepth: 64,
  maxXrefSections: 2048,
  // §C.2: 8 388 607 is the implementation limit for indirect objects.
  maxObjects: 8_388_608,
};

export interface OpenOptions {
  password?: string;
  limits?: Partial<ReaderLimits>;
  fileName?: string;
  /**
   * The same file as opened before incremental updates were appended to it (its bytes are a
   * prefix of this file's): its parsed cross-reference sections are reused instead of read
   * again. For writers reopening what they appended; anything else must not pass it.
   */
  extends?: PdfDocument;
}

export interface Revision {
  index: number;
  startxref: number;
  xrefKind: XrefKind;
  trailer: PdfDict;
  endOffset: number;
}

interface Shared {
  readonly source: RandomAccessSource;
  readonly file: string;
  readonly limits: ReaderLimits;
  readonly ctx: ReadContext;
  security: SecurityHandler | undefined;
  encryptRefKey: string | undefined;
  /** The table rebuilt by scanning, once recovery ran. */
  recoveredEntries: EntryTable | undefined;
  recoveryTried: boolean;
  recovered: boolean;
  closed: boolean;
}

interface ObjStmIndex {
  readonly data: Uint8Array;
  readonly first: number;
  readonly nums: Uint32Array;
  readonly offsets: Float64Array;
}

const HEADER = Buffer.from('%PDF-', 'latin1');
const EOF_MARK = Buffer.from('%%EOF', 'latin1');

export class PdfDocument {
  readonly source: RandomAccessSource;
  readonly size: number;
  readonly fileName: string;
  readonly revisions: readonly Revision[];
  readonly trailer: PdfDict;
  readonly lastXrefKind: XrefKind;
  readonly lastStartxref: number;
  readonly maxObjectNumber: number;

  private readonly objects = new Lru<string, PdfObject>(2048);
  private readonly objStms = new Lru<number, ObjStmIndex>(8);
  private readonly refOf = new WeakMap<PdfStream, PdfRef>();

  private constructor(
    private readonly shared: Shared,
    private readonly sections: readonly XrefSection[],
    revisions: readonly Revision[],
    private readonly isView: boolean,
  ) {
    const last = revisions[revisions.length - 1]!;
    this.source = shared.source;
    this.size = shared.source.size;
    this.fileName = shared.file;
    this.revisions = revisions;
    this.trailer = last.trailer;
    this.lastXrefKind = last.xrefKind;
    this.lastStartxref = last.startxref;
    let max = 0;
    const sz = this.trailer.get('Size');
    if (typeof sz === 'number' && Number.isInteger(sz) && sz > 0) max = sz - 1;
    for (const s of sections) max = Math.max(max, s.entries.maxNum);
    this.maxObjectNumber = Math.min(max, shared.limits.maxObjects);
  }

  get recovered(): boolean {
    return this.shared.recovered;
  }

  /**
   * The cross-reference sections as read (newest first), for revision analysis; empty for a
   * recovered file, whose table was rebuilt by scanning.
   */
  get xrefSections(): readonly XrefSection[] {
    return this.shared.recovered ? [] : this.sections;
  }

  get security(): SecurityHandler | undefined {
    return this.shared.security;
  }

  static async open(path: string, options: OpenOptions = {}): Promise<PdfDocument> {
    const source = await FileSource.open(path);
    try {
      return await PdfDocument.fromSource(source, {
        ...options,
        fileName: options.fileName ?? path,
      });
    } catch (e) {
      await source.close();
      throw e;
    }
  }

  static async fromSource(
    source: RandomAccessSource,
    options: OpenOptions = {},
  ): Promise<PdfDocument> {
    const file = options.fileName ?? (source instanceof BufferSource ? '<memory>' : 'PDF');
    const limits: ReaderLimits = { ...DEFAULT_LIMITS, ...definedOnly(options.limits ?? {}) };
    const shared: Shared = {
      source,
      file,
      limits,
      ctx: { source, file, maxNestingDepth: limits.maxNestingDepth },
      security: undefined,
      encryptRefKey: undefined,
      recoveredEntries: undefined,
      recoveryTried: false,
      recovered: false,
      closed: false,
    };
    if (source.size === 0) throw pdfError('PDF_EMPTY', { file });
    const head = Buffer.from(await source.read(0, 1024));
    if (head.indexOf(HEADER) < 0) throw pdfError('PDF_NOT_A_PDF', { file });

    let sections: XrefSection[] | undefined;
    let chainError: unknown;
    const startxref = await findStartxref(shared.ctx);
    if (startxref !== undefined && startxref < source.size) {
      try {
        const prior = options.extends;
        const known =
          prior && !prior.recovered && !prior.isView && prior.size <= source.size
            ? new Map(prior.sections.map((x) => [x.offset, x]))
            : undefined;
        sections = await readChain(shared.ctx, startxref, limits, known);
        if (!(sections[0]?.trailer.get('Root') instanceof PdfRef)) {
          // Linearized first-page trailers may lack nothing; a chain without a Root is broken.
          const withRoot = sections.find((s) => s.trailer.get('Root') instanceof PdfRef);
          if (!withRoot) sections = undefined;
        }
      } catch (e) {
        if (e instanceof SealdeskError && e.code === 'PDF_TOO_COMPLEX') throw e;
        chainError = e;
        sections = undefined;
      }
    } else if (startxref === undefined) {
      const tail = await source.read(Math.max(0, source.size - 32), 32);
      chainError = Buffer.from(tail).indexOf(EOF_MARK) < 0 ? 'truncated' : 'no startxref';
    }

    let doc: PdfDocument;
    if (sections && sections.length > 0) {
      const revisions = await buildRevisions(shared, sections);
      doc = new PdfDocument(shared, sections, revisions, false);
    } else {
      doc = await PdfDocument.fromRecovery(shared, startxref ?? 0, chainError);
    }
    await doc.setUpSecurity(options.password);
    if (!shared.recovered) {
      // The xref may point at the wrong places: check the catalog, else rebuild by scanning.
      try {
        const root = await doc.resolve(doc.trailer.get('Root'));
        if (!(root instanceof PdfDict)) throw new Error('no catalog');
      } catch (e) {
        if (e instanceof SealdeskError && e.code === 'PDF_TOO_COMPLEX') throw e;
        doc = await PdfDocument.fromRecovery(shared, doc.lastStartxref, e);
        await doc.setUpSecurity(options.password);
      }
    }
    if (shared.recovered) await doc.indexRecoveredObjectStreams();
    return doc;
  }

  private static async fromRecovery(
    shared: Shared,
    startxref: number,
    cause: unknown,
  ): Promise<PdfDocument> {
    shared.recoveryTried = true;
    let rec;
    try {
      rec = await recoverXref(shared.ctx, shared.limits);
    } catch (e) {
      if (e instanceof SealdeskError && e.code === 'PDF_TOO_COMPLEX') throw e;
      if (cause === 'truncated') {
        throw pdfError(
          'PDF_TRUNCATED',
          {
            file: shared.file,
            offset: shared.source.size,
            reason: 'no %%EOF or startxref at the end',
          },
          e,
        );
      }
      throw e instanceof SealdeskError && e.code === 'PDF_XREF_BROKEN'
        ? e
        : pdfError('PDF_XREF_BROKEN', { file: shared.file, reason: 'nothing usable found' }, e);
    }
    shared.recovered = true;
    shared.recoveredEntries = rec.entries;
    const section: XrefSection = {
      offset: startxref,
      kind: 'table',
      trailer: rec.trailer,
      entries: rec.entries,
      end: shared.source.size,
      prev: undefined,
    };
    const doc = new PdfDocument(
      shared,
      [section],
      [
        {
          index: 0,
          startxref,
          xrefKind: 'table',
          trailer: rec.trailer,
          endOffset: shared.source.size,
        },
      ],
      false,
    );
    doc.pendingObjStms = rec.objStms;
    return doc;
  }

  private pendingObjStms: readonly number[] = [];

  /** Adds the members of object streams found by the scan that no xref stream listed. */
  private async indexRecoveredObjectStreams(): Promise<void> {
    const base = this.sections[0]!.entries;
    const extra = new EntryBuilder();
    for (const num of this.pendingObjStms) {
      try {
        const idx = await this.objStmIndex(num, new Set());
        idx.nums.forEach((member, i) => {
          const e = base.lookup(member);
          if (!e || e.type === EntryType.Free) extra.add(member, EntryType.Compressed, num, i);
        });
      } catch (e) {
        if (e instanceof SealdeskError && e.code === 'PDF_TOO_COMPLEX') throw e;
      }
    }
    if (extra.length > 0) {
      for (const [num, e] of base.entries()) extra.add(num, e.type, e.a, e.b);
      // Later object streams win over earlier ones for the same number; direct objects win all.
      const merged = new EntryBuilder();
      for (let i = extra.length - 1; i >= 0; i--) {
        merged.add(extra.nums[i]!, extra.types[i]!, extra.as[i]!, extra.bs[i]!);
      }
      const table = EntryTable.build(merged);
      this.shared.recoveredEntries = table;
      (this.sections as XrefSection[])[0] = { ...this.sections[0]!, entries: table };
      this.objects.clear();
    }
    if (!(this.trailer.get('Root') instanceof PdfRef)) await this.findRecoveredCatalog();
  }

  /** The last object of /Type /Catalog in the rebuilt table (recovery found none directly). */
  private async findRecoveredCatalog(): Promise<void> {
    let found: PdfRef | undefined;
    for (const [num, e] of this.sections[0]!.entries.entries()) {
      if (e.type !== EntryType.Compressed) continue;
      const ref = new PdfRef(num, 0);
      try {
        const o = await this.get(ref);
        if (o instanceof PdfDict && o.getName('Type') === 'Catalog') found = ref;
      } catch (err) {
        if (!(err instanceof SealdeskError)) throw err;
      }
    }
    if (!found) {
      throw pdfError('PDF_XREF_BROKEN', {
        file: this.fileName,
        reason: 'no document catalog found',
      });
    }
    this.trailer.set('Root', found);
  }

  private async setUpSecurity(password: string | undefined): Promise<void> {
    const enc = this.trailer.get('Encrypt');
    if (enc === undefined || enc === null) return;
    if (enc instanceof PdfRef) this.shared.encryptRefKey = enc.key;
    const dict = await this.deepResolve(enc);
    if (!(dict instanceof PdfDict)) {
      throw pdfError('PDF_OBJECT_MISSING', {
        file: this.fileName,
        ref: enc instanceof PdfRef ? enc.toString() : 'Encrypt',
        what: 'encryption dictionary',
      });
    }
    const id = this.trailer.get('ID');
    const first = Array.isArray(id) ? id[0] : undefined;
    const idFirst = first instanceof PdfString ? first.bytes : new Uint8Array(0);
    this.shared.security = createStandardSecurityHandler(dict, idFirst, password, this.fileName);
    this.objects.clear();
  }

  /** Resolves a value and the references inside it (for the /Encrypt dictionary), bounded. */
  private async deepResolve(o: PdfObject | undefined, depth = 0): Promise<PdfObject> {
    const v = await this.resolve(o);
    if (depth > 8) return v;
    if (v instanceof PdfDict) {
      const out = new PdfDict();
      for (const [k, x] of v.map) out.set(k, await this.deepResolve(x, depth + 1));
      return out;
    }
    if (Array.isArray(v)) {
      const out: PdfObject[] = [];
      for (const x of v) out.push(await this.deepResolve(x, depth + 1));
      return out;
    }
    return v;
  }

  private lookup(num: number): XrefEntry | undefined {
    for (const s of this.sections) {
      const e = s.entries.lookup(num);
      if (e) return e;
    }
    return undefined;
  }

  private tooComplex(reason: string): SealdeskError {
    return pdfError('PDF_TOO_COMPLEX', { file: this.fileName, reason });
  }

  /** The newest definition of `ref`; free or missing objects are null (§7.3.10). */
  async get(ref: PdfRef): Promise<PdfObject> {
    return this.load(ref, new Set());
  }

  private async load(ref: PdfRef, chain: Set<string>): Promise<PdfObject> {
    if (this.shared.closed) throw pdfError('PDF_CLOSED', { file: this.fileName });
    const hit = this.objects.get(ref.key);
    if (hit !== undefined) return hit;
    if (chain.has(ref.key)) this.fail(ref, 'refers to itself while being read');
    if (chain.size >= this.shared.limits.maxResolveDepth) {
      throw this.tooComplex(`objects nested through more than ${chain.size} references`);
    }
    const next = new Set(chain).add(ref.key);
    const e = this.lookup(ref.num);
    let obj: PdfObject = null;
    if (e?.type === EntryType.InFile && e.b === ref.gen)
      obj = await this.loadInFile(ref, e.a, next);
    else if (e?.type === EntryType.Compressed && ref.gen === 0)
      obj = await this.loadCompressed(ref, e.a, e.b, next);
    this.objects.set(ref.key, obj);
    return obj;
  }

  private fail(ref: PdfRef, what: string): never {
    throw pdfError('PDF_OBJECT_MISSING', { file: this.fileName, ref: ref.toString(), what });
  }

  private async loadInFile(ref: PdfRef, offset: number, chain: Set<string>): Promise<PdfObject> {
    let r;
    let error: unknown;
    try {
      r = await readIndirectAt(this.shared.ctx, offset);
      if (r.num !== ref.num) r = undefined;
    } catch (e) {
      if (e instanceof SealdeskError && e.code === 'PDF_TOO_COMPLEX') throw e;
      error = e;
    }
    if (!r) {
      // The xref points at the wrong place: ask the scanned table (rebuilding it once).
      const alt = await this.recoveredEntry(ref.num);
      if (alt?.type === EntryType.InFile && alt.a !== offset) {
        r = await readIndirectAt(this.shared.ctx, alt.a);
        if (r.num !== ref.num) r = undefined;
      } else if (alt?.type === EntryType.Compressed) {
        return this.loadCompressed(ref, alt.a, alt.b, chain);
      }
    }
    if (!r) {
      if (error instanceof SealdeskError) throw error;
      this.fail(ref, `not found at byte ${offset}`);
    }
    let obj = r.obj;
    if (r.streamStart !== undefined && obj instanceof PdfDict) {
      const lenObj = obj.get('Length');
      let declared: number | undefined;
      if (typeof lenObj === 'number') declared = lenObj;
      else if (lenObj instanceof PdfRef) {
        try {
          const v = await this.load(lenObj, chain);
          if (typeof v === 'number') declared = v;
        } catch (e) {
          if (!(e instanceof SealdeskError)) throw e;
          // An unreadable /Length: find endstream instead.
        }
      }
      const length = await streamExtent(this.shared.ctx, r.streamStart, declared);
      obj = new PdfStream(obj, { kind: 'file', offset: r.streamStart, length });
    }
    const sec = this.shared.security;
    if (sec && this.shared.encryptRefKey !== ref.key && !isXrefStream(obj)) {
      obj = decryptStrings(obj, (b) => sec.decryptString(b, ref));
    }
    if (obj instanceof PdfStream) this.refOf.set(obj, ref);
    return obj;
  }

  private async recoveredEntry(num: number): Promise<XrefEntry | undefined> {
    if (!this.shared.recoveryTried) {
      this.shared.recoveryTried = true;
      try {
        const rec = await recoverXref(this.shared.ctx, this.shared.limits);
        this.shared.recoveredEntries = rec.entries;
        this.shared.recovered = true;
      } catch (e) {
        if (e instanceof SealdeskError && e.code === 'PDF_TOO_COMPLEX') throw e;
      }
    }
    return this.shared.recoveredEntries?.lookup(num);
  }

  private async objStmIndex(num: number, chain: Set<string>): Promise<ObjStmIndex> {
    const cached = this.objStms.get(num);
    if (cached) return cached;
    const e = this.lookup(num);
    const ref = new PdfRef(num, e?.type === EntryType.InFile ? e.b : 0);
    if (e?.type !== EntryType.InFile)
      this.fail(ref, 'object stream (must not be compressed itself)');
    const stm = await this.load(ref, chain);
    if (!(stm instanceof PdfStream)) this.fail(ref, 'object stream');
    const n = stm.dict.get('N');
    const first = stm.dict.get('First');
    if (
      typeof n !== 'number' ||
      typeof first !== 'number' ||
      !Number.isInteger(n) ||
      !Number.isInteger(first) ||
      n < 0 ||
      first < 0
    ) {
      this.fail(ref, 'object stream with invalid /N or /First');
    }
    const data = await this.streamData(stm, ref);
    const count = Math.min(n, Math.floor(data.length / 4));
    const nums = new Uint32Array(count);
    const offsets = new Float64Array(count);
    const lx = new Lexer(data.subarray(0, Math.min(first, data.length)), 0, {
      file: this.fileName,
    });
    let got = 0;
    for (; got < count; got++) {
      if (lx.next() !== Tok.Number) break;
      const objNum = lx.num;
      if (lx.next() !== Tok.Number) break;
      const off = lx.num;
      if (!Number.isInteger(objNum) || !Number.isInteger(off) || objNum < 0 || off < 0) break;
      nums[got] = objNum;
      offsets[got] = off;
    }
    const idx: ObjStmIndex = {
      data,
      first,
      nums: nums.subarray(0, got),
      offsets: offsets.subarray(0, got),
    };
    this.objStms.set(num, idx);
    return idx;
  }

  private async loadCompressed(
    ref: PdfRef,
    stmNum: number,
    index: number,
    chain: Set<string>,
  ): Promise<PdfObject> {
    if (stmNum === ref.num) this.fail(ref, 'object stream containing itself');
    const idx = await this.objStmIndex(stmNum, chain);
    let i = index;
    if (idx.nums[i] !== ref.num) i = idx.nums.indexOf(ref.num);
    if (i < 0 || i >= idx.nums.length) return null;
    const at = idx.first + idx.offsets[i]!;
    if (at >= idx.data.length) return null;
    // §7.5.7: objects inside an object stream are not encrypted individually.
    const parser = new Parser(idx.data, at, {
      file: this.fileName,
      maxNestingDepth: this.shared.limits.maxNestingDepth,
    });
    return parser.parseObject();
  }

  /** Follows references until a direct value; a chain longer than maxResolveDepth is an error. */
  async resolve(obj: PdfObject | undefined): Promise<PdfObject> {
    let v: PdfObject = obj ?? null;
    for (let n = 0; v instanceof PdfRef; n++) {
      if (n >= this.shared.limits.maxResolveDepth) {
        throw this.tooComplex(`a chain of more than ${n} references (a reference loop)`);
      }
      v = await this.get(v);
    }
    return v;
  }

  /** The dictionary at `ref` (a stream's dictionary for streams), or undefined. */
  async getDict(ref: PdfRef): Promise<PdfDict | undefined> {
    const v = await this.resolve(ref);
    if (v instanceof PdfDict) return v;
    if (v instanceof PdfStream) return v.dict;
    return undefined;
  }

  /** The stream's encoded bytes as stored (still encrypted in an encrypted file). */
  async rawStreamBytes(stream: PdfStream): Promise<Uint8Array> {
    const src = stream.source;
    if (src.kind === 'memory') return src.bytes;
    if (src.length > this.shared.limits.maxDecodedStreamBytes) {
      throw this.tooComplex(`a stream of ${src.length} bytes`);
    }
    if (this.shared.closed) throw pdfError('PDF_CLOSED', { file: this.fileName });
    return this.source.read(src.offset, src.length);
  }

  /** Decrypted and decoded stream data, at most maxDecodedStreamBytes. */
  async streamData(stream: PdfStream, ref?: PdfRef): Promise<Uint8Array> {
    let data = await this.rawStreamBytes(stream);
    const r = ref ?? this.refOf.get(stream);
    const sec = this.shared.security;
    if (sec && r && stream.source.kind === 'file' && !isXrefStream(stream)) {
      data = sec.decryptStream(data, r, stream.dict);
    }
    const d = stream.dict;
    let filterDict = d;
    const f = d.get('Filter');
    const p = d.get('DecodeParms');
    if (f instanceof PdfRef || p instanceof PdfRef || Array.isArray(f) || Array.isArray(p)) {
      filterDict = new PdfDict();
      filterDict.set('Filter', await this.resolveShallowArray(f));
      filterDict.set('DecodeParms', await this.resolveShallowArray(p));
    }
    return decodeFilters(data, filterChain(filterDict), {
      maxBytes: this.shared.limits.maxDecodedStreamBytes,
      file: this.fileName,
    });
  }

  private async resolveShallowArray(o: PdfObject | undefined): Promise<PdfObject> {
    const v = await this.resolve(o);
    if (!Array.isArray(v)) return v;
    const out: PdfObject[] = [];
    for (const x of v.slice(0, 32)) out.push(await this.resolve(x));
    return out;
  }

  async catalog(): Promise<PdfDict> {
    const root = this.trailer.get('Root');
    const c = await this.resolve(root);
    if (!(c instanceof PdfDict)) {
      throw pdfError('PDF_OBJECT_MISSING', {
        file: this.fileName,
        ref: root instanceof PdfRef ? root.toString() : 'Root',
        what: 'document catalog',
      });
    }
    return c;
  }

  pageCount(): Promise<number> {
    return countPages(this);
  }

  page(index: number): Promise<PageInfo> {
    return pageAt(this, index);
  }

  /** Page `index`'s object alone (no inherited boxes or resources resolved): for scans. */
  pageNode(index: number): Promise<PageNode> {
    return pageNodeAt(this, index);
  }

  get limits(): Readonly<ReaderLimits> {
    return this.shared.limits;
  }

  /** A view of the file as of revision `index` (0 = original); shares the source. */
  atRevision(index: number): PdfDocument {
    if (!Number.isInteger(index) || index < 0 || index >= this.revisions.length) {
      throw pdfError('PDF_REVISION_OUT_OF_RANGE', {
        file: this.fileName,
        revision: index,
        count: this.revisions.length,
      });
    }
    if (index === this.revisions.length - 1) return this;
    const limit = this.revisions[index]!.endOffset;
    const sections = this.sections.filter((s) => s.offset < limit);
    return new PdfDocument(this.shared, sections, this.revisions.slice(0, index + 1), true);
  }

  /** Closes the file; views made by atRevision share it and close nothing themselves. */
  async close(): Promise<void> {
    if (this.isView || this.shared.closed) return;
    this.shared.closed = true;
    this.objects.clear();
    this.objStms.clear();
    await this.source.close();
  }
}

function definedOnly(p: Partial<ReaderLimits>): Partial<ReaderLimits> {
  const out: Partial<ReaderLimits> = {};
  for (const [k, v] of Object.entries(p)) {
    if (typeof v === 'number' && v > 0) out[k as keyof ReaderLimits] = v;
  }
  return out;
}

function isXrefStream(o: PdfObject): boolean {
  return o instanceof PdfStream && o.dict.getName('Type') === 'XRef';
}

const EOF_WINDOW = 1024;
const EOF_SEARCH_LIMIT = 64 * 1024;

/** Groups sections into revisions (oldest first) and finds where each revision ends. */
async function buildRevisions(
  shared: Shared,
  newestFirst: readonly XrefSection[],
): Promise<Revision[]> {
  const oldestFirst = [...newestFirst].reverse();
  const groups: XrefSection[][] = [];
  for (const s of oldestFirst) {
    const prevGroup = groups[groups.length - 1];
    // Annex F: the first-page section of a linearized file points forward to the main one.
    if (prevGroup && s.prev !== undefined && s.prev > s.offset) prevGroup.push(s);
    else groups.push([s]);
  }
  const revisions: Revision[] = [];
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!;
    const newest = group[group.length - 1]!;
    const from = Math.max(...group.map((s) => s.end));
    const nextStart = groups[g + 1]
      ? Math.min(...groups[g + 1]!.map((s) => s.offset))
      : shared.source.size;
    const endOffset = await findEof(shared, from, nextStart);
    revisions.push({
      index: g,
      startxref: newest.offset,
      xrefKind: newest.kind,
      trailer: newest.trailer,
      endOffset,
    });
  }
  return revisions;
}

/** The offset just past the first `%%EOF` (and its EOL) at or after `from`. */
async function findEof(shared: Shared, from: number, fallback: number): Promise<number> {
  const size = shared.source.size;
  for (
    let pos = from;
    pos < size && pos < from + EOF_SEARCH_LIMIT;
    pos += EOF_WINDOW - EOF_MARK.length
  ) {
    const buf = Buffer.from(await shared.source.read(pos, EOF_WINDOW + 2));
    const i = buf.indexOf(EOF_MARK);
    if (i >= 0 && i + EOF_MARK.length <= buf.length) {
      let end = pos + i + EOF_MARK.length;
      const a = buf[i + 5];
      if (a === 0x0d) end += buf[i + 6] === 0x0a ? 2 : 1;
      else if (a === 0x0a) end += 1;
      return Math.min(end, size);
    }
    if (buf.length < EOF_WINDOW) break;
  }
  return Math.min(fallback, size);
}
