/**
 * The geometry of one page as the viewer shows it, as the placement overlay needs it: the
 * page's size in mm as the user sees it (after /Rotate and CropBox, ISO 32000-2 §14.11.2 and
 * §7.7.3.3), the extra view rotation the viewer applies, and the overlay's size on screen.
 *
 * Owns: that shape and the conversion between screen points inside the overlay and mm from the
 * page's top-left corner as seen (what sign.prepare and main/sign's placements expect).
 * Must never: depend on the viewer's implementation (it hands us a PageGeometry per page).
 */
export type ViewRotation = 0 | 90 | 180 | 270;

export interface PageGeometry {
  /** 1-based. */
  readonly page: number;
  /** The page as seen without view rotation (after its own /Rotate), in mm. */
  readonly widthMm: number;
  readonly heightMm: number;
  /** Clockwise view rotation the viewer applies on top. */
  readonly rotation: ViewRotation;
  /** The overlay's size on screen in CSS px (already rotated). */
  readonly widthPx: number;
  readonly heightPx: number;
}

export const MM_PER_PT = 25.4 / 72;

/** Screen point inside the overlay (px) -> mm from the page's top-left as seen (unrotated). */
export function screenToPageMm(
  g: PageGeometry,
  x: number,
  y: number,
): { xMm: number; yMm: number } {
  const u = g.widthPx > 0 ? x / g.widthPx : 0;
  const v = g.heightPx > 0 ? y / g.heightPx : 0;
  // A page point (p, q) (normalised) shows at: 0° (p, q); 90° cw (1-q, p); 180° (1-p, 1-q);
  // 270° (q, 1-p). These are the inverses.
  const [p, q] =
    g.rotation === 90
      ? [v, 1 - u]
      : g.rotation === 180
        ? [1 - u, 1 - v]
        : g.rotation === 270
          ? [1 - v, u]
          : [u, v];
  return { xMm: p * g.widthMm, yMm: q * g.heightMm };
}

/** mm from the page's top-left as seen -> screen point inside the overlay (px). */
export function pageMmToScreen(
  g: PageGeometry,
  xMm: number,
  yMm: number,
): { x: number; y: number } {
  const p = g.widthMm > 0 ? xMm / g.widthMm : 0;
  const q = g.heightMm > 0 ? yMm / g.heightMm : 0;
  const [u, v] =
    g.rotation === 90
      ? [1 - q, p]
      : g.rotation === 180
        ? [1 - p, 1 - q]
        : g.rotation === 270
          ? [q, 1 - p]
          : [p, q];
  return { x: u * g.widthPx, y: v * g.heightPx };
}

/** CSS px per mm on screen (the same along both axes: the viewer scales uniformly). */
export function pxPerMm(g: PageGeometry): number {
  const across = g.rotation === 90 || g.rotation === 270 ? g.heightMm : g.widthMm;
  return across > 0 ? g.widthPx / across : 1;
}

/** Smallest and largest seal width a person may choose (a seal is legible and fits a page). */
export const SEAL_MIN_MM = 20;
export const SEAL_MAX_MM = 80;
/** Closer than this to an edge, a dragged seal snaps to touch it. */
export const SNAP_MM = 4;

export interface Box {
  readonly xMm: number;
  readonly yMm: number;
  readonly widthMm: number;
  readonly heightMm: number;
}

/** Keeps a box (centre + size) inside the page, snapping its sides to near page edges. */
export function fitOnPage(box: Box, page: { widthMm: number; heightMm: number }, snap = true): Box {
  const hw = Math.min(box.widthMm, page.widthMm) / 2;
  const hh = Math.min(box.heightMm, page.heightMm) / 2;
  const axis = (c: number, half: number, size: number) => {
    let v = Math.min(Math.max(c, half), size - half);
    if (snap) {
      if (v - half < SNAP_MM) v = half;
      else if (size - (v + half) < SNAP_MM) v = size - half;
    }
    return v;
  };
  return {
    xMm: axis(box.xMm, hw, page.widthMm),
    yMm: axis(box.yMm, hh, page.heightMm),
    widthMm: box.widthMm,
    heightMm: box.heightMm,
  };
}

export const clampSealWidth = (mm: number): number =>
  Math.min(SEAL_MAX_MM, Math.max(SEAL_MIN_MM, Math.round(mm * 10) / 10));

/** "1-3,5" -> [1,2,3,5] within 1..pageCount; undefined when the text is not a range list. */
export function parsePageRanges(text: string, pageCount: number): number[] | undefined {
  const out = new Set<number>();
  const parts = text.split(/[,，\s]+/).filter(Boolean);
  if (parts.length === 0) return undefined;
  for (const part of parts) {
    const m = /^(\d+)(?:\s*[-–~]\s*(\d+))?$/.exec(part);
    if (!m) return undefined;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (a < 1 || b < a || b > pageCount) return undefined;
    for (let p = a; p <= b; p++) out.add(p);
  }
  return [...out].sort((x, y) => x - y);
}
