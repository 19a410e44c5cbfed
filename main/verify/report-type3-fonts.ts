/**
 * The bundled glyph pack in the PDF report, as Type 3 fonts (ISO 32000-1 §9.6.5): each glyph
 * used is a CharProc that fills the glyph's outline (nonzero winding, as TrueType and CFF
 * outlines are drawn), in glyph space = the pack's font units (/FontMatrix 1/unitsPerEm), with
 * `d1` so the glyph takes the current fill colour. Each font carries /Widths, /FontBBox,
 * /Encoding /Differences with glyph names uniXXXX, and a /ToUnicode CMap (§9.10.3) so the text
 * can be searched and copied.
 *
 * Type 3 codes are single bytes, so the characters are given codes in the order they are first
 * shown, 256 to a font, as many fonts as needed (/T1, /T2, ...); a line switches font with Tf
 * wherever its characters live in another font.
 *
 * Owns: code assignment, the CharProcs and the Type 3 font dictionaries.
 * Must never: put a glyph that is not shown into the file, ask anything but the pack for a glyph,
 * or silently drop a character: one the pack lacks (and that has no identical glyph in it,
 * `SAME_GLYPH`) is drawn as "?" and counted.
 */
import { PdfDict, PdfName, PdfStream, type PdfObject, type PdfRef } from '../pdf/objects';
import { formatNumber } from '../pdf/serialize';
import type { SealFont, SealGlyph } from '../seals/seal-font';
import { flate, hexCode, toUnicodeCMap, type ReportTextFace } from './report-text-face';

const CODES_PER_FONT = 256;

/**
 * Characters the report uses that the pack lacks, drawn with the pack glyph of another code
 * point that is the same glyph in the source face (the ToUnicode CMap still says which
 * character it is). U+2022 BULLET (report-model.ts notes): GB 2312 has only U+00B7 MIDDLE DOT,
 * and Noto Sans CJK SC draws both with one outline (advance 1000, bbox 394 274 606 486).
 */
const SAME_GLYPH: ReadonlyMap<string, string> = new Map([['\u2022', '\u00b7']]);

interface Slot {
  readonly font: number;
  readonly code: number;
}

/** PostScript glyph name of a character (Adobe Glyph List For New Fonts convention). */
function glyphName(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0x3f;
  return cp <= 0xffff
    ? `uni${cp.toString(16).toUpperCase().padStart(4, '0')}`
    : `u${cp.toString(16).toUpperCase()}`;
}

export class Type3ReportFonts implements ReportTextFace {
  missing = 0;
  /** For each Type 3 font, the glyph of each code, in code order. */
  private readonly fonts: SealGlyph[][] = [];
  private readonly slots = new Map<string, Slot>();
  private readonly fallback: SealGlyph;
  /** The pack's units per em. */
  private readonly em: number;
  /**
   * Font units -> glyph space: 1 when 1/unitsPerEm is written exactly with the 6 decimals PDF
   * numbers get (Noto CJK: 1000), else a rescale to 1000 units per em.
   */
  private readonly k: number;

  constructor(private readonly face: SealFont) {
    this.em = face.unitsPerEm;
    this.k = Number.isInteger(1e6 / this.em) ? 1 : 1000 / this.em;
    // The pack holds printable ASCII; the guard keeps a broken pack from crashing the report.
    this.fallback = face.glyph('?') ?? {
      char: '?',
      advance: this.em / 2,
      bbox: { minX: 0, minY: 0, maxX: 0, maxY: 0 },
      commands: [],
    };
  }

  /** The glyph drawn for a character: its own, or "?". */
  private glyphOf(ch: string): SealGlyph | undefined {
    if (Array.from(ch).length !== 1) return undefined;
    const own = this.face.glyph(ch);
    if (own) return own;
    const same = SAME_GLYPH.get(ch);
    const g = same === undefined ? undefined : this.face.glyph(same);
    return g ? { ...g, char: ch } : undefined;
  }

  advance(ch: string): number {
    return ((this.glyphOf(ch) ?? this.fallback).advance * 1000) / this.em;
  }

  private slotFor(ch: string): Slot {
    let g = this.glyphOf(ch);
    if (!g) {
      this.missing++;
      g = this.fallback;
    }
    const hit = this.slots.get(g.char);
    if (hit) return hit;
    let last = this.fonts[this.fonts.length - 1];
    if (!last || last.length === CODES_PER_FONT) {
      last = [];
      this.fonts.push(last);
    }
    const slot = { font: this.fonts.length - 1, code: last.length };
    last.push(g);
    this.slots.set(g.char, slot);
    return slot;
  }

  show(text: string, size: number): string {
    const ops: string[] = [];
    let font = -1;
    let hex = '';
    const flush = () => {
      if (hex) ops.push(`/T${font + 1} ${size} Tf <${hex}> Tj`);
      hex = '';
    };
    for (const ch of text) {
      const s = this.slotFor(ch);
      if (s.font !== font) {
        flush();
        font = s.font;
      }
      hex += hexCode(s.code, 1);
    }
    flush();
    return ops.join(' ');
  }

  finish(alloc: () => PdfRef, objs: [PdfRef, PdfObject][]): PdfDict {
    const n = (s: string) => PdfName.of(s);
    const k = this.k;
    const num = (v: number) => formatNumber(Math.round(v * k * 1e4) / 1e4);
    const resources: [string, PdfObject][] = [];
    this.fonts.forEach((glyphs, i) => {
      const fontRef = alloc();
      const tuRef = alloc();
      const procs: [string, PdfObject][] = [];
      const box = [Infinity, Infinity, -Infinity, -Infinity];
      for (const g of glyphs) {
        const b = g.bbox;
        const inked = g.commands.length > 0 && [b.minX, b.minY, b.maxX, b.maxY].every(isFinite);
        const bbox = inked
          ? [
              Math.floor(b.minX * k),
              Math.floor(b.minY * k),
              Math.ceil(b.maxX * k),
              Math.ceil(b.maxY * k),
            ]
          : [0, 0, 0, 0];
        if (inked) {
          box[0] = Math.min(box[0]!, bbox[0]!);
          box[1] = Math.min(box[1]!, bbox[1]!);
          box[2] = Math.max(box[2]!, bbox[2]!);
          box[3] = Math.max(box[3]!, bbox[3]!);
        }
        // d1: width and bounding box, colour from the graphics state (§9.6.5, Table 113).
        const ops = [`${num(g.advance)} 0 ${bbox.join(' ')} d1`];
        for (const c of g.commands) {
          if (c.op === 'M') ops.push(`${num(c.x)} ${num(c.y)} m`);
          else if (c.op === 'L') ops.push(`${num(c.x)} ${num(c.y)} l`);
          else if (c.op === 'C')
            ops.push(
              `${num(c.x1)} ${num(c.y1)} ${num(c.x2)} ${num(c.y2)} ${num(c.x)} ${num(c.y)} c`,
            );
          else ops.push('h');
        }
        if (inked) ops.push('f');
        const procRef = alloc();
        objs.push([
          procRef,
          PdfStream.fromBytes(
            new PdfDict([['Filter', n('FlateDecode')]]),
            flate(`${ops.join('\n')}\n`),
          ),
        ]);
        procs.push([glyphName(g.char), procRef]);
      }
      const fontBBox = isFinite(box[0]!) ? box : [0, 0, 0, 0];
      const scale = 1 / (this.em * k);
      objs.push(
        [
          fontRef,
          new PdfDict([
            ['Type', n('Font')],
            ['Subtype', n('Type3')],
            ['Name', n(`T${i + 1}`)],
            ['FontBBox', fontBBox],
            ['FontMatrix', [scale, 0, 0, scale, 0, 0]],
            ['CharProcs', new PdfDict(procs)],
            [
              'Encoding',
              new PdfDict([
                ['Type', n('Encoding')],
                ['Differences', [0, ...glyphs.map((g) => n(glyphName(g.char)))]],
              ]),
            ],
            ['FirstChar', 0],
            ['LastChar', glyphs.length - 1],
            ['Widths', glyphs.map((g) => Math.round(g.advance * k * 1e4) / 1e4)],
            ['Resources', new PdfDict([])],
            ['ToUnicode', tuRef],
          ]),
        ],
        [
          tuRef,
          PdfStream.fromBytes(
            new PdfDict([['Filter', n('FlateDecode')]]),
            flate(
              toUnicodeCMap(
                glyphs.map((g, code) => ({ code, text: g.char })),
                1,
              ),
            ),
          ),
        ],
      );
      resources.push([`T${i + 1}`, fontRef]);
    });
    return new PdfDict(resources);
  }
}
