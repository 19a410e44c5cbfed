import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import { importSealImage } from '../../../main/seals/import-seal-image';
import { isSealdeskError, type SealdeskError } from '../../../main/errors/sealdesk-error';
import { mulberry32 } from '../../../main/seals/signature-seal';

/** A synthetic scan: noisy off-white paper, a black printed line, a red ring and red strokes. */
function scan(): { rgba: Buffer; width: number; height: number } {
  const width = 400;
  const height = 400;
  const rnd = mulberry32(42);
  const rgba = Buffer.alloc(width * height * 4);
  const RED = [222, 30, 40];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      const grey = 238 + Math.round((rnd() - 0.5) * 16);
      let px = [grey, grey - 2, grey - 4];
      // Black printed text line across the top (not ink of the seal).
      if (y >= 20 && y < 26 && x >= 30 && x < 370) px = [25, 25, 28];
      // Red ring centred (200, 220), radii 120..134, anti-aliased by coverage.
      const r = Math.hypot(x + 0.5 - 200, y + 0.5 - 220);
      let cover = Math.max(0, Math.min(1, Math.min(r - 119.5, 134.5 - r)));
      // Red "strokes" inside: two bars.
      if (
        (x >= 150 && x < 250 && y >= 200 && y < 212) ||
        (x >= 194 && x < 206 && y >= 160 && y < 280)
      )
        cover = 1;
      px = px.map((v, c) => Math.round(cover * RED[c]! + (1 - cover) * v));
      rgba[o] = px[0]!;
      rgba[o + 1] = px[1]!;
      rgba[o + 2] = px[2]!;
      rgba[o + 3] = 255;
    }
  return { rgba, width, height };
}

const asPng = (s: ReturnType<typeof scan>): Buffer => {
  const png = new PNG({ width: s.width, height: s.height });
  s.rgba.copy(png.data);
  return PNG.sync.write(png);
};

const errorOf = (f: () => unknown): SealdeskError => {
  try {
    f();
  } catch (e) {
    if (isSealdeskError(e)) return e;
    throw e;
  }
  throw new Error('did not throw');
};

describe('importSealImage', () => {
  it('turns paper transparent, keeps the red ink and crops to it', () => {
    const s = scan();
    const r = importSealImage(asPng(s), 'scan.png', { widthMm: 42, name: '合同章' });
    // Ink spans x 66..334, y 86..354 (ring outer radius 134 around (200, 220)); margin 2 %.
    expect(r.cropPx.x).toBeGreaterThanOrEqual(55);
    expect(r.cropPx.x).toBeLessThanOrEqual(66);
    expect(r.cropPx.y).toBeGreaterThanOrEqual(75); // the black line at y 20..26 is not ink
    expect(r.cropPx.y).toBeLessThanOrEqual(86);
    expect(r.cropPx.x + r.cropPx.width).toBeGreaterThanOrEqual(334);
    expect(r.cropPx.x + r.cropPx.width).toBeLessThanOrEqual(346);
    const out = PNG.sync.read(r.previewPng);
    const at = (x: number, y: number): number[] => {
      const o = ((y - r.cropPx.y) * out.width + (x - r.cropPx.x)) * 4;
      return [...out.data.subarray(o, o + 4)];
    };
    expect(at(r.cropPx.x + 1, r.cropPx.y + 1)[3]).toBe(0); // paper corner
    expect(at(140, 160)[3]).toBe(0); // paper inside the ring
    const ring = at(200 - 127, 220);
    expect(ring[3]).toBeGreaterThan(240);
    expect(ring[0]!).toBeGreaterThan(ring[1]! + 120); // still red
    // A pixel the ring's outer edge half covers keeps a soft alpha, neither paper nor solid.
    const cov = (x: number, y: number): number => 134.5 - Math.hypot(x + 0.5 - 200, y + 0.5 - 220);
    const cands = Array.from({ length: 400 }, (_, i) => ({
      x: 60 + (i % 40),
      y: 290 + Math.floor(i / 40),
    }));
    const e = cands.find((p) => cov(p.x, p.y) > 0.35 && cov(p.x, p.y) < 0.65)!;
    const edge = at(e.x, e.y);
    expect(edge[3]).toBeGreaterThan(40);
    expect(edge[3]).toBeLessThan(230);
    expect(r.seal.sizeMm.width).toBe(42);
    expect(r.seal.sizeMm.height).toBeCloseTo((42 * out.height) / out.width, 2);
    expect(r.seal.type).toBe('image');
    expect(r.sizeSource).toBe('requested');
  });

  it('takes the size from the JPEG density or assumes 300 dpi', () => {
    const s = scan();
    const jpg = Buffer.from(
      jpeg.encode({ data: s.rgba, width: s.width, height: s.height }, 95).data,
    );
    const r = importSealImage(jpg, 'scan.jpg');
    expect(['jpeg-density', 'assumed-dpi']).toContain(r.sizeSource);
    const dpi = r.sizeSource === 'assumed-dpi' ? 300 : undefined;
    if (dpi) expect(r.seal.sizeMm.width).toBeCloseTo((r.cropPx.width * 25.4) / 300, 2);
    expect(r.cropPx.y).toBeGreaterThan(60);
  });

  it('refuses a file that is not an image, naming it', () => {
    const e = errorOf(() => importSealImage(Buffer.from('%PDF-1.7\n'), 'contract.pdf'));
    expect(e.code).toBe('SEAL_IMAGE_UNSUPPORTED');
    expect(e.message).toContain('contract.pdf');
    expect(e.localized('zh-CN')).toContain('contract.pdf');
  });

  it('refuses a 30-megapixel image from its header, before decoding it', () => {
    // Only the signature and IHDR: a decoder would fail, so the size check must come first.
    const head = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(head, 0);
    head.writeUInt32BE(13, 8);
    head.write('IHDR', 12, 'latin1');
    head.writeUInt32BE(6000, 16);
    head.writeUInt32BE(5000, 20);
    const e = errorOf(() => importSealImage(head, 'huge.png'));
    expect(e.code).toBe('SEAL_IMAGE_TOO_LARGE');
    expect(e.message).toContain('30-megapixel scan is larger than needed');
    expect(e.message).toContain('scan at 300 dpi');
  });

  it('refuses an image with no pixels or no red ink', () => {
    const empty = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(empty, 0);
    empty.write('IHDR', 12, 'latin1');
    expect(errorOf(() => importSealImage(empty, 'zero.png')).code).toBe('SEAL_IMAGE_EMPTY');
    const grey = new PNG({ width: 20, height: 20 });
    grey.data.fill(200);
    expect(errorOf(() => importSealImage(PNG.sync.write(grey), 'grey.png')).code).toBe(
      'SEAL_IMAGE_NO_INK',
    );
  });
});
