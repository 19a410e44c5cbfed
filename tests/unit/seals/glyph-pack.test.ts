// The bundled glyph packs (resources/fonts, made by scripts/make-seal-glyph-pack.ts) against the
// system Noto CJK fonts (Debian fonts-noto-cjk, which these tests require).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isSealdeskError } from '../../../main/errors/sealdesk-error';
import { generateSeal, type SealSpec } from '../../../main/seals/generate-seal';
import {
  decodeGlyphPack,
  encodeGlyphPack,
  GlyphPackFontProvider,
  glyphPackDirs,
  glyphPackFile,
} from '../../../main/seals/glyph-pack-font';
import {
  defaultFontProvider,
  FileFontProvider,
  type SealGlyph,
} from '../../../main/seals/seal-font';
import { sealToSvg } from '../../../main/seals/seal-svg';
import { FIXED } from './helpers';

const PACKS = join(import.meta.dirname, '../../../resources/fonts');
const SYSTEM = '/usr/share/fonts/opentype/noto';
const system = new FileFontProvider([SYSTEM]);
const packOnly = new GlyphPackFontProvider({ dirs: [PACKS] });

const SPECS: SealSpec[] = [
  {
    type: 'round',
    organisation: '北京某某科技有限公司',
    title: '合同专用章',
    code: '1101080123456',
  },
  { type: 'round', organisation: '乌鲁木齐鑫淼餐饮管理有限责任公司', title: '财务专用章' },
  { type: 'oval', organisation: '上海某某贸易有限公司', title: '发票专用章', code: '91310000X' },
  { type: 'square', personName: '欧阳修' },
  { type: 'square', personName: '诸葛亮' },
  { type: 'signature', text: '龚鹏飞', ink: 'blue' },
];

function errorOf(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

describe('seal glyph packs', () => {
  it('hold every GB 2312 hanzi and the characters of dates and titles, under the OFL', () => {
    for (const style of ['serif-bold', 'sans-regular', 'sans-bold'] as const) {
      const pack = decodeGlyphPack(readFileSync(join(PACKS, glyphPackFile(style))));
      expect(pack.header).toMatchObject({ style, license: 'SIL OFL 1.1', unitsPerEm: 1000 });
      const chars = pack.chars();
      expect(chars.filter((c) => /\p{Script=Han}/u.test(c)).length).toBeGreaterThanOrEqual(6763);
      for (const c of '年月日（）·、：—〇０１２３４５６７８９AZaz09-/齄')
        expect(chars).toContain(c);
      expect(pack.glyph('喆')).toBeUndefined(); // U+5586 is outside GB 2312
    }
    const ofl = readFileSync(join(PACKS, 'OFL-NotoCJK.txt'), 'utf8');
    expect(ofl).toContain('SIL OPEN FONT LICENSE Version 1.1');
    expect(ofl).toContain('Adobe');
  });

  it('gives each glyph exactly as fontkit reads it from the system font', () => {
    const sample = Array.from('印章合同专用财务龚鹏飞欧阳修年月日（）·、：—０９Ag ');
    for (const style of ['serif-bold', 'sans-regular'] as const) {
      const a = packOnly.font(style);
      const b = system.font(style);
      expect([a.id, a.unitsPerEm, a.emBottom]).toEqual([b.id, b.unitsPerEm, b.emBottom]);
      for (const c of sample) expect(a.glyph(c), c).toEqual(b.glyph(c));
    }
  });

  it.each(SPECS.map((s) => [s.type, s] as const))(
    'draws a %s seal from the pack exactly as from the system font',
    (_type, spec) => {
      const fromPack = sealToSvg(generateSeal(spec, { ...FIXED, fonts: packOnly }));
      const fromSystem = sealToSvg(generateSeal(spec, { ...FIXED, fonts: system }));
      expect(fromPack).toBe(fromSystem);
    },
  );

  it('takes a character outside the pack from the system font', () => {
    const fonts = new GlyphPackFontProvider({ dirs: [PACKS], fallback: system });
    const spec: SealSpec = { type: 'square', personName: '张喆' };
    expect(sealToSvg(generateSeal(spec, { ...FIXED, fonts }))).toBe(
      sealToSvg(generateSeal(spec, { ...FIXED, fonts: system })),
    );
  });

  it('reports SEAL_GLYPH_MISSING for a character that neither the pack nor a system font has', () => {
    const noSystem = new GlyphPackFontProvider({
      dirs: [PACKS],
      fallback: new FileFontProvider([]),
    });
    const e = errorOf(() =>
      generateSeal({ type: 'square', personName: '张喆' }, { fonts: noSystem }),
    );
    expect(isSealdeskError(e, 'SEAL_GLYPH_MISSING')).toBe(true);
    expect((e as Error).message).toContain('U+5586');
    expect((e as Error).message).not.toContain('U+5F20'); // 张 came from the pack

    const withSystem = new GlyphPackFontProvider({ dirs: [PACKS], fallback: system });
    const e2 = errorOf(() =>
      generateSeal({ type: 'square', personName: '张\u{E000}' }, { fonts: withSystem }),
    );
    expect(isSealdeskError(e2, 'SEAL_GLYPH_MISSING')).toBe(true);
    expect((e2 as Error).message).toContain('U+E000');
  });

  it('serves a style without a pack from the fallback, and says so when neither exists', () => {
    const empty = mkdtempSync(join(tmpdir(), 'sealdesk-packs-'));
    const fonts = new GlyphPackFontProvider({ dirs: [empty], fallback: system });
    expect(fonts.packPath('serif-bold')).toBeUndefined();
    expect(fonts.font('serif-bold')).toBe(system.font('serif-bold'));
    const none = new GlyphPackFontProvider({ dirs: [empty], fallback: new FileFontProvider([]) });
    expect(
      isSealdeskError(
        errorOf(() => none.font('serif-bold')),
        'SEAL_FONT_NOT_FOUND',
      ),
    ).toBe(true);
  });

  it('is what the default provider uses, found beside the source tree', () => {
    const fonts = defaultFontProvider();
    expect(fonts).toBeInstanceOf(GlyphPackFontProvider);
    const path = (fonts as GlyphPackFontProvider).packPath('serif-bold');
    expect(path).toBe(join(PACKS, glyphPackFile('serif-bold')));
    expect(fonts.font('serif-bold').glyph('印')).toEqual(system.font('serif-bold').glyph('印'));
  });

  it('looks for resources/fonts in the env folder, the Electron resources, then up from the module', () => {
    const dirs = glyphPackDirs({
      env: { SEALDESK_RESOURCES_DIR: '/opt/sd/res' },
      resourcesPath: '/opt/sd/resources',
      moduleDir: '/app/out/cli',
      cwd: '/home/u',
    });
    expect(dirs.slice(0, 6)).toEqual([
      '/opt/sd/res/fonts',
      '/opt/sd/resources/resources/fonts',
      '/opt/sd/resources/fonts',
      '/app/out/cli/resources/fonts',
      '/app/out/resources/fonts',
      '/app/resources/fonts',
    ]);
    expect(dirs.at(-1)).toBe('/home/u/resources/fonts');
    expect(glyphPackDirs({ env: {}, resourcesPath: null, moduleDir: null, cwd: '/w' })).toEqual([
      '/w/resources/fonts',
    ]);
  });

  it('keeps fractional boxes exact and negative coordinates intact through a round trip', () => {
    const g: SealGlyph = {
      char: '\u{20BB7}',
      advance: 1000,
      bbox: { minX: -12.375, minY: -120, maxX: 987.5, maxY: 880.0625 },
      commands: [
        { op: 'M', x: -12, y: -120 },
        { op: 'L', x: 987, y: 300 },
        { op: 'C', x1: 900, y1: 880, x2: 100000, y2: -70000, x: 0, y: 0 },
        { op: 'Z' },
      ],
    };
    const space: SealGlyph = {
      char: ' ',
      advance: 224,
      bbox: { minX: 0, minY: 0, maxX: 0, maxY: 0 },
      commands: [],
    };
    const header = {
      style: 'serif-bold',
      family: 'Test',
      postscriptName: 'Test-Bold',
      unitsPerEm: 1000,
      ascent: 880,
      descent: -120,
      emBottom: -120,
      license: 'SIL OFL 1.1',
      source: 'test',
      charset: 'test',
    } as const;
    const { bytes, report } = encodeGlyphPack(header, [g, space]);
    expect(report.maxRoundingError).toBe(0);
    const pack = decodeGlyphPack(bytes);
    expect(pack.chars()).toEqual([' ', '\u{20BB7}']);
    expect(pack.glyph('\u{20BB7}')).toEqual(g);
    expect(pack.glyph(' ')).toEqual(space);
    expect(pack.header).toMatchObject({ ...header, glyphCount: 2, version: 1 });
  });

  it('refuses a damaged pack or one made for another style', () => {
    const good = readFileSync(join(PACKS, glyphPackFile('sans-regular')));
    const bad = [
      new Uint8Array([1, 2, 3, 4]),
      gzipSync(Buffer.from('SDGX\u0000\u0000\u0000\u0000')),
      good.subarray(0, good.length - 1000),
    ];
    for (const b of bad)
      expect(
        isSealdeskError(
          errorOf(() => decodeGlyphPack(b)),
          'SEAL_GLYPH_PACK_INVALID',
        ),
      ).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'sealdesk-packs-'));
    writeFileSync(join(dir, glyphPackFile('serif-bold')), good);
    const fonts = new GlyphPackFontProvider({ dirs: [dir], fallback: system });
    const e = errorOf(() => fonts.font('serif-bold'));
    expect(isSealdeskError(e, 'SEAL_GLYPH_PACK_INVALID')).toBe(true);
    expect((e as Error).message).toContain('holds sans-regular');
  });
});
