/**
 * Cross-page seal (骑缝章) geometry: the seal cut into n vertical slices, one per page, so that
 * the pages laid side by side (or the edges of the stacked sheets) show the whole seal.
 *
 * Owns: the clip rectangle of each slice in seal coordinates (mm, origin bottom-left) and in
 * points, and the offset at which the whole seal is drawn so that only that slice shows.
 * Must never: decide where on the page a slice goes (main/sign places it at the page edge).
 */
import { sealError } from './seal-errors';
import { PT_PER_MM, type Seal } from './seal-model';
import { pdfNum, sealToPdfOperators, type SealImagePlanes } from './seal-pdf';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PagingSlice {
  /** 0-based: slice 0 is the leftmost part of the seal, for the first page. */
  readonly index: number;
  /** The part of the seal this slice shows, in seal coordinates (mm). */
  readonly clipMm: Rect;
  readonly clipPt: Rect;
  /** Draw the whole seal translated by this (x only) inside a box of clip width, clipped. */
  readonly drawOffsetPt: { readonly x: number; readonly y: number };
}

export const MAX_PAGING_SLICES = 20;

export function sliceForPagingSeal(seal: Seal, n: number): PagingSlice[] {
  if (!Number.isInteger(n) || n < 2 || n > MAX_PAGING_SLICES)
    throw sealError('SEAL_PAGING_SLICES', { count: n });
  const { width: W, height: H } = seal.sizeMm;
  const slices: PagingSlice[] = [];
  for (let i = 0; i < n; i++) {
    // Edges from i·W/n, computed the same way for the right edge of i and the left of i+1, so
    // adjacent slices share their boundary exactly and together cover [0, W].
    const x0 = (i * W) / n;
    const x1 = i === n - 1 ? W : ((i + 1) * W) / n;
    slices.push({
      index: i,
      clipMm: { x: x0, y: 0, width: x1 - x0, height: H },
      clipPt: { x: x0 * PT_PER_MM, y: 0, width: (x1 - x0) * PT_PER_MM, height: H * PT_PER_MM },
      drawOffsetPt: { x: -x0 * PT_PER_MM, y: 0 },
    });
  }
  return slices;
}

/**
 * Operators drawing one slice in a box of clipPt.width x clipPt.height points: clip to the box
 * (ISO 32000-2 §8.5.4: re W n), then draw the whole seal shifted left by the slice's offset.
 */
export function pagingSliceToPdfOperators(
  seal: Seal,
  slice: PagingSlice,
): { content: string; widthPt: number; heightPt: number; image?: SealImagePlanes } {
  const whole = sealToPdfOperators(seal);
  const { width, height } = slice.clipPt;
  const content = [
    'q',
    `0 0 ${pdfNum(width)} ${pdfNum(height)} re W n`,
    `1 0 0 1 ${pdfNum(slice.drawOffsetPt.x)} 0 cm`,
    whole.content.trimEnd(),
    'Q',
  ].join('\n');
  return {
    content: content + '\n',
    widthPt: width,
    heightPt: height,
    ...(whole.image ? { image: whole.image } : {}),
  };
}
