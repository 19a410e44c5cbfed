/**
 * The signature dictionary as written in the file: where its object starts and ends, and where
 * each of its top-level values lies (ISO 32000-2 §7.3.7 dictionaries, §7.3.10 indirect objects).
 *
 * Owns: a token walk over `N G obj << ... >>` at a file offset that records, for every key, its
 * value, the absolute byte span of that value and how often the key occurs. The structure check
 * compares the /ByteRange hole with the /Contents span found here (signature wrapping moves the
 * hole onto another string; a duplicated /Contents key makes readers disagree).
 * Must never: decrypt (§7.6.2: a signature dictionary's /Contents is never encrypted, so the raw
 * bytes are the signature), resolve references, or read more than object-reader's window limit.
 */
import { Lexer, Tok } from '../pdf/lexer';
import { withWindow, type ReadContext } from '../pdf/object-reader';
import type { PdfObject } from '../pdf/objects';
import { Parser } from '../pdf/parser';

export interface ValueSpan {
  readonly value: PdfObject;
  /** Absolute offsets: the first byte of the value and just past its last byte. */
  readonly start: number;
  readonly end: number;
  /** How many times the key occurs in the dictionary (more than 1 is ambiguous). */
  readonly count: number;
  /** The value is a hexadecimal string (§7.3.4.3). */
  readonly hex: boolean;
}

export interface DictSpan {
  readonly num: number;
  readonly gen: number;
  /** Absolute offset of `N G obj` and just past `endobj` (or the dictionary when it is missing). */
  readonly start: number;
  readonly end: number;
  readonly keys: ReadonlyMap<string, ValueSpan>;
}

/** Reads the dictionary object at `offset` token by token. Throws PDF_SYNTAX when it is not one. */
export function readDictSpan(ctx: ReadContext, offset: number): Promise<DictSpan> {
  return withWindow(ctx, offset, (parser) => {
    const lx = parser.lexer;
    const header = parser.parseHeader();
    if (lx.next() !== Tok.DictOpen) lx.fail('expected a dictionary', lx.tokenStart);
    const opts = { complete: lx.complete, base: lx.base, file: lx.file };
    const keys = new Map<string, ValueSpan>();
    for (;;) {
      const tok = lx.next();
      if (tok === Tok.DictClose) break;
      if (tok !== Tok.Name) lx.fail('expected a name as dictionary key', lx.tokenStart);
      const key = lx.str;
      const probe = new Lexer(lx.data, lx.pos, opts);
      probe.skipWhite();
      const start = probe.pos;
      const hex = probe.next() === Tok.HexString;
      const vp = new Parser(lx.data, start, { ...opts, maxNestingDepth: ctx.maxNestingDepth });
      const value = vp.parseObject();
      lx.pos = vp.pos;
      const prev = keys.get(key);
      keys.set(key, {
        value,
        start: lx.base + start,
        end: lx.base + vp.pos,
        count: (prev?.count ?? 0) + 1,
        hex,
      });
    }
    let end = lx.pos;
    if (lx.next() === Tok.Keyword && lx.str === 'endobj') end = lx.pos;
    return { ...header, start: offset, end: lx.base + end, keys };
  });
}
