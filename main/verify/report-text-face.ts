/**
 * The port between the report's page layout (report-pdf.ts) and the font it draws with, plus the
 * pieces both font kinds share: the /ToUnicode CMap (ISO 32000-1 §9.10.3) and Flate streams.
 *
 * Owns: `ReportTextFace` (advances for line wrapping, text-showing operators for one line, the
 * font objects once every line is shown) and `toUnicodeCMap`.
 * Must never: lay text out (report-pdf.ts does), or name a font the reader must have installed.
 */
import { deflateSync } from 'node:zlib';
import type { PdfDict, PdfObject, PdfRef } from '../pdf/objects';

export interface ReportTextFace {
  /** Advance of one character in thousandths of an em ("?"'s when the font lacks it). */
  advance(ch: string): number;
  /**
   * Operators that show one line at the current text position (inside BT ... ET, after Td):
   * they select the font(s) themselves (`/Name size Tf`), so a line may switch fonts.
   */
  show(text: string, size: number): string;
  /**
   * Called once after every line is shown: allocates and appends the font objects and returns
   * the /Font resource dictionary the pages share.
   */
  finish(alloc: () => PdfRef, objs: [PdfRef, PdfObject][]): PdfDict;
  /** Characters drawn as "?" because the font lacks them. */
  readonly missing: number;
}

export function hexCode(n: number, bytes: 1 | 2): string {
  return n
    .toString(16)
    .padStart(bytes * 2, '0')
    .toUpperCase();
}

function utf16Hex(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += hexCode(s.charCodeAt(i), 2);
  return out;
}

/** A /ToUnicode CMap mapping `bytes`-byte codes to the text they draw (ISO 32000-1 §9.10.3). */
export function toUnicodeCMap(
  entries: readonly { code: number; text: string }[],
  bytes: 1 | 2,
): string {
  const chunks: string[] = [];
  // At most 100 mappings per beginbfchar block (Adobe Technical Note #5014).
  for (let i = 0; i < entries.length; i += 100) {
    const part = entries.slice(i, i + 100);
    chunks.push(
      `${part.length} beginbfchar\n${part.map((e) => `<${hexCode(e.code, bytes)}> <${utf16Hex(e.text)}>`).join('\n')}\nendbfchar`,
    );
  }
  const range = bytes === 1 ? '<00> <FF>' : '<0000> <FFFF>';
  return `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
${range}
endcodespacerange
${chunks.join('\n')}
endcmap
CMapName currentdict /CMap defineresource pop
end
end
`;
}

export const flate = (s: string | Uint8Array): Uint8Array =>
  new Uint8Array(deflateSync(typeof s === 'string' ? Buffer.from(s, 'latin1') : s));
