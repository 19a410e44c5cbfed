/**
 * The geometry of a rendered page that other features (signing: seal placement; verification:
 * change overlays) build on: where the page is on screen, how the view turns it, its size in
 * millimetres, and conversions between overlay pixels and page millimetres.
 *
 * Owns: the PageGeometry type and its pure conversions (unit tested).
 * Must never: touch the DOM or pdf.js.
 *
 * Millimetres are measured from the top-left corner of the page as the document shows it (the
 * CropBox turned by /Rotate, ISO 32000-2 §7.7.3.3 and §14.11.2), WITHOUT the view rotation: the
 * view rotation is the reader's choice and never changes where a seal lands in the file. That is
 * the frame of the contract's PlacementSchema (xMm, yMm).
 *
 * What the file says in default user space (an annotation's /Rect, ISO 32000-2 §12.5.2) is
 * placed through the page's CropBox and /Rotate (§7.7.3.3, §8.3.2.3) into that frame, and from
 * there through the view rotation: as pdf.js's viewport.convertToViewportRectangle would.
 */
import type { ViewRotation } from './page-layout';

export const MM_PER_PT = 25.4 / 72;

export interface ScreenRect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export interface PageGeometry {
  readonly docId: string;
  /** 1-based page number. */
  readonly page: number;
  /** The page box on screen (client coordinates, CSS px) when this geometry was taken. */
  readonly rect: ScreenRect;
  /** The view rotation (clockwise, view only) applied on top of the page's /Rotate. */
  readonly viewRotation: ViewRotation;
  /** The page's /Rotate from the file. */
  readonly pageRotate: 0 | 90 | 180 | 270;
  /** The page's size in mm as the document shows it (CropBox after /Rotate, no view rotation). */
  readonly widthMm: number;
  readonly heightMm: number;
  /** CSS pixels per PDF point at the current zoom. */
  readonly scale: number;
  /** The page's CropBox in default user space [x0, y0, x1, y1] (documents.pages). */
  readonly cropBox: readonly [number, number, number, number];
}

const pxPerMm = (g: PageGeometry) => g.scale / MM_PER_PT;

/**
 * A point in the page overlay (CSS px from the overlay's top-left, i.e. from `rect`'s corner)
 * to millimetres on the page (placement frame: top-left of the page as shown, y down).
 */
export function overlayToPageMm(
  g: PageGeometry,
  x: number,
  y: number,
): { xMm: number; yMm: number } {
  const k = pxPerMm(g);
  const W = g.widthMm;
  const H = g.heightMm;
  switch (g.viewRotation) {
    case 0:
      return { xMm: x / k, yMm: y / k };
    case 90:
      return { xMm: y / k, yMm: H - x / k };
    case 180:
      return { xMm: W - x / k, yMm: H - y / k };
    case 270:
      return { xMm: W - y / k, yMm: x / k };
  }
}

/** Millimetres on the page (placement frame) to CSS px in the page overlay. */
export function pageMmToOverlay(
  g: PageGeometry,
  xMm: number,
  yMm: number,
): { x: number; y: number } {
  const k = pxPerMm(g);
  const W = g.widthMm;
  const H = g.heightMm;
  switch (g.viewRotation) {
    case 0:
      return { x: xMm * k, y: yMm * k };
    case 90:
      return { x: (H - yMm) * k, y: xMm * k };
    case 180:
      return { x: (W - xMm) * k, y: (H - yMm) * k };
    case 270:
      return { x: yMm * k, y: (W - xMm) * k };
  }
}

/** A client (screen) point to page millimetres, or undefined when it is outside the page. */
export function clientToPageMm(
  g: PageGeometry,
  clientX: number,
  clientY: number,
): { xMm: number; yMm: number } | undefined {
  const x = clientX - g.rect.left;
  const y = clientY - g.rect.top;
  if (x < 0 || y < 0 || x > g.rect.width || y > g.rect.height) return undefined;
  return overlayToPageMm(g, x, y);
}

/**
 * A rectangle in the page's default user space ([x1, y1, x2, y2], any corner order, e.g. an
 * annotation's /Rect) to a box in the page overlay (CSS px), through the CropBox, the page's
 * /Rotate and the view rotation. Parts outside the CropBox stay outside the page box.
 */
export function userRectToOverlay(
  g: PageGeometry,
  rect: readonly [number, number, number, number],
): ScreenRect {
  const [a, b, c, d] = g.cropBox;
  const x0 = Math.min(a, c);
  const y1 = Math.max(b, d);
  const w = Math.abs(c - a) || 1;
  const h = Math.abs(d - b) || 1;
  const corner = (x: number, y: number) => {
    // Fractions of the unturned CropBox from its top-left corner, y down.
    const u = (x - x0) / w;
    const v = (y1 - y) / h;
    // /Rotate turns the page clockwise when shown.
    const [p, q] =
      g.pageRotate === 90
        ? [1 - v, u]
        : g.pageRotate === 180
          ? [1 - u, 1 - v]
          : g.pageRotate === 270
            ? [v, 1 - u]
            : [u, v];
    return pageMmToOverlay(g, p * g.widthMm, q * g.heightMm);
  };
  const p1 = corner(rect[0], rect[1]);
  const p2 = corner(rect[2], rect[3]);
  return {
    left: Math.min(p1.x, p2.x),
    top: Math.min(p1.y, p2.y),
    width: Math.abs(p2.x - p1.x),
    height: Math.abs(p2.y - p1.y),
  };
}
