import { describe, expect, it } from 'vitest';
import {
  rectInUserSpace,
  uprightMatrix,
  viewSizeMm,
  viewToUser,
} from '../../../main/sign/placement-geometry';

const k = 72 / 25.4;
const page = (rotate: 0 | 90 | 180 | 270, userUnit = 1) => ({
  cropBox: [10, 20, 10 + 100 * k, 20 + 200 * k] as const,
  rotate,
  userUnit,
});

describe('placement geometry', () => {
  it('maps the displayed top-left corner to the right user-space corner for every rotation', () => {
    const corner = (r: 0 | 90 | 180 | 270) => {
      const p = viewToUser(page(r), 0, 0);
      return [Math.round(p.x), Math.round(p.y)];
    };
    const [x1, y1] = [Math.round(10 + 100 * k), Math.round(20 + 200 * k)];
    expect(corner(0)).toEqual([10, y1]);
    expect(corner(90)).toEqual([10, 20]);
    expect(corner(180)).toEqual([x1, 20]);
    expect(corner(270)).toEqual([x1, y1]);
  });

  it('swaps the displayed width and height on a quarter turn', () => {
    expect(viewSizeMm(page(0)).width).toBeCloseTo(100);
    expect(viewSizeMm(page(90)).width).toBeCloseTo(200);
    expect(viewSizeMm(page(270)).height).toBeCloseTo(100);
  });

  it('honours /UserUnit: millimetres stay millimetres on a page with larger units', () => {
    const g = { cropBox: [0, 0, 1000, 1000] as const, rotate: 0 as const, userUnit: 2 };
    expect(viewSizeMm(g).width).toBeCloseTo((1000 * 2) / k);
    const r = rectInUserSpace(g, { cx: 50, cy: 50, width: 40, height: 40 });
    expect(r[2] - r[0]).toBeCloseTo((40 * k) / 2, 2);
    expect(uprightMatrix(g)).toEqual([0.5, 0, 0, 0.5, 0, 0]);
  });
});
