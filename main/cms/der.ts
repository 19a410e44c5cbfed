/**
 * DER mechanics: a small TLV writer and reader (ITU-T X.690 §8, §10 DER rules).
 *
 * Owns: encoding lengths, tags, INTEGER/OID/OCTET STRING/SET OF in DER, and reading TLVs back
 * as exact byte slices (so certificates and names are embedded byte-for-byte, never
 * re-encoded).
 * Must never: interpret CMS or X.509 semantics (callers do), or accept indefinite lengths.
 */

export const TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** X.690 §8.1.3: definite length, short form below 128, else minimal long form. */
function encodeLength(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** One TLV with a single-byte tag and the given contents. */
export function tlv(tag: number, ...contents: readonly Uint8Array[]): Uint8Array {
  const body = concat(contents);
  return concat([Uint8Array.of(tag), encodeLength(body.length), body]);
}

export const seq = (...items: readonly Uint8Array[]): Uint8Array => tlv(TAG.SEQUENCE, ...items);

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** SET OF in DER: elements sorted by their encodings (X.690 §11.6). */
export function setOf(items: readonly Uint8Array[], tag: number = TAG.SET): Uint8Array {
  return tlv(tag, ...[...items].sort(compareBytes));
}

/** [n] EXPLICIT: a constructed context tag around the full encoding. */
export const explicit = (n: number, ...items: readonly Uint8Array[]): Uint8Array =>
  tlv(0xa0 | n, ...items);

export const octetString = (bytes: Uint8Array): Uint8Array => tlv(TAG.OCTET_STRING, bytes);

export const derNull = (): Uint8Array => Uint8Array.of(TAG.NULL, 0);

/** INTEGER from a non-negative JS number (small values: versions, salt lengths). */
export function integer(n: number): Uint8Array {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`bad INTEGER ${n}`);
  const bytes: number[] = [];
  let v = n;
  do {
    bytes.unshift(v & 0xff);
    v = Math.floor(v / 256);
  } while (v > 0);
  if ((bytes[0]! & 0x80) !== 0) bytes.unshift(0);
  return tlv(TAG.INTEGER, Uint8Array.from(bytes));
}

/** OBJECT IDENTIFIER from dotted text (X.690 §8.19). */
export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map((s) => {
    const v = Number(s);
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`bad OID ${dotted}`);
    return v;
  });
  if (arcs.length < 2) throw new RangeError(`bad OID ${dotted}`);
  const out: number[] = [];
  const push = (v: number): void => {
    const chunk: number[] = [v & 0x7f];
    for (let x = Math.floor(v / 128); x > 0; x = Math.floor(x / 128))
      chunk.unshift(0x80 | (x & 0x7f));
    out.push(...chunk);
  };
  push(arcs[0]! * 40 + arcs[1]!);
  for (const a of arcs.slice(2)) push(a);
  return tlv(TAG.OID, Uint8Array.from(out));
}

/** A TLV read from a buffer: positions are absolute offsets into `bytes`. */
export interface DerNode {
  readonly bytes: Uint8Array;
  readonly tag: number;
  /** Offset of the tag byte. */
  readonly start: number;
  /** Offset of the first content byte. */
  readonly contentStart: number;
  /** Offset just past the contents. */
  readonly end: number;
}

export class DerError extends Error {
  override readonly name = 'DerError';
}

/** Reads one TLV at `offset`. Multi-byte tags and indefinite lengths are refused. */
export function readNode(bytes: Uint8Array, offset = 0): DerNode {
  const tag = bytes[offset];
  const first = bytes[offset + 1];
  if (tag === undefined || first === undefined) throw new DerError('truncated DER');
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte tags are not supported');
  let len = first;
  let p = offset + 2;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n === 0 || n > 4) throw new DerError('indefinite or oversized length');
    len = 0;
    for (let i = 0; i < n; i++) {
      const b = bytes[p++];
      if (b === undefined) throw new DerError('truncated DER length');
      len = len * 256 + b;
    }
  }
  if (p + len > bytes.length) throw new DerError('DER element runs past the end');
  return { bytes, tag, start: offset, contentStart: p, end: p + len };
}

/** The children of a constructed node. */
export function children(node: DerNode): DerNode[] {
  const out: DerNode[] = [];
  for (let p = node.contentStart; p < node.end;) {
    const c = readNode(node.bytes, p);
    out.push(c);
    p = c.end;
  }
  return out;
}

/** The full encoding (tag, length, contents) of a node, as a view. */
export const encoding = (n: DerNode): Uint8Array => n.bytes.subarray(n.start, n.end);

/** The contents of a node, as a view. */
export const contents = (n: DerNode): Uint8Array => n.bytes.subarray(n.contentStart, n.end);

/** Dotted text of an OBJECT IDENTIFIER node. */
export function readOid(n: DerNode): string {
  if (n.tag !== TAG.OID) throw new DerError('expected an OBJECT IDENTIFIER');
  const c = contents(n);
  const arcs: number[] = [];
  let v = 0;
  for (const b of c) {
    v = v * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      if (arcs.length === 0) {
        const first = v < 80 ? Math.floor(v / 40) : 2;
        arcs.push(first, v - first * 40);
      } else arcs.push(v);
      v = 0;
    }
  }
  return arcs.join('.');
}

export { concat };
