/**
 * Rendering signed pages with poppler's pdftoppm at 72 dpi (one pixel per point, so a box in
 * millimetres is a box in pixels of mm x 72/25.4) and reading seal-red pixels with pngjs.
 * Also the page fixtures this folder needs: rotated pages (qpdf --rotate) and a page with a
 * CropBox offset (the classic fixture with a /CropBox, its xref rebuilt by qpdf).
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { makeClassicPdf } from '../../fixtures/pdfs/classic-pdf';
import { qpdfTransform } from '../../fixtures/pdfs/qpdf-variants';
import { execFile } from 'node:child_process';

export const PX_PER_MM = 72 / 25.4;

export interface Raster {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

export interface PxBox {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** Renders one page (1-based) at 72 dpi; returns the image and pdftoppm's stderr. */
export async function renderPage(file: string, page: number): Promise<Raster & { stderr: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'sealdesk-render-'));
  try {
    const prefix = join(dir, 'p');
    const r = await pdftoppm([
      '-r',
      '72',
      '-png',
      // What a viewer shows: the crop box (§14.11.2), not the media box.
      '-cropbox',
      '-f',
      String(page),
      '-l',
      String(page),
      '-singlefile',
      file,
      prefix,
    ]);
    if (r.exitCode !== 0) throw new Error(`pdftoppm failed: ${r.stderr}`);
    const png = PNG.sync.read(await readFile(`${prefix}.png`));
    return { width: png.width, height: png.height, data: png.data, stderr: r.stderr };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Runs poppler's pdftoppm (Debian poppler-utils). It is not in external-tools' TOOL_PACKAGES
 * yet, so this fails loudly itself when the tool is missing.
 */
function pdftoppm(args: string[]): Promise<{ exitCode: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile('pdftoppm', args, { encoding: 'utf8' }, (err, _stdout, stderr) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new Error('pdftoppm is missing: install the Debian package poppler-utils'));
        return;
      }
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ exitCode: code, stderr });
    });
  });
}

/** Seal ink: strongly red (the seal red is #E60012; anti-aliased edges stay reddish). */
export function isRed(img: Raster, x: number, y: number): boolean {
  const i = (y * img.width + x) * 4;
  const r = img.data[i]!;
  const g = img.data[i + 1]!;
  const b = img.data[i + 2]!;
  const a = img.data[i + 3] ?? 255;
  return a > 128 && r > 150 && r - g > 80 && r - b > 80;
}

/** Red pixels inside and outside a box (pixels, top-left origin). */
export function redInside(img: Raster, box: PxBox): { inside: number; outside: number } {
  let inside = 0;
  let outside = 0;
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) {
      if (!isRed(img, x, y)) continue;
      if (x >= box.x0 && x < box.x1 && y >= box.y0 && y < box.y1) inside++;
      else outside++;
    }
  return { inside, outside };
}

/** The box of a seal w x h mm centred at (cx, cy) mm, grown by `pad` pixels for anti-aliasing. */
export function mmBox(cx: number, cy: number, w: number, h: number, pad = 2): PxBox {
  return {
    x0: Math.floor((cx - w / 2) * PX_PER_MM) - pad,
    y0: Math.floor((cy - h / 2) * PX_PER_MM) - pad,
    x1: Math.ceil((cx + w / 2) * PX_PER_MM) + pad,
    y1: Math.ceil((cy + h / 2) * PX_PER_MM) + pad,
  };
}

/** The red mask of a region, as booleans row by row. */
export function redMask(img: Raster, box: PxBox): boolean[][] {
  const rows: boolean[][] = [];
  for (let y = box.y0; y < box.y1; y++) {
    const row: boolean[] = [];
    for (let x = box.x0; x < box.x1; x++)
      row.push(x >= 0 && y >= 0 && x < img.width && y < img.height && isRed(img, x, y));
    rows.push(row);
  }
  return rows;
}

/** Intersection over union of two masks of the same size. */
export function iou(a: readonly boolean[][], b: readonly boolean[][]): number {
  let both = 0;
  let either = 0;
  for (let y = 0; y < Math.min(a.length, b.length); y++)
    for (let x = 0; x < Math.min(a[y]!.length, b[y]!.length); x++) {
      const p = a[y]![x]!;
      const q = b[y]![x]!;
      if (p && q) both++;
      if (p || q) either++;
    }
  return either === 0 ? 0 : both / either;
}

/**
 * How well two masks of the same size agree, allowing `r` pixels of misregistration: the
 * smaller of the two fractions of red pixels of one that have a red pixel of the other within
 * r pixels (thin strokes make a plain intersection-over-union punish a half-pixel shift).
 */
export function agreement(a: readonly boolean[][], b: readonly boolean[][], r = 1): number {
  const near = (m: readonly boolean[][], x: number, y: number): boolean => {
    for (let dy = -r; dy <= r; dy++)
      for (let dx = -r; dx <= r; dx++) if (m[y + dy]?.[x + dx]) return true;
    return false;
  };
  const recall = (p: readonly boolean[][], q: readonly boolean[][]): number => {
    let all = 0;
    let hit = 0;
    for (let y = 0; y < p.length; y++)
      for (let x = 0; x < p[y]!.length; x++) {
        if (!p[y]![x]) continue;
        all++;
        if (near(q, x, y)) hit++;
      }
    return all === 0 ? 0 : hit / all;
  };
  return Math.min(recall(a, b), recall(b, a));
}

/** A mask turned 90° clockwise. */
export function rotateMaskCw(m: readonly boolean[][]): boolean[][] {
  const h = m.length;
  const w = m[0]?.length ?? 0;
  return Array.from({ length: w }, (_, y) =>
    Array.from({ length: h }, (_, x) => m[h - 1 - x]![y]!),
  );
}

export function pngRaster(bytes: Buffer): Raster {
  const png = PNG.sync.read(bytes);
  return { width: png.width, height: png.height, data: png.data };
}

export function fileRaster(path: string): Raster {
  return pngRaster(readFileSync(path));
}

/** A 2-page A4 classic fixture with /Rotate on every page (qpdf --rotate). */
export function rotatedPdf(angle: 90 | 180 | 270): Promise<Buffer> {
  return qpdfTransform([`--rotate=${angle}`], makeClassicPdf({ pages: 2 }));
}

/** The crop box used by croppedPdf: 50 pt in from the left, 100 pt up from the bottom. */
export const CROP = [50, 100, 545, 742] as const;

/** A 2-page A4 classic fixture whose pages show only CROP (a /CropBox with an offset). */
export function croppedPdf(): Promise<Buffer> {
  const classic = makeClassicPdf({ pages: 2 }).toString('latin1');
  const edited = classic.replaceAll(
    '/MediaBox [0 0 595 842]',
    `/MediaBox [0 0 595 842] /CropBox [${CROP.join(' ')}]`,
  );
  // The insertion moved every later object: qpdf rebuilds the xref table.
  return qpdfTransform([], Buffer.from(edited, 'latin1'));
}
