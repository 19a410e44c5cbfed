/**
 * The square personal name seal (方形人名章): a border and 2 to 4 characters filling a grid,
 * read as tradition has it, in columns from right to left, each column top to bottom:
 *   2 characters: two tall columns, the first on the right (2 x 1);  3: surname alone in the
 *   right column, the given name stacked in the left column;  4: two columns of two (2 x 2).
 *
 * Owns: the grid and the stretching of each character to fill its cell, as seal carvers do.
 * Must never: accept fewer than 2 or more than 4 characters (the caller validates).
 */
import { rectPath } from './geometry';
import type { SealFont, SealGlyph } from './seal-font';
import { SEAL_RED, roundMm, type SealShape } from './seal-model';
import { glyphShapes, type DrawResult } from './round-seal';
import { placeGlyph, type PlacedGlyph } from './text-layout';

interface Cell {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Cells in reading order (x, y from the inner box's bottom-left; unit square). */
const GRIDS: Record<number, Cell[]> = {
  2: [
    { x: 0.5, y: 0, w: 0.5, h: 1 },
    { x: 0, y: 0, w: 0.5, h: 1 },
  ],
  3: [
    { x: 0.5, y: 0, w: 0.5, h: 1 },
    { x: 0, y: 0.5, w: 0.5, h: 0.5 },
    { x: 0, y: 0, w: 0.5, h: 0.5 },
  ],
  4: [
    { x: 0.5, y: 0.5, w: 0.5, h: 0.5 },
    { x: 0.5, y: 0, w: 0.5, h: 0.5 },
    { x: 0, y: 0.5, w: 0.5, h: 0.5 },
    { x: 0, y: 0, w: 0.5, h: 0.5 },
  ],
};

const MAX_STRETCH = 1.8;

export function drawSquareSeal(
  font: SealFont,
  input: { sizeMm: number; name: readonly SealGlyph[]; color?: string },
): DrawResult | undefined {
  const S = input.sizeMm;
  const color = input.color ?? SEAL_RED;
  const grid = GRIDS[input.name.length];
  if (!grid) return undefined;
  const border = Math.max(0.6, 0.07 * S);
  const inset = border + 0.045 * S;
  const A = S - 2 * inset;
  const cellGap = 0.035 * S;
  const placed: PlacedGlyph[] = input.name.map((g, i) => {
    const cell = grid[i]!;
    // Cell in mm, shrunk by half the gap on inner sides so neighbours keep a gap between them.
    const x0 = inset + cell.x * A + (cell.x > 0 ? cellGap / 2 : 0);
    const x1 = inset + (cell.x + cell.w) * A - (cell.x + cell.w < 1 ? cellGap / 2 : 0);
    const y0 = inset + cell.y * A + (cell.y > 0 ? cellGap / 2 : 0);
    const y1 = inset + (cell.y + cell.h) * A - (cell.y + cell.h < 1 ? cellGap / 2 : 0);
    // Stretch the glyph's inked box (not its em box) to the cell: seal characters fill it.
    // Stretch at most 1.8 times in either direction (a flat 三 must not become three bars).
    const b = g.bbox;
    const bw = Math.max(1, b.maxX - b.minX);
    const bh = Math.max(1, b.maxY - b.minY);
    const stretch = (y1 - y0) / (x1 - x0) / (bh / bw);
    const useH = stretch > MAX_STRETCH ? (x1 - x0) * (bh / bw) * MAX_STRETCH : y1 - y0;
    const useW = stretch < 1 / MAX_STRETCH ? (y1 - y0) * (bw / bh) * MAX_STRETCH : x1 - x0;
    const h = (useH * font.unitsPerEm) / bh;
    const xScale = (useW * font.unitsPerEm) / bw / h;
    // placeGlyph centres the em box; shift so the inked box is centred in the cell instead.
    const s = h / font.unitsPerEm;
    const emCx = g.advance / 2;
    const emCy = font.emBottom + font.unitsPerEm / 2;
    const dx = ((b.minX + b.maxX) / 2 - emCx) * s * xScale;
    const dy = ((b.minY + b.maxY) / 2 - emCy) * s;
    return placeGlyph(font, g, h, xScale, (x0 + x1) / 2 - dx, (y0 + y1) / 2 - dy, 0);
  });
  const shapes: SealShape[] = [
    {
      role: 'border',
      d: [
        ...rectPath(0.05, 0.05, S - 0.1, S - 0.1, true),
        ...rectPath(
          0.05 + border,
          0.05 + border,
          S - 0.1 - 2 * border,
          S - 0.1 - 2 * border,
          false,
        ),
      ],
      fill: color,
      fillRule: 'evenodd',
    },
    ...glyphShapes('name', input.name, placed, color),
  ];
  return {
    shapes,
    params: { sizeMm: S, borderMm: roundMm(border), layout: `${input.name.length}-rtl-columns` },
  };
}
