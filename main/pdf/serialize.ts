/**
 * Serialises PDF objects to bytes (ISO 32000-2 §7.3, §7.5.3 indirect objects).
 *
 * Owns: the textual form of every object the writer emits, string encryption on the way out
 * (through a SecurityHandler, with the enclosing object's reference, §7.6.2), and tracking the
 * byte offsets of chosen values (the signature's /Contents and /ByteRange placeholders) so the
 * signer can patch them in place.
 * Must never: do I/O or change the objects it is given.
 */
import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, type PdfObject } from './objects';
import type { SecurityHandler } from './security-handler';

/** Where a tracked value landed in the output: [start, end) byte offsets. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface SerializeContext {
  /** Encrypts strings and streams of the object being written, when the document is encrypted. */
  readonly security?: SecurityHandler | undefined;
  /** The indirect object being written (its reference keys the encryption). */
  readonly ref?: PdfRef | undefined;
  /** Values (by identity) whose spans to record; tracked strings are never encrypted. */
  readonly track?: ReadonlySet<object> | undefined;
}

const DELIMITERS = new Set('()<>[]{}/%'.split('').map((c) => c.charCodeAt(0)));

/** A growable byte buffer with latin-1 text appends. */
export class ByteSink {
  private buf: Buffer;
  length = 0;
  readonly spans = new Map<object, Span>();
  constructor(initial = 4096) {
    this.buf = Buffer.allocUnsafe(initial);
  }
  private ensure(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }
  text(s: string): this {
    this.ensure(s.length);
    this.length += this.buf.write(s, this.length, 'latin1');
    return this;
  }
  bytes(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }
  toBuffer(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

/** A number as PDF writes it: integers plainly, reals with at most 6 decimals, never exponents. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`cannot write ${n} as a PDF number`);
  if (Number.isInteger(n)) return String(n);
  let s = n.toFixed(6);
  s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

/** `/Name` with #xx escapes for delimiters, whitespace and bytes outside 0x21..0x7e (§7.3.5). */
export function formatName(name: string): string {
  const latin1 = [...name].every((c) => c.charCodeAt(0) < 0x100);
  const bytes = Buffer.from(name, latin1 ? 'latin1' : 'utf8');
  let out = '/';
  for (const b of bytes) {
    if (b < 0x21 || b > 0x7e || b === 0x23 || DELIMITERS.has(b)) {
      out += '#' + b.toString(16).padStart(2, '0').toUpperCase();
    } else out += String.fromCharCode(b);
  }
  return out;
}

function writeString(sink: ByteSink, bytes: Uint8Array, hex: boolean): void {
  if (hex) {
    sink.text('<').text(Buffer.from(bytes).toString('hex').toUpperCase()).text('>');
    return;
  }
  let s = '(';
  for (const b of bytes) {
    if (b === 0x28 || b === 0x29 || b === 0x5c) s += '\\' + String.fromCharCode(b);
    else if (b === 0x0a) s += '\\n';
    else if (b === 0x0d) s += '\\r';
    else if (b < 0x20 || b > 0x7e) s += '\\' + b.toString(8).padStart(3, '0');
    else s += String.fromCharCode(b);
  }
  sink.text(s + ')');
}

/** Writes one direct value. Streams are only allowed at the top of an indirect object. */
export function writeObject(sink: ByteSink, obj: PdfObject, ctx: SerializeContext = {}): void {
  const tracked = obj !== null && typeof obj === 'object' && ctx.track?.has(obj) === true;
  const start = sink.length;
  if (obj === null) sink.text('null');
  else if (typeof obj === 'boolean') sink.text(obj ? 'true' : 'false');
  else if (typeof obj === 'number') sink.text(formatNumber(obj));
  else if (obj instanceof PdfName) sink.text(formatName(obj.name));
  else if (obj instanceof PdfRef) sink.text(`${obj.num} ${obj.gen} R`);
  else if (obj instanceof PdfString) {
    const bytes =
      ctx.security && ctx.ref && !tracked
        ? ctx.security.encryptString(obj.bytes, ctx.ref)
        : obj.bytes;
    writeString(sink, bytes, obj.hex || bytes !== obj.bytes);
  } else if (Array.isArray(obj)) {
    sink.text('[');
    obj.forEach((item, i) => {
      if (i > 0) sink.text(' ');
      writeObject(sink, item, ctx);
    });
    sink.text(']');
  } else if (obj instanceof PdfDict) {
    sink.text('<<');
    for (const [key, value] of obj.map) {
      sink.text(formatName(key)).text(' ');
      writeObject(sink, value, ctx);
    }
    sink.text('>>');
  } else if (obj instanceof PdfStream) {
    throw new TypeError('a stream must be written as an indirect object');
  }
  if (tracked) sink.spans.set(obj, { start, end: sink.length });
}

/**
 * Writes `num gen obj ... endobj\n`. A stream's bytes (in memory) are encrypted when the document
 * is, and /Length is set to what is written.
 */
export function writeIndirect(
  sink: ByteSink,
  ref: PdfRef,
  obj: PdfObject,
  ctx: Omit<SerializeContext, 'ref'> = {},
): void {
  const full: SerializeContext = { ...ctx, ref };
  sink.text(`${ref.num} ${ref.gen} obj\n`);
  if (obj instanceof PdfStream) {
    if (obj.source.kind !== 'memory') {
      throw new TypeError('only in-memory streams can be written by the incremental writer');
    }
    const data = ctx.security
      ? ctx.security.encryptStream(obj.source.bytes, ref, obj.dict)
      : obj.source.bytes;
    const d = obj.dict.clone().set('Length', data.length);
    writeObject(sink, d, full);
    sink.text('\nstream\n').bytes(data).text('\nendstream');
  } else {
    writeObject(sink, obj, full);
  }
  sink.text('\nendobj\n');
}
