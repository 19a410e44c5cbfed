/**
 * Where each page sits in the virtualised vertical list, from page sizes alone (documents.pages
 * boxes, never pdf.js pages): offsets as prefix sums, the pages a viewport sees, fit-width and
 * fit-page scales, and the view rotation swapping width and height.
 *
 * Owns: pure layout arithmetic (unit tested). Must never: touch the DOM or pdf.js.
 * Sizes are in PDF points as the user sees the page (CropBox turned by /Rotate, ISO 32000-2
 * §7.7.3.3 and §14.11.2); the view rotation is applied here, on top, and changes nothing in the file.
 */

export type ViewRotation = 0 | 90 | 180 | 270;

/** CSS pixels per PDF point at 100 % (96 dpi screen, 72 points per inch). */
export const CSS_PX_PER_PT = 96 / 72;
export const PAGE_GAP = 16;
export const MIN_SCALE = 0.1 * CSS_PX_PER_PT;
export const MAX_SCALE = 8 * CSS_PX_PER_PT;

/** Widths and heights of pages as seen (points), and which ones are known (fetched). */
export class PageSizes {
  readonly width: Float32Array;
  readonly height: Float32Array;
  readonly known: Uint8Array;
  constructor(
    readonly count: number,
    fallback: { widthPt: number; heightPt: number },
  ) {
    this.width = new Float32Array(count).fill(fallback.widthPt);
    this.height = new Float32Array(count).fill(fallback.heightPt);
    this.known = new Uint8Array(count);
  }
  set(page: number, widthPt: number, heightPt: number): void {
    const i = page - 1;
    if (i < 0 || i >= this.count) return;
    this.width[i] = widthPt;
    this.height[i] = heightPt;
    this.known[i] = 1;
  }
}

export interface Layout {
  /** Top of each page in CSS px from the top of the list (length count + 1: last = total). */
  readonly tops: Float64Array;
  /** Display width/height of each page in CSS px after scale and view rotation. */
  readonly widths: Float32Array;
  readonly heights: Float32Array;
  readonly totalHeight: number;
  readonly maxWidth: number;
}

const turned = (r: ViewRotation) => r === 90 || r === 270;

export function computeLayout(sizes: PageSizes, scale: number, rotation: ViewRotation): Layout {
  const n = sizes.count;
  const tops = new Float64Array(n + 1);
  const widths = new Float32Array(n);
  const heights = new Float32Array(n);
  let y = PAGE_GAP;
  let maxWidth = 0;
  for (let i = 0; i < n; i++) {
    const w = (turned(rotation) ? sizes.height[i]! : sizes.width[i]!) * scale;
    const h = (turned(rotation) ? sizes.width[i]! : sizes.height[i]!) * scale;
    tops[i] = y;
    widths[i] = w;
    heights[i] = h;
    if (w > maxWidth) maxWidth = w;
    y += h + PAGE_GAP;
  }
  tops[n] = y;
  return { tops, widths, heights, totalHeight: y, maxWidth };
}

/** The 1-based page at vertical position y (binary search over tops). */
export function pageAt(layout: Layout, y: number): number {
  const n = layout.widths.length;
  if (n === 0) return 0;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (layout.tops[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** Pages [first, last] (1-based) intersecting [top, top + height), widened by `extra` pages. */
export function visibleRange(
  layout: Layout,
  top: number,
  height: number,
  extra = 1,
): { first: number; last: number } {
  const n = layout.widths.length;
  if (n === 0) return { first: 0, last: -1 };
  const first = Math.max(1, pageAt(layout, top) - extra);
  const last = Math.min(n, pageAt(layout, top + height) + extra);
  return { first, last };
}

/** The page the user is reading: the one covering the middle of the viewport. */
export function currentPage(layout: Layout, top: number, height: number): number {
  return pageAt(layout, top + height / 3);
}

export function clampScale(s: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, s));
}

/** The scale at which page `page` fills the available width. */
export function fitWidthScale(
  sizes: PageSizes,
  page: number,
  rotation: ViewRotation,
  availableWidth: number,
): number {
  const i = Math.min(Math.max(page, 1), sizes.count) - 1;
  const w = turned(rotation) ? sizes.height[i]! : sizes.width[i]!;
  return clampScale((availableWidth - 2 * PAGE_GAP) / Math.max(1, w));
}

/** The scale at which the whole of page `page` is visible. */
export function fitPageScale(
  sizes: PageSizes,
  page: number,
  rotation: ViewRotation,
  availableWidth: number,
  availableHeight: number,
): number {
  const i = Math.min(Math.max(page, 1), sizes.count) - 1;
  const w = turned(rotation) ? sizes.height[i]! : sizes.width[i]!;
  const h = turned(rotation) ? sizes.width[i]! : sizes.height[i]!;
  return clampScale(
    Math.min(
      (availableWidth - 2 * PAGE_GAP) / Math.max(1, w),
      (availableHeight - 2 * PAGE_GAP) / Math.max(1, h),
    ),
  );
}

/** The next zoom step in (direction +1) or out (-1), on a fixed ladder of percentages. */
export function zoomStep(scale: number, direction: 1 | -1): number {
  const ladder = [
    10, 25, 33, 50, 67, 75, 90, 100, 110, 125, 150, 175, 200, 250, 300, 400, 500, 800,
  ];
  const pct = (scale / CSS_PX_PER_PT) * 100;
  const next =
    direction > 0
      ? ladder.find((p) => p > pct + 0.5)
      : [...ladder].reverse().find((p) => p < pct - 0.5);
  return clampScale(((next ?? pct) / 100) * CSS_PX_PER_PT);
}
