import { describe, expect, it } from 'vitest';
import { isSealdeskError } from '../../../main/errors/sealdesk-error';
import { Lexer, NeedMoreData, Tok } from '../../../main/pdf/lexer';
import type { PdfString } from '../../../main/pdf/objects';
import { PdfDict, PdfName, PdfRef } from '../../../main/pdf/objects';
import { Parser, parseObjectAt } from '../../../main/pdf/parser';

const bytes = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const parse = (s: string) => parseObjectAt(bytes(s)).obj;

describe('Lexer', () => {
  it('reads numbers in the forms writers use', () => {
    const lx = new Lexer(bytes('12 -3 +4.5 .25 -.5 5. --7'));
    const out: number[] = [];
    while (lx.next() === Tok.Number) out.push(lx.num);
    expect(out).toEqual([12, -3, 4.5, 0.25, -0.5, 5, 7]);
  });

  it('decodes #xx escapes in names and skips comments', () => {
    const lx = new Lexer(bytes('% a comment\n/A#20B /Lime#20Green'));
    expect(lx.next()).toBe(Tok.Name);
    expect(lx.str).toBe('A B');
    expect(lx.next()).toBe(Tok.Name);
    expect(lx.str).toBe('Lime Green');
  });

  it('asks for more data when a token touches the end of a partial window', () => {
    expect(() => new Lexer(bytes('123'), 0, { complete: false }).next()).toThrow(NeedMoreData);
    expect(() => new Lexer(bytes('(abc'), 0, { complete: false }).next()).toThrow(NeedMoreData);
  });
});

describe('Parser', () => {
  it('parses literal strings with escapes, octal, nesting and line continuations', () => {
    const s = parse('(a\\(b\\)c \\101\\0121 (nested) x\\\ny\r\nz)') as PdfString;
    expect(Buffer.from(s.bytes).toString('latin1')).toBe('a(b)c A\n1 (nested) xy\nz');
  });

  it('parses hex strings with white-space and an odd final digit', () => {
    const s = parse('<48 65 6C6C 6F7>') as PdfString;
    expect(s.hex).toBe(true);
    expect(Buffer.from(s.bytes).toString('latin1')).toBe('Hellop');
  });

  it('reads a byte that is not a hex digit in a hex string as 0, in place (§7.3.4.3, as pdfsig)', () => {
    // A stray byte in a signature's zero padding must not make the dictionary unreadable.
    const d = parse('<< /Contents <3082x1 0z> /Next 1 >>') as PdfDict;
    expect(Buffer.from((d.get('Contents') as PdfString).bytes).toString('hex')).toBe('30820100');
    expect(d.get('Next')).toBe(1);
  });

  it('parses dictionaries, arrays and references; null values drop the entry', () => {
    const d = parse('<< /A [1 2 0 R /N (s)] /B << /C true >> /D null /E 3 0 R >>') as PdfDict;
    expect(d).toBeInstanceOf(PdfDict);
    const a = d.get('A') as unknown[];
    expect(a[0]).toBe(1);
    expect(a[1]).toEqual(new PdfRef(2, 0));
    expect(a[2]).toBe(PdfName.of('N'));
    expect((d.get('B') as PdfDict).get('C')).toBe(true);
    expect(d.has('D')).toBe(false);
    expect(d.getRef('E')?.key).toBe('3 0');
  });

  it('reads an indirect object header and where stream data starts', () => {
    const p = new Parser(bytes('7 0 obj\n<< /Length 3 >>\nstream\r\nabc\nendstream\nendobj'));
    const r = p.parseIndirect();
    expect([r.num, r.gen]).toEqual([7, 0]);
    expect(r.streamStart).toBe(32);
  });

  it('refuses nesting beyond the limit without overflowing the stack', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(() => parse(deep)).toThrow(expect.objectContaining({ code: 'PDF_TOO_COMPLEX' }));
    expect(() => parseObjectAt(bytes('[[[1]]]'), 0, { maxNestingDepth: 2 })).toThrow();
    expect(parseObjectAt(bytes('[[1]]'), 0, { maxNestingDepth: 2 }).obj).toEqual([[1]]);
  });

  it('reports damaged syntax as a SealdeskError with the offset', () => {
    for (const bad of ['<< /A ]', '[1 2', 'endobj', '<0a', ')']) {
      let err: unknown;
      try {
        parse(bad);
      } catch (e) {
        err = e;
      }
      expect(isSealdeskError(err)).toBe(true);
    }
  });
});
