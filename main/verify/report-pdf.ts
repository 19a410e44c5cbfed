/**
 * The PDF verification report, written by our own code (ISO 32000-2 §7.5 file structure, §9.7
 * composite fonts: Type0 + CIDFontType2 with Identity-H and CIDToGIDMap /Identity over a
 * TrueType subset in /FontFile2, §9.10.3 ToUnicode CMap so text can be searched and copied).
 *
 * Owns: laying the report-model blocks out on A4 pages (line wrapping by glyph advances, CJK
 * breaks anywhere, Latin at spaces), subsetting the font to the glyphs used, and writing the
 * file atomically.
 * Must never: depend on a font the reader must have (the font is embedded), or on pdf-lib.
 */
import { rename, writeFile } from 'node:fs/promises';
import { deflateSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import type { FontkitFont } from 'fontkit';
import type { Lang } from '../i18n/locale';
import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, type PdfObject } from '../pdf/objects';
import { ByteSink, writeIndirect } from '../pdf/serialize';
import { findReportFont, type ReportFont } from './report-font';
import { buildReport, type ReportBlock } from './report-model';
import type { DocumentVerification } from './verdict-model';

const PAGE_W = 595.28;
const PAGE_H = 841.89;
const MARGIN = 50;

interface Line {
  readonly text: string;
  readonly size: number;
  readonly indent: number;
  readonly color?: readonly [number, number, number];
  readonly gapBefore: number;
}

class GlyphMapper {
  /** original glyph id -> { cid, unicode } */
  readonly used = new Map<number, { cid: number; text: string; width: number }>();
  missing = 0;
  constructor(readonly font: FontkitFont) {}
  advance(ch: string): number {
    const cp = ch.codePointAt(0) ?? 0x3f;
    const g = this.font.glyphForCodePoint(this.font.hasGlyphForCodePoint(cp) ? cp : 0x3f);
    return (g.advanceWidth * 1000) / this.font.unitsPerEm;
  }
  glyphId(ch: string): number {
    const cp = ch.codePointAt(0) ?? 0x3f;
    if (!this.font.hasGlyphForCodePoint(cp)) {
      this.missing++;
      return this.font.glyphForCodePoint(0x3f).id;
    }
    return this.font.glyphForCodePoint(cp).id;
  }
}

function wrap(text: string, width: number, size: number, m: GlyphMapper): string[] {
  const out: string[] = [];
  const chars = [...text];
  let line: string[] = [];
  let w = 0;
  let lastSpace = -1;
  for (const ch of chars) {
    if (ch === '\n') {
      out.push(line.join(''));
      line = [];
      w = 0;
      lastSpace = -1;
      continue;
    }
    const a = (m.advance(ch) * size) / 1000;
    if (w + a > width && line.length > 0) {
      if (lastSpace > 0 && /[\x21-\x7e]/.test(ch)) {
        out.push(line.slice(0, lastSpace).join(''));
        line = line.slice(lastSpace + 1);
      } else {
        out.push(line.join(''));
        line = [];
      }
      w = line.reduce((s, c) => s + (m.advance(c) * size) / 1000, 0);
      lastSpace = -1;
    }
    if (ch === ' ') lastSpace = line.length;
    line.push(ch);
    w += a;
  }
  if (line.length > 0 || out.length === 0) out.push(line.join(''));
  return out;
}

function layout(blocks: readonly ReportBlock[], m: GlyphMapper): Line[] {
  const lines: Line[] = [];
  const body = PAGE_W - 2 * MARGIN;
  const add = (text: string, size: number, indent: number, gap: number, color?: Line['color']) => {
    wrap(text, body - indent, size, m).forEach((t, i) =>
      lines.push({
        text: t,
        size,
        indent,
        gapBefore: i === 0 ? gap : 0,
        ...(color ? { color } : {}),
      }),
    );
  };
  for (const b of blocks) {
    switch (b.kind) {
      case 'title':
        add(b.text, 18, 0, 0);
        break;
      case 'heading':
        add(b.text, 13, 0, 14);
        break;
      case 'subheading':
        add(b.text, 11.5, 0, 10);
        break;
      case 'verdict':
        add(
          b.text,
          11,
          0,
          4,
          b.tone === 'ok'
            ? [0.1, 0.5, 0.2]
            : b.tone === 'bad'
              ? [0.78, 0.16, 0.16]
              : [0.7, 0.42, 0],
        );
        break;
      case 'text':
        add(b.text, 9.5, 0, 3);
        break;
      case 'fields':
        b.rows.forEach(([k, v], i) => add(`${k}: ${v}`, 9, 12, i === 0 ? 2 : 0));
        break;
    }
  }
  return lines;
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0').toUpperCase();
}

function utf16Hex(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += hex4(s.charCodeAt(i));
  return out;
}

function toUnicodeCMap(entries: readonly { cid: number; text: string }[]): string {
  const chunks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const part = entries.slice(i, i + 100);
    chunks.push(
      `${part.length} beginbfchar\n${part.map((e) => `<${hex4(e.cid)}> <${utf16Hex(e.text)}>`).join('\n')}\nendbfchar`,
    );
  }
  return `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
${chunks.join('\n')}
endcmap
CMapName currentdict /CMap defineresource pop
end
end
`;
}

const flate = (s: string | Uint8Array) =>
  new Uint8Array(deflateSync(typeof s === 'string' ? Buffer.from(s, 'latin1') : s));

/** Renders the report PDF bytes. `font` defaults to the first TrueType CJK font found. */
export function renderPdfReport(
  docs: readonly DocumentVerification[],
  lang: Lang,
  font: ReportFont = findReportFont(),
): Uint8Array {
  const m = new GlyphMapper(font.font);
  const lines = layout(buildReport(docs, lang), m);

  // Pages: place lines top-down.
  const pages: Line[][] = [[]];
  let y = PAGE_H - MARGIN;
  const placed: { page: number; y: number; line: Line }[] = [];
  for (const line of lines) {
    const lh = line.size * 1.45 + line.gapBefore;
    if (y - lh < MARGIN) {
      pages.push([]);
      y = PAGE_H - MARGIN;
    }
    y -= lh;
    placed.push({ page: pages.length - 1, y, line });
    pages[pages.length - 1]!.push(line);
  }

  // Subset: CIDs are the subset's glyph ids (CIDToGIDMap /Identity).
  const subset = font.font.createSubset();
  const cidOf = new Map<number, number>();
  const toUnicode: { cid: number; text: string }[] = [];
  const widths = new Map<number, number>();
  const cidFor = (ch: string): number => {
    const gid = m.glyphId(ch);
    let cid = cidOf.get(gid);
    if (cid === undefined) {
      cid = subset.includeGlyph(gid);
      cidOf.set(gid, cid);
      toUnicode.push({ cid, text: ch });
      widths.set(
        cid,
        Math.round((font.font.getGlyph(gid).advanceWidth * 1000) / font.font.unitsPerEm),
      );
    }
    return cid;
  };
  const contents: string[] = pages.map(() => '');
  for (const p of placed) {
    const hex = [...p.line.text].map((ch) => hex4(cidFor(ch))).join('');
    const [r, g, b] = p.line.color ?? [0, 0, 0];
    contents[p.page] +=
      `BT ${r} ${g} ${b} rg /F1 ${p.line.size} Tf ${(MARGIN + p.line.indent).toFixed(2)} ${p.y.toFixed(2)} Td <${hex}> Tj ET\n`;
  }
  const fontFile = subset.encode();

  // Objects.
  let next = 1;
  const objs: [PdfRef, PdfObject][] = [];
  const alloc = () => new PdfRef(next++, 0);
  const n = (s: string) => PdfName.of(s);
  const catalogRef = alloc();
  const pagesRef = alloc();
  const type0Ref = alloc();
  const cidFontRef = alloc();
  const descRef = alloc();
  const fileRef = alloc();
  const tuRef = alloc();
  const tag = Array.from(randomBytes(6), (x) => String.fromCharCode(65 + (x % 26))).join('');
  const baseFont = `${tag}+${font.id.replace(/[^A-Za-z0-9-]/g, '')}`;
  const upm = font.font.unitsPerEm;
  const sc = (v: number) => Math.round((v * 1000) / upm);
  const pageRefs: PdfRef[] = [];
  const fontRes = new PdfDict([['F1', type0Ref]]);
  for (const c of contents) {
    const pageRef = alloc();
    const contentRef = alloc();
    pageRefs.push(pageRef);
    objs.push([
      pageRef,
      new PdfDict([
        ['Type', n('Page')],
        ['Parent', pagesRef],
        ['MediaBox', [0, 0, PAGE_W, PAGE_H]],
        ['Resources', new PdfDict([['Font', fontRes]])],
        ['Contents', contentRef],
      ]),
    ]);
    objs.push([
      contentRef,
      PdfStream.fromBytes(new PdfDict([['Filter', n('FlateDecode')]]), flate(c)),
    ]);
  }
  const w: PdfObject[] = [];
  for (const [cid, width] of [...widths].sort((a, b) => a[0] - b[0])) w.push(cid, [width]);
  const info = new PdfDict([
    ['Producer', PdfString.fromText('Sealdesk')],
    [
      'Title',
      PdfString.fromText(lang === 'en' ? 'Signature verification report' : '电子签名验证报告'),
    ],
  ]);
  const infoRef = alloc();
  objs.push(
    [
      catalogRef,
      new PdfDict([
        ['Type', n('Catalog')],
        ['Pages', pagesRef],
        ['Lang', PdfString.fromText(lang)],
      ]),
    ],
    [
      pagesRef,
      new PdfDict([
        ['Type', n('Pages')],
        ['Kids', pageRefs],
        ['Count', pageRefs.length],
      ]),
    ],
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
        [
          'FontBBox',
          [
            sc(font.font.bbox.minX),
            sc(font.font.bbox.minY),
            sc(font.font.bbox.maxX),
            sc(font.font.bbox.maxY),
          ],
        ],
        ['ItalicAngle', 0],
        ['Ascent', sc(font.font.ascent)],
        ['Descent', sc(font.font.descent)],
        ['CapHeight', sc(font.font.capHeight || font.font.ascent)],
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
        flate(toUnicodeCMap(toUnicode)),
      ),
    ],
    [infoRef, info],
  );

  const sink = new ByteSink(64 * 1024);
  sink.text('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
  const offsets = new Map<number, number>();
  for (const [ref, obj] of objs.sort((a, b) => a[0].num - b[0].num)) {
    offsets.set(ref.num, sink.length);
    writeIndirect(sink, ref, obj);
  }
  const xref = sink.length;
  sink.text(`xref\n0 ${next}\n0000000000 65535 f \n`);
  for (let i = 1; i < next; i++)
    sink.text(`${String(offsets.get(i)).padStart(10, '0')} 00000 n \n`);
  sink.text(
    `trailer\n<< /Size ${next} /Root ${catalogRef.num} 0 R /Info ${infoRef.num} 0 R >>\nstartxref\n${xref}\n%%EOF\n`,
  );
  return new Uint8Array(sink.toBuffer());
}

export async function writePdfReport(
  docs: readonly DocumentVerification[],
  out: string,
  lang: Lang,
): Promise<void> {
  const bytes = renderPdfReport(docs, lang);
  const tmp = `${out}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, out);
}
