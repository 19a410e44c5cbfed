/**
 * Changes after signing, shown in the viewer (issue 12), in a real browser (Debian Chromium via
 * playwright-core) against the real host, web door and verifier: a signed PDF to which an
 * incremental update added a rectangle (Square) annotation on page 1 is verified in the UI;
 * the panel lists the annotation with its kind in words, its page and whether it is allowed,
 * and the viewer outlines it where its /Rect is (green dashed when allowed, red when not),
 * over the rectangle pdf.js drew. Screenshots: tests/artifacts/annotation-changes-*.png.
 *
 * The files are made by code: tests/integration/verify-pdf's signedPdf (the project's signer,
 * test PKI) and appendUpdate (main/pdf's incremental writer), the annotation added to page 1's
 * /Annots.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfStream, dict, name } from '../../main/pdf/objects';
import {
  addAnnotation,
  appendUpdate,
  signedPdf,
} from '../integration/verify-pdf/verify-pdf-helpers';
import { testPki } from '../support/pki';
import { ARTIFACTS, openByPath, startSession, type E2eSession } from './e2e-support';

let session: E2eSession;
let page: Page;
let approved: string;
let certified: string;

/** The rectangle's /Rect in page 1's default user space (the page is 595 x 842, no CropBox). */
const RECT: [number, number, number, number] = [100, 500, 300, 600];
const PAGE_HEIGHT = 842;

/** Appends an update adding a red-stroked Square annotation over RECT to page 1. */
async function withSquare(signed: string, out: string): Promise<string> {
  return appendUpdate(signed, out, async (doc, u) => {
    const [x1, y1, x2, y2] = RECT;
    const ap = u.allocate();
    u.put(
      ap,
      PdfStream.fromBytes(
        dict({ Type: name('XObject'), Subtype: name('Form'), BBox: [0, 0, x2 - x1, y2 - y1] }),
        Buffer.from(`1 0 0 RG 4 w 2 2 ${x2 - x1 - 4} ${y2 - y1 - 4} re S`, 'latin1'),
      ),
    );
    await addAnnotation(
      doc,
      u,
      0,
      dict({
        Type: name('Annot'),
        Subtype: name('Square'),
        Rect: [...RECT],
        C: [1, 0, 0],
        F: 4,
        AP: dict({ N: ap }),
      }),
    );
  });
}

const shot = async (tag: string) => {
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(ARTIFACTS, `annotation-changes-${tag}.png`) });
};

beforeAll(async () => {
  session = await startSession({ viewport: { width: 1440, height: 900 } });
  page = session.page;
  expect((await session.host.call('trust.import', { path: testPki().rootPath })).ok).toBe(true);
  const dir = session.dataDir;
  approved = await withSquare(await signedPdf(dir, 'approval'), join(dir, '审批-批注.pdf'));
  certified = await withSquare(
    await signedPdf(dir, 'certified', { certify: 2 }),
    join(dir, '认证-批注.pdf'),
  );
  await page.goto(session.door.url);
}, 180_000);

afterAll(async () => {
  await session?.close();
});

async function openAndVerify(path: string, outcome: 'passed' | 'failed') {
  await openByPath(page, path);
  await page
    .locator(`[data-testid="verification-outcome"][data-outcome="${outcome}"]`)
    .waitFor({ timeout: 60_000 });
}

/** The outline's box and where RECT falls on page 1 as the viewer shows it, in client px. */
async function outlineAndExpected() {
  const slot = page.locator('[data-testid="page-slot"][data-page="1"]');
  await slot.and(page.locator('[data-state="drawn"]')).waitFor({ timeout: 60_000 });
  const outline = slot.getByTestId('annotation-outline');
  await outline.waitFor();
  const s = (await slot.boundingBox())!;
  const o = (await outline.boundingBox())!;
  const k = s.width / 595; // CSS px per point
  const expected = {
    x: s.x + RECT[0] * k,
    y: s.y + (PAGE_HEIGHT - RECT[3]) * k,
    width: (RECT[2] - RECT[0]) * k,
    height: (RECT[3] - RECT[1]) * k,
  };
  return { outline, o, expected, k, slot: s };
}

type Box = { x: number; y: number; width: number; height: number };
/** Within a pixel (layout rounds to device pixels). */
function expectNear(actual: Box, expected: Box) {
  for (const k of ['x', 'y', 'width', 'height'] as const)
    expect(Math.abs(actual[k] - expected[k]), k).toBeLessThan(1.5);
}

/** The outline's border on page 1, as the browser computed it. */
async function outlineBorder(): Promise<{ style: string; color: string }> {
  return page.evaluate<{ style: string; color: string }>(`(() => {
    const e = document.querySelector(
      '[data-testid="page-slot"][data-page="1"] [data-testid="annotation-outline"]');
    const s = getComputedStyle(e);
    return { style: s.borderTopStyle, color: s.borderTopColor };
  })()`);
}

/** Share of red pixels pdf.js drew along the left edge of the annotation's rectangle. */
async function redOnLeftEdge(k: number): Promise<number> {
  // The stroke is 4 pt wide, centred 2 pt inside the /Rect's left edge.
  const x = (RECT[0] + 2) * k;
  const top = (PAGE_HEIGHT - RECT[3] + 10) * k;
  const bottom = (PAGE_HEIGHT - RECT[1] - 10) * k;
  return page.evaluate<number>(`(() => {
    const c = document.querySelector('[data-testid="page-slot"][data-page="1"] canvas');
    const ctx = c && c.getContext('2d');
    if (!ctx) return 0;
    const r = c.width / c.getBoundingClientRect().width;
    let red = 0, n = 0;
    for (let y = ${top}; y < ${bottom}; y += 4) {
      const [R, G, B] = ctx.getImageData(Math.round(${x} * r), Math.round(y * r), 1, 1).data;
      n++;
      if (R > 180 && G < 90 && B < 90) red++;
    }
    return red / n;
  })()`);
}

describe('annotations added after signing, in the verification panel and the viewer', () => {
  it('lists a rectangle added after an approval signature on page 1 as allowed, and outlines it green and dashed where its /Rect is', async () => {
    await openAndVerify(approved, 'passed');
    const card = page.getByTestId('signature-0');
    const item = card.getByTestId('annotation-change');
    await item.waitFor();
    expect(await item.count()).toBe(1);
    expect(await item.getAttribute('data-page')).toBe('1');
    expect(await item.getAttribute('data-subtype')).toBe('Square');
    expect(await item.getAttribute('data-allowed')).toBe('true');
    const text = await item.innerText();
    expect(text).toContain('新增矩形');
    expect(text).toContain('第 1 页');
    expect(text).toContain('允许');

    await item.getByTestId('annotation-page').click();
    const { outline, o, expected, k } = await outlineAndExpected();
    expect(await outline.getAttribute('data-allowed')).toBe('true');
    expect(await outline.getAttribute('data-selected')).toBe('true');
    expectNear(o, expected);
    expect(await outlineBorder()).toEqual({ style: 'dashed', color: 'rgb(56, 158, 13)' });
    // pdf.js drew the annotation's own red stroke right there, under the outline.
    expect(await redOnLeftEdge(k)).toBeGreaterThan(0.8);
    await shot('1-allowed');

    // "Hide change marks" takes the outline away; "Show changes" brings it back with the
    // pixel comparison.
    await card.getByTestId('show-changes').click();
    await page.getByTestId('changed-region').first().waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('annotation-outline').count()).toBe(1);
    await card.getByTestId('show-changes').click();
    await expect
      .poll(() => page.getByTestId('annotation-outline').count(), { timeout: 10_000 })
      .toBe(0);
  });

  it('marks the same rectangle after a certification signature (P=2) as not allowed, outlined in red, in English too', async () => {
    await page.getByTestId('language-select').first().click();
    await page.getByTitle('English').click();
    await openAndVerify(certified, 'failed');
    const item = page.getByTestId('signature-0').getByTestId('annotation-change');
    await item.waitFor();
    expect(await item.getAttribute('data-allowed')).toBe('false');
    const text = await item.innerText();
    expect(text).toContain('rectangle added');
    expect(text).toContain('page 1');
    expect(text).toContain('not allowed');

    await item.getByTestId('annotation-page').click();
    const { outline, o, expected } = await outlineAndExpected();
    expect(await outline.getAttribute('data-allowed')).toBe('false');
    expectNear(o, expected);
    expect(await outlineBorder()).toEqual({ style: 'solid', color: 'rgb(207, 19, 34)' });
    expect(await outline.getAttribute('title')).toBe('rectangle added · not allowed');
    await shot('2-not-allowed-en');
  });
});
