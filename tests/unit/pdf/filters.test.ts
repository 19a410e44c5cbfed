import { deflateRawSync, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isSealdeskError } from '../../../main/errors/sealdesk-error';
import { decodeFilters, filterChain, predict } from '../../../main/pdf/filters';
import { dict, name } from '../../../main/pdf/objects';
import { parseObjectAt } from '../../../main/pdf/parser';
import type { PdfDict } from '../../../main/pdf/objects';
import { lzwEncode } from './helpers/build-pdf';

const ctx = { maxBytes: 10_000_000, file: 'f.pdf' };
const text = (b: Uint8Array): string => Buffer.from(b).toString('latin1');
const chain = (src: string) =>
  filterChain(parseObjectAt(Buffer.from(src, 'latin1')).obj as PdfDict);

describe('filters', () => {
  it('inflates FlateDecode, also without a zlib header', () => {
    const data = Buffer.from('hello hello hello');
    expect(text(decodeFilters(deflateSync(data), chain('<< /Filter /FlateDecode >>'), ctx))).toBe(
      'hello hello hello',
    );
    expect(text(decodeFilters(deflateRawSync(data), chain('<< /Filter /Fl >>'), ctx))).toBe(
      'hello hello hello',
    );
  });

  it('keeps what a truncated deflate stream holds', () => {
    const data = Buffer.alloc(100_000, 'abcdefgh');
    const z = deflateSync(data);
    const out = decodeFilters(
      z.subarray(0, z.length - 10),
      chain('<< /Filter /FlateDecode >>'),
      ctx,
    );
    expect(out.length).toBeGreaterThan(50_000);
    expect(text(out.subarray(0, 16))).toBe('abcdefghabcdefgh');
  });

  it('stops a deflate bomb at the output cap', () => {
    const z = deflateSync(Buffer.alloc(50_000_000));
    const t = Date.now();
    expect(() =>
      decodeFilters(z, chain('<< /Filter /FlateDecode >>'), { ...ctx, maxBytes: 1_000_000 }),
    ).toThrow(expect.objectContaining({ code: 'PDF_TOO_COMPLEX' }));
    expect(Date.now() - t).toBeLessThan(1000);
  });

  it('undoes every PNG row filter (predictors 10-15)', () => {
    // Two rows of 3 bytes, columns 3, one colour: rows [1 2 3] [4 6 8].
    const rows = [
      [0, 1, 2, 3], // None
      [1, 4, 2, 2], // Sub
    ];
    const up = [2, 3, 4, 5]; // Up over [1 2 3] -> [4 6 8]
    const avg = [3, 4 - 0, 6 - Math.floor((4 + 2) / 2), 8 - Math.floor((6 + 3) / 2)];
    const parms = dict({ Predictor: 12, Columns: 3 });
    for (const second of [rows[1]!, up, avg]) {
      const out = predict(Uint8Array.from([...rows[0]!, ...second]), parms, ctx);
      expect([...out]).toEqual([1, 2, 3, 4, 6, 8]);
    }
    // Paeth: a=left, b=up, c=up-left.
    const paeth = predict(Uint8Array.from([0, 1, 2, 3, 4, 3, 2, 2]), parms, ctx);
    expect([...paeth]).toEqual([1, 2, 3, 4, 6, 8]);
  });

  it('undoes TIFF predictor 2 for 8-bit samples', () => {
    const out = predict(
      Uint8Array.from([10, 1, 1, 20, 2, 2]),
      dict({ Predictor: 2, Columns: 3 }),
      ctx,
    );
    expect([...out]).toEqual([10, 11, 12, 20, 22, 24]);
  });

  it('decodes ASCIIHex, ASCII85, RunLength and LZW, and filter arrays with parameter arrays', () => {
    expect(
      text(decodeFilters(Buffer.from('48 65 6c 6C 6f7>'), chain('<< /Filter /AHx >>'), ctx)),
    ).toBe('Hellop');
    expect(
      text(decodeFilters(Buffer.from('9jqo^zBlbD-~>'), chain('<< /Filter /A85 >>'), ctx)),
    ).toBe('Man \0\0\0\0is d');
    expect(
      text(
        decodeFilters(
          Uint8Array.from([2, 65, 66, 67, 254, 68, 128]),
          chain('<< /Filter /RL >>'),
          ctx,
        ),
      ),
    ).toBe('ABCDDD');
    const long = Buffer.from('TOBEORNOTTOBEORTOBEORNOT'.repeat(400));
    expect(text(decodeFilters(lzwEncode(long), chain('<< /Filter /LZWDecode >>'), ctx))).toBe(
      long.toString('latin1'),
    );
    const hexOfDeflate = Buffer.from(deflateSync(Buffer.from('chain'))).toString('hex') + '>';
    const specs = chain(
      '<< /Filter [/ASCIIHexDecode /FlateDecode] /DecodeParms [null << /Predictor 1 >>] >>',
    );
    expect(specs.map((s) => s.name)).toEqual(['ASCIIHexDecode', 'FlateDecode']);
    expect(text(decodeFilters(Buffer.from(hexOfDeflate), specs, ctx))).toBe('chain');
  });

  it('names an unsupported filter and reports broken data as SealdeskErrors', () => {
    expect(() =>
      decodeFilters(new Uint8Array(4), [{ name: 'JBIG2Decode', parms: undefined }], ctx),
    ).toThrow(expect.objectContaining({ code: 'PDF_FILTER_UNSUPPORTED' }));
    for (const [data, f] of [
      [Buffer.from('not deflate at all'), 'FlateDecode'],
      [Buffer.from('zz'), 'ASCIIHexDecode'],
      [Buffer.from('{{{'), 'ASCII85Decode'],
    ] as const) {
      try {
        decodeFilters(data, [{ name: f, parms: undefined }], ctx);
        expect.unreachable();
      } catch (e) {
        expect(isSealdeskError(e)).toBe(true);
      }
    }
    expect(name('x').name).toBe('x');
  });
});
