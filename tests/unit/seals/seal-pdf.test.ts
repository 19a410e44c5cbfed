import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { generateSeal } from '../../../main/seals/generate-seal';
import { sealToPdfOperators } from '../../../main/seals/seal-pdf';
import { SEAL_FORMAT, type Seal } from '../../../main/seals/seal-model';
import { FIXED } from './helpers';

describe('sealToPdfOperators', () => {
  it('draws a vector seal in a box of its size in points with balanced q/Q', () => {
    const seal = generateSeal(
      { type: 'round', organisation: '北京某某科技有限公司', title: '公章' },
      FIXED,
    );
    const d = sealToPdfOperators(seal);
    expect(d.widthPt).toBeCloseTo(119.055, 3);
    expect(d.heightPt).toBeCloseTo(119.055, 3);
    expect(d.image).toBeUndefined();
    const lines = d.content.trim().split('\n');
    expect(lines[0]).toBe('q');
    expect(lines.at(-1)).toBe('Q');
    expect(d.content).toContain('0.902 0 0.071 rg'); // #E60012
    expect(d.content).toMatch(/\nf\*\n/); // ring: even-odd
    expect(d.content).not.toMatch(/e-|NaN|Infinity|-0 /);
    // Every coordinate inside the box.
    const nums = d.content.match(/-?\d+(\.\d+)?(?= (?:-?\d|m|l|c))/g)!.map(Number);
    for (const v of nums) expect(v).toBeGreaterThanOrEqual(-0.001);
    expect(Math.max(...nums)).toBeLessThanOrEqual(119.06);
  });

  it('places an image seal as /Img0 and returns its RGB and alpha planes apart', () => {
    const png = new PNG({ width: 2, height: 1 });
    png.data.set([230, 0, 18, 255, 255, 255, 255, 0]);
    const seal: Seal = {
      format: SEAL_FORMAT,
      version: 1,
      id: '00000000-0000-4000-8000-000000000002',
      name: 'scan',
      type: 'image',
      sizeMm: { width: 40, height: 20 },
      source: 'imported',
      createdAt: '2025-01-01T00:00:00.000Z',
      image: { pngBase64: PNG.sync.write(png).toString('base64'), widthPx: 2, heightPx: 1 },
    };
    const d = sealToPdfOperators(seal);
    expect(d.content).toContain('113.386 0 0 56.693 0 0 cm\n/Img0 Do');
    expect(d.image!.rgb).toEqual(Buffer.from([230, 0, 18, 255, 255, 255]));
    expect(d.image!.alpha).toEqual(Buffer.from([255, 0]));
  });
});
