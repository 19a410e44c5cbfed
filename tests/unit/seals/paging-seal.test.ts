import { describe, expect, it } from 'vitest';
import { generateSeal } from '../../../main/seals/generate-seal';
import { pagingSliceToPdfOperators, sliceForPagingSeal } from '../../../main/seals/paging-seal';
import { isSealdeskError } from '../../../main/errors/sealdesk-error';
import { rasterizeSeal } from '../../../main/seals/seal-png';
import { FIXED } from './helpers';

const seal = generateSeal(
  { type: 'round', organisation: '北京某某科技有限公司', title: '合同专用章' },
  FIXED,
);

describe('sliceForPagingSeal', () => {
  it.each([2, 3, 5, 7])(
    'cuts the seal into %i slices that laid side by side form the whole',
    (n) => {
      const slices = sliceForPagingSeal(seal, n);
      expect(slices).toHaveLength(n);
      expect(slices[0]!.clipMm.x).toBe(0);
      for (let i = 0; i < n; i++) {
        const s = slices[i]!.clipMm;
        expect(s.y).toBe(0);
        expect(s.height).toBe(42);
        if (i > 0) expect(s.x).toBe(slices[i - 1]!.clipMm.x + slices[i - 1]!.clipMm.width);
        expect(slices[i]!.drawOffsetPt.x).toBeCloseTo(-s.x * (72 / 25.4), 9);
      }
      const last = slices[n - 1]!.clipMm;
      expect(last.x + last.width).toBe(42);
    },
  );

  it('reassembles the pixels of the whole seal from the slices', () => {
    // Render at a dpi where slice edges fall on pixel boundaries, cut, and put back together.
    const img = rasterizeSeal(seal, 25.4 * 4); // 4 px per mm: 168 px
    const slices = sliceForPagingSeal(seal, 4);
    const parts = slices.map((s) => {
      const x0 = Math.round(s.clipMm.x * 4);
      const x1 = Math.round((s.clipMm.x + s.clipMm.width) * 4);
      const rows: Buffer[] = [];
      for (let y = 0; y < img.height; y++)
        rows.push(img.data.subarray((y * img.width + x0) * 4, (y * img.width + x1) * 4));
      return rows;
    });
    const back = Buffer.concat(
      Array.from({ length: img.height }, (_, y) => Buffer.concat(parts.map((p) => p[y]!))),
    );
    expect(back.equals(img.data)).toBe(true);
  });

  it('clips each slice in its PDF operators and shifts the seal under the clip', () => {
    const [, second] = sliceForPagingSeal(seal, 2);
    const ops = pagingSliceToPdfOperators(seal, second!);
    expect(ops.content).toMatch(/^q\n0 0 59\.528 119\.055 re W n\n1 0 0 1 -59\.528 0 cm\n/);
    expect(ops.widthPt).toBeCloseTo(59.528, 3);
  });

  it('refuses to cut a seal into 1 or 50 slices', () => {
    for (const n of [1, 50])
      expect(() => sliceForPagingSeal(seal, n)).toThrow(
        expect.objectContaining({ code: 'SEAL_PAGING_SLICES' }) as Error,
      );
    try {
      sliceForPagingSeal(seal, 1);
    } catch (e) {
      expect(isSealdeskError(e, 'SEAL_PAGING_SLICES')).toBe(true);
    }
  });
});
