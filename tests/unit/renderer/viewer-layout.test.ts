/**
 * The viewer's layout arithmetic (renderer/src/features/viewer/page-layout.ts, page-geometry.ts,
 * text-search.ts findInText): page positions from sizes, the pages a viewport sees, fit scales,
 * view rotation, and the conversion between overlay pixels and page millimetres.
 */
import { describe, expect, it } from 'vitest';
import {
  overlayToPageMm,
  pageMmToOverlay,
  clientToPageMm,
  userRectToOverlay,
  MM_PER_PT,
  type PageGeometry,
} from '../../../renderer/src/features/viewer/page-geometry';
import {
  CSS_PX_PER_PT,
  PAGE_GAP,
  PageSizes,
  computeLayout,
  currentPage,
  fitPageScale,
  fitWidthScale,
  pageAt,
  visibleRange,
  zoomStep,
} from '../../../renderer/src/features/viewer/page-layout';
import { findInText } from '../../../renderer/src/features/viewer/text-search';

const a4 = { widthPt: 595, heightPt: 842 };

describe('the page layout', () => {
  it('stacks pages with a gap and finds the page at a position by binary search', () => {
    const sizes = new PageSizes(10_000, a4);
    sizes.set(2, 842, 595); // a landscape page
    const l = computeLayout(sizes, 1, 0);
    expect(l.tops[0]).toBe(PAGE_GAP);
    expect(l.tops[1]).toBe(PAGE_GAP + 842 + PAGE_GAP);
    expect(l.tops[2]).toBe(l.tops[1]! + 595 + PAGE_GAP);
    expect(l.maxWidth).toBe(842);
    expect(pageAt(l, 0)).toBe(1);
    expect(pageAt(l, l.tops[1]! + 1)).toBe(2);
    expect(pageAt(l, l.totalHeight)).toBe(10_000);
  });

  it('sees the pages in view plus one either side, never the whole document', () => {
    const l = computeLayout(new PageSizes(10_000, a4), 1, 0);
    const top = l.tops[4_999]!; // page 5000 at the top
    expect(visibleRange(l, top, 800, 1)).toEqual({ first: 4_999, last: 5_001 });
    expect(visibleRange(l, 0, 800, 1)).toEqual({ first: 1, last: 2 });
    expect(currentPage(l, top, 800)).toBe(5_000);
  });

  it('swaps width and height when the view is turned a quarter', () => {
    const l = computeLayout(new PageSizes(3, a4), 2, 90);
    expect(l.widths[0]).toBe(842 * 2);
    expect(l.heights[0]).toBe(595 * 2);
  });

  it('fits the width or the whole page in the available room', () => {
    const sizes = new PageSizes(1, a4);
    expect(fitWidthScale(sizes, 1, 0, 595 + 2 * PAGE_GAP)).toBeCloseTo(1);
    expect(fitPageScale(sizes, 1, 0, 2000, 842 / 2 + 2 * PAGE_GAP)).toBeCloseTo(0.5);
    expect(fitPageScale(sizes, 1, 90, 2000, 595 + 2 * PAGE_GAP)).toBeCloseTo(1);
  });

  it('zooms along a ladder of percentages and stops at the limits', () => {
    expect(zoomStep(CSS_PX_PER_PT, 1) / CSS_PX_PER_PT).toBeCloseTo(1.1);
    expect(zoomStep(CSS_PX_PER_PT, -1) / CSS_PX_PER_PT).toBeCloseTo(0.9);
    expect(zoomStep(8 * CSS_PX_PER_PT, 1) / CSS_PX_PER_PT).toBeCloseTo(8);
  });
});

describe('the page geometry', () => {
  const g = (viewRotation: 0 | 90 | 180 | 270): PageGeometry => ({
    docId: 'doc-0000000000000000',
    page: 1,
    rect: { left: 100, top: 50, width: 0, height: 0 },
    viewRotation,
    pageRotate: 0,
    widthMm: 210,
    heightMm: 297,
    scale: 25.4 / 72, // CSS px per point such that 1 CSS px = 1 mm
    cropBox: [0, 0, 595.276, 841.89],
  });

  it('maps overlay pixels to page millimetres with the view rotation undone', () => {
    // The page's top-left corner as the document shows it, in each view rotation.
    expect(overlayToPageMm(g(0), 0, 0)).toEqual({ xMm: 0, yMm: 0 });
    expect(overlayToPageMm(g(90), 297, 0)).toEqual({ xMm: 0, yMm: 0 });
    expect(overlayToPageMm(g(180), 210, 297)).toEqual({ xMm: 0, yMm: 0 });
    expect(overlayToPageMm(g(270), 0, 210)).toEqual({ xMm: 0, yMm: 0 });
  });

  it('round-trips millimetres through overlay pixels in every rotation', () => {
    for (const r of [0, 90, 180, 270] as const) {
      const { x, y } = pageMmToOverlay(g(r), 30, 250);
      const back = overlayToPageMm(g(r), x, y);
      expect(back.xMm).toBeCloseTo(30);
      expect(back.yMm).toBeCloseTo(250);
    }
  });

  /** An A4 page at 1 CSS px per point, its /Rotate and the view rotation. */
  const a4 = (
    pageRotate: 0 | 90 | 180 | 270,
    viewRotation: 0 | 90 | 180 | 270 = 0,
    cropBox: [number, number, number, number] = [0, 0, 595, 842],
  ): PageGeometry => {
    const w = (cropBox[2] - cropBox[0]) * MM_PER_PT;
    const h = (cropBox[3] - cropBox[1]) * MM_PER_PT;
    const turned = pageRotate === 90 || pageRotate === 270;
    return {
      ...g(viewRotation),
      pageRotate,
      widthMm: turned ? h : w,
      heightMm: turned ? w : h,
      scale: 1,
      cropBox,
    };
  };
  const box = (left: number, top: number, width: number, height: number) => ({
    left: expect.closeTo(left, 6) as number,
    top: expect.closeTo(top, 6) as number,
    width: expect.closeTo(width, 6) as number,
    height: expect.closeTo(height, 6) as number,
  });
  const rect: [number, number, number, number] = [100, 500, 300, 600];

  it('places a user-space rectangle on the page as pdf.js viewports do, for each /Rotate', () => {
    // Expected values: pdf.js PageViewport({ viewBox: [0, 0, 595, 842], scale: 1, rotation })
    // .convertToViewportRectangle(rect), worked out by hand from its transform.
    expect(userRectToOverlay(a4(0), rect)).toEqual(box(100, 242, 200, 100));
    expect(userRectToOverlay(a4(90), rect)).toEqual(box(500, 100, 100, 200));
    expect(userRectToOverlay(a4(180), rect)).toEqual(box(295, 500, 200, 100));
    expect(userRectToOverlay(a4(270), rect)).toEqual(box(242, 295, 100, 200));
  });

  it('places a user-space rectangle through a CropBox that does not start at the origin', () => {
    expect(userRectToOverlay(a4(0, 0, [50, 40, 545, 792]), rect)).toEqual(box(50, 192, 200, 100));
    // Any corner order of /Rect gives the same box.
    expect(userRectToOverlay(a4(0, 0, [50, 40, 545, 792]), [300, 600, 100, 500])).toEqual(
      box(50, 192, 200, 100),
    );
  });

  it("adds the view rotation on top of the page's /Rotate", () => {
    // /Rotate 90 seen with a view rotation of 270 is the unturned page.
    expect(userRectToOverlay(a4(90, 270), rect)).toEqual(box(100, 242, 200, 100));
    // An unturned page seen at 90 is what /Rotate 90 shows.
    expect(userRectToOverlay(a4(0, 90), rect)).toEqual(box(500, 100, 100, 200));
  });

  it('answers undefined for a client point outside the page', () => {
    const geo = { ...g(0), rect: { left: 100, top: 50, width: 210, height: 297 } };
    expect(clientToPageMm(geo, 99, 60)).toBeUndefined();
    expect(clientToPageMm(geo, 110, 60)).toEqual({ xMm: 10, yMm: 10 });
  });
});

describe('text search', () => {
  it('finds every case-insensitive match with context', () => {
    expect(findInText('Force majeure: FORCE majeure applies', 'force')).toHaveLength(2);
    expect(findInText('甲方与乙方因不可抗力不能履行', '不可抗力')[0]).toContain('不可抗力');
    expect(findInText('abc', '')).toEqual([]);
  });

  it('finds a word that a line break splits, and treats the query literally', () => {
    expect(findInText('因不可\n抗力不能履行', '不可抗力')).toEqual(['因不可 抗力不能履行']);
    expect(findInText('a.c abc', 'a.c')).toHaveLength(1);
    // U+2F12 KANGXI RADICAL POWER, as some fonts' ToUnicode maps 力.
    expect(findInText('若因不可抗\u2f12、基础', '不可抗力')).toHaveLength(1);
  });
});
