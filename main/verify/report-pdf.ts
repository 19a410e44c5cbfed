/**
 * The PDF verification report, written by our own code (ISO 32000-2 §7.5 file structure). The
 * font is one of two kinds (report-font.ts): a system TrueType CJK face embedded as a subset
 * (report-truetype-face.ts: §9.7 Type0 + CIDFontType2), or the bundled glyph pack drawn as
 * Type 3 fonts (report-type3-fonts.ts: §9.6.5); both with a §9.10.3 ToUnicode CMap so text can
 * be searched and copied.
 *
 * Owns: laying the report-model blocks out on A4 pages (line wrapping by glyph advances, CJK
 * breaks anywhere, Latin at spaces), and writing the file atomically.
 * Must never: depend on a font the reader must have (the glyphs are in the file), or on pdf-lib.
 */
import { rename, writeFile } from 'node:fs/promises';
import type { Lang } from '../i18n/locale';
import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, type PdfObject } from '../pdf/objects';
import { ByteSink, writeIndirect } from '../pdf/serialize';
import { findReportFont, type ReportFont } from './report-font';
import { buildReport, type ReportBlock } from './report-model';
import { flate, type ReportTextFace } from './report-text-face';
import { TrueTypeReportFace } from './report-truetype-face';
import { Type3ReportFonts } from './report-type3-fonts';
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

function wrap(text: string, width: number, size: number, m: ReportTextFace): string[] {
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

function layout(blocks: readonly ReportBlock[], m: ReportTextFace): Line[] {
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

/** The text face for a report font: TrueType subset or Type 3 fonts from the glyph pack. */
function textFace(font: ReportFont): ReportTextFace {
  return font.kind === 'truetype' ? new TrueTypeReportFace(font) : new Type3ReportFonts(font.font);
}

/**
 * Renders the report PDF bytes. `font` defaults to the first TrueType CJK font found, else the
 * bundled glyph pack (report-font.ts).
 */
export function renderPdfReport(
  docs: readonly DocumentVerification[],
  lang: Lang,
  font: ReportFont = findReportFont(),
): Uint8Array {
  const m = textFace(font);
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

  const contents: string[] = pages.map(() => '');
  for (const p of placed) {
    const [r, g, b] = p.line.color ?? [0, 0, 0];
    contents[p.page] +=
      `BT ${r} ${g} ${b} rg ${(MARGIN + p.line.indent).toFixed(2)} ${p.y.toFixed(2)} Td ${m.show(p.line.text, p.line.size)} ET\n`;
  }

  // Objects.
  let next = 1;
  const objs: [PdfRef, PdfObject][] = [];
  const alloc = () => new PdfRef(next++, 0);
  const n = (s: string) => PdfName.of(s);
  const catalogRef = alloc();
  const pagesRef = alloc();
  const fontRes = m.finish(alloc, objs);
  const pageRefs: PdfRef[] = [];
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

export interface PdfReportOptions {
  /** The font to draw with; default: findReportFont() (TrueType CJK, else the glyph pack). */
  readonly font?: ReportFont;
}

export async function writePdfReport(
  docs: readonly DocumentVerification[],
  out: string,
  lang: Lang,
  options: PdfReportOptions = {},
): Promise<void> {
  const bytes = renderPdfReport(docs, lang, options.font ?? findReportFont());
  const tmp = `${out}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, out);
}
