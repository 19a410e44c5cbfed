/**
 * Builds small PDFs in memory for the reader's tests: classic xref tables (with a choice of
 * EOL and the off-by-one writer bug), xref streams (optionally PNG-predicted), object streams,
 * hybrid files and incremental updates. Byte strings are written by hand on purpose: the tests
 * need files no correct writer would make.
 */
import { deflateSync } from 'node:zlib';

export interface Obj {
  num: number;
  gen?: number;
  /** The object body between `N G obj` and `endobj` (streams: use stream()). */
  body: string | Uint8Array;
}

export interface BuildOptions {
  objects: Obj[];
  /** Trailer entries besides /Size and /Prev, e.g. '/Root 1 0 R'. */
  trailer: string;
  xref?: 'table' | 'stream' | 'hybrid';
  /** Objects to put in one object stream (numbers from `objects`); needs xref 'stream'/'hybrid'. */
  objStm?: { num: number; members: number[] };
  eol?: string;
  /** Table entry EOL (20-byte entries use ' \n' or '\r\n'). */
  entryEol?: string;
  /** Writes `xref 1 N` although the first entry is object 0 (a common writer bug). */
  offByOne?: boolean;
  /** PNG Up predictor on the xref stream. */
  predictor?: boolean;
  /** Bytes to append to (incremental update); /Prev is set to `prev`. */
  base?: Uint8Array;
  prev?: number;
  header?: string;
}

export interface Built {
  bytes: Uint8Array;
  startxref: number;
  offsets: Map<number, number>;
}

const enc = (s: string): Uint8Array => Buffer.from(s, 'latin1');

export function concat(parts: (string | Uint8Array)[]): Uint8Array {
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? enc(p) : p)));
}

/** A stream object body: dictionary entries (without << >>) and data; /Length is added. */
export function stream(
  dictEntries: string,
  data: string | Uint8Array,
  length?: string,
): Uint8Array {
  const d = typeof data === 'string' ? enc(data) : data;
  return concat([`<< ${dictEntries} /Length ${length ?? d.length} >>\nstream\n`, d, '\nendstream']);
}

export function buildPdf(o: BuildOptions): Built {
  const eol = o.eol ?? '\n';
  const parts: Uint8Array[] = [];
  let pos = 0;
  const push = (p: string | Uint8Array): void => {
    const b = typeof p === 'string' ? enc(p) : p;
    parts.push(b);
    pos += b.length;
  };
  if (o.base) push(o.base);
  else push(`${o.header ?? '%PDF-1.7'}${eol}%\xe2\xe3\xcf\xd3${eol}`);
  const offsets = new Map<number, number>();
  const members = new Set(o.objStm?.members ?? []);
  const compressed = new Map<number, number>();
  for (const ob of o.objects) {
    if (members.has(ob.num)) continue;
    offsets.set(ob.num, pos);
    push(concat([`${ob.num} ${ob.gen ?? 0} obj${eol}`, ob.body, `${eol}endobj${eol}`]));
  }
  if (o.objStm) {
    const heads: string[] = [];
    const bodies: Uint8Array[] = [];
    let off = 0;
    o.objStm.members.forEach((m, i) => {
      const ob = o.objects.find((x) => x.num === m)!;
      heads.push(`${m} ${off}`);
      const b = concat([ob.body, ' ']);
      bodies.push(b);
      off += b.length;
      compressed.set(m, i);
    });
    const head = heads.join(' ') + ' ';
    const data = deflateSync(concat([head, ...bodies]));
    offsets.set(o.objStm.num, pos);
    push(
      concat([
        `${o.objStm.num} 0 obj${eol}`,
        stream(
          `/Type /ObjStm /N ${o.objStm.members.length} /First ${head.length} /Filter /FlateDecode`,
          data,
        ),
        `${eol}endobj${eol}`,
      ]),
    );
  }
  const kind = o.xref ?? 'table';
  const maxNum = Math.max(0, ...offsets.keys(), ...compressed.keys(), o.objStm?.num ?? 0);
  const prev = o.prev !== undefined ? ` /Prev ${o.prev}` : '';
  let startxref: number;
  if (kind === 'stream' || kind === 'hybrid') {
    const xrefNum = maxNum + 1;
    const rows: [number, number, number][] = [];
    const size = xrefNum + 1;
    const streamPos = kind === 'stream' ? pos : -1;
    for (let n = 0; n < size; n++) {
      if (n === xrefNum && kind === 'stream') rows.push([1, streamPos, 0]);
      else if (offsets.has(n)) rows.push([1, offsets.get(n)!, 0]);
      else if (compressed.has(n)) rows.push([2, o.objStm!.num, compressed.get(n)!]);
      else rows.push([0, 0, n === 0 ? 65535 : 0]);
    }
    const raw: number[] = [];
    for (const [t, a, b] of rows)
      raw.push(
        t,
        (a >>> 24) & 255,
        (a >>> 16) & 255,
        (a >>> 8) & 255,
        a & 255,
        (b >> 8) & 255,
        b & 255,
      );
    let data: Uint8Array;
    let parms = '';
    if (o.predictor) {
      const out: number[] = [];
      let prevRow = new Array<number>(7).fill(0);
      for (let r = 0; r < rows.length; r++) {
        const row = raw.slice(r * 7, r * 7 + 7);
        out.push(2, ...row.map((v, i) => (v - prevRow[i]!) & 255));
        prevRow = row;
      }
      data = deflateSync(Uint8Array.from(out));
      parms = ' /DecodeParms << /Predictor 12 /Columns 7 >>';
    } else data = deflateSync(Uint8Array.from(raw));
    const dict = `/Type /XRef /Size ${size} /W [1 4 2] /Filter /FlateDecode${parms} ${o.trailer}${prev}`;
    if (kind === 'stream') {
      startxref = pos;
      push(concat([`${xrefNum} 0 obj${eol}`, stream(dict, data), `${eol}endobj${eol}`]));
    } else {
      // Hybrid: the hidden stream lists the compressed objects; the table the others.
      const stmPos = pos;
      push(concat([`${xrefNum} 0 obj${eol}`, stream(dict, data), `${eol}endobj${eol}`]));
      startxref = pos;
      push(table(offsets, xrefNum + 1, o, eol));
      push(`trailer${eol}<< /Size ${xrefNum + 1} ${o.trailer}${prev} /XRefStm ${stmPos} >>${eol}`);
    }
  } else {
    startxref = pos;
    push(table(offsets, maxNum + 1, o, eol));
    push(`trailer${eol}<< /Size ${maxNum + 1} ${o.trailer}${prev} >>${eol}`);
  }
  push(`startxref${eol}${startxref}${eol}%%EOF${eol}`);
  return { bytes: concat(parts), startxref, offsets };
}

function table(offsets: Map<number, number>, size: number, o: BuildOptions, eol: string): string {
  const ee = o.entryEol ?? ' \n';
  const pad = (n: number, w: number): string => String(n).padStart(w, '0');
  if (o.base) {
    // An update lists only its own objects, one subsection per run.
    let s = `xref${eol}`;
    const nums = [...offsets.keys()].sort((a, b) => a - b);
    for (const n of nums) s += `${n} 1${eol}${pad(offsets.get(n)!, 10)} 00000 n${ee}`;
    return s;
  }
  let s = `xref${eol}${o.offByOne ? 1 : 0} ${size}${eol}`;
  for (let n = 0; n < size; n++) {
    const off = offsets.get(n);
    s +=
      off === undefined
        ? `0000000000 ${n === 0 ? '65535' : '00000'} f${ee}`
        : `${pad(off, 10)} 00000 n${ee}`;
  }
  return s;
}

/** A minimal document with `pages` pages in one flat /Pages node, objects 1..(2+pages). */
export function simpleObjects(pages = 1, extra = ''): Obj[] {
  const kids = Array.from({ length: pages }, (_, i) => `${3 + i} 0 R`).join(' ');
  const objs: Obj[] = [
    { num: 1, body: `<< /Type /Catalog /Pages 2 0 R ${extra} >>` },
    { num: 2, body: `<< /Type /Pages /Kids [${kids}] /Count ${pages} /MediaBox [0 0 595 842] >>` },
  ];
  for (let i = 0; i < pages; i++) {
    objs.push({ num: 3 + i, body: `<< /Type /Page /Parent 2 0 R /Contents ${3 + pages} 0 R >>` });
  }
  objs.push({ num: 3 + pages, body: stream('', 'BT /F1 12 Tf (Hello) Tj ET') });
  return objs;
}

/** An LZW encoder (EarlyChange 1) for the filter tests. */
export function lzwEncode(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  let codeLen = 9;
  const emit = (code: number): void => {
    acc = (acc << codeLen) | code;
    bits += codeLen;
    while (bits >= 8) {
      out.push((acc >>> (bits - 8)) & 255);
      bits -= 8;
    }
    acc &= (1 << bits) - 1;
  };
  let dict = new Map<string, number>();
  let next = 258;
  emit(256);
  let w = '';
  for (const byte of data) {
    const c = String.fromCharCode(byte);
    const wc = w + c;
    if (w === '' || dict.has(wc) || wc.length === 1) {
      if (wc.length === 1 || dict.has(wc)) {
        w = wc;
        continue;
      }
    }
    emit(w.length === 1 ? w.charCodeAt(0) : dict.get(w)!);
    dict.set(wc, next++);
    if (next + 1 > 1 << codeLen && codeLen < 12) codeLen++;
    if (next >= 4094) {
      emit(256);
      dict = new Map();
      next = 258;
      codeLen = 9;
    }
    w = c;
  }
  if (w) emit(w.length === 1 ? w.charCodeAt(0) : dict.get(w)!);
  emit(257);
  if (bits > 0) out.push((acc << (8 - bits)) & 255);
  return Uint8Array.from(out);
}
