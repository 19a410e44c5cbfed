/**
 * Plane geometry for seals: affine transforms, glyph placement, circles, ellipses, stars,
 * path flattening and bounding boxes.
 *
 * Owns: pure functions over numbers and `PathCommand`s (millimetres, y up).
 * Must never: read fonts or files, or depend on the order of object keys for its output.
 * Matrices follow PDF's convention [a b c d e f]: x' = a·x + c·y + e, y' = b·x + d·y + f
 * (ISO 32000-2 §8.3.3).
 */
import type { GlyphCommand } from './seal-font';
import { roundMm, type PathCommand } from './seal-model';

export type Matrix = readonly [number, number, number, number, number, number];
export interface Point {
  x: number;
  y: number;
}
export interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** m1 then m2: apply `first`, then `second`. */
export function compose(first: Matrix, second: Matrix): Matrix {
  const [a, b, c, d, e, f] = first;
  const [A, B, C, D, E, F] = second;
  return [
    a * A + b * C,
    a * B + b * D,
    c * A + d * C,
    c * B + d * D,
    e * A + f * C + E,
    e * B + f * D + F,
  ];
}
export const translate = (tx: number, ty: number): Matrix => [1, 0, 0, 1, tx, ty];
export const scale = (sx: number, sy = sx): Matrix => [sx, 0, 0, sy, 0, 0];
export const rotate = (rad: number): Matrix => [
  Math.cos(rad),
  Math.sin(rad),
  -Math.sin(rad),
  Math.cos(rad),
  0,
  0,
];
/** Horizontal shear: x' = x + k·y (a right-leaning slant for k > 0). */
export const skewX = (k: number): Matrix => [1, 0, k, 1, 0, 0];

/** Composes left to right: chain(a, b, c) applies a, then b, then c. */
export const chain = (...ms: Matrix[]): Matrix => ms.reduce((acc, m) => compose(acc, m), IDENTITY);

export function apply(m: Matrix, x: number, y: number): Point {
  return { x: m[0] * x + m[2] * y + m[4], y: m[1] * x + m[3] * y + m[5] };
}

/** Glyph outline (font units) to seal path (mm), transformed by `m`, rounded to 1/1000 mm. */
export function transformGlyph(commands: readonly GlyphCommand[], m: Matrix): PathCommand[] {
  const p = (x: number, y: number): [number, number] => {
    const q = apply(m, x, y);
    return [roundMm(q.x), roundMm(q.y)];
  };
  return commands.map((c): PathCommand => {
    switch (c.op) {
      case 'M':
        return ['M', ...p(c.x, c.y)];
      case 'L':
        return ['L', ...p(c.x, c.y)];
      case 'C':
        return ['C', ...p(c.x1, c.y1), ...p(c.x2, c.y2), ...p(c.x, c.y)];
      case 'Z':
        return ['Z'];
    }
  });
}

/** The four corners of a box after a transform (a convex quadrilateral). */
export function transformBox(b: Box, m: Matrix): Point[] {
  return [
    apply(m, b.minX, b.minY),
    apply(m, b.maxX, b.minY),
    apply(m, b.maxX, b.maxY),
    apply(m, b.minX, b.maxY),
  ];
}

// Kappa for approximating a quarter circle by one cubic Bézier.
const K = 0.5522847498307936;

/** An ellipse (circle when rx = ry) as four cubics, counter-clockwise when ccw, else clockwise. */
export function ellipsePath(
  cx: number,
  cy: number,
  rx: number,
  ry: number,
  ccw = true,
): PathCommand[] {
  const r = roundMm;
  const pts: [number, number][] = [
    [cx + rx, cy],
    [cx, cy + ry],
    [cx - rx, cy],
    [cx, cy - ry],
  ];
  const seq = ccw ? [0, 1, 2, 3, 0] : [0, 3, 2, 1, 0];
  const out: PathCommand[] = [['M', r(pts[0]![0]), r(pts[0]![1])]];
  for (let i = 0; i < 4; i++) {
    const [x0, y0] = pts[seq[i]!]!;
    const [x1, y1] = pts[seq[i + 1]!]!;
    // Tangent at each end point follows the direction of travel.
    const t0 = tangent(x0 - cx, y0 - cy, rx, ry, ccw);
    const t1 = tangent(x1 - cx, y1 - cy, rx, ry, ccw);
    out.push([
      'C',
      r(x0 + K * t0[0]),
      r(y0 + K * t0[1]),
      r(x1 - K * t1[0]),
      r(y1 - K * t1[1]),
      r(x1),
      r(y1),
    ]);
  }
  out.push(['Z']);
  return out;
}

function tangent(dx: number, dy: number, rx: number, ry: number, ccw: boolean): [number, number] {
  // On an axis point of the ellipse, the CCW tangent is (-dy·rx/ry, dx·ry/rx).
  const t: [number, number] = [(-dy * rx) / ry, (dx * ry) / rx];
  return ccw ? t : [-t[0], -t[1]];
}

export function rectPath(x: number, y: number, w: number, h: number, ccw = true): PathCommand[] {
  const r = roundMm;
  const c: [number, number][] = [
    [x, y],
    [x + w, y],
    [x + w, y + h],
    [x, y + h],
  ];
  const order = ccw ? c : [c[0]!, c[3]!, c[2]!, c[1]!];
  return [
    ['M', r(order[0]![0]), r(order[0]![1])],
    ...order.slice(1).map((p): PathCommand => ['L', r(p[0]), r(p[1])]),
    ['Z'],
  ];
}

/** A five-pointed star, one point straight up, centred on (cx, cy). */
export function starPath(cx: number, cy: number, outer: number): PathCommand[] {
  // Inner radius of a regular pentagram: R·sin(18°)/sin(126°) ≈ 0.382·R.
  const inner = (outer * Math.sin(Math.PI / 10)) / Math.sin((7 * Math.PI) / 10);
  const out: PathCommand[] = [];
  for (let i = 0; i < 10; i++) {
    const rad = i % 2 === 0 ? outer : inner;
    const a = Math.PI / 2 + (i * Math.PI) / 5;
    const x = roundMm(cx + rad * Math.cos(a));
    const y = roundMm(cy + rad * Math.sin(a));
    out.push(i === 0 ? ['M', x, y] : ['L', x, y]);
  }
  out.push(['Z']);
  return out;
}

/**
 * Flattens a path into closed polygons (lists of points). Cubics are cut into a fixed number of
 * segments chosen from their control polygon length, so the result is deterministic.
 */
export function flatten(d: readonly PathCommand[], tolerance = 0.02): Point[][] {
  const polys: Point[][] = [];
  let cur: Point[] = [];
  let x = 0;
  let y = 0;
  const close = (): void => {
    if (cur.length > 1) polys.push(cur);
    cur = [];
  };
  for (const c of d) {
    if (c[0] === 'M') {
      close();
      x = c[1];
      y = c[2];
      cur.push({ x, y });
    } else if (c[0] === 'L') {
      x = c[1];
      y = c[2];
      cur.push({ x, y });
    } else if (c[0] === 'C') {
      const [, x1, y1, x2, y2, x3, y3] = c;
      const len =
        Math.hypot(x1 - x, y1 - y) + Math.hypot(x2 - x1, y2 - y1) + Math.hypot(x3 - x2, y3 - y2);
      const n = Math.min(64, Math.max(2, Math.ceil(Math.sqrt(len / tolerance))));
      for (let i = 1; i <= n; i++) {
        const t = i / n;
        const u = 1 - t;
        cur.push({
          x: u * u * u * x + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t * t * t * x3,
          y: u * u * u * y + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y3,
        });
      }
      x = x3;
      y = y3;
    } else {
      close();
    }
  }
  close();
  return polys;
}

export function boundsOfPoints(pts: readonly Point[]): Box {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of pts) {
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x);
    maxY = Math.max(maxY, p.y);
  }
  return { minX, minY, maxX, maxY };
}

/** Bounding box of a path's flattened outline. */
export function pathBounds(d: readonly PathCommand[]): Box {
  return boundsOfPoints(flatten(d).flat());
}

/** Separating axis test for two convex polygons; touching edges count as not overlapping. */
export function convexOverlap(a: readonly Point[], b: readonly Point[], eps = 1e-6): boolean {
  for (const poly of [a, b]) {
    for (let i = 0; i < poly.length; i++) {
      const p = poly[i]!;
      const q = poly[(i + 1) % poly.length]!;
      const nx = q.y - p.y;
      const ny = p.x - q.x;
      let aMin = Infinity;
      let aMax = -Infinity;
      let bMin = Infinity;
      let bMax = -Infinity;
      for (const v of a) {
        const s = v.x * nx + v.y * ny;
        aMin = Math.min(aMin, s);
        aMax = Math.max(aMax, s);
      }
      for (const v of b) {
        const s = v.x * nx + v.y * ny;
        bMin = Math.min(bMin, s);
        bMax = Math.max(bMax, s);
      }
      if (aMax <= bMin + eps || bMax <= aMin + eps) return false;
    }
  }
  return true;
}
