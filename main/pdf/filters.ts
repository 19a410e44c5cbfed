/**
 * Stream filters (ISO 32000-2 §7.4): FlateDecode and LZWDecode with PNG / TIFF predictors
 * (§7.4.4.4), ASCIIHexDecode, ASCII85Decode, RunLengthDecode; filter arrays with matching
 * /DecodeParms arrays; /Crypt with the Identity filter (decryption itself happens before).
 *
 * Owns: turning encoded stream bytes into decoded bytes, never producing more than `maxBytes`
 * (a deflate bomb ends in PDF_TOO_COMPLEX after at most `maxBytes` of output, it is not expanded).
 * A truncated deflate stream yields what could be inflated (viewers do the same).
 * Must never: do I/O, resolve references (callers pass direct values), or decrypt.
 */
import { constants as zc, inflateRawSync, inflateSync } from 'node:zlib';
import { SealdeskError } from '../errors/sealdesk-error';
import { pdfError } from './errors';
import { isWhite } from './lexer';
import { PdfDict, PdfName, type PdfObject } from './objects';

export interface FilterSpec {
  readonly name: string;
  readonly parms: PdfDict | undefined;
}

export interface DecodeContext {
  readonly maxBytes: number;
  readonly file: string;
}

const ABBREVIATIONS: Record<string, string> = {
  AHx: 'ASCIIHexDecode',
  A85: 'ASCII85Decode',
  LZW: 'LZWDecode',
  Fl: 'FlateDecode',
  RL: 'RunLengthDecode',
  CCF: 'CCITTFaxDecode',
  DCT: 'DCTDecode',
};

/** The filter chain of a stream dictionary whose /Filter and /DecodeParms are direct. */
export function filterChain(dict: PdfDict): FilterSpec[] {
  const f = dict.get('Filter') ?? dict.get('F');
  const p = dict.get('DecodeParms') ?? dict.get('DP');
  const names: PdfObject[] = Array.isArray(f) ? f : f === undefined ? [] : [f];
  const parms: PdfObject[] = Array.isArray(p) ? p : [p ?? null];
  const out: FilterSpec[] = [];
  names.forEach((n, i) => {
    if (!(n instanceof PdfName)) return;
    const parm = parms[i];
    out.push({
      name: ABBREVIATIONS[n.name] ?? n.name,
      parms: parm instanceof PdfDict ? parm : undefined,
    });
  });
  return out;
}

/** Applies the filters in order. */
export function decodeFilters(
  data: Uint8Array,
  filters: readonly FilterSpec[],
  ctx: DecodeContext,
): Uint8Array {
  let out = data;
  for (const f of filters) {
    try {
      out = decodeOne(out, f, ctx);
    } catch (e) {
      if (e instanceof SealdeskError) throw e;
      throw pdfError(
        'PDF_FILTER_BROKEN',
        { file: ctx.file, filter: f.name, reason: e instanceof Error ? e.message : String(e) },
        e,
      );
    }
  }
  return out;
}

function tooBig(ctx: DecodeContext): SealdeskError {
  return pdfError('PDF_TOO_COMPLEX', {
    file: ctx.file,
    reason: `a stream decodes to more than ${ctx.maxBytes} bytes`,
  });
}

function decodeOne(data: Uint8Array, f: FilterSpec, ctx: DecodeContext): Uint8Array {
  switch (f.name) {
    case 'FlateDecode':
      return predict(inflate(data, ctx), f.parms, ctx);
    case 'LZWDecode':
      return predict(lzw(data, f.parms?.getNumber('EarlyChange') ?? 1, ctx), f.parms, ctx);
    case 'ASCIIHexDecode':
      return asciiHex(data, ctx);
    case 'ASCII85Decode':
      return ascii85(data, ctx);
    case 'RunLengthDecode':
      return runLength(data, ctx);
    case 'Crypt':
      // §7.4.10: only the Identity crypt filter reaches here; real ones were applied already.
      return data;
    default:
      throw pdfError('PDF_FILTER_UNSUPPORTED', { file: ctx.file, filter: f.name });
  }
}

/** A growable output buffer with a hard cap. */
class Sink {
  buf: Uint8Array;
  n = 0;
  constructor(
    hint: number,
    private readonly ctx: DecodeContext,
  ) {
    this.buf = new Uint8Array(Math.max(64, Math.min(hint, ctx.maxBytes)));
  }
  ensure(extra: number): void {
    const need = this.n + extra;
    if (need > this.ctx.maxBytes) throw tooBig(this.ctx);
    if (need <= this.buf.length) return;
    const next = new Uint8Array(Math.min(this.ctx.maxBytes, Math.max(need, this.buf.length * 2)));
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
  }
  push(b: number): void {
    if (this.n >= this.buf.length) this.ensure(1);
    this.buf[this.n++] = b;
  }
  result(): Uint8Array {
    return this.buf.subarray(0, this.n);
  }
}

function inflate(data: Uint8Array, ctx: DecodeContext): Uint8Array {
  // maxOutputLength stops a bomb after maxBytes + 1; Z_SYNC_FLUSH returns what a truncated
  // stream held instead of failing with "unexpected end of file".
  const opts = { maxOutputLength: ctx.maxBytes + 1, finishFlush: zc.Z_SYNC_FLUSH };
  let out: Buffer;
  try {
    out = inflateSync(data, opts);
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooBig(ctx);
    try {
      // Some writers omit the zlib header (raw deflate).
      out = inflateRawSync(data, opts);
    } catch (e2) {
      if ((e2 as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooBig(ctx);
      throw e;
    }
  }
  if (out.length > ctx.maxBytes) throw tooBig(ctx);
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

function parmInt(parms: PdfDict | undefined, key: string, dflt: number, max: number): number {
  const v = parms?.getNumber(key);
  if (v === undefined || !Number.isInteger(v) || v < 1 || v > max) return dflt;
  return v;
}

/** §7.4.4.4 predictors: 2 = TIFF, 10..15 = PNG (the tag byte of each row decides). */
export function predict(
  data: Uint8Array,
  parms: PdfDict | undefined,
  ctx: DecodeContext,
): Uint8Array {
  const predictor = parms?.getNumber('Predictor') ?? 1;
  if (predictor <= 1) return data;
  const colors = parmInt(parms, 'Colors', 1, 32);
  const bpc = parmInt(parms, 'BitsPerComponent', 8, 16);
  if (![1, 2, 4, 8, 16].includes(bpc)) {
    throw pdfError('PDF_FILTER_BROKEN', {
      file: ctx.file,
      filter: 'Predictor',
      reason: `BitsPerComponent ${bpc}`,
    });
  }
  const columns = parmInt(parms, 'Columns', 1, 1 << 24);
  const rowBytes = Math.ceil((colors * bpc * columns) / 8);
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  if (predictor === 2) return tiff(data, rowBytes, colors, bpc);
  if (predictor < 10 || predictor > 15) {
    throw pdfError('PDF_FILTER_BROKEN', {
      file: ctx.file,
      filter: 'Predictor',
      reason: `unknown predictor ${predictor}`,
    });
  }
  const rows = Math.ceil(data.length / (rowBytes + 1));
  const out = new Uint8Array(rows * rowBytes);
  let prev = new Uint8Array(rowBytes);
  let o = 0;
  for (let p = 0; p < data.length; p += rowBytes + 1) {
    const tag = data[p]!;
    const row = out.subarray(o, o + rowBytes);
    const src = data.subarray(p + 1, Math.min(data.length, p + 1 + rowBytes));
    row.set(src);
    switch (tag) {
      case 0:
        break;
      case 1:
        for (let i = bpp; i < rowBytes; i++) row[i] = (row[i]! + row[i - bpp]!) & 0xff;
        break;
      case 2:
        for (let i = 0; i < rowBytes; i++) row[i] = (row[i]! + prev[i]!) & 0xff;
        break;
      case 3:
        for (let i = 0; i < rowBytes; i++) {
          const left = i >= bpp ? row[i - bpp]! : 0;
          row[i] = (row[i]! + ((left + prev[i]!) >> 1)) & 0xff;
        }
        break;
      case 4:
        for (let i = 0; i < rowBytes; i++) {
          const a = i >= bpp ? row[i - bpp]! : 0;
          const b = prev[i]!;
          const c = i >= bpp ? prev[i - bpp]! : 0;
          const pa = Math.abs(b - c);
          const pb = Math.abs(a - c);
          const pc = Math.abs(a + b - 2 * c);
          const pr = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          row[i] = (row[i]! + pr) & 0xff;
        }
        break;
      default:
        throw pdfError('PDF_FILTER_BROKEN', {
          file: ctx.file,
          filter: 'Predictor',
          reason: `unknown PNG row filter ${tag}`,
        });
    }
    prev = row;
    o += src.length;
  }
  return out.subarray(0, o);
}

/** TIFF Predictor 2 (horizontal differencing), per component. */
function tiff(data: Uint8Array, rowBytes: number, colors: number, bpc: number): Uint8Array {
  const out = Uint8Array.from(data);
  for (let r = 0; r + rowBytes <= out.length; r += rowBytes) {
    if (bpc === 8) {
      for (let i = colors; i < rowBytes; i++)
        out[r + i] = (out[r + i]! + out[r + i - colors]!) & 0xff;
    } else if (bpc === 16) {
      for (let i = 2 * colors; i + 1 < rowBytes; i += 2) {
        const v =
          ((out[r + i]! << 8) | out[r + i + 1]!) +
          ((out[r + i - 2 * colors]! << 8) | out[r + i - 2 * colors + 1]!);
        out[r + i] = (v >> 8) & 0xff;
        out[r + i + 1] = v & 0xff;
      }
    } else {
      const samples = Math.floor((rowBytes * 8) / bpc);
      const mask = (1 << bpc) - 1;
      const get = (k: number): number => {
        const bit = k * bpc;
        return (out[r + (bit >> 3)]! >> (8 - bpc - (bit & 7))) & mask;
      };
      const set = (k: number, v: number): void => {
        const bit = k * bpc;
        const shift = 8 - bpc - (bit & 7);
        const idx = r + (bit >> 3);
        out[idx] = (out[idx]! & ~(mask << shift)) | ((v & mask) << shift);
      };
      for (let k = colors; k < samples; k++) set(k, get(k) + get(k - colors));
    }
  }
  return out;
}

function lzw(data: Uint8Array, earlyChange: number, ctx: DecodeContext): Uint8Array {
  const sink = new Sink(data.length * 3, ctx);
  const prefix = new Int32Array(4096);
  const suffix = new Uint8Array(4096);
  const length = new Uint16Array(4096);
  const first = new Uint8Array(4096);
  for (let i = 0; i < 256; i++) {
    prefix[i] = -1;
    suffix[i] = i;
    length[i] = 1;
    first[i] = i;
  }
  let next = 258;
  let codeLen = 9;
  let prev = -1;
  let bitBuf = 0;
  let bits = 0;
  let p = 0;
  const early = earlyChange === 0 ? 0 : 1;
  for (;;) {
    while (bits < codeLen && p < data.length) {
      bitBuf = ((bitBuf << 8) | data[p++]!) >>> 0;
      bits += 8;
    }
    if (bits < codeLen) break;
    const code = (bitBuf >>> (bits - codeLen)) & ((1 << codeLen) - 1);
    bits -= codeLen;
    bitBuf &= (1 << bits) - 1;
    if (code === 256) {
      next = 258;
      codeLen = 9;
      prev = -1;
      continue;
    }
    if (code === 257) break;
    let entry: number;
    if (code < next && code !== 256 && code !== 257) entry = code;
    else if (code === next && prev >= 0) entry = -1;
    else throw new Error(`invalid LZW code ${code}`);
    if (prev >= 0 && next < 4096) {
      prefix[next] = prev;
      suffix[next] = entry >= 0 ? first[entry]! : first[prev]!;
      length[next] = length[prev]! + 1;
      first[next] = first[prev]!;
      next++;
    }
    const out = entry >= 0 ? entry : next - 1;
    const len = length[out]!;
    sink.ensure(len);
    let k = out;
    for (let i = len - 1; i >= 0; i--) {
      sink.buf[sink.n + i] = suffix[k]!;
      k = prefix[k]!;
    }
    sink.n += len;
    prev = out;
    if (next + early >= 1 << codeLen && codeLen < 12) codeLen++;
  }
  return sink.result();
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

function asciiHex(data: Uint8Array, ctx: DecodeContext): Uint8Array {
  const sink = new Sink(data.length >> 1, ctx);
  let hi = -1;
  for (const c of data) {
    if (c === 0x3e) break;
    const v = hexValue(c);
    if (v < 0) {
      if (isWhite(c)) continue;
      throw new Error('invalid character');
    }
    if (hi < 0) hi = v;
    else {
      sink.push((hi << 4) | v);
      hi = -1;
    }
  }
  if (hi >= 0) sink.push(hi << 4);
  return sink.result();
}

function ascii85(data: Uint8Array, ctx: DecodeContext): Uint8Array {
  const sink = new Sink(Math.ceil(data.length * 0.8), ctx);
  const group = [0, 0, 0, 0, 0];
  let n = 0;
  let i = 0;
  if (data[0] === 0x3c && data[1] === 0x7e) i = 2; // optional <~ prefix
  for (; i < data.length; i++) {
    const c = data[i]!;
    if (c === 0x7e) break; // ~>
    if (isWhite(c)) continue;
    if (c === 0x7a && n === 0) {
      sink.ensure(4);
      for (let k = 0; k < 4; k++) sink.push(0);
      continue;
    }
    if (c < 0x21 || c > 0x75) throw new Error('invalid character');
    group[n++] = c - 0x21;
    if (n === 5) {
      emit85(sink, group, 4);
      n = 0;
    }
  }
  if (n === 1) throw new Error('a final group of one character');
  if (n > 1) {
    for (let k = n; k < 5; k++) group[k] = 84;
    emit85(sink, group, n - 1);
  }
  return sink.result();
}

function emit85(sink: Sink, g: number[], count: number): void {
  let v = 0;
  for (let k = 0; k < 5; k++) v = v * 85 + g[k]!;
  if (v > 0xffffffff) throw new Error('group out of range');
  sink.ensure(count);
  for (let k = 0; k < count; k++) sink.push((v >>> (24 - 8 * k)) & 0xff);
}

function runLength(data: Uint8Array, ctx: DecodeContext): Uint8Array {
  const sink = new Sink(data.length * 2, ctx);
  let i = 0;
  while (i < data.length) {
    const len = data[i++]!;
    if (len === 128) break;
    if (len < 128) {
      const chunk = data.subarray(i, i + len + 1);
      sink.ensure(chunk.length);
      sink.buf.set(chunk, sink.n);
      sink.n += chunk.length;
      i += len + 1;
    } else {
      if (i >= data.length) break;
      const b = data[i++]!;
      const count = 257 - len;
      sink.ensure(count);
      sink.buf.fill(b, sink.n, sink.n + count);
      sink.n += count;
    }
  }
  return sink.result();
}
