/**
 * PDF object model (ISO 32000-2 §7.3).
 *
 * Owns: the in-memory values of PDF objects as the reader produces them and the writer
 * serialises them. Names are interned (compare with ===), references are value objects with a
 * stable `key`, streams keep their data where it lies in the file until someone asks for it.
 * Must never: do I/O, decode filters, or know about encryption (see document.ts, filters.ts,
 * security-handler.ts).
 */

/** A PDF name, interned: `PdfName.of('Type') === PdfName.of('Type')`. */
export class PdfName {
  private static readonly interned = new Map<string, PdfName>();
  private constructor(readonly name: string) {}
  static of(name: string): PdfName {
    let n = PdfName.interned.get(name);
    if (!n) {
      n = new PdfName(name);
      PdfName.interned.set(name, n);
    }
    return n;
  }
  toString(): string {
    return `/${this.name}`;
  }
}

/** An indirect reference `num gen R`. */
export class PdfRef {
  readonly key: string;
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {
    this.key = `${num} ${gen}`;
  }
  equals(other: PdfRef): boolean {
    return this.num === other.num && this.gen === other.gen;
  }
  toString(): string {
    return `${this.num} ${this.gen} R`;
  }
}

/** A string object: raw bytes (already decrypted when read), and whether it was written as hex. */
export class PdfString {
  constructor(
    readonly bytes: Uint8Array,
    readonly hex = false,
  ) {}

  /** Text string (§7.9.2.2): UTF-16BE with BOM, UTF-8 with BOM, else PDFDocEncoding. */
  text(): string {
    const b = this.bytes;
    if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
      let s = '';
      for (let i = 2; i + 1 < b.length; i += 2) s += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
      return s;
    }
    if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
      return new TextDecoder('utf-8').decode(b.subarray(3));
    }
    let s = '';
    for (const c of b) s += String.fromCharCode(PDF_DOC_HIGH[c - 0x80] ?? c);
    return s;
  }

  /** Encodes a text string: PDFDocEncoding-compatible ASCII stays literal, anything else UTF-16BE. */
  static fromText(text: string, hex = false): PdfString {
    if (/^[\x20-\x7e\t\r\n]*$/.test(text))
      return new PdfString(new TextEncoder().encode(text), hex);
    const out = new Uint8Array(2 + text.length * 2);
    out[0] = 0xfe;
    out[1] = 0xff;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      out[2 + i * 2] = c >> 8;
      out[3 + i * 2] = c & 0xff;
    }
    return new PdfString(out, hex);
  }

  static fromBytes(bytes: Uint8Array, hex = true): PdfString {
    return new PdfString(bytes, hex);
  }
}

/** PDFDocEncoding 0x80..0xFF (Annex D.3) mapped to Unicode code units. */
const PDF_DOC_HIGH: readonly number[] = [
  0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044, 0x2039, 0x203a, 0x2212, 0x2030,
  0x201e, 0x201c, 0x201d, 0x2018, 0x2019, 0x201a, 0x2122, 0xfb01, 0xfb02, 0x0141, 0x0152, 0x0160,
  0x0178, 0x017d, 0x0131, 0x0142, 0x0153, 0x0161, 0x017e, 0xfffd, 0x20ac,
];

/** A dictionary. Keys are name strings without the slash; insertion order is kept for output. */
export class PdfDict {
  readonly map: Map<string, PdfObject>;
  constructor(entries?: Iterable<readonly [string, PdfObject]>) {
    this.map = new Map(entries);
  }
  get(key: string): PdfObject | undefined {
    return this.map.get(key);
  }
  set(key: string, value: PdfObject): this {
    this.map.set(key, value);
    return this;
  }
  has(key: string): boolean {
    return this.map.has(key);
  }
  delete(key: string): boolean {
    return this.map.delete(key);
  }
  get size(): number {
    return this.map.size;
  }
  /** The name value of `key`, or undefined when absent or not a name (no reference following). */
  getName(key: string): string | undefined {
    const v = this.map.get(key);
    return v instanceof PdfName ? v.name : undefined;
  }
  getNumber(key: string): number | undefined {
    const v = this.map.get(key);
    return typeof v === 'number' ? v : undefined;
  }
  getRef(key: string): PdfRef | undefined {
    const v = this.map.get(key);
    return v instanceof PdfRef ? v : undefined;
  }
  /** A shallow copy: the same values in a new map, for building a changed object. */
  clone(): PdfDict {
    return new PdfDict(this.map);
  }
}

/** Where a stream's encoded (and possibly encrypted) bytes are: in the file, or in memory. */
export type StreamSource =
  | { readonly kind: 'file'; readonly offset: number; readonly length: number }
  | { readonly kind: 'memory'; readonly bytes: Uint8Array };

/**
 * A stream object. `dict` is the stream dictionary (its /Length may be a reference). The data is
 * not read until document.streamData() is called.
 */
export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    readonly source: StreamSource,
  ) {}
  static fromBytes(dict: PdfDict, bytes: Uint8Array): PdfStream {
    return new PdfStream(dict, { kind: 'memory', bytes });
  }
}

export type PdfArray = PdfObject[];

export type PdfObject =
  null | boolean | number | PdfName | PdfString | PdfArray | PdfDict | PdfRef | PdfStream;

export const isDict = (o: PdfObject | undefined): o is PdfDict => o instanceof PdfDict;
export const isArray = (o: PdfObject | undefined): o is PdfArray => Array.isArray(o);
export const isName = (o: PdfObject | undefined, name?: string): o is PdfName =>
  o instanceof PdfName && (name === undefined || o.name === name);
export const isRef = (o: PdfObject | undefined): o is PdfRef => o instanceof PdfRef;
export const isStream = (o: PdfObject | undefined): o is PdfStream => o instanceof PdfStream;
export const isString = (o: PdfObject | undefined): o is PdfString => o instanceof PdfString;
export const isNumber = (o: PdfObject | undefined): o is number => typeof o === 'number';

/** Shorthand for building dictionaries in code: `dict({ Type: name('Sig') })`. */
export function dict(entries: Record<string, PdfObject>): PdfDict {
  return new PdfDict(Object.entries(entries));
}
export const name = (n: string): PdfName => PdfName.of(n);
