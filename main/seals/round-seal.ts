/**
 * The round company seal (圆形公章 / 合同专用章 / 财务专用章 ...): a thick ring, the company name
 * along the upper arc with each character upright to the arc, a five-pointed star in the
 * centre, the title horizontally below the star, optional code digits along the lower arc.
 *
 * Owns: the proportions of a round seal, scaled from the common 42 mm seal (ring 1.2 mm, star
 * 14 mm across, name about 6.5 mm tall) to any diameter.
 * Must never: let the name overlap itself, the title, the code or the ring; when it cannot fit,
 * it reports the name as too long (the caller turns that into SEAL_NAME_TOO_LONG).
 */
import { ellipsePath, starPath, type Point } from './geometry';
import type { SealFont, SealGlyph } from './seal-font';
import { SEAL_RED, roundMm, type SealShape } from './seal-model';
import {
  apart,
  fitText,
  glyphPath,
  insideEllipse,
  noOverlap,
  placeOnArc,
  placeOnLine,
  spanDeg,
  type PlacedGlyph,
} from './text-layout';

export interface RoundSealInput {
  readonly diameterMm: number;
  readonly name: readonly SealGlyph[];
  readonly title: readonly SealGlyph[];
  readonly code: readonly SealGlyph[];
  readonly color?: string;
}

export interface DrawResult {
  readonly shapes: SealShape[];
  readonly params: Record<string, number | string | boolean>;
}

export function drawRoundSeal(font: SealFont, input: RoundSealInput): DrawResult | undefined {
  const D = input.diameterMm;
  const R = D / 2;
  const c = R;
  const color = input.color ?? SEAL_RED;
  const ring = Math.min(2, Math.max(0.9, (D * 1.2) / 42));
  const ringGap = 0.02 * D;
  const inner = R - ring - ringGap;
  const hasCode = input.code.length > 0;

  // Code digits along the lower arc, small, reading left to right.
  let code: PlacedGlyph[] = [];
  if (hasCode) {
    const fit = fitText(0.07 * D, 0.6, 0.45, (h, xs) =>
      placeOnArc(
        {
          font,
          glyphs: input.code,
          cx: c,
          cy: c,
          rxTop: inner,
          ryTop: inner,
          rxLimit: R - 0.05 - ring - 0.2,
          ryLimit: R - 0.05 - ring - 0.2,
          side: 'lower',
          maxSpanDeg: 100,
        },
        h,
        xs,
        0.08 * h,
      ),
    );
    if (!fit) return undefined;
    code = fit.glyphs;
  }

  // Star: outer radius D/6 (14 mm across on a 42 mm seal), centred.
  const starR = D / 6;
  const titleTop = c - starR * 0.809 - 0.05 * D;
  const titleH0 = 0.115 * D;
  // The title's band, reserved while the name is fitted so a long name leaves room for it.
  const reserved: PlacedGlyph[] = [];
  if (input.title.length > 0) {
    const tw =
      input.title.reduce((s, g) => s + (g.advance / font.unitsPerEm) * titleH0 * 0.8, 0) +
      0.08 * titleH0 * (input.title.length - 1);
    const pad = 0.02 * D;
    const x0 = c - tw / 2 - pad;
    const x1 = c + tw / 2 + pad;
    const y0 = titleTop - titleH0 - pad;
    const y1 = titleTop + pad;
    reserved.push({
      char: '',
      matrix: [1, 0, 0, 1, 0, 0],
      quad: [
        { x: x0, y: y0 },
        { x: x1, y: y0 },
        { x: x1, y: y1 },
        { x: x0, y: y1 },
      ],
    });
  }

  // Company name along the upper arc.
  const n = input.name.length;
  const maxSpan = hasCode ? 240 : 270;
  const targetSpan = Math.min(maxSpan, Math.max(150, 40 + 22 * n));
  const limit = R - 0.05 - ring - 0.2;
  const nameOpts = {
    font,
    glyphs: input.name,
    cx: c,
    cy: c,
    rxTop: inner,
    ryTop: inner,
    rxLimit: limit,
    ryLimit: limit,
    side: 'upper' as const,
  };
  const minGap = (h: number): number => 0.06 * h;
  const fit = fitText(0.155 * D, 0.45, 0.5, (h, xs) => {
    const got = placeOnArc({ ...nameOpts, maxSpanDeg: maxSpan }, h, xs, minGap(h));
    return got && noOverlap(got, [...code, ...reserved]) ? got : undefined;
  });
  if (!fit) return undefined;
  let name = fit.glyphs;
  let gap = minGap(fit.h);
  if (fit.xScale === 1 && n > 1) {
    // Short names are spread to a pleasant arc instead of huddling at the top.
    let lo = gap;
    let hi = 0.9 * fit.h;
    for (let i = 0; i < 14; i++) {
      const mid = (lo + hi) / 2;
      const got = placeOnArc({ ...nameOpts, maxSpanDeg: targetSpan }, fit.h, 1, mid);
      if (got && noOverlap(got, [...code, ...reserved])) {
        lo = mid;
        name = got;
      } else hi = mid;
    }
    gap = lo;
  }

  // Title, horizontally below the star.
  let title: PlacedGlyph[] = [];
  let titleFit: { h: number; xScale: number } = { h: 0, xScale: 1 };
  if (input.title.length > 0) {
    const tfit = fitText(titleH0, 0.5, 0.4, (h, xs) => {
      const got = placeOnLine(font, input.title, c, titleTop - h / 2, h, xs, 0.08 * h);
      // Keep a clear margin to the name and code, not just no contact.
      const padded = got.map((g) => ({ ...g, quad: inflate(g.quad, 0.015 * D) }));
      return insideEllipse(got, c, c, inner, inner) && apart(padded, name) && apart(got, code)
        ? got
        : undefined;
    });
    if (!tfit) return undefined;
    title = tfit.glyphs;
    titleFit = tfit;
  }

  const shapes: SealShape[] = [
    {
      role: 'border',
      d: [
        ...ellipsePath(c, c, R - 0.05, R - 0.05, true),
        ...ellipsePath(c, c, R - 0.05 - ring, R - 0.05 - ring, false),
      ],
      fill: color,
      fillRule: 'evenodd',
    },
    ...glyphShapes('name', input.name, name, color),
    { role: 'star', d: starPath(c, c, starR), fill: color, fillRule: 'nonzero' },
    ...glyphShapes('title', input.title, title, color),
    ...glyphShapes('code', input.code, code, color),
  ];
  return {
    shapes,
    params: {
      diameterMm: D,
      ringMm: roundMm(ring),
      nameHeightMm: roundMm(fit.h),
      nameXScale: roundMm(fit.xScale),
      nameGapMm: roundMm(gap),
      nameSpanDeg: roundMm(spanDeg(name, c, c, 'upper')),
      starRadiusMm: roundMm(starR),
      titleHeightMm: roundMm(titleFit.h),
      titleXScale: roundMm(titleFit.xScale),
    },
  };
}

/** Moves each corner of a convex quad `d` further from its centroid. */
function inflate(quad: readonly Point[], d: number): Point[] {
  const cx = quad.reduce((s, p) => s + p.x, 0) / quad.length;
  const cy = quad.reduce((s, p) => s + p.y, 0) / quad.length;
  return quad.map((p) => {
    const l = Math.hypot(p.x - cx, p.y - cy) || 1;
    return { x: p.x + ((p.x - cx) / l) * d, y: p.y + ((p.y - cy) / l) * d };
  });
}

export function glyphShapes(
  role: 'name' | 'title' | 'code' | 'signature',
  glyphs: readonly SealGlyph[],
  placed: readonly PlacedGlyph[],
  color: string,
): SealShape[] {
  const out: SealShape[] = [];
  glyphs.forEach((g, i) => {
    const p = placed[i];
    if (!p || g.commands.length === 0) return;
    out.push({ role, char: g.char, d: glyphPath(g, p), fill: color, fillRule: 'nonzero' });
  });
  return out;
}
