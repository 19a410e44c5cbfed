import { describe, expect, it } from 'vitest';
import { generateSeal } from '../../../main/seals/generate-seal';
import { convexOverlap, pathBounds } from '../../../main/seals/geometry';
import { sealToSvg } from '../../../main/seals/seal-svg';
import { isSealdeskError } from '../../../main/errors/sealdesk-error';
import { GOLDEN_SPECS } from '../../fixtures/seals/golden-specs';
import { FIXED, hull, nameOf, shapesOf } from './helpers';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return isSealdeskError(e) ? e.code : `not a SealdeskError: ${String(e)}`;
  }
  return undefined;
};

describe('generateSeal', () => {
  it.each(Object.entries(GOLDEN_SPECS))(
    'draws the %s seal identically twice (JSON and SVG)',
    (_name, spec) => {
      const a = generateSeal(spec, FIXED);
      const b = generateSeal(spec, FIXED);
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
      expect(sealToSvg(a)).toBe(sealToSvg(b));
      expect(a.vector!.shapes.length).toBeGreaterThan(1);
    },
  );

  it.each([4, 12, 20, 30])(
    'keeps %i name characters apart and inside the ring of a 42 mm seal',
    (n) => {
      const seal = generateSeal(
        { type: 'round', organisation: nameOf(n), title: '合同专用章', code: '1234567890123' },
        FIXED,
      );
      const glyphs = shapesOf(seal, 'name');
      expect(glyphs).toHaveLength(n);
      const hulls = glyphs.map(hull);
      const others = [
        ...shapesOf(seal, 'title'),
        ...shapesOf(seal, 'code'),
        ...shapesOf(seal, 'star'),
      ].map(hull);
      for (let i = 0; i < hulls.length; i++) {
        for (let j = i + 1; j < hulls.length; j++)
          expect(convexOverlap(hulls[i]!, hulls[j]!), `${i} vs ${j}`).toBe(false);
        for (const o of others) expect(convexOverlap(hulls[i]!, o)).toBe(false);
      }
      const ring = Number(seal.generator!.params.ringMm);
      const innerEdge = 21 - 0.05 - ring;
      for (const p of hulls.flat()) expect(Math.hypot(p.x - 21, p.y - 21)).toBeLessThan(innerEdge);
      // Characters read left to right clockwise over the top: first on the left, last on the right.
      const cx = (i: number): number => {
        const b = pathBounds(glyphs[i]!.d);
        return (b.minX + b.maxX) / 2;
      };
      expect(cx(0)).toBeLessThan(cx(n - 1));
    },
  );

  it('centres the star on the seal', () => {
    const seal = generateSeal(GOLDEN_SPECS['round-contract']!, FIXED);
    const [star] = shapesOf(seal, 'star');
    const b = pathBounds(star!.d);
    expect((b.minX + b.maxX) / 2).toBeCloseTo(21, 2);
    // A pentagram's bounding box is not centred vertically: top point at R, bottom at R·cos 36°.
    const r = b.maxY - 21;
    expect(r).toBeCloseTo(7, 2);
    expect(21 - b.minY).toBeCloseTo(r * Math.cos(Math.PI / 5), 2);
  });

  it('squeezes long names (narrower, smaller glyphs) and leaves short names natural', () => {
    const p = (n: number) =>
      generateSeal({ type: 'round', organisation: nameOf(n) }, FIXED).generator!.params;
    expect(p(4).nameXScale).toBe(1);
    expect(Number(p(20).nameXScale)).toBeLessThan(1);
    expect(Number(p(30).nameHeightMm)).toBeLessThan(Number(p(4).nameHeightMm));
  });

  it('places the title below the star and the code along the lower arc', () => {
    const seal = generateSeal(GOLDEN_SPECS['round-contract']!, FIXED);
    const star = pathBounds(shapesOf(seal, 'star')[0]!.d);
    for (const t of shapesOf(seal, 'title')) expect(pathBounds(t.d).maxY).toBeLessThan(star.minY);
    const code = shapesOf(seal, 'code').map((s) => pathBounds(s.d));
    expect(code).toHaveLength(13);
    for (const b of code) expect(b.maxY).toBeLessThan(star.minY);
    expect((code[0]!.minX + code[0]!.maxX) / 2).toBeLessThan((code[12]!.minX + code[12]!.maxX) / 2);
  });

  it('lays out square seals right to left, top to bottom', () => {
    const four = generateSeal({ type: 'square', personName: '司马相如' }, FIXED);
    const c = shapesOf(four, 'name').map((s) => {
      const b = pathBounds(s.d);
      return { x: (b.minX + b.maxX) / 2, y: (b.minY + b.maxY) / 2 };
    });
    expect(c[0]!.x).toBeGreaterThan(c[2]!.x); // first column is on the right
    expect(c[0]!.y).toBeGreaterThan(c[1]!.y); // top to bottom
    const three = shapesOf(
      generateSeal({ type: 'square', personName: '欧阳修' }, FIXED),
      'name',
    ).map((s) => pathBounds(s.d));
    expect(three[0]!.maxY - three[0]!.minY).toBeGreaterThan(
      1.6 * (three[1]!.maxY - three[1]!.minY),
    ); // surname spans the column
  });

  it('makes a slanted, text-seeded signature that differs between names', () => {
    const a = generateSeal({ type: 'signature', text: '王小明' }, FIXED);
    const b = generateSeal({ type: 'signature', text: '李小明' }, FIXED);
    expect(a.generator!.params.seed).not.toBe(b.generator!.params.seed);
    expect(a.vector!.shapes.every((s) => s.fill === '#1A1A1A')).toBe(true);
    expect(a.sizeMm.width).toBeGreaterThan(a.sizeMm.height);
  });

  it('refuses empty names, over-long names, bad square names, missing glyphs and odd sizes', () => {
    expect(codeOf(() => generateSeal({ type: 'round', organisation: '  ' }, FIXED))).toBe(
      'SEAL_NAME_EMPTY',
    );
    expect(
      codeOf(() => generateSeal({ type: 'round', organisation: nameOf(30) + nameOf(30) }, FIXED)),
    ).toBe('SEAL_NAME_TOO_LONG');
    expect(codeOf(() => generateSeal({ type: 'square', personName: '张' }, FIXED))).toBe(
      'SEAL_SQUARE_NAME_LENGTH',
    );
    expect(codeOf(() => generateSeal({ type: 'square', personName: '爱新觉罗玄' }, FIXED))).toBe(
      'SEAL_SQUARE_NAME_LENGTH',
    );
    expect(codeOf(() => generateSeal({ type: 'round', organisation: '北京😀公司' }, FIXED))).toBe(
      'SEAL_GLYPH_MISSING',
    );
    expect(
      codeOf(() => generateSeal({ type: 'round', organisation: '北京公司', sizeMm: 200 }, FIXED)),
    ).toBe('SEAL_SIZE_OUT_OF_RANGE');
    expect(
      codeOf(() =>
        generateSeal({ type: 'oval', organisation: '北京公司', widthMm: 30, heightMm: 45 }, FIXED),
      ),
    ).toBe('SEAL_SIZE_OUT_OF_RANGE');
  });

  it('says in both languages why a 60-character name does not fit and what to do', () => {
    try {
      generateSeal({ type: 'round', organisation: nameOf(30) + nameOf(30) }, FIXED);
      expect.unreachable();
    } catch (e) {
      if (!isSealdeskError(e)) throw e;
      expect(e.message).toContain('too long for a round seal of 42 mm');
      expect(e.message).toContain('shorten it or use a larger size');
      expect(e.localized('zh-CN')).toContain('太长');
    }
  });

  it('names the characters the font lacks', () => {
    try {
      generateSeal({ type: 'round', organisation: '北京😀公司' }, FIXED);
      expect.unreachable();
    } catch (e) {
      if (!isSealdeskError(e)) throw e;
      expect(e.message).toContain('U+1F600');
    }
  });
});
