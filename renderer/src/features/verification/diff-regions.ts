/**
 * Where two renderings of one page differ ("Show changes after signing"): both revisions' page
 * is drawn at the same scale, compared pixel by pixel in cells, and the differing cells are
 * grouped into rectangles (connected cells, 8-neighbour), returned as fractions of the page
 * (0..1, top-left origin, no view rotation) so any zoom or rotation can draw them.
 *
 * Owns: the comparison and grouping (pure, unit tested). Must never: decide whether a change is
 * allowed (that is main's modification analysis); this only shows where pixels differ.
 */
export interface Raster {
  readonly width: number;
  readonly height: number;
  /** RGBA, row-major (ImageData.data). */
  readonly data: Uint8ClampedArray;
}

export interface Region {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface DiffOptions {
  /** Cell size in pixels (default 6). */
  readonly cell?: number;
  /** A channel must differ by more than this to count (default 48: ignores anti-aliasing). */
  readonly threshold?: number;
}

/** The whole page: the renderings cannot be compared (a page added, removed or resized). */
export const WHOLE_PAGE: Region = { x: 0, y: 0, width: 1, height: 1 };

export function diffRegions(a: Raster, b: Raster, options: DiffOptions = {}): Region[] {
  if (a.width !== b.width || a.height !== b.height) return [WHOLE_PAGE];
  const cell = Math.max(1, options.cell ?? 6);
  const threshold = options.threshold ?? 48;
  const { width, height } = a;
  const cols = Math.ceil(width / cell);
  const rows = Math.ceil(height / cell);
  const marked = new Uint8Array(cols * rows);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / cell) * cols;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      if (
        Math.abs(a.data[i]! - b.data[i]!) > threshold ||
        Math.abs(a.data[i + 1]! - b.data[i + 1]!) > threshold ||
        Math.abs(a.data[i + 2]! - b.data[i + 2]!) > threshold ||
        Math.abs(a.data[i + 3]! - b.data[i + 3]!) > threshold
      )
        marked[row + Math.floor(x / cell)] = 1;
    }
  }
  const regions: Region[] = [];
  const stack: number[] = [];
  for (let start = 0; start < marked.length; start++) {
    if (marked[start] !== 1) continue;
    marked[start] = 2;
    stack.push(start);
    let x0 = cols;
    let y0 = rows;
    let x1 = -1;
    let y1 = -1;
    while (stack.length > 0) {
      const c = stack.pop()!;
      const cx = c % cols;
      const cy = (c - cx) / cols;
      x0 = Math.min(x0, cx);
      y0 = Math.min(y0, cy);
      x1 = Math.max(x1, cx);
      y1 = Math.max(y1, cy);
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const nx = cx + dx;
          const ny = cy + dy;
          if (nx < 0 || ny < 0 || nx >= cols || ny >= rows) continue;
          const n = ny * cols + nx;
          if (marked[n] === 1) {
            marked[n] = 2;
            stack.push(n);
          }
        }
    }
    const px0 = x0 * cell;
    const py0 = y0 * cell;
    const px1 = Math.min(width, (x1 + 1) * cell);
    const py1 = Math.min(height, (y1 + 1) * cell);
    regions.push({
      x: px0 / width,
      y: py0 / height,
      width: (px1 - px0) / width,
      height: (py1 - py0) / height,
    });
  }
  return regions;
}
