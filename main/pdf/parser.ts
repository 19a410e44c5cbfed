/**
 * PDF object syntax (ISO 32000-2 §7.3): arrays, dictionaries, references, and indirect object
 * headers `N G obj ... endobj` / `stream` (§7.3.10, §7.3.8).
 *
 * Owns: building PdfObject values from tokens over one Uint8Array, iteratively (an explicit
 * stack, so 100 000 nested arrays end in PDF_TOO_COMPLEX, never a stack overflow).
 * Must never: do I/O, read stream data, resolve references or decrypt (document.ts does).
 */
import { pdfError } from './errors';
import { Lexer, NeedMoreData, Tok, type LexerOptions } from './lexer';
import { PdfDict, PdfName, PdfRef, PdfString, type PdfObject } from './objects';

export { NeedMoreData };

export interface ParserOptions extends LexerOptions {
  /** Deepest allowed nesting of arrays and dictionaries. Default 256. */
  maxNestingDepth?: number;
}

/** An indirect object as found at an offset; for a stream, `obj` is its dictionary. */
export interface ParsedIndirect {
  readonly num: number;
  readonly gen: number;
  readonly obj: PdfObject;
  /** For a stream: index in the window where its data starts (after `stream` and its EOL). */
  readonly streamStart?: number;
  /** Index just past `endobj` (or past the object when endobj is missing). */
  readonly end: number;
}

type Frame = { kind: 'array'; items: PdfObject[] } | { kind: 'dict'; dict: PdfDict; key?: string };

const MAX_GEN = 65535;

export class Parser {
  readonly lexer: Lexer;
  private readonly maxDepth: number;

  constructor(bytes: Uint8Array, pos = 0, options: ParserOptions = {}) {
    this.lexer = new Lexer(bytes, pos, options);
    this.maxDepth = options.maxNestingDepth ?? 256;
  }

  get pos(): number {
    return this.lexer.pos;
  }

  /** Parses one object starting at the current position. */
  parseObject(): PdfObject {
    const lx = this.lexer;
    const stack: Frame[] = [];
    for (;;) {
      const tok = lx.next();
      let value: PdfObject;
      switch (tok) {
        case Tok.EOF:
          return lx.fail('unexpected end of data');
        case Tok.ArrayOpen:
        case Tok.DictOpen:
          if (stack.length >= this.maxDepth) {
            throw pdfError('PDF_TOO_COMPLEX', {
              file: lx.file,
              reason: `objects nested deeper than ${this.maxDepth} levels at byte ${lx.base + lx.tokenStart}`,
            });
          }
          stack.push(
            tok === Tok.ArrayOpen
              ? { kind: 'array', items: [] }
              : { kind: 'dict', dict: new PdfDict() },
          );
          continue;
        case Tok.ArrayClose: {
          const top = stack[stack.length - 1];
          if (top?.kind !== 'array') return lx.fail("unexpected ']'", lx.tokenStart);
          stack.pop();
          value = top.items;
          break;
        }
        case Tok.DictClose: {
          const top = stack[stack.length - 1];
          if (top?.kind !== 'dict') return lx.fail("unexpected '>>'", lx.tokenStart);
          stack.pop();
          value = top.dict;
          break;
        }
        case Tok.Number:
          value = this.numberOrRef(lx.num);
          break;
        case Tok.Name: {
          const top = stack[stack.length - 1];
          if (top?.kind === 'dict' && top.key === undefined) {
            top.key = lx.str;
            continue;
          }
          value = PdfName.of(lx.str);
          break;
        }
        case Tok.String:
          value = new PdfString(lx.bytes, false);
          break;
        case Tok.HexString:
          value = new PdfString(lx.bytes, true);
          break;
        case Tok.Keyword:
          if (lx.str === 'null') value = null;
          else if (lx.str === 'true') value = true;
          else if (lx.str === 'false') value = false;
          else return lx.fail(`unexpected keyword '${lx.str}'`, lx.tokenStart);
          break;
        default:
          // { } belong to PostScript calculator functions inside streams only.
          return lx.fail('unexpected brace', lx.tokenStart);
      }
      const top = stack[stack.length - 1];
      if (!top) return value;
      if (top.kind === 'array') top.items.push(value);
      else if (top.key === undefined) {
        // A non-name where a key belongs: skip it (tolerance, as viewers do).
      } else {
        // §7.3.7: a null value means the entry is absent.
        if (value !== null) top.dict.set(top.key, value);
        delete top.key;
      }
    }
  }

  private numberOrRef(n: number): PdfObject {
    if (!Number.isInteger(n) || n < 0) return n;
    const lx = this.lexer;
    const save = lx.pos;
    const saveStart = lx.tokenStart;
    if (lx.next() === Tok.Number) {
      const gen = lx.num;
      if (Number.isInteger(gen) && gen >= 0 && gen <= MAX_GEN) {
        if (lx.next() === Tok.Keyword && lx.str === 'R') return new PdfRef(n, gen);
      }
    }
    lx.pos = save;
    lx.tokenStart = saveStart;
    return n;
  }

  /** Parses `N G obj <object> endobj|stream` at the current position. */
  parseIndirect(): ParsedIndirect {
    const lx = this.lexer;
    const header = this.parseHeader();
    const obj = this.parseObject();
    const at = lx.pos;
    const tok = lx.next();
    if (tok === Tok.Keyword && lx.str === 'stream') {
      if (!(obj instanceof PdfDict)) return lx.fail('stream without a dictionary', lx.tokenStart);
      const d = lx.data;
      let p = lx.pos;
      // §7.3.8.1: `stream` is followed by CRLF or LF; tolerate spaces and a lone CR.
      while (p < d.length && d[p] === 0x20) p++;
      if (p + 1 >= d.length && !lx.complete) throw new NeedMoreData();
      if (d[p] === 0x0d) p += d[p + 1] === 0x0a ? 2 : 1;
      else if (d[p] === 0x0a) p++;
      return { ...header, obj, streamStart: p, end: p };
    }
    if (tok === Tok.Keyword && lx.str === 'endobj') return { ...header, obj, end: lx.pos };
    // Missing endobj (common in damaged files): the object ends where it ended.
    return { ...header, obj, end: at };
  }

  /** Parses `N G obj`; throws a syntax error when it is not there. */
  parseHeader(): { num: number; gen: number } {
    const lx = this.lexer;
    if (lx.next() !== Tok.Number || !Number.isInteger(lx.num) || lx.num < 0) {
      return lx.fail('expected an object number', lx.tokenStart);
    }
    const num = lx.num;
    if (lx.next() !== Tok.Number || !Number.isInteger(lx.num) || lx.num < 0) {
      return lx.fail('expected a generation number', lx.tokenStart);
    }
    const gen = lx.num;
    if (lx.next() !== Tok.Keyword || lx.str !== 'obj') {
      return lx.fail("expected 'obj'", lx.tokenStart);
    }
    return { num, gen };
  }
}

/** Parses one object at `offset` of a complete buffer (content, object streams, tests). */
export function parseObjectAt(
  bytes: Uint8Array,
  offset = 0,
  options: ParserOptions = {},
): { obj: PdfObject; end: number } {
  const p = new Parser(bytes, offset, options);
  const obj = p.parseObject();
  return { obj, end: p.pos };
}
