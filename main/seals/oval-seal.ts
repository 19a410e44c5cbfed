/**
 * The oval seal (椭圆章, e.g. 发票专用章 45 x 30 mm): an elliptic ring, the name along the upper
 * arc of the ellipse with characters upright to the curve, the title in the middle and the
 * code on a line below it.
 *
 * Owns: the proportions of an oval seal, scaled from the 45 x 30 mm invoice seal.
 * Must never: overlap or clip text; when it cannot fit it returns undefined.
 */
import { ellipsePath } from './geometry';
import type { SealFont } from './seal-font';
import { SEAL_RED, roundMm, type SealShape } from './seal-model';
import { glyphShapes, type DrawResult, type RoundSealInput } from './round-seal';
import {
  fitText,
  insideEllipse,
  noOverlap,
  placeOnArc,
  placeOnLine,
  spanDeg,
  type PlacedGlyph,
} from './text-layout';

export interface OvalSealInput extends Omit<RoundSealInput, 'diameterMm'> {
  readonly widthMm: number;
  readonly heightMm: number;
}

export function drawOvalSeal(font: SealFont, input: OvalSealInput): DrawResult | undefined {
  const W = input.widthMm;
  const H = input.heightMm;
  const cx = W / 2;
  const cy = H / 2;
  const m = Math.min(W, H);
  const color = input.color ?? SEAL_RED;
  const ring = Math.min(1.6, Math.max(0.8, (m * 1.0) / 30));
  const ringGap = 0.025 * m;
  const rx = W / 2 - 0.05 - ring - ringGap;
  const ry = H / 2 - 0.05 - ring - ringGap;

  const fit = fitText(0.17 * m, 0.45, 0.5, (h, xs) =>
    placeOnArc(
      {
        font,
        glyphs: input.name,
        cx,
        cy,
        rxTop: rx,
        ryTop: ry,
        rxLimit: W / 2 - 0.05 - ring - 0.15,
        ryLimit: H / 2 - 0.05 - ring - 0.15,
        side: 'upper',
        maxSpanDeg: 230,
      },
      h,
      xs,
      0.06 * h,
    ),
  );
  if (!fit) return undefined;
  const name = fit.glyphs;

  // Title in the middle, code below it: both on horizontal lines inside the inner ellipse.
  const placeLine = (
    glyphs: RoundSealInput['title'],
    h0: number,
    centreY: (h: number) => number,
    avoid: PlacedGlyph[],
  ): { glyphs: PlacedGlyph[]; h: number; xScale: number } | undefined =>
    glyphs.length === 0
      ? { glyphs: [], h: 0, xScale: 1 }
      : fitText(h0, 0.5, 0.4, (h, xs) => {
          const got = placeOnLine(font, glyphs, cx, centreY(h), h, xs, 0.08 * h);
          return insideEllipse(got, cx, cy, rx, ry) && noOverlap(got, avoid) ? got : undefined;
        });
  const title = placeLine(input.title, 0.15 * m, () => cy - 0.06 * H, name);
  if (!title) return undefined;
  const titleBottom = cy - 0.06 * H - title.h / 2;
  const code = placeLine(input.code, 0.1 * m, (h) => titleBottom - 0.04 * H - h / 2, [
    ...name,
    ...title.glyphs,
  ]);
  if (!code) return undefined;

  const shapes: SealShape[] = [
    {
      role: 'border',
      d: [
        ...ellipsePath(cx, cy, W / 2 - 0.05, H / 2 - 0.05, true),
        ...ellipsePath(cx, cy, W / 2 - 0.05 - ring, H / 2 - 0.05 - ring, false),
      ],
      fill: color,
      fillRule: 'evenodd',
    },
    ...glyphShapes('name', input.name, name, color),
    ...glyphShapes('title', input.title, title.glyphs, color),
    ...glyphShapes('code', input.code, code.glyphs, color),
  ];
  return {
    shapes,
    params: {
      widthMm: W,
      heightMm: H,
      ringMm: roundMm(ring),
      nameHeightMm: roundMm(fit.h),
      nameXScale: roundMm(fit.xScale),
      nameSpanDeg: roundMm(spanDeg(name, cx, cy, 'upper')),
      titleHeightMm: roundMm(title.h),
      titleXScale: roundMm(title.xScale),
    },
  };
}
