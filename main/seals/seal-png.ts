/**
 * PNG rendering of a seal with the module's own rasteriser, so `--png` previews and golden
 * tests need no system tool and give the same pixels on every OS.
 *
 * Owns: turning a seal (vector or image) into an RGBA bitmap at a given dpi, and PNG bytes.
 * Must never: shell out (rsvg, ImageMagick) or use a native canvas.
 */
import { PNG } from 'pngjs';
import { Rasterizer, strokeToPolygons, toDevice, type RgbaImage } from './rasterizer';
import type { Seal } from './seal-model';

export function hexToRgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** Pixel size of a seal at a dpi (at least 1 x 1). */
export function pixelSize(seal: Seal, dpi: number): { width: number; height: number } {
  return {
    width: Math.max(1, Math.round((seal.sizeMm.width * dpi) / 25.4)),
    height: Math.max(1, Math.round((seal.sizeMm.height * dpi) / 25.4)),
  };
}

export function rasterizeSeal(seal: Seal, dpi: number): RgbaImage {
  const { width, height } = pixelSize(seal, dpi);
  const r = new Rasterizer(width, height);
  const pxPerMm = width / seal.sizeMm.width;
  const pyPerMm = height / seal.sizeMm.height;
  for (const s of seal.vector?.shapes ?? []) {
    const polys = toDevice(s.d, pxPerMm, seal.sizeMm.height).map((poly) =>
      // Anisotropic only by rounding of the pixel size; keep y exact to the bitmap height.
      poly.map((p) => ({ x: p.x, y: (p.y / pxPerMm) * pyPerMm })),
    );
    if (s.fill) r.fillPolygons(polys, hexToRgb(s.fill), s.fillRule ?? 'nonzero');
    if (s.stroke)
      r.fillPolygons(
        strokeToPolygons(polys, (s.strokeWidthMm ?? 0.3) * pxPerMm),
        hexToRgb(s.stroke),
        'nonzero',
      );
  }
  if (seal.image) {
    const src = PNG.sync.read(Buffer.from(seal.image.pngBase64, 'base64'));
    resampleInto(r.data, width, height, src.data, src.width, src.height);
  }
  return r.image();
}

/** Bilinear resampling of an RGBA image (premultiplied while interpolating). */
function resampleInto(
  dst: Buffer,
  dw: number,
  dh: number,
  src: Buffer,
  sw: number,
  sh: number,
): void {
  for (let y = 0; y < dh; y++) {
    const fy = Math.min(sh - 1, Math.max(0, ((y + 0.5) * sh) / dh - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(sh - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < dw; x++) {
      const fx = Math.min(sw - 1, Math.max(0, ((x + 0.5) * sw) / dw - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(sw - 1, x0 + 1);
      const tx = fx - x0;
      const w = [(1 - tx) * (1 - ty), tx * (1 - ty), (1 - tx) * ty, tx * ty];
      const idx = [(y0 * sw + x0) * 4, (y0 * sw + x1) * 4, (y1 * sw + x0) * 4, (y1 * sw + x1) * 4];
      let a = 0;
      const c = [0, 0, 0];
      for (let k = 0; k < 4; k++) {
        const o = idx[k]!;
        const al = (src[o + 3]! / 255) * w[k]!;
        a += al;
        for (let ch = 0; ch < 3; ch++) c[ch] = c[ch]! + src[o + ch]! * al;
      }
      const o = (y * dw + x) * 4;
      if (a > 0) for (let ch = 0; ch < 3; ch++) dst[o + ch] = Math.round(c[ch]! / a);
      dst[o + 3] = Math.round(a * 255);
    }
  }
}

export function encodePng(img: RgbaImage): Buffer {
  const png = new PNG({ width: img.width, height: img.height });
  img.data.copy(png.data);
  return PNG.sync.write(png, { colorType: 6 });
}

/** The seal as an RGBA PNG at `dpi` (150 for previews, 300 for print checks). */
export function sealToPng(seal: Seal, dpi = 150): Buffer {
  return encodePng(rasterizeSeal(seal, dpi));
}
