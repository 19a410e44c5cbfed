/**
 * Text layout for seals: glyphs placed on the upper or lower arc of an ellipse (a circle is an
 * ellipse with equal radii), or on a straight line, squeezed until they fit.
 *
 * Owns: where each glyph goes (a transform per glyph) and the fitting search: largest glyph
 * height first, then narrower glyphs (horizontal compression), then smaller glyphs; never
 * overlapping neighbours, never crossing the boundary the caller gives.
 * Must never: clip or overlap glyphs to make a long name fit: when nothing fits it returns
 * undefined and the caller reports the name as too long.
 */
import {
  apply,
  chain,
  convexOverlap,
  rotate,
  scale,
  transformBox,
  transformGlyph,
  translate,
  type Matrix,
  type Point,
} from './geometry';
import type { SealFont, SealGlyph } from './seal-font';
import type { PathCommand } from './seal-model';

export interface PlacedGlyph {
  readonly char: string;
  readonly matrix: Matrix;
  /** The glyph's tight bounding box after the transform (a convex quadrilateral). */
  readonly quad: Point[];
}

export interface FitResult {
  readonly heightMm: number;
  readonly xScale: number;
  readonly gapMm: number;
  readonly glyphs: PlacedGlyph[];
}

/**
 * Places one glyph so that the centre of its em box (advance × 1 em) lands on (cx, cy), with
 * the em box `h` mm tall, `xScale` as wide as natural, its x axis turned by `rot` radians.
 */
export function placeGlyph(
  font: SealFont,
  g: SealGlyph,
  h: number,
  xScale: number,
  cx: number,
  cy: number,
  rot: number,
): PlacedGlyph {
  const s = h / font.unitsPerEm;
  const m = chain(
    translate(-g.advance / 2, -(font.emBottom + font.unitsPerEm / 2)),
    scale(s * xScale, s),
    rotate(rot),
    translate(cx, cy),
  );
  const b = g.bbox;
  const empty = b.maxX <= b.minX || b.maxY <= b.minY;
  const quad = empty
    ? [apply(m, g.advance / 2, font.emBottom + font.unitsPerEm / 2)]
    : transformBox(b, m);
  return { char: g.char, matrix: m, quad };
}

export function glyphPath(g: SealGlyph, p: PlacedGlyph): PathCommand[] {
  return transformGlyph(g.commands, p.matrix);
}

/** No two glyph quads overlap (all pairs: arcs can bring far glyphs close on small seals). */
export function noOverlap(
  list: readonly PlacedGlyph[],
  others: readonly PlacedGlyph[] = [],
): boolean {
  for (let i = 0; i < list.length; i++) {
    const a = list[i]!;
    if (a.quad.length < 3) continue;
    for (let j = i + 1; j < list.length; j++) {
      const b = list[j]!;
      if (b.quad.length >= 3 && convexOverlap(a.quad, b.quad)) return false;
    }
    for (const b of others) if (b.quad.length >= 3 && convexOverlap(a.quad, b.quad)) return false;
  }
  return true;
}

/** No glyph of `a` overlaps a glyph of `b` (glyphs within one list are not compared). */
export function apart(a: readonly PlacedGlyph[], b: readonly PlacedGlyph[]): boolean {
  return a.every(
    (p) => p.quad.length < 3 || b.every((q) => q.quad.length < 3 || !convexOverlap(p.quad, q.quad)),
  );
}

/** Every quad corner lies inside the ellipse (cx, cy, rx, ry). */
export function insideEllipse(
  list: readonly PlacedGlyph[],
  cx: number,
  cy: number,
  rx: number,
  ry: number,
): boolean {
  return list.every((g) =>
    g.quad.every((p) => ((p.x - cx) / rx) ** 2 + ((p.y - cy) / ry) ** 2 <= 1),
  );
}

/**
 * Searches the largest height (from h0 down to h0·minHeightFactor) and, at that height, the
 * widest xScale in [minXScale, 1] for which `place` succeeds. `place` must be monotone: if it
 * fits at some xScale it fits at any smaller one. Deterministic: fixed steps, fixed bisection.
 */
export function fitText(
  h0: number,
  minHeightFactor: number,
  minXScale: number,
  place: (h: number, xScale: number) => PlacedGlyph[] | undefined,
): { h: number; xScale: number; glyphs: PlacedGlyph[] } | undefined {
  for (let f = 1; f >= minHeightFactor - 1e-9; f -= 0.02) {
    const h = h0 * f;
    const full = place(h, 1);
    if (full) return { h, xScale: 1, glyphs: full };
    const least = place(h, minXScale);
    if (!least) continue;
    let lo = minXScale;
    let hi = 1;
    let best = least;
    for (let i = 0; i < 14; i++) {
      const mid = (lo + hi) / 2;
      const got = place(h, mid);
      if (got) {
        lo = mid;
        best = got;
      } else hi = mid;
    }
    return { h, xScale: lo, glyphs: best };
  }
  return undefined;
}

export interface ArcOptions {
  readonly font: SealFont;
  readonly glyphs: readonly SealGlyph[];
  /** Centre of the seal and the radii of the curve through the glyphs' em-box centres are
   *  derived from `rxTop`/`ryTop`: the ellipse the glyph tops must stay inside. */
  readonly cx: number;
  readonly cy: number;
  readonly rxTop: number;
  readonly ryTop: number;
  /** 'upper': reads clockwise over the top, tops outward; 'lower': reads counter-clockwise
   *  under the bottom (left to right), bottoms outward. */
  readonly side: 'upper' | 'lower';
  /** Largest angular extent in degrees (seen from the centre) the text may take. */
  readonly maxSpanDeg: number;
  /** The ellipse no glyph corner may cross (the ring's inner edge); defaults to rxTop/ryTop.
   *  Corners of upright boxes on a curve reach a little beyond the tops' curve. */
  readonly rxLimit?: number;
  readonly ryLimit?: number;
}

/** Samples an ellipse by arc length: s (from the apex, clockwise positive for 'upper'). */
class EllipseArc {
  private readonly ts: number[] = [];
  private readonly ss: number[] = [];
  constructor(
    readonly a: number,
    readonly b: number,
    private readonly side: 'upper' | 'lower',
  ) {
    const N = 720;
    let s = 0;
    let prev = this.raw(0);
    for (let i = 0; i <= N; i++) {
      const t = -Math.PI + (2 * Math.PI * i) / N;
      const p = this.raw(t);
      if (i > 0) s += Math.hypot(p.x - prev.x, p.y - prev.y);
      this.ts.push(t);
      this.ss.push(s);
      prev = p;
    }
    const half = s / 2;
    for (let i = 0; i < this.ss.length; i++) this.ss[i] = this.ss[i]! - half;
  }
  /** t measured from the apex: t = 0 is the top (upper) or the bottom (lower). */
  private raw(t: number): Point {
    const th = this.side === 'upper' ? Math.PI / 2 - t : -Math.PI / 2 + t;
    return { x: this.a * Math.cos(th), y: this.b * Math.sin(th) };
  }
  /** Polar-parameter angle (radians) of the point at arc length s from the apex. */
  theta(s: number): number {
    let lo = 0;
    let hi = this.ss.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (this.ss[mid]! <= s) lo = mid;
      else hi = mid;
    }
    const s0 = this.ss[lo]!;
    const s1 = this.ss[hi]!;
    const t = this.ts[lo]! + ((this.ts[hi]! - this.ts[lo]!) * (s - s0)) / (s1 - s0 || 1);
    return this.side === 'upper' ? Math.PI / 2 - t : -Math.PI / 2 + t;
  }
}

/**
 * Places glyphs on an arc with height h, compression xScale and extra gap (mm). Returns
 * undefined when they overlap, leave the ellipse or take more than maxSpanDeg.
 */
export function placeOnArc(
  o: ArcOptions,
  h: number,
  xScale: number,
  gap: number,
): PlacedGlyph[] | undefined {
  const a = o.rxTop - h / 2;
  const b = o.ryTop - h / 2;
  if (a <= h / 2 || b <= h / 2) return undefined;
  const arc = new EllipseArc(a, b, o.side);
  // Widths measured on the centre line are widened by r/(r - h/2), the ratio between the
  // centre line and the inner edge, so neighbours' inner corners do not meet.
  const k = b / (b - h / 2);
  const widths = o.glyphs.map((g) => (g.advance / o.font.unitsPerEm) * h * xScale);
  const centres: number[] = [];
  let s = 0;
  for (let i = 0; i < widths.length; i++) {
    if (i > 0) s += ((widths[i - 1]! + widths[i]!) / 2 + gap) * k;
    centres.push(s);
  }
  const shift = s / 2;
  const placed: PlacedGlyph[] = [];
  for (let i = 0; i < o.glyphs.length; i++) {
    const th = arc.theta(centres[i]! - shift);
    const px = a * Math.cos(th);
    const py = b * Math.sin(th);
    // Outward normal of the ellipse at parameter th.
    const nx = Math.cos(th) / a;
    const ny = Math.sin(th) / b;
    const up = o.side === 'upper' ? Math.atan2(ny, nx) : Math.atan2(-ny, -nx);
    placed.push(
      placeGlyph(o.font, o.glyphs[i]!, h, xScale, o.cx + px, o.cy + py, up - Math.PI / 2),
    );
  }
  if (!insideEllipse(placed, o.cx, o.cy, o.rxLimit ?? o.rxTop, o.ryLimit ?? o.ryTop))
    return undefined;
  if (spanDeg(placed, o.cx, o.cy, o.side) > o.maxSpanDeg) return undefined;
  if (!noOverlap(placed)) return undefined;
  return placed;
}

/** Angular extent (degrees, seen from the centre) covered by the glyph quads. */
export function spanDeg(
  list: readonly PlacedGlyph[],
  cx: number,
  cy: number,
  side: 'upper' | 'lower',
): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const g of list)
    for (const p of g.quad) {
      // Angle from the apex direction, in (-180, 180].
      const ang = Math.atan2(p.x - cx, side === 'upper' ? p.y - cy : cy - p.y);
      lo = Math.min(lo, ang);
      hi = Math.max(hi, ang);
    }
  return list.length === 0 ? 0 : ((hi - lo) * 180) / Math.PI;
}

/** Places glyphs on a horizontal line centred on (cx, cy) (centre of the em boxes). */
export function placeOnLine(
  font: SealFont,
  glyphs: readonly SealGlyph[],
  cx: number,
  cy: number,
  h: number,
  xScale: number,
  gap: number,
): PlacedGlyph[] {
  const widths = glyphs.map((g) => (g.advance / font.unitsPerEm) * h * xScale);
  const total = widths.reduce((x, w) => x + w, 0) + gap * Math.max(0, glyphs.length - 1);
  let x = cx - total / 2;
  return glyphs.map((g, i) => {
    const w = widths[i]!;
    const p = placeGlyph(font, g, h, xScale, x + w / 2, cy, 0);
    x += w + gap;
    return p;
  });
}
