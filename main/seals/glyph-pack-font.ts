/**
 * Glyph packs: the seal fonts' outlines, bundled with the app, in our own small format.
 *
 * Owns: the glyph pack file format (encoder and decoder, so they cannot drift apart), the
 * `GlyphPackFontProvider` that serves `SealFont`s from packs in `resources/fonts/` with a
 * per-style fallback to another provider (the system Noto CJK fonts), and the probing of where
 * `resources/` lies in development, in the esbuild bundles and in the packaged app.
 * Must never: look fonts up through the operating system (the fallback is an explicit provider),
 * decode the whole pack eagerly (glyphs are decoded on first use), or change an outline: a glyph
 * from a pack is the glyph fontkit gives for the same face, to the font unit.
 *
 * Why: fontkit 2 cannot write a reopenable CFF subset (main/seals/README.md), and users' Windows
 * and macOS machines have no Noto CJK; the packs are made by scripts/make-seal-glyph-pack.ts from
 * the OFL-licensed Noto CJK SC faces (licence in resources/fonts/OFL-NotoCJK.txt).
 *
 * Format (version 1), the whole file gzip-compressed (RFC 1952):
 *   "SDGP"  u32le n  n bytes of UTF-8 JSON header (GlyphPackHeader)
 *   then header.glyphCount records, ascending code point:
 *     varint (code point - previous code point)   varint byte length of the body   body
 *   body:  zigzag advance,  u8 flags,  bbox,  varint command count,  commands
 *     bbox: flags bit 0 clear: 4 zigzag varints (minX minY maxX maxY); set: 4 f64le (exact,
 *           for the tight boxes of curves whose extrema fall between font units)
 *     command: u8 op (0 M, 1 L, 2 C, 3 Z) then zigzag varint deltas in font units, each point
 *              relative to the previous point written (M, L: x y; C: x1 y1 x2 y2 x y).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { defineErrors, isSealdeskError } from '../errors/sealdesk-error';
import type { FontProvider, GlyphCommand, SealFont, SealFontStyle, SealGlyph } from './seal-font';

export const GLYPH_PACK_FORMAT = 'sealdesk-glyph-pack';
export const GLYPH_PACK_VERSION = 1;
const MAGIC = 'SDGP';

export interface GlyphPackHeader {
  readonly format: typeof GLYPH_PACK_FORMAT;
  readonly version: number;
  readonly style: SealFontStyle;
  readonly family: string;
  readonly postscriptName: string;
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  /** `SealFont.emBottom` of the source face (OS/2 typoDescender). */
  readonly emBottom: number;
  readonly license: 'SIL OFL 1.1';
  /** Where the outlines came from, e.g. "NotoSerifCJK-Bold.ttc, Version 2.001;...". */
  readonly source: string;
  /** The character set, e.g. "GB 2312 hanzi + ASCII + punctuation". */
  readonly charset: string;
  readonly glyphCount: number;
}

/** Pack file name of a style in a resources/fonts folder. */
export const glyphPackFile = (style: SealFontStyle): string => `seal-glyphs-${style}.bin.gz`;

export const glyphPackError = defineErrors({
  SEAL_GLYPH_PACK_INVALID: {
    category: 'io',
    en: 'The bundled seal glyph pack {file} is damaged or of an unknown format ({reason}). Reinstall Sealdesk; developers regenerate it with: npx tsx scripts/make-seal-glyph-pack.ts',
    zh: '内置的印章字形包 {file} 已损坏或格式未知（{reason}）。请重新安装 Sealdesk；开发者可运行 npx tsx scripts/make-seal-glyph-pack.ts 重新生成。',
  },
});

// ---------------------------------------------------------------------------------------------
// Encoding

class ByteWriter {
  private buf = new Uint8Array(1 << 16);
  length = 0;
  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  u8(v: number): void {
    this.ensure(1);
    this.buf[this.length++] = v;
  }
  varint(v: number): void {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`varint out of range: ${v}`);
    while (v >= 0x80) {
      this.u8((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.u8(v);
  }
  zigzag(v: number): void {
    this.varint(v < 0 ? -2 * v - 1 : 2 * v);
  }
  f64(v: number): void {
    this.ensure(8);
    new DataView(this.buf.buffer).setFloat64(this.length, v, true);
    this.length += 8;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** Largest |v - round(v)| among the coordinates rounded while encoding (0 for Noto CJK). */
export interface EncodeReport {
  readonly maxRoundingError: number;
}

function encodeGlyph(g: SealGlyph, w: ByteWriter, report: { maxRoundingError: number }): void {
  const q = (v: number): number => {
    const r = Math.round(v);
    report.maxRoundingError = Math.max(report.maxRoundingError, Math.abs(v - r));
    return r;
  };
  w.zigzag(q(g.advance));
  const b = [g.bbox.minX, g.bbox.minY, g.bbox.maxX, g.bbox.maxY];
  const exact = b.every((v) => Number.isInteger(v));
  w.u8(exact ? 0 : 1);
  for (const v of b) {
    if (exact) w.zigzag(v);
    else w.f64(v);
  }
  w.varint(g.commands.length);
  let px = 0;
  let py = 0;
  const point = (x: number, y: number): void => {
    const [qx, qy] = [q(x), q(y)];
    w.zigzag(qx - px);
    w.zigzag(qy - py);
    [px, py] = [qx, qy];
  };
  for (const c of g.commands) {
    switch (c.op) {
      case 'M':
      case 'L':
        w.u8(c.op === 'M' ? 0 : 1);
        point(c.x, c.y);
        break;
      case 'C':
        w.u8(2);
        point(c.x1, c.y1);
        point(c.x2, c.y2);
        point(c.x, c.y);
        break;
      case 'Z':
        w.u8(3);
        break;
    }
  }
}

/**
 * Encodes glyphs (any order; duplicates by character are an error) into a gzip-compressed pack.
 * `header.glyphCount` is filled in here.
 */
export function encodeGlyphPack(
  header: Omit<GlyphPackHeader, 'format' | 'version' | 'glyphCount'>,
  glyphs: readonly SealGlyph[],
): { bytes: Uint8Array; report: EncodeReport } {
  const sorted = [...glyphs].sort((a, b) => a.char.codePointAt(0)! - b.char.codePointAt(0)!);
  const full: GlyphPackHeader = {
    format: GLYPH_PACK_FORMAT,
    version: GLYPH_PACK_VERSION,
    ...header,
    glyphCount: sorted.length,
  };
  const w = new ByteWriter();
  w.bytes(new TextEncoder().encode(MAGIC));
  const json = new TextEncoder().encode(JSON.stringify(full));
  const len = new Uint8Array(4);
  new DataView(len.buffer).setUint32(0, json.length, true);
  w.bytes(len);
  w.bytes(json);
  const report = { maxRoundingError: 0 };
  let prev = 0;
  for (const g of sorted) {
    const cp = g.char.codePointAt(0)!;
    if (Array.from(g.char).length !== 1 || cp <= prev)
      throw new RangeError(`glyph pack: bad or duplicate character U+${cp.toString(16)}`);
    const body = new ByteWriter();
    encodeGlyph(g, body, report);
    w.varint(cp - prev);
    w.varint(body.length);
    w.bytes(body.result());
    prev = cp;
  }
  return { bytes: gzipSync(w.result(), { level: 9 }), report };
}

// ---------------------------------------------------------------------------------------------
// Decoding

class ByteReader {
  constructor(
    private readonly buf: Uint8Array,
    public pos = 0,
  ) {}
  u8(): number {
    const v = this.buf[this.pos++];
    if (v === undefined) throw new RangeError('truncated');
    return v;
  }
  varint(): number {
    let v = 0;
    let scale = 1;
    for (;;) {
      const b = this.u8();
      v += (b & 0x7f) * scale;
      if (b < 0x80) return v;
      scale *= 0x80;
      if (scale > 2 ** 49) throw new RangeError('varint too long');
    }
  }
  zigzag(): number {
    const v = this.varint();
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }
  f64(): number {
    if (this.pos + 8 > this.buf.length) throw new RangeError('truncated');
    const v = new DataView(this.buf.buffer, this.buf.byteOffset).getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }
}

function decodeGlyph(char: string, r: ByteReader): SealGlyph {
  const advance = r.zigzag();
  const exact = (r.u8() & 1) === 0;
  const [minX, minY, maxX, maxY] = [0, 0, 0, 0].map(() => (exact ? r.zigzag() : r.f64())) as [
    number,
    number,
    number,
    number,
  ];
  const count = r.varint();
  const commands: GlyphCommand[] = [];
  let px = 0;
  let py = 0;
  const point = (): [number, number] => {
    px += r.zigzag();
    py += r.zigzag();
    return [px, py];
  };
  for (let i = 0; i < count; i++) {
    const op = r.u8();
    if (op === 0 || op === 1) {
      const [x, y] = point();
      commands.push({ op: op === 0 ? 'M' : 'L', x, y });
    } else if (op === 2) {
      const [x1, y1] = point();
      const [x2, y2] = point();
      const [x, y] = point();
      commands.push({ op: 'C', x1, y1, x2, y2, x, y });
    } else if (op === 3) commands.push({ op: 'Z' });
    else throw new RangeError(`unknown command ${op}`);
  }
  return { char, advance, bbox: { minX, minY, maxX, maxY }, commands };
}

/** A decoded pack: header plus an index of record offsets; glyphs are decoded on demand. */
export interface GlyphPack {
  readonly header: GlyphPackHeader;
  /** The glyph for one character, or undefined if the pack has none. Not cached. */
  glyph(char: string): SealGlyph | undefined;
  /** Every character in the pack, ascending. */
  chars(): string[];
}

/** Reads a pack (gzip-compressed bytes); `file` names it in errors. */
export function decodeGlyphPack(gz: Uint8Array, file = 'glyph pack'): GlyphPack {
  const bad = (reason: string, cause?: unknown): Error =>
    glyphPackError('SEAL_GLYPH_PACK_INVALID', { file, reason }, cause);
  let raw: Uint8Array;
  try {
    raw = gunzipSync(gz);
  } catch (e) {
    throw bad('not gzip data', e);
  }
  if (new TextDecoder().decode(raw.subarray(0, 4)) !== MAGIC) throw bad('no SDGP signature');
  let header: GlyphPackHeader;
  const index = new Map<number, number>();
  try {
    const n = new DataView(raw.buffer, raw.byteOffset).getUint32(4, true);
    header = JSON.parse(new TextDecoder().decode(raw.subarray(8, 8 + n))) as GlyphPackHeader;
    if (header.format !== GLYPH_PACK_FORMAT) throw new RangeError('wrong format name');
    if (header.version !== GLYPH_PACK_VERSION)
      throw new RangeError(`version ${String(header.version)}`);
    if (!(header.unitsPerEm > 0)) throw new RangeError('unitsPerEm');
    const r = new ByteReader(raw, 8 + n);
    let cp = 0;
    for (let i = 0; i < header.glyphCount; i++) {
      cp += r.varint();
      const len = r.varint();
      index.set(cp, r.pos);
      r.pos += len;
    }
    if (r.pos !== raw.length) throw new RangeError('record lengths do not add up');
  } catch (e) {
    throw bad(e instanceof Error ? e.message : 'unreadable header', e);
  }
  return {
    header,
    glyph(char) {
      const cp = char.codePointAt(0);
      const at = cp === undefined || Array.from(char).length !== 1 ? undefined : index.get(cp);
      if (at === undefined) return undefined;
      try {
        return decodeGlyph(char, new ByteReader(raw, at));
      } catch (e) {
        throw bad(`glyph U+${cp!.toString(16).toUpperCase()}: ${String(e)}`, e);
      }
    },
    chars: () => [...index.keys()].map((c) => String.fromCodePoint(c)),
  };
}

// ---------------------------------------------------------------------------------------------
// Provider

/** A SealFont over a pack; characters the pack lacks are asked of the fallback face. */
class PackedSealFont implements SealFont {
  readonly id: string;
  readonly unitsPerEm: number;
  readonly emBottom: number;
  private readonly cache = new Map<string, SealGlyph | undefined>();
  private fallbackFont: SealFont | null | undefined;

  constructor(
    private readonly pack: GlyphPack,
    private readonly fallback: () => SealFont | undefined,
  ) {
    this.id = pack.header.postscriptName;
    this.unitsPerEm = pack.header.unitsPerEm;
    this.emBottom = pack.header.emBottom;
  }

  glyph(char: string): SealGlyph | undefined {
    if (this.cache.has(char)) return this.cache.get(char);
    const g = this.pack.glyph(char) ?? this.fromFallback(char);
    this.cache.set(char, g);
    return g;
  }

  private fromFallback(char: string): SealGlyph | undefined {
    if (this.fallbackFont === undefined) {
      const f = this.fallback();
      // A face with another em would need rescaling; Noto CJK is 1000 units everywhere.
      this.fallbackFont = f && f.unitsPerEm === this.unitsPerEm ? f : null;
    }
    return this.fallbackFont?.glyph(char);
  }
}

export interface GlyphPackFontProviderOptions {
  /** Folders searched, in order, for `seal-glyphs-<style>.bin.gz`; default: glyphPackDirs(). */
  readonly dirs?: readonly string[];
  /**
   * Asked for characters a pack lacks, and for styles that have no pack (e.g. the system Noto
   * CJK fonts through FileFontProvider). Its SEAL_FONT_NOT_FOUND for a style that has a pack
   * means "no glyph", so generation reports SEAL_GLYPH_MISSING as without packs.
   */
  readonly fallback?: FontProvider;
}

/**
 * Serves seal fonts from glyph packs, loaded lazily per style and kept for the provider's life.
 * A style without a pack is served entirely by the fallback (or SEAL_FONT_NOT_FOUND from it).
 */
export class GlyphPackFontProvider implements FontProvider {
  private readonly fonts = new Map<SealFontStyle, SealFont>();
  readonly dirs: readonly string[];
  constructor(private readonly options: GlyphPackFontProviderOptions = {}) {
    this.dirs = options.dirs ?? glyphPackDirs();
  }

  /** The pack file used for a style, or undefined if none of the dirs has one. */
  packPath(style: SealFontStyle): string | undefined {
    return this.dirs.map((d) => join(d, glyphPackFile(style))).find((p) => existsSync(p));
  }

  font(style: SealFontStyle): SealFont {
    const hit = this.fonts.get(style);
    if (hit) return hit;
    const path = this.packPath(style);
    const fallback = this.options.fallback;
    let font: SealFont;
    if (path) {
      const pack = decodeGlyphPack(readFileSync(path), path);
      if (pack.header.style !== style)
        throw glyphPackError('SEAL_GLYPH_PACK_INVALID', {
          file: path,
          reason: `holds ${pack.header.style}, not ${style}`,
        });
      font = new PackedSealFont(pack, () => {
        try {
          return fallback?.font(style);
        } catch (e) {
          if (isSealdeskError(e, 'SEAL_FONT_NOT_FOUND')) return undefined;
          throw e;
        }
      });
    } else if (fallback) {
      font = fallback.font(style);
    } else {
      throw glyphPackError('SEAL_GLYPH_PACK_INVALID', {
        file: glyphPackFile(style),
        reason: `not found in ${this.dirs.join(', ') || '(no folders)'}`,
      });
    }
    this.fonts.set(style, font);
    return font;
  }
}

/** The folder of this module's file, when it is loaded as an ES module (dev, esbuild ESM). */
function moduleDir(): string | undefined {
  try {
    return typeof import.meta.url === 'string'
      ? dirname(fileURLToPath(import.meta.url))
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where `resources/fonts` may be, most specific first:
 * 1. `$SEALDESK_RESOURCES_DIR/fonts` (the Electron main process may set it; tests inject dirs);
 * 2. `<process.resourcesPath>/resources/fonts` and `<process.resourcesPath>/fonts` (packaged
 *    Electron app, resources copied beside app.asar);
 * 3. `resources/fonts` in this file's folder and its ancestors: main/seals/ in development,
 *    out/cli/ or out/main/electron/ in the esbuild bundles, app.asar/out/... when packed;
 * 4. `<cwd>/resources/fonts`.
 */
export function glyphPackDirs(
  where: {
    readonly env?: NodeJS.ProcessEnv;
    /** Electron's process.resourcesPath; null: not in Electron. */
    readonly resourcesPath?: string | null;
    /** The folder to walk up from; null: none. */
    readonly moduleDir?: string | null;
    readonly cwd?: string;
  } = {},
): string[] {
  const env = where.env ?? process.env;
  const resourcesPath =
    'resourcesPath' in where
      ? where.resourcesPath
      : (process as { resourcesPath?: string }).resourcesPath;
  const fromDir = 'moduleDir' in where ? (where.moduleDir ?? undefined) : moduleDir();
  const cwd = where.cwd ?? process.cwd();
  const dirs: string[] = [];
  if (env.SEALDESK_RESOURCES_DIR) dirs.push(join(env.SEALDESK_RESOURCES_DIR, 'fonts'));
  if (resourcesPath)
    dirs.push(join(resourcesPath, 'resources', 'fonts'), join(resourcesPath, 'fonts'));
  for (let d = fromDir, i = 0; d !== undefined && i < 5; i++) {
    dirs.push(join(d, 'resources', 'fonts'));
    const up = dirname(d);
    d = up === d ? undefined : up;
  }
  dirs.push(join(cwd, 'resources', 'fonts'));
  return [...new Set(dirs)];
}
