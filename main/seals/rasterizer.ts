/**
 * A small deterministic scanline rasteriser for seal previews and golden tests.
 *
 * Owns: filling flattened paths with the nonzero or even-odd rule (ISO 32000-2 §8.5.3.3
 * semantics), anti-aliased by 4 x 4 supersampling, composited source-over into an RGBA buffer
 * (straight alpha, transparent background). Strokes are turned into fills (a quad per segment
 * and a disc per joint).
 * Must never: call a system tool or a native library, or depend on floating-point behaviour
 * that differs between platforms (only + - * / and comparisons on the hot path).
 */
import { flatten, type Point } from './geometry';
import type { PathCommand } from './seal-model';

const SS = 4; // subsamples per pixel per axis

export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** width·height·4 bytes, straight (not premultiplied) alpha. */
  readonly data: Buffer;
}

interface Edge {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  dir: 1 | -1;
}

export class Rasterizer {
  readonly data: Buffer;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = Buffer.alloc(width * height * 4);
  }

  /**
   * Fills polygons given in device pixels (y down) with colour rgb and the fill rule.
   */
  fillPolygons(
    polys: readonly Point[][],
    rgb: readonly [number, number, number],
    rule: 'nonzero' | 'evenodd',
  ): void {
    const edges: Edge[] = [];
    let minY = Infinity;
    let maxY = -Infinity;
    let minX = Infinity;
    let maxX = -Infinity;
    for (const poly of polys) {
      for (let i = 0; i < poly.length; i++) {
        const a = poly[i]!;
        const b = poly[(i + 1) % poly.length]!;
        minX = Math.min(minX, a.x);
        maxX = Math.max(maxX, a.x);
        if (a.y === b.y) continue;
        const e: Edge =
          a.y < b.y
            ? { x0: a.x, y0: a.y, x1: b.x, y1: b.y, dir: 1 }
            : { x0: b.x, y0: b.y, x1: a.x, y1: a.y, dir: -1 };
        edges.push(e);
        minY = Math.min(minY, e.y0);
        maxY = Math.max(maxY, e.y1);
      }
    }
    if (edges.length === 0) return;
    const py0 = Math.max(0, Math.floor(minY));
    const py1 = Math.min(this.height - 1, Math.ceil(maxY));
    const px0 = Math.max(0, Math.floor(minX));
    const px1 = Math.min(this.width - 1, Math.ceil(maxX));
    if (py0 > py1 || px0 > px1) return;
    edges.sort((p, q) => p.y0 - q.y0);
    const cw = px1 - px0 + 1;
    const cover = new Uint16Array(cw);
    let next = 0;
    let active: Edge[] = [];
    for (let py = py0; py <= py1; py++) {
      cover.fill(0);
      for (let sy = 0; sy < SS; sy++) {
        const y = py + (sy + 0.5) / SS;
        while (next < edges.length && edges[next]!.y0 <= y) active.push(edges[next++]!);
        active = active.filter((e) => e.y1 > y);
        const crossings: { x: number; w: number }[] = [];
        for (const e of active) {
          if (e.y0 > y) continue;
          crossings.push({ x: e.x0 + ((y - e.y0) * (e.x1 - e.x0)) / (e.y1 - e.y0), w: e.dir });
        }
        crossings.sort((p, q) => p.x - q.x || p.w - q.w);
        let wind = 0;
        for (let k = 0; k < crossings.length - 1; k++) {
          const c = crossings[k]!;
          wind += c.w;
          const inside = rule === 'nonzero' ? wind !== 0 : (wind & 1) !== 0;
          if (!inside) continue;
          this.span(cover, px0, cw, c.x, crossings[k + 1]!.x);
        }
      }
      const row = py * this.width;
      for (let i = 0; i < cw; i++) {
        const cv = cover[i]!;
        if (cv === 0) continue;
        this.blend((row + px0 + i) * 4, rgb, cv / (SS * SS));
      }
    }
  }

  /** Counts the subsample columns in [xa, xb) for one subsample row. */
  private span(cover: Uint16Array, px0: number, cw: number, xa: number, xb: number): void {
    // Subsample column j (global) has its centre at (j + 0.5) / SS; covered when xa <= c < xb.
    const j0 = Math.max(px0 * SS, Math.ceil(xa * SS - 0.5));
    const j1 = Math.min((px0 + cw) * SS - 1, Math.ceil(xb * SS - 0.5) - 1);
    for (let j = j0; j <= j1; j++) cover[Math.floor(j / SS) - px0]!++;
  }

  private blend(o: number, rgb: readonly [number, number, number], a: number): void {
    const d = this.data;
    const da = d[o + 3]! / 255;
    const oa = a + da * (1 - a);
    if (oa <= 0) return;
    for (let c = 0; c < 3; c++)
      d[o + c] = Math.round((rgb[c]! * a + d[o + c]! * da * (1 - a)) / oa);
    d[o + 3] = Math.round(oa * 255);
  }

  image(): RgbaImage {
    return { width: this.width, height: this.height, data: this.data };
  }
}

/** Path (mm, y up) to polygons in device pixels (y down) at `pxPerMm`. */
export function toDevice(d: readonly PathCommand[], pxPerMm: number, heightMm: number): Point[][] {
  return flatten(d, 0.25 / pxPerMm).map((poly) =>
    poly.map((p) => ({ x: p.x * pxPerMm, y: (heightMm - p.y) * pxPerMm })),
  );
}

/** Outline of a stroked polyline set as polygons to fill with nonzero. */
export function strokeToPolygons(polys: readonly Point[][], width: number): Point[][] {
  const out: Point[][] = [];
  const r = width / 2;
  for (const poly of polys) {
    for (let i = 0; i < poly.length; i++) {
      const a = poly[i]!;
      const b = poly[(i + 1) % poly.length]!;
      const len = Math.hypot(b.x - a.x, b.y - a.y);
      if (len > 0) {
        const nx = (-(b.y - a.y) / len) * r;
        const ny = ((b.x - a.x) / len) * r;
        out.push([
          { x: a.x + nx, y: a.y + ny },
          { x: b.x + nx, y: b.y + ny },
          { x: b.x - nx, y: b.y - ny },
          { x: a.x - nx, y: a.y - ny },
        ]);
      }
      const disc: Point[] = [];
      for (let k = 0; k < 12; k++)
        disc.push({
          x: a.x + r * Math.cos((k * Math.PI) / 6),
          y: a.y + r * Math.sin((k * Math.PI) / 6),
        });
      out.push(disc);
    }
  }
  // All pieces wind the same way under nonzero once oriented consistently.
  return out.map((p) => (signedArea(p) < 0 ? [...p].reverse() : p));
}

function signedArea(p: readonly Point[]): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i]!;
    const b = p[(i + 1) % p.length]!;
    s += a.x * b.y - b.x * a.y;
  }
  return s;
}
