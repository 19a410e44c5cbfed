/**
 * The CJK font embedded in PDF reports: found explicitly (never through the OS font service),
 * TrueType outlines only, because fontkit 2 subsets TrueType (glyf) fonts well and CFF CJK
 * fonts not (main/seals/README.md).
 *
 * Owns: the search order (`$SEALDESK_FONT_DIR`, `resources/fonts/`, then the system folders of
 * Debian fonts-wqy-microhei / fonts-wqy-zenhei / fonts-droid-fallback, Windows SimHei / YaHei),
 * opening the face, mapping text to glyphs and making the subset.
 * Must never: pick a CFF-outline font (it would not subset), or silently drop a character: a
 * character the font lacks is drawn as "?" and counted.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { create, type FontkitFont } from 'fontkit';
import { defineErrors } from '../errors/sealdesk-error';

export const reportFontErrors = defineErrors({
  REPORT_FONT_MISSING: {
    category: 'io',
    en: 'No TrueType CJK font was found for the PDF report (searched: {searched}). Install the Debian package fonts-wqy-microhei (or put wqy-microhei.ttc into resources/fonts/), or write an HTML report instead.',
    zh: '找不到用于 PDF 报告的 TrueType 中文字体（已查找：{searched}）。请安装 Debian 软件包 fonts-wqy-microhei（或把 wqy-microhei.ttc 放入 resources/fonts/），或改为生成 HTML 报告。',
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

export interface ReportFont {
  readonly id: string;
  readonly font: FontkitFont;
  readonly path: string;
}

function isTrueType(f: FontkitFont): boolean {
  return 'glyf' in f.directory.tables && 'loca' in f.directory.tables;
}

/** Finds the first TrueType CJK face in the search folders. */
export function findReportFont(dirs: readonly string[] = reportFontDirs()): ReportFont {
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
        if (face) return { id: face.postscriptName || name, font: face, path };
      } catch {
        // unreadable font file: try the next one
      }
    }
  }
  throw reportFontErrors('REPORT_FONT_MISSING', { searched: dirs.join(', ') });
}
