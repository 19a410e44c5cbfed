/**
 * Where a placement lands: from what the user sees (millimetres from the top-left corner of the
 * page as displayed) to the page's default user space (ISO 32000-2 §8.3.2.3).
 *
 * Owns: the view of a page (its CropBox, §14.11.2, turned clockwise by /Rotate, §7.7.3.3, and
 * scaled by /UserUnit, §7.7.3.3 Table 31), the mapping of a point and of an upright box from
 * that view to user space, and the Form XObject /Matrix that keeps an appearance upright on a
 * rotated page (§12.5.5: the transformed BBox is fitted to the annotation's /Rect).
 * Must never: read or write PDF objects; it is arithmetic on numbers the caller passes.
 */
import { PT_PER_MM } from '../seals';

export interface PageGeometry {
  /** [llx lly urx ury] in default user space units. */
  readonly cropBox: readonly [number, number, number, number];
  readonly rotate: 0 | 90 | 180 | 270;
  readonly userUnit: number;
}

export type PdfMatrix = readonly [number, number, number, number, number, number];
export type PdfRect = readonly [number, number, number, number];

/** A box as the user sees it: centre and size in mm, from the displayed top-left, y down. */
export interface ViewBox {
  readonly cx: number;
  readonly cy: number;
  readonly width: number;
  readonly height: number;
}

/** User space units per millimetre on this page (1 unit = UserUnit/72 inch). */
export const unitsPerMm = (g: PageGeometry): number => PT_PER_MM / g.userUnit;

function normalisedCrop(g: PageGeometry): [number, number, number, number] {
  const [a, b, c, d] = g.cropBox;
  return [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
}

/** The page as displayed, in mm. */
export function viewSizeMm(g: PageGeometry): { width: number; height: number } {
  const [x0, y0, x1, y1] = normalisedCrop(g);
  const k = unitsPerMm(g);
  const w = (x1 - x0) / k;
  const h = (y1 - y0) / k;
  return g.rotate === 90 || g.rotate === 270 ? { width: h, height: w } : { width: w, height: h };
}

/**
 * Maps a point of the view (mm from the displayed top-left, y down) to user space. A page with
 * /Rotate 90 is shown turned 90° clockwise, so its left edge is at the top; and so on.
 */
export function viewToUser(g: PageGeometry, xMm: number, yMm: number): { x: number; y: number } {
  const [x0, y0, x1, y1] = normalisedCrop(g);
  const k = unitsPerMm(g);
  const X = xMm * k;
  const Y = yMm * k;
  switch (g.rotate) {
    case 0:
      return { x: x0 + X, y: y1 - Y };
    case 90:
      return { x: x0 + Y, y: y0 + X };
    case 180:
      return { x: x1 - X, y: y0 + Y };
    case 270:
      return { x: x1 - Y, y: y1 - X };
  }
}

/** True when the box lies on the displayed page (a hair of tolerance for edge placements). */
export function insideView(g: PageGeometry, b: ViewBox): boolean {
  const v = viewSizeMm(g);
  const eps = 1e-6;
  return (
    b.cx - b.width / 2 >= -eps &&
    b.cy - b.height / 2 >= -eps &&
    b.cx + b.width / 2 <= v.width + eps &&
    b.cy + b.height / 2 <= v.height + eps
  );
}

/** The /Rect in user space of an upright view box (its sides swap on a quarter turn). */
export function rectInUserSpace(g: PageGeometry, b: ViewBox): PdfRect {
  const c = viewToUser(g, b.cx, b.cy);
  const k = unitsPerMm(g);
  const quarter = g.rotate === 90 || g.rotate === 270;
  const w = (quarter ? b.height : b.width) * k;
  const h = (quarter ? b.width : b.height) * k;
  return [round(c.x - w / 2), round(c.y - h / 2), round(c.x + w / 2), round(c.y + h / 2)];
}

/**
 * The /Matrix of an appearance drawn upright in points: turned counter-clockwise by /Rotate (so
 * it reads upright once the viewer turns the page clockwise) and scaled by 1/UserUnit. With
 * this matrix the transformed BBox already has the size of the /Rect, so viewers that fit it
 * (§12.5.5 step b) and viewers that do not agree.
 */
export function uprightMatrix(g: PageGeometry): PdfMatrix {
  const s = 1 / g.userUnit;
  switch (g.rotate) {
    case 0:
      return [s, 0, 0, s, 0, 0];
    case 90:
      return [0, s, -s, 0, 0, 0];
    case 180:
      return [-s, 0, 0, -s, 0, 0];
    case 270:
      return [0, -s, s, 0, 0, 0];
  }
}

/** Whether two user-space rectangles overlap with a positive area. */
export function rectsOverlap(a: PdfRect, b: PdfRect): boolean {
  const [ax0, ay0, ax1, ay1] = [
    Math.min(a[0], a[2]),
    Math.min(a[1], a[3]),
    Math.max(a[0], a[2]),
    Math.max(a[1], a[3]),
  ];
  const [bx0, by0, bx1, by1] = [
    Math.min(b[0], b[2]),
    Math.min(b[1], b[3]),
    Math.max(b[0], b[2]),
    Math.max(b[1], b[3]),
  ];
  return ax0 < bx1 && bx0 < ax1 && ay0 < by1 && by0 < ay1;
}

const round = (v: number): number => {
  const r = Math.round(v * 1000) / 1000;
  return Object.is(r, -0) ? 0 : r;
};
