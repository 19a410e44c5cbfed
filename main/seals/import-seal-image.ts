/**
 * Imports a scanned or exported seal image (PNG or JPEG) as an image seal: removes the paper to
 * transparency keeping the red ink, crops to the ink, and works out its physical size.
 *
 * Owns: format sniffing by magic bytes, the size limits (checked from the header, before any
 * pixel is decoded), ink/paper separation, cropping, and the density lookup (PNG pHYs,
 * ISO/IEC 15948 §11.3.5.3; JPEG JFIF APP0 density).
 * Must never: decode an image larger than the limit, keep non-red marks (printed black text,
 * grey paper texture) as ink, or trust a file's extension over its bytes.
 *
 * Ink model: each pixel is paper P mixed with ink I by coverage a, per channel: px = a·I +
 * (1 - a)·P. Red ink absorbs green, so a = (P.g - px.g) / (P.g - I.g), weighted by how red the
 * pixel is (r - max(g, b), ramped from 20 to 60) so grey and black marks drop out; the colour
 * kept is the pixel's own colour un-mixed from the paper.
 */
import { randomUUID } from 'node:crypto';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { sealError } from './seal-errors';
import { SEAL_FORMAT, SEAL_MODEL_VERSION, roundMm, type Seal } from './seal-model';

export const MAX_IMPORT_PIXELS = 25_000_000;

export interface ImportSealOptions {
  readonly name?: string;
  /** Physical width or height in mm; with one given the other follows the aspect ratio. */
  readonly widthMm?: number;
  readonly heightMm?: number;
  /** Density assumed when the file states none (default 300 dpi, a typical scan). */
  readonly assumeDpi?: number;
  readonly organisation?: string;
  readonly custodian?: string;
  readonly newId?: () => string;
  readonly now?: () => Date;
}

export interface ImportedSeal {
  readonly seal: Seal;
  /** The cleaned seal as PNG (what the library shows). */
  readonly previewPng: Buffer;
  /** Crop box in the source image's pixels. */
  readonly cropPx: { x: number; y: number; width: number; height: number };
  /** Where the physical size came from. */
  readonly sizeSource: 'requested' | 'png-phys' | 'jpeg-density' | 'assumed-dpi';
}

interface Decoded {
  width: number;
  height: number;
  data: Uint8Array;
  dpi?: number;
  kind: 'png' | 'jpeg';
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function sniffImage(bytes: Uint8Array): 'png' | 'jpeg' | undefined {
  if (bytes.length >= 8 && PNG_MAGIC.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
    return 'jpeg';
  return undefined;
}

/** Width and height from the header only: PNG IHDR, or the JPEG SOFn segment. */
export function imageHeaderSize(
  bytes: Uint8Array,
  kind: 'png' | 'jpeg',
): { width: number; height: number } | undefined {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (kind === 'png')
    return bytes.length >= 24 ? { width: dv.getUint32(16), height: dv.getUint32(20) } : undefined;
  let p = 2;
  while (p + 9 < bytes.length) {
    if (bytes[p] !== 0xff) {
      p++;
      continue;
    }
    const marker = bytes[p + 1]!;
    if (
      marker === 0xd8 ||
      marker === 0x01 ||
      (marker >= 0xd0 && marker <= 0xd7) ||
      marker === 0xff
    ) {
      p += marker === 0xff ? 1 : 2;
      continue;
    }
    const len = dv.getUint16(p + 2);
    // SOF0..SOF15 except DHT (C4), JPG (C8), DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { height: dv.getUint16(p + 5), width: dv.getUint16(p + 7) };
    p += 2 + len;
  }
  return undefined;
}

function pngDpi(bytes: Uint8Array): number | undefined {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let p = 8;
  while (p + 12 <= bytes.length) {
    const len = dv.getUint32(p);
    const type = String.fromCharCode(bytes[p + 4]!, bytes[p + 5]!, bytes[p + 6]!, bytes[p + 7]!);
    if (type === 'pHYs' && len >= 9) {
      const ppuX = dv.getUint32(p + 8);
      const unit = bytes[p + 16];
      return unit === 1 && ppuX > 0 ? ppuX * 0.0254 : undefined; // unit 1: pixels per metre
    }
    if (type === 'IDAT' || type === 'IEND') return undefined;
    p += 12 + len;
  }
  return undefined;
}

function jpegDpi(bytes: Uint8Array): number | undefined {
  // JFIF APP0: FF E0, len, "JFIF\0", version(2), units(1), Xdensity(2), Ydensity(2).
  if (bytes[2] !== 0xff || bytes[3] !== 0xe0) return undefined;
  const id = String.fromCharCode(...bytes.subarray(6, 11));
  if (id !== 'JFIF\0') return undefined;
  const units = bytes[13];
  const x = ((bytes[14] ?? 0) << 8) | (bytes[15] ?? 0);
  if (x === 0) return undefined;
  if (units === 1) return x;
  if (units === 2) return x * 2.54;
  return undefined;
}

function decode(bytes: Uint8Array, fileName: string): Decoded {
  const kind = sniffImage(bytes);
  if (!kind) throw sealError('SEAL_IMAGE_UNSUPPORTED', { file: fileName });
  const size = imageHeaderSize(bytes, kind);
  if (!size || size.width === 0 || size.height === 0)
    throw sealError('SEAL_IMAGE_EMPTY', {
      file: fileName,
      width: size?.width ?? 0,
      height: size?.height ?? 0,
    });
  const pixels = size.width * size.height;
  if (pixels > MAX_IMPORT_PIXELS)
    throw sealError('SEAL_IMAGE_TOO_LARGE', {
      file: fileName,
      width: size.width,
      height: size.height,
      megapixels: Math.round(pixels / 1e6),
    });
  try {
    if (kind === 'png') {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      const dpi = pngDpi(bytes);
      return {
        kind,
        width: png.width,
        height: png.height,
        data: png.data,
        ...(dpi ? { dpi } : {}),
      };
    }
    const img = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxMemoryUsageInMB: 512,
    });
    const dpi = jpegDpi(bytes);
    return { kind, width: img.width, height: img.height, data: img.data, ...(dpi ? { dpi } : {}) };
  } catch (e) {
    throw sealError(
      'SEAL_IMAGE_EMPTY',
      { file: fileName, width: size.width, height: size.height },
      e,
    );
  }
}

const ramp = (v: number, lo: number, hi: number): number =>
  v <= lo ? 0 : v >= hi ? 1 : (v - lo) / (hi - lo);

/** Separates red ink from paper: returns straight-alpha RGBA of the same size. */
export function extractInk(src: Uint8Array, width: number, height: number): Buffer {
  const n = width * height;
  // Paper and ink estimates: mean colour of clearly-paper and clearly-ink pixels.
  let pg = 0;
  let pn = 0;
  let ig = 0;
  let inn = 0;
  for (let i = 0; i < n; i++) {
    const o = i * 4;
    const r = src[o]!;
    const g = src[o + 1]!;
    const b = src[o + 2]!;
    const a = src[o + 3]!;
    if (a < 128) continue;
    const red = r - Math.max(g, b);
    if (red < 10 && g > 128) {
      pg += g;
      pn++;
    } else if (red > 90) {
      ig += g;
      inn++;
    }
  }
  const paperG = pn > 0 ? pg / pn : 255;
  const inkG = inn > 0 ? ig / inn : 0;
  const out = Buffer.alloc(n * 4);
  for (let i = 0; i < n; i++) {
    const o = i * 4;
    const r = src[o]!;
    const g = src[o + 1]!;
    const b = src[o + 2]!;
    const srcA = src[o + 3]! / 255;
    const w = ramp(r - Math.max(g, b), 20, 60);
    if (w === 0 || srcA === 0) continue;
    const cover = Math.min(1, Math.max(0, (paperG - g) / Math.max(1, paperG - inkG)));
    const a = w * Math.max(cover, 0.25) * srcA;
    if (a < 1 / 255) continue;
    // Un-mix from white-ish paper: c = (px - (1 - a)·P) / a, with P grey at paper level.
    const unmix = (v: number): number =>
      Math.round(Math.min(255, Math.max(0, (v - (1 - cover) * paperG) / Math.max(cover, 0.25))));
    out[o] = unmix(r);
    out[o + 1] = unmix(g);
    out[o + 2] = unmix(b);
    out[o + 3] = Math.round(a * 255);
  }
  return out;
}

/** Bounding box of pixels with alpha >= minAlpha, or undefined when there are none. */
export function inkBounds(rgba: Uint8Array, width: number, height: number, minAlpha = 64) {
  let minX = width;
  let minY = height;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if (rgba[(y * width + x) * 4 + 3]! >= minAlpha) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
  return maxX < 0
    ? undefined
    : { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
}

export function importSealImage(
  bytes: Uint8Array,
  fileName: string,
  opts: ImportSealOptions = {},
): ImportedSeal {
  const img = decode(bytes, fileName);
  const ink = extractInk(img.data, img.width, img.height);
  const box = inkBounds(ink, img.width, img.height);
  if (!box) throw sealError('SEAL_IMAGE_NO_INK', { file: fileName });
  // A small margin (2 % of the larger side, at least 2 px) so the soft edge is not cut.
  const m = Math.max(2, Math.round(0.02 * Math.max(box.width, box.height)));
  const x0 = Math.max(0, box.x - m);
  const y0 = Math.max(0, box.y - m);
  const x1 = Math.min(img.width, box.x + box.width + m);
  const y1 = Math.min(img.height, box.y + box.height + m);
  const cw = x1 - x0;
  const ch = y1 - y0;
  const png = new PNG({ width: cw, height: ch });
  for (let y = 0; y < ch; y++)
    ink.copy(
      png.data,
      y * cw * 4,
      ((y0 + y) * img.width + x0) * 4,
      ((y0 + y) * img.width + x1) * 4,
    );
  const previewPng = PNG.sync.write(png, { colorType: 6 });

  let sizeSource: ImportedSeal['sizeSource'];
  let wMm: number;
  let hMm: number;
  if (opts.widthMm !== undefined || opts.heightMm !== undefined) {
    sizeSource = 'requested';
    wMm = opts.widthMm ?? ((opts.heightMm ?? 0) * cw) / ch;
    hMm = opts.heightMm ?? ((opts.widthMm ?? 0) * ch) / cw;
  } else {
    const dpi = img.dpi ?? opts.assumeDpi ?? 300;
    sizeSource = img.dpi ? (img.kind === 'png' ? 'png-phys' : 'jpeg-density') : 'assumed-dpi';
    wMm = (cw * 25.4) / dpi;
    hMm = (ch * 25.4) / dpi;
  }
  if (!(wMm >= 5 && wMm <= 120 && hMm >= 5 && hMm <= 120))
    throw sealError('SEAL_SIZE_OUT_OF_RANGE', {
      kind: 'image',
      kindZh: '图片',
      width: roundMm(wMm),
      height: roundMm(hMm),
      min: 5,
      max: 120,
      typical: '42 (give the real width in mm)',
    });
  const seal: Seal = {
    format: SEAL_FORMAT,
    version: SEAL_MODEL_VERSION,
    id: (opts.newId ?? randomUUID)(),
    name: opts.name?.trim() || fileName.replace(/\.[^.]+$/, ''),
    type: 'image',
    ...(opts.organisation ? { organisation: opts.organisation } : {}),
    ...(opts.custodian ? { custodian: opts.custodian } : {}),
    sizeMm: { width: roundMm(wMm), height: roundMm(hMm) },
    source: 'imported',
    createdAt: (opts.now?.() ?? new Date()).toISOString(),
    image: { pngBase64: previewPng.toString('base64'), widthPx: cw, heightPx: ch },
  };
  return { seal, previewPng, cropPx: { x: x0, y: y0, width: cw, height: ch }, sizeSource };
}
