import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isSealdeskError } from '../../../main/errors/sealdesk-error';
import { generateSeal, sealToPng, type Seal } from '../../../main/seals';
import type { SealUsedEvent } from '../../../main/sign/pades-signer';
import { makeClassicPdf } from '../../fixtures/pdfs/classic-pdf';
import { pdffonts, runTool } from '../../support/external-tools';
import { testPki } from '../../support/pki';
import {
  expectAllValid,
  expectNoLeftovers,
  signBytes,
  signFile,
  workspace,
} from '../sign/sign-helpers';
import {
  CROP,
  PX_PER_MM,
  croppedPdf,
  agreement,
  iou,
  mmBox,
  pngRaster,
  redInside,
  redMask,
  renderPage,
  rotateMaskCw,
  rotatedPdf,
} from './render-helpers';

const id = () => testPki().ids.rsa2048;
let seal: Seal;
const D = 40; // seal diameter, mm

beforeAll(() => {
  seal = generateSeal(
    {
      type: 'round',
      organisation: '北京示例科技有限公司',
      title: '合同专用章',
      code: '1101080012345',
      sizeMm: D,
    },
    {
      newId: () => '2b1f0c1e-7d43-4a4e-9b38-6f0d1c2e3a4b',
      now: () => new Date('2025-01-01T00:00:00Z'),
    },
  );
});

/** pdfsig says the signature covers the whole file: the stamps are in the signed revision. */
async function expectCoveredAndValid(file: string, count = 1): Promise<void> {
  const ps = await expectAllValid(file, count);
  expect(ps.raw).toMatch(/Total document signed/);
}

describe('seals placed on pages', () => {
  it('puts the seal exactly where it was dropped on an unrotated page, on every placement', async () => {
    const dir = workspace();
    const used: SealUsedEvent[] = [];
    const { output, result } = await signBytes(dir, 'plain', makeClassicPdf({ pages: 2 }), id(), {
      appearance: {
        seal,
        placements: [
          { page: 1, xMm: 60, yMm: 70 },
          { page: 2, xMm: 140, yMm: 250 },
        ],
      },
      onSealUsed: (e) => used.push(e),
    });
    expect(result.warnings).toEqual([]);
    await expectCoveredAndValid(output);
    const p1 = await renderPage(output, 1);
    expect(p1.stderr).toBe('');
    const r1 = redInside(p1, mmBox(60, 70, D, D));
    expect(r1.inside).toBeGreaterThan(500);
    expect(r1.outside).toBe(0);
    const p2 = await renderPage(output, 2);
    const r2 = redInside(p2, mmBox(140, 250, D, D));
    expect(r2.inside).toBeGreaterThan(500);
    expect(r2.outside).toBe(0);
    expect(used).toEqual([
      expect.objectContaining({ sealId: seal.id, placements: 2, pagingSlices: 0, output }),
    ]);
  });

  for (const angle of [90, 270] as const) {
    it(`keeps the seal upright and in place on a page with /Rotate ${angle}`, async () => {
      const dir = workspace();
      const plain = await signBytes(dir, 'upright', makeClassicPdf({ pages: 2 }), id(), {
        appearance: { seal, placements: [{ page: 1, xMm: 50, yMm: 40 }] },
      });
      const { output } = await signBytes(dir, `rot${angle}`, await rotatedPdf(angle), id(), {
        appearance: { seal, placements: [{ page: 1, xMm: 50, yMm: 40 }] },
      });
      await expectCoveredAndValid(output);
      const page = await renderPage(output, 1);
      expect(page.width).toBeGreaterThan(page.height); // shown in landscape
      const box = mmBox(50, 40, D, D);
      const r = redInside(page, box);
      expect(r.inside).toBeGreaterThan(500);
      expect(r.outside).toBe(0);
      // Upright: the same picture as on the unrotated page, and not a quarter turn of it.
      const reference = redMask(await renderPage(plain.output, 1), box);
      const seen = redMask(page, box);
      expect(iou(seen, reference)).toBeGreaterThan(0.8);
      expect(iou(rotateMaskCw(seen), reference)).toBeLessThan(0.6);
    });
  }

  it('measures from the visible corner of a page whose CropBox is offset', async () => {
    const dir = workspace();
    const { output } = await signBytes(dir, 'cropped', await croppedPdf(), id(), {
      appearance: { seal, placements: [{ page: 1, xMm: 30, yMm: 30 }] },
    });
    await expectCoveredAndValid(output);
    const page = await renderPage(output, 1);
    expect(page.width).toBe(CROP[2] - CROP[0]);
    const r = redInside(page, mmBox(30, 30, D, D));
    expect(r.inside).toBeGreaterThan(500);
    expect(r.outside).toBe(0);
  });

  it('cuts a cross-page seal into slices at the right edges that line up to the whole seal', async () => {
    const dir = workspace();
    const used: SealUsedEvent[] = [];
    const { output } = await signBytes(dir, 'paging', makeClassicPdf({ pages: 3 }), id(), {
      appearance: { seal, placements: [], pagingSeal: { pages: 'all', yMm: 150 } },
      onSealUsed: (e) => used.push(e),
    });
    await expectCoveredAndValid(output);
    const sliceW = D / 3;
    const strips: boolean[][][] = [];
    for (let p = 1; p <= 3; p++) {
      const page = await renderPage(output, p);
      const pageWmm = page.width / PX_PER_MM;
      const box = mmBox(pageWmm - sliceW / 2, 150, sliceW, D, 0);
      const r = redInside(page, { ...box, x0: box.x0 - 2, y0: box.y0 - 2, y1: box.y1 + 2 });
      expect(r.inside, `page ${p}`).toBeGreaterThan(100);
      expect(r.outside, `page ${p}`).toBe(0);
      strips.push(redMask(page, { ...box, x0: page.width - Math.round(sliceW * PX_PER_MM) }));
    }
    const joined = strips[0]!.map((_, y) => strips.flatMap((s) => s[y] ?? []));
    const whole = pngRaster(sealToPng(seal, 72));
    const reference = redMask(whole, { x0: 0, y0: 0, x1: whole.width, y1: whole.height });
    expect(agreement(joined, reference)).toBeGreaterThan(0.9);
    expect(used[0]).toMatchObject({ sealId: seal.id, placements: 0, pagingSlices: 3 });
  });

  it('renders the CJK text line and date stamp with no font errors and no unembedded font', async () => {
    const dir = workspace();
    const signingTime = new Date();
    const { output } = await signBytes(dir, 'text', makeClassicPdf({ pages: 1 }), id(), {
      signerName: '张三',
      signingTime,
      appearance: {
        seal,
        placements: [{ page: 1, xMm: 60, yMm: 80 }],
        textLine: { signerName: true, date: true, timeZone: 'Asia/Shanghai' },
        dateStamp: { page: 1, xMm: 150, yMm: 80, timeZone: 'Asia/Shanghai' },
      },
    });
    await expectCoveredAndValid(output);
    const page = await renderPage(output, 1);
    expect(page.stderr, page.stderr).toBe('');
    const date = redInside(page, mmBox(150, 80, 60, 8));
    expect(date.inside).toBeGreaterThan(50);
    const mu = await runTool('mutool', [
      'draw',
      '-q',
      '-o',
      join(dir, 'mu.png'),
      '-r',
      '36',
      output,
    ]);
    expect(mu.exitCode).toBe(0);
    // This MuPDF build always says it has no ICC support; anything else would be an error.
    expect(mu.stderr.replace(/^warning: ICC support is not available\n?/m, '').trim()).toBe('');
    // Text is drawn as glyph outlines: no font is added, so none can be missing.
    const fonts = await pdffonts(output);
    expect(fonts.fonts.map((f) => f.name)).toEqual(['Helvetica']);
    // Dark text pixels under the seal (the name and date line).
    let dark = 0;
    const b = mmBox(60, 80 + D / 2 + 5, 40, 10, 0);
    for (let y = b.y0; y < b.y1; y++)
      for (let x = b.x0; x < b.x1; x++) {
        const i = (y * page.width + x) * 4;
        if (page.data[i]! < 90 && page.data[i + 1]! < 90 && page.data[i + 2]! < 90) dark++;
      }
    expect(dark).toBeGreaterThan(50);
  });

  it('warns, and still signs, when a seal covers an earlier signature', async () => {
    const dir = workspace();
    const first = await signBytes(dir, 'first', makeClassicPdf({ pages: 1 }), id(), {
      appearance: { seal, placements: [{ page: 1, xMm: 60, yMm: 60 }] },
    });
    // A second party (another certificate), as in real multi-party signing.
    const second = testPki().ids.ecP256;
    const { output, result } = await signFile(first.output, join(dir, 'second.pdf'), second, {
      appearance: { seal, placements: [{ page: 1, xMm: 70, yMm: 65 }] },
    });
    expect(result.warnings).toEqual([
      expect.objectContaining({ code: 'APPEARANCE_OVERLAPS_SIGNATURE', page: 1 }),
    ]);
    await expectAllValid(output, 2);
  });

  it('refuses a page number past the end and writes nothing', async () => {
    const dir = workspace();
    const err = await signBytes(dir, 'in', makeClassicPdf({ pages: 2 }), id(), {
      appearance: { seal, placements: [{ page: 3, xMm: 60, yMm: 60 }] },
    }).catch((e: unknown) => e);
    expect(isSealdeskError(err, 'APPEARANCE_PAGE_OUT_OF_RANGE')).toBe(true);
    expect((err as Error).message).toMatch(/Page 3 .* 2 page/);
    expectNoLeftovers(dir, ['in.pdf']);
  });

  it('refuses a placement that leaves the page, naming the page and the position', async () => {
    const dir = workspace();
    const err = await signBytes(dir, 'in', makeClassicPdf({ pages: 2 }), id(), {
      appearance: { seal, placements: [{ page: 2, xMm: 200, yMm: 100 }] },
    }).catch((e: unknown) => e);
    expect(isSealdeskError(err, 'APPEARANCE_OUTSIDE_PAGE')).toBe(true);
    expect((err as Error).message).toMatch(/\(200 mm, 100 mm\) on page 2/);
    expectNoLeftovers(dir, ['in.pdf']);
    expect(existsSync(join(dir, 'in.signed.pdf'))).toBe(false);
    expect(readFileSync(join(dir, 'in.pdf')).length).toBeGreaterThan(0);
  });
});
