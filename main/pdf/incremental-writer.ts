/**
 * Incremental updates (ISO 32000-2 §7.5.6): the bytes appended after a document's last %%EOF.
 *
 * Owns: numbering new objects, serialising new and changed objects, and an xref section of the
 * same kind as the document's newest one (a classic table after a table or hybrid section, an
 * xref stream after an xref stream, §7.5.8), followed by a trailer with /Prev and the original
 * /ID first part.
 * Must never: touch the original bytes. The caller copies them unchanged and appends `bytes`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { PdfDocument } from './document';
import {
  PdfDict,
  PdfName,
  PdfRef,
  PdfStream,
  PdfString,
  isArray,
  isString,
  type PdfObject,
} from './objects';
import { ByteSink, writeIndirect, writeObject, type Span } from './serialize';

export interface UpdateBytes {
  /** The update, to be written at byte offset `startOffset` of the new file. */
  readonly bytes: Buffer;
  readonly startOffset: number;
  /** Spans of tracked values, relative to the start of `bytes`. */
  readonly spans: ReadonlyMap<object, Span>;
}

export class IncrementalUpdate {
  private readonly objects = new Map<number, { ref: PdfRef; obj: PdfObject }>();
  private nextNumber: number;

  constructor(private readonly doc: PdfDocument) {
    this.nextNumber = doc.maxObjectNumber + 1;
  }

  /** A fresh object number for a new object (generation 0). */
  allocate(): PdfRef {
    return new PdfRef(this.nextNumber++, 0);
  }

  /** Adds a new object or replaces an existing one in this update. */
  put(ref: PdfRef, obj: PdfObject): void {
    this.objects.set(ref.num, { ref, obj });
  }

  has(ref: PdfRef): boolean {
    return this.objects.has(ref.num);
  }

  /** The object as changed in this update, if it was put. */
  pending(ref: PdfRef): PdfObject | undefined {
    return this.objects.get(ref.num)?.obj;
  }

  /**
   * Serialises the update. `startOffset` is where it will begin in the output (the original
   * size); a newline is prepended when the original does not end with one.
   */
  build(options: { endsWithEol: boolean; track?: ReadonlySet<object> }): UpdateBytes {
    const doc = this.doc;
    const startOffset = doc.size;
    const sink = new ByteSink(16 * 1024);
    if (!options.endsWithEol) sink.text('\n');

    const offsets = new Map<number, { offset: number; gen: number }>();
    const ordered = [...this.objects.values()].sort((a, b) => a.ref.num - b.ref.num);
    for (const { ref, obj } of ordered) {
      offsets.set(ref.num, { offset: startOffset + sink.length, gen: ref.gen });
      writeIndirect(sink, ref, obj, { security: doc.security, track: options.track });
    }

    const trailer = this.trailerFor(doc);
    if (doc.lastXrefKind === 'stream') {
      const xrefRef = this.allocate();
      const xrefOffset = startOffset + sink.length;
      offsets.set(xrefRef.num, { offset: xrefOffset, gen: 0 });
      trailer.set('Size', Math.max(this.nextNumber, doc.maxObjectNumber + 1));
      const stream = xrefStream(trailer, offsets);
      // Xref streams are never encrypted (§7.6.2), so no security handler here.
      writeIndirect(sink, xrefRef, stream, {});
      sink.text(`startxref\n${xrefOffset}\n%%EOF\n`);
    } else {
      const xrefOffset = startOffset + sink.length;
      trailer.set('Size', Math.max(this.nextNumber, doc.maxObjectNumber + 1));
      sink.text('xref\n');
      for (const [first, run] of subsections([...offsets.keys()])) {
        sink.text(`${first} ${run.length}\n`);
        for (const num of run) {
          const e = offsets.get(num)!;
          sink.text(
            `${String(e.offset).padStart(10, '0')} ${String(e.gen).padStart(5, '0')} n\r\n`,
          );
        }
      }
      sink.text('trailer\n');
      writeObject(sink, trailer);
      sink.text(`\nstartxref\n${xrefOffset}\n%%EOF\n`);
    }
    return { bytes: sink.toBuffer(), startOffset, spans: sink.spans };
  }

  /** The new trailer: Root, Info, Encrypt and ID carried over, /Prev to the newest section. */
  private trailerFor(doc: PdfDocument): PdfDict {
    const t = new PdfDict();
    for (const key of ['Root', 'Info', 'Encrypt'] as const) {
      const v = doc.trailer.get(key);
      if (v !== undefined) t.set(key, v);
    }
    const id = doc.trailer.get('ID');
    const first = isArray(id) && isString(id[0]) ? id[0] : undefined;
    // §14.4: the first part stays (it keys the encryption); the second marks this version.
    const second = createHash('md5').update(randomBytes(16)).update(String(doc.size)).digest();
    const firstBytes = first ? first.bytes : second;
    t.set('ID', [new PdfString(firstBytes, true), new PdfString(second, true)]);
    t.set('Prev', doc.lastStartxref);
    return t;
  }
}

/** Groups ascending object numbers into contiguous runs: [[first, [n, n+1, ...]], ...]. */
function subsections(nums: number[]): Array<[number, number[]]> {
  const sorted = [...nums].sort((a, b) => a - b);
  const out: Array<[number, number[]]> = [];
  for (const n of sorted) {
    const last = out[out.length - 1];
    if (last && last[1][last[1].length - 1] === n - 1) last[1].push(n);
    else out.push([n, [n]]);
  }
  return out;
}

/** An xref stream (§7.5.8) holding type-1 entries for the update's objects. */
function xrefStream(
  trailer: PdfDict,
  offsets: ReadonlyMap<number, { offset: number; gen: number }>,
): PdfStream {
  const maxOffset = Math.max(...[...offsets.values()].map((e) => e.offset));
  const w2 = Math.max(4, Math.ceil(Math.log2(maxOffset + 1) / 8));
  const runs = subsections([...offsets.keys()]);
  const rowLen = 1 + w2 + 2;
  const data = Buffer.alloc(offsets.size * rowLen);
  let pos = 0;
  const index: number[] = [];
  for (const [first, run] of runs) {
    index.push(first, run.length);
    for (const num of run) {
      const e = offsets.get(num)!;
      data[pos] = 1;
      data.writeUIntBE(e.offset, pos + 1, w2);
      data.writeUInt16BE(e.gen, pos + 1 + w2);
      pos += rowLen;
    }
  }
  const d = trailer.clone();
  d.set('Type', PdfName.of('XRef'));
  d.set('W', [1, w2, 2]);
  d.set('Index', index);
  d.set('Filter', PdfName.of('FlateDecode'));
  return PdfStream.fromBytes(d, deflateSync(data));
}
