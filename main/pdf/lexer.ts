/**
 * PDF lexical conventions (ISO 32000-2 §7.2): white-space, delimiters, comments, numbers,
 * names (§7.3.5, #xx escapes), literal strings (§7.3.4.2, escapes, octal, EOL rules) and
 * hexadecimal strings (§7.3.4.3), keywords.
 *
 * Owns: turning bytes into tokens over one Uint8Array window. When the window is only part of
 * the file (`complete: false`) and a token touches its end, it throws `NeedMoreData` so the
 * caller can read a larger window: a token is never guessed from a cut.
 * Must never: allocate per byte beyond the token being built, recurse, or do I/O.
 */
import { pdfError } from './errors';

export enum Tok {
  EOF = 0,
  Number = 1,
  Name = 2,
  String = 3,
  HexString = 4,
  Keyword = 5,
  ArrayOpen = 6,
  ArrayClose = 7,
  DictOpen = 8,
  DictClose = 9,
  BraceOpen = 10,
  BraceClose = 11,
}

/** Thrown when the window ends inside a token; the caller reads more and parses again. */
export class NeedMoreData extends Error {
  constructor() {
    super('need more data');
  }
}

/** Character classes: 1 = white-space, 2 = delimiter, 0 = regular (§7.2.3). */
const CLASS = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) CLASS[c] = 1;
for (const c of '()<>[]{}/%') CLASS[c.charCodeAt(0)] = 2;

export const isWhite = (c: number): boolean => CLASS[c] === 1;
export const isDelimiter = (c: number): boolean => CLASS[c] === 2;
export const isRegular = (c: number): boolean => CLASS[c] === 0;

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

export interface LexerOptions {
  /** false when `bytes` is a window that the file continues past. Default true. */
  complete?: boolean;
  /** Absolute file offset of bytes[0], for messages. */
  base?: number;
  /** File name for messages. */
  file?: string;
}

export class Lexer {
  pos: number;
  /** Value of the last token: number for Number, string for Name/Keyword, bytes for strings. */
  num = 0;
  str = '';
  bytes: Uint8Array = new Uint8Array(0);
  /** Start offset (in `bytes`) of the last token. */
  tokenStart = 0;
  readonly complete: boolean;
  readonly base: number;
  readonly file: string;

  constructor(
    readonly data: Uint8Array,
    pos = 0,
    options: LexerOptions = {},
  ) {
    this.pos = pos;
    this.complete = options.complete ?? true;
    this.base = options.base ?? 0;
    this.file = options.file ?? '<memory>';
  }

  /** Throws a syntax error at the current position. */
  fail(reason: string, at = this.pos): never {
    throw pdfError('PDF_SYNTAX', { file: this.file, offset: this.base + at, reason });
  }

  private more(): never {
    if (!this.complete) throw new NeedMoreData();
    throw pdfError('PDF_TRUNCATED', {
      file: this.file,
      offset: this.base + this.pos,
      reason: 'unexpected end of data',
    });
  }

  /** Skips white-space and comments. */
  skipWhite(): void {
    const d = this.data;
    let p = this.pos;
    for (;;) {
      while (p < d.length && CLASS[d[p]!] === 1) p++;
      if (p < d.length && d[p] === 0x25) {
        while (p < d.length && d[p] !== 0x0a && d[p] !== 0x0d) p++;
        continue;
      }
      break;
    }
    this.pos = p;
  }

  /** The next token; at the end of a partial window throws NeedMoreData. */
  next(): Tok {
    this.skipWhite();
    const d = this.data;
    const p = this.pos;
    this.tokenStart = p;
    if (p >= d.length) {
      if (!this.complete) throw new NeedMoreData();
      return Tok.EOF;
    }
    const c = d[p]!;
    switch (c) {
      case 0x5b:
        this.pos = p + 1;
        return Tok.ArrayOpen;
      case 0x5d:
        this.pos = p + 1;
        return Tok.ArrayClose;
      case 0x7b:
        this.pos = p + 1;
        return Tok.BraceOpen;
      case 0x7d:
        this.pos = p + 1;
        return Tok.BraceClose;
      case 0x28:
        return this.literalString();
      case 0x2f:
        return this.nameToken();
      case 0x3c:
        if (p + 1 >= d.length) this.more();
        if (d[p + 1] === 0x3c) {
          this.pos = p + 2;
          return Tok.DictOpen;
        }
        return this.hexString();
      case 0x3e:
        if (p + 1 >= d.length) this.more();
        if (d[p + 1] === 0x3e) {
          this.pos = p + 2;
          return Tok.DictClose;
        }
        this.pos = p + 1;
        this.fail("unexpected '>'", p);
      // falls through (fail never returns)
      case 0x29:
        this.pos = p + 1;
        this.fail("unexpected ')'", p);
    }
    // A number or a keyword: a run of regular characters.
    let e = p;
    while (e < d.length && CLASS[d[e]!] === 0) e++;
    if (e >= d.length && !this.complete) throw new NeedMoreData();
    this.pos = e;
    if (c === 0x2b || c === 0x2d || c === 0x2e || (c >= 0x30 && c <= 0x39)) {
      const n = parseNumber(d, p, e);
      if (n !== undefined) {
        this.num = n;
        return Tok.Number;
      }
    }
    let s = '';
    for (let i = p; i < e && i < p + 64; i++) s += String.fromCharCode(d[i]!);
    this.str = s;
    return Tok.Keyword;
  }

  private nameToken(): Tok {
    const d = this.data;
    let p = this.pos + 1;
    let e = p;
    let escaped = false;
    while (e < d.length && CLASS[d[e]!] === 0) {
      if (d[e] === 0x23) escaped = true;
      e++;
    }
    if (e >= d.length && !this.complete) throw new NeedMoreData();
    this.pos = e;
    if (!escaped) {
      this.str = latin1(d, p, e);
      return Tok.Name;
    }
    const out: number[] = [];
    while (p < e) {
      const ch = d[p]!;
      if (ch === 0x23 && p + 2 < e + 1) {
        const h = hexValue(d[p + 1] ?? 0);
        const l = hexValue(d[p + 2] ?? 0);
        if (h >= 0 && l >= 0) {
          out.push((h << 4) | l);
          p += 3;
          continue;
        }
      }
      out.push(ch);
      p++;
    }
    // Names are byte sequences; decode as UTF-8 when valid, else latin-1 (§7.3.5).
    const bytes = Uint8Array.from(out);
    try {
      this.str = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      this.str = latin1(bytes, 0, bytes.length);
    }
    return Tok.Name;
  }

  private literalString(): Tok {
    const d = this.data;
    let p = this.pos + 1;
    // Fast path: find the end and check for escapes/EOLs/nesting.
    let depth = 1;
    let simple = true;
    let q = p;
    while (q < d.length) {
      const ch = d[q]!;
      if (ch === 0x5c) {
        simple = false;
        q += 2;
        continue;
      }
      if (ch === 0x0d) simple = false;
      if (ch === 0x28) depth++;
      else if (ch === 0x29) {
        depth--;
        if (depth === 0) break;
      }
      q++;
    }
    if (q >= d.length) this.more();
    if (simple) {
      this.bytes = d.slice(p, q);
      this.pos = q + 1;
      return Tok.String;
    }
    const out = new Uint8Array(q - p);
    let n = 0;
    depth = 1;
    while (p < q + 1) {
      let ch = d[p]!;
      if (ch === 0x29) {
        depth--;
        if (depth === 0) break;
      } else if (ch === 0x28) depth++;
      if (ch === 0x5c) {
        p++;
        ch = d[p]!;
        switch (ch) {
          case 0x6e:
            out[n++] = 0x0a;
            break;
          case 0x72:
            out[n++] = 0x0d;
            break;
          case 0x74:
            out[n++] = 0x09;
            break;
          case 0x62:
            out[n++] = 0x08;
            break;
          case 0x66:
            out[n++] = 0x0c;
            break;
          case 0x0d:
            if (d[p + 1] === 0x0a) p++;
            break;
          case 0x0a:
            break;
          default:
            if (ch >= 0x30 && ch <= 0x37) {
              let v = ch - 0x30;
              for (let k = 0; k < 2 && d[p + 1]! >= 0x30 && d[p + 1]! <= 0x37; k++) {
                p++;
                v = v * 8 + (d[p]! - 0x30);
              }
              out[n++] = v & 0xff;
            } else out[n++] = ch;
        }
        p++;
        continue;
      }
      if (ch === 0x0d) {
        // An unescaped EOL of any kind reads as \n (§7.3.4.2).
        out[n++] = 0x0a;
        if (d[p + 1] === 0x0a) p++;
        p++;
        continue;
      }
      out[n++] = ch;
      p++;
    }
    this.bytes = out.slice(0, n);
    this.pos = q + 1;
    return Tok.String;
  }

  /**
   * §7.3.4.3: white-space is ignored; any other byte that is not a hex digit is an error of the
   * file, which is read here as the digit 0, so the string keeps its extent (it still ends at
   * the first '>') and every later digit keeps its place. Tolerated for a signature whose zero
   * padding after the CMS holds a stray byte: pdfsig (poppler) reads it so and verifies the
   * signature; the structure check (main/verify/pdf-signature-structure.ts) finds such bytes in
   * a /Contents hole itself and fails the signature when one lies inside the CMS.
   */
  private hexString(): Tok {
    const d = this.data;
    const p = this.pos + 1;
    const end = d.indexOf(0x3e, p);
    if (end < 0) this.more();
    const out = new Uint8Array((end - p + 1) >> 1);
    let n = 0;
    let hi = -1;
    for (let i = p; i < end; i++) {
      let v = hexValue(d[i]!);
      if (v < 0) {
        if (CLASS[d[i]!] === 1) continue;
        v = 0;
      }
      if (hi < 0) hi = v;
      else {
        out[n++] = (hi << 4) | v;
        hi = -1;
      }
    }
    if (hi >= 0) out[n++] = hi << 4;
    this.bytes = out.slice(0, n);
    this.pos = end + 1;
    return Tok.HexString;
  }
}

/** Parses [p, e) as a PDF number, tolerating `--5`, `5.`, `.5`, `-.5`; undefined if not one. */
function parseNumber(d: Uint8Array, p: number, e: number): number | undefined {
  let sign = 1;
  while (p < e && (d[p] === 0x2d || d[p] === 0x2b)) {
    if (d[p] === 0x2d) sign = -sign;
    p++;
  }
  let int = 0;
  let digits = 0;
  while (p < e && d[p]! >= 0x30 && d[p]! <= 0x39) {
    int = int * 10 + (d[p]! - 0x30);
    p++;
    digits++;
  }
  let frac = 0;
  let scale = 1;
  if (p < e && d[p] === 0x2e) {
    p++;
    while (p < e && d[p]! >= 0x30 && d[p]! <= 0x39) {
      if (scale < 1e15) {
        frac = frac * 10 + (d[p]! - 0x30);
        scale *= 10;
      }
      p++;
      digits++;
    }
  }
  if (p !== e || digits === 0) return undefined;
  return sign * (int + frac / scale);
}

export function latin1(d: Uint8Array, start: number, end: number): string {
  return Buffer.from(d.buffer, d.byteOffset + start, end - start).toString('latin1');
}
