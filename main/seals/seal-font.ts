/**
 * Seal fonts: where glyph outlines come from.
 *
 * Owns: the `SealFont` port (glyph outlines in font units for a character), the `FontProvider`
 * port that resolves a font style to a `SealFont`, and the default provider over fontkit 2.x.
 * Must never: look fonts up through the operating system at run time (fontconfig, GDI, Core
 * Text): a seal must come out identical on every machine, so the font file is chosen here,
 * explicitly, and its id is recorded in SEAL.json.
 *
 * Resolution order of the default provider: the glyph packs in `resources/fonts/` (outlines of
 * GB 2312 + ASCII + punctuation, made by scripts/make-seal-glyph-pack.ts, read by
 * glyph-pack-font.ts), then font files: `resources/fonts/` and Debian's fonts-noto-cjk paths,
 * for the characters and styles the packs lack. In a TTC collection the Simplified Chinese face
 * is picked by its PostScript name (e.g. NotoSerifCJKsc-Bold).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { create, type FontkitFont } from 'fontkit';
import { GlyphPackFontProvider } from './glyph-pack-font';
import { sealError } from './seal-errors';

/** Outline commands in font units, y up; quadratic curves are already raised to cubics. */
export type GlyphCommand =
  | { op: 'M'; x: number; y: number }
  | { op: 'L'; x: number; y: number }
  | { op: 'C'; x1: number; y1: number; x2: number; y2: number; x: number; y: number }
  | { op: 'Z' };

export interface SealGlyph {
  readonly char: string;
  readonly advance: number;
  readonly bbox: { minX: number; minY: number; maxX: number; maxY: number };
  readonly commands: readonly GlyphCommand[];
}

export interface SealFont {
  /** Stable id recorded in SEAL.json, e.g. "NotoSerifCJKsc-Bold". */
  readonly id: string;
  readonly unitsPerEm: number;
  /** Bottom of the ideographic em box in font units (negative), e.g. -120 for Noto CJK. */
  readonly emBottom: number;
  /** The glyph for one character (one code point), or undefined if the font has none. */
  glyph(char: string): SealGlyph | undefined;
}

/** Serif bold for official seals (宋体-like), sans regular (pen-like strokes) for signatures. */
export type SealFontStyle = 'serif-bold' | 'serif-regular' | 'sans-regular' | 'sans-bold';

export interface FontProvider {
  font(style: SealFontStyle): SealFont;
}

/** Each style's face: the Noto CJK collection file and the SC face's PostScript name. */
export const SEAL_FONT_FACES: Readonly<
  Record<SealFontStyle, { readonly file: string; readonly postscriptName: string }>
> = {
  'serif-bold': { file: 'NotoSerifCJK-Bold.ttc', postscriptName: 'NotoSerifCJKsc-Bold' },
  'serif-regular': { file: 'NotoSerifCJK-Regular.ttc', postscriptName: 'NotoSerifCJKsc-Regular' },
  'sans-regular': { file: 'NotoSansCJK-Regular.ttc', postscriptName: 'NotoSansCJKsc-Regular' },
  'sans-bold': { file: 'NotoSansCJK-Bold.ttc', postscriptName: 'NotoSansCJKsc-Bold' },
};

/** Default search folders: bundled resources first, then Debian's fonts-noto-cjk. */
export const DEFAULT_FONT_DIRS: readonly string[] = [
  join(process.cwd(), 'resources', 'fonts'),
  '/usr/share/fonts/opentype/noto',
];

class FontkitSealFont implements SealFont {
  readonly unitsPerEm: number;
  readonly emBottom: number;
  private readonly cache = new Map<string, SealGlyph | undefined>();
  constructor(
    readonly id: string,
    private readonly font: FontkitFont,
  ) {
    this.unitsPerEm = font.unitsPerEm;
    const os2 = font['OS/2'];
    this.emBottom = os2 && os2.typoDescender < 0 ? os2.typoDescender : -0.12 * font.unitsPerEm;
  }

  glyph(char: string): SealGlyph | undefined {
    if (this.cache.has(char)) return this.cache.get(char);
    const cp = char.codePointAt(0);
    let result: SealGlyph | undefined;
    if (cp !== undefined && this.font.hasGlyphForCodePoint(cp)) {
      const g = this.font.glyphForCodePoint(cp);
      result = {
        char,
        advance: g.advanceWidth,
        bbox: { ...g.bbox },
        commands: toCommands(g.path.commands),
      };
    }
    this.cache.set(char, result);
    return result;
  }
}

function toCommands(src: readonly { command: string; args: number[] }[]): GlyphCommand[] {
  const out: GlyphCommand[] = [];
  let cx = 0;
  let cy = 0;
  let sx = 0;
  let sy = 0;
  for (const { command, args: a } of src) {
    const v = (i: number): number => a[i] ?? 0;
    switch (command) {
      case 'moveTo':
        out.push({ op: 'M', x: v(0), y: v(1) });
        [cx, cy, sx, sy] = [v(0), v(1), v(0), v(1)];
        break;
      case 'lineTo':
        out.push({ op: 'L', x: v(0), y: v(1) });
        [cx, cy] = [v(0), v(1)];
        break;
      case 'quadraticCurveTo': {
        // Degree elevation: a quadratic (P0, Q, P1) is the cubic (P0, P0+2/3(Q-P0), P1+2/3(Q-P1), P1).
        const [qx, qy, x, y] = [v(0), v(1), v(2), v(3)];
        out.push({
          op: 'C',
          x1: cx + (2 / 3) * (qx - cx),
          y1: cy + (2 / 3) * (qy - cy),
          x2: x + (2 / 3) * (qx - x),
          y2: y + (2 / 3) * (qy - y),
          x,
          y,
        });
        [cx, cy] = [x, y];
        break;
      }
      case 'bezierCurveTo':
        out.push({ op: 'C', x1: v(0), y1: v(1), x2: v(2), y2: v(3), x: v(4), y: v(5) });
        [cx, cy] = [v(4), v(5)];
        break;
      case 'closePath':
        out.push({ op: 'Z' });
        [cx, cy] = [sx, sy];
        break;
    }
  }
  return out;
}

/** Opens a font file (OTF/TTF, or a TTC from which the face `postscriptName` is taken). */
export function openSealFont(bytes: Uint8Array, postscriptName: string): SealFont {
  const f = create(bytes);
  if ('fonts' in f) {
    const face = f.getFont(postscriptName) ?? f.fonts[0];
    if (!face) throw new Error(`font collection without faces`);
    return new FontkitSealFont(face.postscriptName, face);
  }
  return new FontkitSealFont(f.postscriptName, f);
}

/**
 * Font files: looks for each style's file in `dirs` in order (bundled resources, then system
 * Noto CJK) and caches what it opened. An OTF named `<postscriptName>.otf` (e.g. a pyftsubset
 * subset) takes precedence over the collection in the same folder. The default provider puts
 * the glyph packs before this (glyph-pack-font.ts).
 */
export class FileFontProvider implements FontProvider {
  private readonly cache = new Map<SealFontStyle, SealFont>();
  constructor(private readonly dirs: readonly string[] = DEFAULT_FONT_DIRS) {}

  font(style: SealFontStyle): SealFont {
    const hit = this.cache.get(style);
    if (hit) return hit;
    const face = SEAL_FONT_FACES[style];
    const candidates = this.dirs.flatMap((d) => [
      join(d, `${face.postscriptName}.otf`),
      join(d, face.file),
    ]);
    const path = candidates.find((p) => existsSync(p));
    if (!path) throw sealError('SEAL_FONT_NOT_FOUND', { paths: candidates.join(', ') });
    const font = openSealFont(readFileSync(path), face.postscriptName);
    this.cache.set(style, font);
    return font;
  }
}

let shared: FontProvider | undefined;
/**
 * A process-wide default provider (fonts are large; open each once): the bundled glyph packs
 * first, then the font files of `FileFontProvider` for what the packs lack.
 */
export function defaultFontProvider(): FontProvider {
  shared ??= new GlyphPackFontProvider({ fallback: new FileFontProvider() });
  return shared;
}
