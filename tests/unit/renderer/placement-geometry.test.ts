/**
 * Seal placement arithmetic: screen <-> mm through every view rotation, keeping a seal on the
 * page with edge snapping, size limits, page ranges, and the sign.prepare input of a draft.
 */
import { describe, expect, it } from 'vitest';
import {
  clampSealWidth,
  fitOnPage,
  pageMmToScreen,
  parsePageRanges,
  screenToPageMm,
  type PageGeometry,
} from '../../../renderer/src/features/signing/page-geometry';
import { DraftProblem, prepareInputOf } from '../../../renderer/src/features/signing/sign-flow';

const a4 = (rotation: PageGeometry['rotation']): PageGeometry => {
  const sideways = rotation === 90 || rotation === 270;
  return {
    page: 1,
    widthMm: 210,
    heightMm: 297,
    rotation,
    widthPx: sideways ? 594 : 420,
    heightPx: sideways ? 420 : 594,
  };
};

describe('placement geometry', () => {
  it('maps the overlay top-left to the page corner the view rotation puts there', () => {
    expect(screenToPageMm(a4(0), 0, 0)).toEqual({ xMm: 0, yMm: 0 });
    // Turned 90° clockwise, the page's bottom-left corner shows at the top-left.
    expect(screenToPageMm(a4(90), 0, 0)).toEqual({ xMm: 0, yMm: 297 });
    expect(screenToPageMm(a4(180), 0, 0)).toEqual({ xMm: 210, yMm: 297 });
    expect(screenToPageMm(a4(270), 0, 0)).toEqual({ xMm: 210, yMm: 0 });
  });

  it('round-trips mm -> screen -> mm in every rotation', () => {
    for (const r of [0, 90, 180, 270] as const) {
      const g = a4(r);
      const s = pageMmToScreen(g, 150, 250);
      const back = screenToPageMm(g, s.x, s.y);
      expect(back.xMm).toBeCloseTo(150, 6);
      expect(back.yMm).toBeCloseTo(250, 6);
    }
  });

  it('keeps a seal inside the page and snaps it to a near edge', () => {
    const page = { widthMm: 210, heightMm: 297 };
    expect(fitOnPage({ xMm: 5, yMm: 5, widthMm: 40, heightMm: 40 }, page)).toMatchObject({
      xMm: 20,
      yMm: 20,
    });
    expect(fitOnPage({ xMm: 188, yMm: 100, widthMm: 40, heightMm: 40 }, page).xMm).toBe(190);
    expect(fitOnPage({ xMm: 100, yMm: 100, widthMm: 40, heightMm: 40 }, page)).toMatchObject({
      xMm: 100,
      yMm: 100,
    });
  });

  it('holds a seal between 20 and 80 mm wide', () => {
    expect(clampSealWidth(5)).toBe(20);
    expect(clampSealWidth(200)).toBe(80);
    expect(clampSealWidth(42.04)).toBe(42);
  });

  it('reads page ranges and refuses pages beyond the document', () => {
    expect(parsePageRanges('1-3, 5', 6)).toEqual([1, 2, 3, 5]);
    expect(parsePageRanges('2-9', 6)).toBeUndefined();
    expect(parsePageRanges('x', 6)).toBeUndefined();
  });

  it('turns a draft into sign.prepare input with the seal size and the date stamp apart', () => {
    const input = prepareInputOf({
      documents: [{ docId: 'doc-0000000000000001' }],
      identity: { kind: 'p12', path: '/x.p12' },
      sealId: '00000000-0000-4000-8000-000000000000',
      placements: [
        { id: 'a', kind: 'seal', page: 2, xMm: 150.04, yMm: 240.06, widthMm: 42 },
        { id: 'b', kind: 'date', page: 2, xMm: 150, yMm: 270, widthMm: 36 },
      ],
      pagingSeal: { enabled: true, pages: 'range', range: '1-2' },
      pageCount: 3,
      level: 'B-B',
      reason: '  ',
    });
    expect(input.placements).toEqual([{ page: 2, xMm: 150, yMm: 240.1, sizeMm: 42 }]);
    expect(input.dateStamp).toEqual({ page: 2, xMm: 150, yMm: 270 });
    expect(input.pagingSeal).toEqual({ pages: [1, 2] });
    expect(input.sealId).toBeDefined();
    expect(input).not.toHaveProperty('reason');
    expect(() =>
      prepareInputOf({
        documents: [],
        identity: { kind: 'p12', path: '/x.p12' },
        sealId: undefined,
        placements: [],
        pagingSeal: { enabled: true, pages: 'range', range: '9' },
        pageCount: 3,
        level: 'B-B',
        reason: '',
      }),
    ).toThrow(DraftProblem);
  });
});
