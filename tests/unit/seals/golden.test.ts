import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { generateSeal } from '../../../main/seals/generate-seal';
import { rasterizeSeal } from '../../../main/seals/seal-png';
import { FIXED, GOLDEN_DPI, GOLDEN_SPECS } from '../../fixtures/seals/golden-specs';

const dir = join(import.meta.dirname, '../../fixtures/seals/golden');

describe('golden seal images', () => {
  it.each(Object.keys(GOLDEN_SPECS))('renders %s as its golden image at 150 dpi', (name) => {
    const file = join(dir, `${name}.png`);
    expect(
      existsSync(file),
      `${file} is missing: run npx tsx tests/fixtures/seals/make-golden.ts`,
    ).toBe(true);
    const golden = PNG.sync.read(readFileSync(file));
    const img = rasterizeSeal(generateSeal(GOLDEN_SPECS[name]!, FIXED), GOLDEN_DPI);
    expect([img.width, img.height]).toEqual([golden.width, golden.height]);
    let differing = 0;
    let inked = 0;
    for (let i = 0; i < img.data.length; i += 4) {
      if (img.data[i + 3]! > 0) inked++;
      let d = 0;
      for (let c = 0; c < 4; c++) d = Math.max(d, Math.abs(img.data[i + c]! - golden.data[i + c]!));
      if (d > 24) differing++;
    }
    expect(inked).toBeGreaterThan(img.width * img.height * 0.05);
    expect(differing / (img.width * img.height)).toBeLessThan(0.002);
  });
});
