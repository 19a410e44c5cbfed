/**
 * PDF drawing operators for a seal, for the appearance stream of a signature widget or a
 * page overlay written by main/sign.
 *
 * Owns: the content-stream operators (ISO 32000-2 §8.5.2 path construction: m l c h; §8.5.3
 * painting: f f* S B; §8.6.8 colour: rg RG; §8.4.4 w; §8.8 image XObjects via Do) drawing a
 * seal in a box of widthPt x heightPt, origin bottom-left, and the planes of an image seal.
 * Must never: write PDF objects itself: the writer wraps the operators in a form XObject or
 * an appearance stream and embeds `image` as /Img0 with an /SMask (ISO 32000-2 §11.6.5.3).
 */
import { PNG } from 'pngjs';
import { hexToRgb } from './seal-png';
import { PT_PER_MM, type PathCommand, type Seal } from './seal-model';

export interface SealImagePlanes {
  /** Name under which the operators reference the image: the writer must use it. */
  readonly name: '/Img0';
  readonly widthPx: number;
  readonly heightPx: number;
  readonly bitsPerComponent: 8;
  /** DeviceRGB samples, 3 bytes per pixel, rows top to bottom (ISO 32000-2 §8.9.3). */
  readonly rgb: Buffer;
  /** DeviceGray soft-mask samples, 1 byte per pixel, for the /SMask image. */
  readonly alpha: Buffer;
}

export interface SealPdfDrawing {
  readonly content: string;
  readonly widthPt: number;
  readonly heightPt: number;
  readonly image?: SealImagePlanes;
}

/** PDF real number: at most 3 decimals, no exponent, no "-0" (ISO 32000-2 §7.3.3). */
export function pdfNum(v: number): string {
  const r = Math.round(v * 1000) / 1000;
  if (r === 0) return '0';
  return String(r);
}

function colour(hex: string, op: 'rg' | 'RG'): string {
  const [r, g, b] = hexToRgb(hex);
  return `${pdfNum(r / 255)} ${pdfNum(g / 255)} ${pdfNum(b / 255)} ${op}`;
}

export function pathToPdf(d: readonly PathCommand[], k = PT_PER_MM): string {
  const n = (v: number): string => pdfNum(v * k);
  return d
    .map((c) => {
      switch (c[0]) {
        case 'M':
          return `${n(c[1])} ${n(c[2])} m`;
        case 'L':
          return `${n(c[1])} ${n(c[2])} l`;
        case 'C':
          return `${n(c[1])} ${n(c[2])} ${n(c[3])} ${n(c[4])} ${n(c[5])} ${n(c[6])} c`;
        case 'Z':
          return 'h';
      }
    })
    .join('\n');
}

export function sealToPdfOperators(seal: Seal): SealPdfDrawing {
  const widthPt = seal.sizeMm.width * PT_PER_MM;
  const heightPt = seal.sizeMm.height * PT_PER_MM;
  const ops: string[] = ['q'];
  for (const s of seal.vector?.shapes ?? []) {
    const paint =
      s.fill && s.stroke
        ? s.fillRule === 'evenodd'
          ? 'B*'
          : 'B'
        : s.fill
          ? s.fillRule === 'evenodd'
            ? 'f*'
            : 'f'
          : s.stroke
            ? 'S'
            : 'n';
    if (s.fill) ops.push(colour(s.fill, 'rg'));
    if (s.stroke)
      ops.push(colour(s.stroke, 'RG'), `${pdfNum((s.strokeWidthMm ?? 0.3) * PT_PER_MM)} w`);
    ops.push(pathToPdf(s.d), paint);
  }
  let image: SealImagePlanes | undefined;
  if (seal.image) {
    const png = PNG.sync.read(Buffer.from(seal.image.pngBase64, 'base64'));
    const px = png.width * png.height;
    const rgb = Buffer.alloc(px * 3);
    const alpha = Buffer.alloc(px);
    for (let i = 0; i < px; i++) {
      rgb[i * 3] = png.data[i * 4]!;
      rgb[i * 3 + 1] = png.data[i * 4 + 1]!;
      rgb[i * 3 + 2] = png.data[i * 4 + 2]!;
      alpha[i] = png.data[i * 4 + 3]!;
    }
    image = {
      name: '/Img0',
      widthPx: png.width,
      heightPx: png.height,
      bitsPerComponent: 8,
      rgb,
      alpha,
    };
    // The image space is the unit square (ISO 32000-2 §8.9.4): scale it to the box.
    ops.push('q', `${pdfNum(widthPt)} 0 0 ${pdfNum(heightPt)} 0 0 cm`, '/Img0 Do', 'Q');
  }
  ops.push('Q');
  return { content: ops.join('\n') + '\n', widthPt, heightPt, ...(image ? { image } : {}) };
}
