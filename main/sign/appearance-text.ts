/**
 * Text in signature appearances (signer name, signing date, date stamps) drawn as glyph
 * outlines: filled paths (ISO 32000-2 §8.5.3) from the bundled Noto CJK font read through the
 * seals module's font machinery, so the text renders the same in every reader and needs no
 * embedded font program (no font resource at all: pdffonts lists nothing to miss).
 *
 * Owns: date formatting in a chosen time zone, and the operators of one line of text.
 * Must never: look fonts up through the OS, or depend on the machine's locale.
 */
import { pdfNum } from '../seals/seal-pdf';
import type { SealFont } from '../seals';
import { appearanceErrors } from './appearance-errors';

export interface TextDrawing {
  /** Operators drawing the line with the bottom of its em box at y = 0 and its start at x = 0. */
  readonly content: string;
  readonly widthPt: number;
  readonly heightPt: number;
}

/**
 * Formats `date` with tokens YYYY MM DD HH mm ss (anything else is copied), e.g.
 * 'YYYY年MM月DD日' or 'YYYY-MM-DD HH:mm', in an IANA time zone (default: the host's).
 */
export function formatDate(date: Date, format: string, timeZone?: string): string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      ...(timeZone !== undefined ? { timeZone } : {}),
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(date);
  } catch (e) {
    throw appearanceErrors('APPEARANCE_BAD_TIME_ZONE', { zone: timeZone ?? '' }, e);
  }
  const get = (t: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === t)?.value ?? '';
  const values: Record<string, string> = {
    YYYY: get('year').padStart(4, '0'),
    MM: get('month'),
    DD: get('day'),
    HH: get('hour'),
    mm: get('minute'),
    ss: get('second'),
  };
  return format.replace(/YYYY|MM|DD|HH|mm|ss/g, (tok) => values[tok] ?? tok);
}

/** One line of text, `sizePt` tall (the em box), filled with the current colour. */
export function textToPdf(font: SealFont, text: string, sizePt: number): TextDrawing {
  const s = sizePt / font.unitsPerEm;
  const chars = Array.from(text);
  const missing = [...new Set(chars.filter((c) => c.trim() !== '' && !font.glyph(c)))];
  if (missing.length > 0)
    throw appearanceErrors('APPEARANCE_GLYPH_MISSING', { chars: missing.join(' '), text });
  const ops: string[] = [];
  let pen = 0;
  for (const c of chars) {
    const g = font.glyph(c);
    if (!g) {
      pen += font.unitsPerEm / 2;
      continue;
    }
    if (g.commands.length > 0) {
      ops.push(
        `q ${pdfNum(s)} 0 0 ${pdfNum(s)} ${pdfNum(pen * s)} ${pdfNum(-font.emBottom * s)} cm`,
      );
      for (const cmd of g.commands) {
        switch (cmd.op) {
          case 'M':
            ops.push(`${pdfNum(cmd.x)} ${pdfNum(cmd.y)} m`);
            break;
          case 'L':
            ops.push(`${pdfNum(cmd.x)} ${pdfNum(cmd.y)} l`);
            break;
          case 'C':
            ops.push(
              `${pdfNum(cmd.x1)} ${pdfNum(cmd.y1)} ${pdfNum(cmd.x2)} ${pdfNum(cmd.y2)} ${pdfNum(cmd.x)} ${pdfNum(cmd.y)} c`,
            );
            break;
          case 'Z':
            ops.push('h');
            break;
        }
      }
      ops.push('f Q');
    }
    pen += g.advance;
  }
  return { content: ops.join('\n') + '\n', widthPt: pen * s, heightPt: sizePt };
}
