/**
 * The CJK font embedded in PDF reports: found explicitly (never through the OS font service).
 * Two kinds, chosen in this order:
 * 1. `truetype`: a system TrueType CJK face, embedded as a subset (fontkit 2 subsets TrueType
 *    (glyf) fonts well and CFF CJK fonts not, main/seals/README.md);
 * 2. `glyph-pack`: the outlines bundled for seals (resources/fonts/seal-glyphs-*.bin.gz, Noto
 *    CJK SC, SIL OFL 1.1; GB 2312 hanzi, GB 2312 punctuation and full-width forms, printable
 *    ASCII), drawn as Type 3 fonts (ISO 32000-1 §9.6.5, report-type3-fonts.ts), so a report can
 *    be written on a Mac or any machine without those fonts, offline.
 *
 * Owns: the search order (`$SEALDESK_FONT_DIR`, `resources/fonts/`, then the system folders of
 * Debian fonts-wqy-microhei / fonts-wqy-zenhei / fonts-droid-fallback, Windows SimHei / YaHei;
 * then the glyph packs, sans regular first), opening the face.
 * Must never: pick a CFF-outline font as `truetype` (it would not subset), ask a system font for
 * a glyph the pack lacks (the report must look the same everywhere), or silently drop a
 * character: a character the font lacks is drawn as "?" and counted.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { create, type FontkitFont } from 'fontkit';
import { defineErrors } from '../errors/sealdesk-error';
import { GlyphPackFontProvider, glyphPackDirs } from '../seals/glyph-pack-font';
import type { SealFont, SealFontStyle } from '../seals/seal-font';

export const reportFontErrors = defineErrors({
  REPORT_FONT_MISSING: {
    category: 'io',
    en: 'No CJK font was found for the PDF report: no TrueType CJK font (searched: {searched}) and not even the glyph pack bundled with Sealdesk (seal-glyphs-sans-regular.bin.gz, searched: {packs}). Reinstall Sealdesk, or install the Debian package fonts-wqy-microhei, or write an HTML report instead.',
    zh: '找不到用于 PDF 报告的中文字体：既没有 TrueType 中文字体（已查找：{searched}），也没有 Sealdesk 自带的字形包（seal-glyphs-sans-regular.bin.gz，已查找：{packs}）。请重新安装 Sealdesk，或安装 Debian 软件包 fonts-wqy-microhei，或改为生成 HTML 报告。',
  },
});

const FILES = [
  'wqy-microhei.ttc',
  'wqy-zenhei.ttc',
  'DroidSansFallbackFull.ttf',
  'DroidSansFallback.ttf',
  'simhei.ttf',
  'msyh.ttc',
];

export function reportFontDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  return [
    ...(env.SEALDESK_FONT_DIR ? [env.SEALDESK_FONT_DIR] : []),
    join(process.cwd(), 'resources', 'fonts'),
    '/usr/share/fonts/truetype/wqy',
    '/usr/share/fonts/truetype/droid',
    '/usr/share/fonts/truetype/droid-fallback',
    ...(process.platform === 'win32' ? [join(env.WINDIR ?? 'C:\\Windows', 'Fonts')] : []),
  ];
}

/** A system TrueType CJK face, embedded in the report as a subset (Type 0 / CIDFontType2). */
export interface TrueTypeReportFont {
  readonly kind: 'truetype';
  readonly id: string;
  readonly font: FontkitFont;
  readonly path: string;
}

/** The bundled glyph pack, drawn as Type 3 fonts (report-type3-fonts.ts). */
export interface GlyphPackReportFont {
  readonly kind: 'glyph-pack';
  readonly id: string;
  readonly font: SealFont;
  readonly path: string;
}

export type ReportFont = TrueTypeReportFont | GlyphPackReportFont;

/** Pack styles for report text, preferred first: sans regular reads best as body text. */
const PACK_STYLES: readonly SealFontStyle[] = ['sans-regular', 'sans-bold', 'serif-bold'];

function isTrueType(f: FontkitFont): boolean {
  return 'glyf' in f.directory.tables && 'loca' in f.directory.tables;
}

/** Finds the first TrueType CJK face in the search folders, or undefined. */
export function findTrueTypeReportFont(dirs: readonly string[]): TrueTypeReportFont | undefined {
  for (const dir of dirs) {
    for (const name of FILES) {
      const path = join(dir, name);
      if (!existsSync(path)) continue;
      try {
        const made = create(readFileSync(path));
        const faces = 'fonts' in made ? made.fonts : [made];
        const face = faces.find(
          (f) => isTrueType(f) && f.hasGlyphForCodePoint(0x4e2d) && f.hasGlyphForCodePoint(0x41),
        );
        if (face) return { kind: 'truetype', id: face.postscriptName || name, font: face, path };
      } catch {
        // unreadable font file: try the next one
      }
    }
  }
  return undefined;
}

/** Opens the bundled glyph pack for report text (sans regular preferred), or undefined. */
export function findGlyphPackReportFont(
  packDirs: readonly string[],
): GlyphPackReportFont | undefined {
  // No fallback provider: a character the pack lacks is "?" on every machine alike.
  const provider = new GlyphPackFontProvider({ dirs: packDirs });
  for (const style of PACK_STYLES) {
    const path = provider.packPath(style);
    if (!path) continue;
    const font = provider.font(style); // a damaged pack throws SEAL_GLYPH_PACK_INVALID
    return { kind: 'glyph-pack', id: font.id, font, path };
  }
  return undefined;
}

/**
 * The report font: the first TrueType CJK face in `dirs`, else the glyph pack from `packDirs`.
 * Tests force the glyph-pack fallback by passing `dirs = []`.
 */
export function findReportFont(
  dirs: readonly string[] = reportFontDirs(),
  packDirs: readonly string[] = glyphPackDirs(),
): ReportFont {
  const found = findTrueTypeReportFont(dirs) ?? findGlyphPackReportFont(packDirs);
  if (found) return found;
  throw reportFontErrors('REPORT_FONT_MISSING', {
    searched: dirs.join(', ') || '(no folders)',
    packs: packDirs.join(', ') || '(no folders)',
  });
}
