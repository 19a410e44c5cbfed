/**
 * A system TrueType CJK face in the PDF report: a Type 0 font over a CIDFontType2 with
 * Identity-H and CIDToGIDMap /Identity, the TrueType subset in /FontFile2 (ISO 32000-1 §9.7,
 * §9.9), and a /ToUnicode CMap (§9.10.3) so text can be searched and copied.
 *
 * Owns: mapping characters to glyphs of the face, subsetting it to the glyphs used.
 * Must never: silently drop a character: one the face lacks is drawn as "?" and counted.
 */
import { randomBytes } from 'node:crypto';
import type { FontkitFont } from 'fontkit';
import {
  PdfDict,
  PdfName,
  PdfStream,
  PdfString,
  type PdfObject,
  type PdfRef,
} from '../pdf/objects';
import type { TrueTypeReportFont } from './report-font';
import { flate, hexCode, toUnicodeCMap, type ReportTextFace } from './report-text-face';

export class TrueTypeReportFace implements ReportTextFace {
  missing = 0;
  private readonly face: FontkitFont;
  private readonly subset: ReturnType<FontkitFont['createSubset']>;
  /** original glyph id -> CID (the subset's glyph id) */
  private readonly cidOf = new Map<number, number>();
  private readonly toUnicode: { code: number; text: string }[] = [];
  private readonly widths = new Map<number, number>();

  constructor(private readonly font: TrueTypeReportFont) {
    this.face = font.font;
    this.subset = font.font.createSubset();
  }

  advance(ch: string): number {
    const cp = ch.codePointAt(0) ?? 0x3f;
    const g = this.face.glyphForCodePoint(this.face.hasGlyphForCodePoint(cp) ? cp : 0x3f);
    return (g.advanceWidth * 1000) / this.face.unitsPerEm;
  }

  private glyphId(ch: string): number {
    const cp = ch.codePointAt(0) ?? 0x3f;
    if (!this.face.hasGlyphForCodePoint(cp)) {
      this.missing++;
      return this.face.glyphForCodePoint(0x3f).id;
    }
    return this.face.glyphForCodePoint(cp).id;
  }

  private cidFor(ch: string): number {
    const gid = this.glyphId(ch);
    let cid = this.cidOf.get(gid);
    if (cid === undefined) {
      cid = this.subset.includeGlyph(gid);
      this.cidOf.set(gid, cid);
      this.toUnicode.push({ code: cid, text: ch });
      this.widths.set(
        cid,
        Math.round((this.face.getGlyph(gid).advanceWidth * 1000) / this.face.unitsPerEm),
      );
    }
    return cid;
  }

  show(text: string, size: number): string {
    const hex = [...text].map((ch) => hexCode(this.cidFor(ch), 2)).join('');
    return `/F1 ${size} Tf <${hex}> Tj`;
  }

  finish(alloc: () => PdfRef, objs: [PdfRef, PdfObject][]): PdfDict {
    const n = (s: string) => PdfName.of(s);
    const f = this.face;
    const fontFile = this.subset.encode();
    const type0Ref = alloc();
    const cidFontRef = alloc();
    const descRef = alloc();
    const fileRef = alloc();
    const tuRef = alloc();
    const tag = Array.from(randomBytes(6), (x) => String.fromCharCode(65 + (x % 26))).join('');
    const baseFont = `${tag}+${this.font.id.replace(/[^A-Za-z0-9-]/g, '')}`;
    const sc = (v: number) => Math.round((v * 1000) / f.unitsPerEm);
    const w: PdfObject[] = [];
    for (const [cid, width] of [...this.widths].sort((a, b) => a[0] - b[0])) w.push(cid, [width]);
    objs.push(
      [
        type0Ref,
        new PdfDict([
          ['Type', n('Font')],
          ['Subtype', n('Type0')],
          ['BaseFont', n(baseFont)],
          ['Encoding', n('Identity-H')],
          ['DescendantFonts', [cidFontRef]],
          ['ToUnicode', tuRef],
        ]),
      ],
      [
        cidFontRef,
        new PdfDict([
          ['Type', n('Font')],
          ['Subtype', n('CIDFontType2')],
          ['BaseFont', n(baseFont)],
          [
            'CIDSystemInfo',
            new PdfDict([
              ['Registry', PdfString.fromText('Adobe')],
              ['Ordering', PdfString.fromText('Identity')],
              ['Supplement', 0],
            ]),
          ],
          ['FontDescriptor', descRef],
          ['DW', 1000],
          ['W', w],
          ['CIDToGIDMap', n('Identity')],
        ]),
      ],
      [
        descRef,
        new PdfDict([
          ['Type', n('FontDescriptor')],
          ['FontName', n(baseFont)],
          ['Flags', 4],
          ['FontBBox', [sc(f.bbox.minX), sc(f.bbox.minY), sc(f.bbox.maxX), sc(f.bbox.maxY)]],
          ['ItalicAngle', 0],
          ['Ascent', sc(f.ascent)],
          ['Descent', sc(f.descent)],
          ['CapHeight', sc(f.capHeight || f.ascent)],
          ['StemV', 80],
          ['FontFile2', fileRef],
        ]),
      ],
      [
        fileRef,
        PdfStream.fromBytes(
          new PdfDict([
            ['Filter', n('FlateDecode')],
            ['Length1', fontFile.length],
          ]),
          flate(fontFile),
        ),
      ],
      [
        tuRef,
        PdfStream.fromBytes(
          new PdfDict([['Filter', n('FlateDecode')]]),
          flate(toUnicodeCMap(this.toUnicode, 2)),
        ),
      ],
    );
    return new PdfDict([['F1', type0Ref]]);
  }
}
