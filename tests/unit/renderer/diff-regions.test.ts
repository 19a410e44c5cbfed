/**
 * "Show changes after signing": two renderings of a page compared in cells; differing cells
 * grouped into rectangles given as fractions of the page.
 */
import { describe, expect, it } from 'vitest';
import {
  WHOLE_PAGE,
  diffRegions,
  type Raster,
} from '../../../renderer/src/features/verification/diff-regions';

const blank = (width: number, height: number): Raster & { data: Uint8ClampedArray } => ({
  width,
  height,
  data: new Uint8ClampedArray(width * height * 4).fill(255),
});

function paint(
  r: Raster & { data: Uint8ClampedArray },
  x0: number,
  y0: number,
  w: number,
  h: number,
) {
  for (let y = y0; y < y0 + h; y++)
    for (let x = x0; x < x0 + w; x++) {
      const i = (y * r.width + x) * 4;
      r.data[i] = 0;
      r.data[i + 1] = 0;
      r.data[i + 2] = 0;
    }
}

describe('diffRegions', () => {
  it('finds nothing when two renderings are the same', () => {
    expect(diffRegions(blank(60, 80), blank(60, 80))).toEqual([]);
  });

  it('outlines each separate change as its own rectangle, in page fractions', () => {
    const a = blank(60, 60);
    const b = blank(60, 60);
    paint(b, 0, 0, 6, 6); // top-left cell
    paint(b, 36, 48, 12, 6); // two cells lower right
    const regions = diffRegions(a, b, { cell: 6 });
    expect(regions).toHaveLength(2);
    expect(regions[0]).toEqual({ x: 0, y: 0, width: 0.1, height: 0.1 });
    expect(regions[1]).toEqual({ x: 0.6, y: 0.8, width: 0.2, height: 0.1 });
  });

  it('ignores faint anti-aliasing differences under the threshold', () => {
    const a = blank(12, 12);
    const b = blank(12, 12);
    b.data[0] = 240;
    expect(diffRegions(a, b)).toEqual([]);
  });

  it('marks the whole page when the renderings differ in size (page replaced or resized)', () => {
    expect(diffRegions(blank(10, 10), blank(10, 12))).toEqual([WHOLE_PAGE]);
  });
});
