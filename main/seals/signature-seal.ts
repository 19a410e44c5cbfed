/**
 * Handwriting-style personal signature drawn from text: glyph outlines slanted (shear), with a
 * slight baseline, size and rotation jitter from a PRNG seeded by the text itself, in dark ink.
 *
 * Owns: the look of a generated signature and its determinism: the same text gives the same
 * drawing on every machine (FNV-1a seed, mulberry32 generator, no Math.random).
 * Must never: pretend to be a real handwritten signature in metadata: its type is 'signature'
 * and its source 'generated'.
 */
import { skewX, chain, translate, boundsOfPoints, type Matrix } from './geometry';
import type { SealFont, SealGlyph } from './seal-font';
import { INK_BLACK, roundMm, type SealShape } from './seal-model';
import { glyphShapes, type DrawResult } from './round-seal';
import { placeGlyph, type PlacedGlyph } from './text-layout';

/** FNV-1a 32-bit hash of the UTF-16 code units. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** mulberry32: a small, well-mixed 32-bit PRNG; returns numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function drawSignature(
  font: SealFont,
  input: { text: readonly SealGlyph[]; seedText: string; heightMm: number; color?: string },
): DrawResult {
  const color = input.color ?? INK_BLACK;
  const rnd = mulberry32(fnv1a(input.seedText));
  const h = input.heightMm;
  const slant = 0.3;
  let x = 0;
  const raw: PlacedGlyph[] = input.text.map((g, i) => {
    const sz = h * (0.9 + 0.18 * rnd());
    const adv = (g.advance / font.unitsPerEm) * sz * 0.82;
    const dy = (rnd() - 0.5) * 0.14 * h + (i % 2 === 0 ? 0 : 0.03 * h);
    const rot = ((rnd() - 0.5) * 10 * Math.PI) / 180;
    const p = placeGlyph(font, g, sz, 0.86, x + adv / 2, h / 2 + dy, rot);
    x += adv * (0.9 + 0.08 * rnd());
    return p;
  });
  // Slant the whole line as a hand does, then move it into a box with a small margin.
  const shear = skewX(slant);
  const slanted = raw.map((p) =>
    withMatrix(p, chain(p.matrix, translate(0, -h / 2), shear, translate(0, h / 2)), shear, h),
  );
  const b = boundsOfPoints(slanted.flatMap((p) => p.quad));
  const margin = 0.06 * h;
  const move = translate(margin - b.minX, margin - b.minY);
  const placed = slanted.map((p) => ({
    char: p.char,
    matrix: chain(p.matrix, move),
    quad: p.quad.map((q) => ({ x: q.x + margin - b.minX, y: q.y + margin - b.minY })),
  }));
  const shapes: SealShape[] = glyphShapes('signature', input.text, placed, color);
  return {
    shapes,
    params: {
      widthMm: roundMm(b.maxX - b.minX + 2 * margin),
      heightMm: roundMm(b.maxY - b.minY + 2 * margin),
      slant,
      seed: fnv1a(input.seedText),
    },
  };
}

function withMatrix(p: PlacedGlyph, m: Matrix, shear: Matrix, h: number): PlacedGlyph {
  const sh = chain(translate(0, -h / 2), shear, translate(0, h / 2));
  return {
    char: p.char,
    matrix: m,
    quad: p.quad.map((q) => ({
      x: sh[0] * q.x + sh[2] * q.y + sh[4],
      y: sh[1] * q.x + sh[3] * q.y + sh[5],
    })),
  };
}
