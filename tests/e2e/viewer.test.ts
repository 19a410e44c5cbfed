/**
 * The viewer in a real browser (Debian Chromium via playwright-core) against the real host and
 * web door: a Chinese contract renders with its text (CJK CMaps and fonts shipped, offline),
 * zoom/fit/rotate change the page's size, go to page and search work, a 10,000-page document
 * and a large image-heavy one open with few canvases in the DOM, reading bounded ranges only.
 * Screenshots: tests/artifacts/viewer-*.png.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLargeImagePdf } from '../fixtures/pdfs/large-image-pdf';
import { fixturePdf } from '../support/fixture-pdfs';
import { startViewerSession, type ViewerSession } from './viewer-session';

let s: ViewerSession;
/** Inactive tabs are destroyed: the one viewer in the DOM is the active tab's. */
const ACTIVE = '[data-testid="document-viewer"]';

beforeAll(async () => {
  s = await startViewerSession();
}, 180_000);
afterAll(async () => {
  await s?.close();
});

const slot = (page: number) =>
  s.page.locator(`${ACTIVE} [data-testid="page-slot"][data-page="${page}"]`);
const drawn = (page: number) =>
  s.page
    .locator(`${ACTIVE} [data-testid="page-slot"][data-page="${page}"][data-state="drawn"]`)
    .waitFor({ timeout: 60_000 });

/** Share of sampled canvas pixels that are not white (the page has ink on it). */
async function inkOf(page: number): Promise<number> {
  return await s.page.evaluate<number>(`(() => {
    const c = document.querySelector('${ACTIVE} [data-testid="page-slot"][data-page="${page}"] canvas');
    if (!c || c.width === 0) return 0;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let ink = 0, n = 0;
    for (let i = 0; i < d.length; i += 4 * 17) { n++; if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) ink++; }
    return ink / n;
  })()`);
}

async function slotSize(page: number): Promise<{ width: number; height: number }> {
  const b = await slot(page).boundingBox();
  if (!b) throw new Error(`page ${page} is not rendered`);
  return { width: Math.round(b.width), height: Math.round(b.height) };
}

const canvases = () => s.page.locator(`${ACTIVE} [data-testid="page-canvas"]`).count();
const indicator = () => s.page.locator(`${ACTIVE} [data-testid="page-indicator"]`).innerText();

async function goTo(page: number) {
  const input = s.page.locator(`${ACTIVE} [data-testid="page-input"]`);
  await input.fill(String(page));
  await input.press('Enter');
  await drawn(page);
}

describe('the viewer', () => {
  it('renders the first page of a Chinese contract with its text', async () => {
    await s.open(await fixturePdf('cjk-contract'));
    await drawn(1);
    expect(await inkOf(1)).toBeGreaterThan(0.005);
    const text = s.page.locator(
      `${ACTIVE} [data-testid="page-slot"][data-page="1"] [data-testid="text-layer"]`,
    );
    await expect.poll(() => text.innerText(), { timeout: 20_000 }).toContain('协议');
    expect(await indicator()).toBe('第 1 / 7 页');
    await s.shot('viewer-1-cjk-contract');
  });

  it('changes the page size when zooming, fitting the page and rotating the view', async () => {
    const fitWidth = await slotSize(1);
    await s.page.locator(`${ACTIVE} [data-testid="zoom-in"]`).click();
    const zoomed = await slotSize(1);
    expect(zoomed.width).toBeGreaterThan(fitWidth.width);
    await s.page.locator(`${ACTIVE} [data-testid="zoom-out"]`).click();
    await s.page.locator(`${ACTIVE} [data-testid="zoom-out"]`).click();
    expect((await slotSize(1)).width).toBeLessThan(zoomed.width);

    await s.page.locator(`${ACTIVE} [data-testid="fit-page"]`).click();
    const scrollBox = await s.page.locator(`${ACTIVE} [data-testid="viewer-scroll"]`).boundingBox();
    const fitPage = await slotSize(1);
    expect(fitPage.height).toBeLessThanOrEqual(Math.ceil(scrollBox!.height));
    expect(fitPage.height).toBeGreaterThan(scrollBox!.height * 0.8);

    await s.page.locator(`${ACTIVE} [data-testid="fit-width"]`).click();
    await s.page.locator(`${ACTIVE} [data-testid="rotate-right"]`).click();
    await drawn(1);
    const turned = await slotSize(1);
    // Turned a quarter: the page is now wider than tall (A4 is taller than wide).
    expect(turned.width).toBeGreaterThan(turned.height);
    await s.shot('viewer-2-rotated');
    await s.page.locator(`${ACTIVE} [data-testid="rotate-left"]`).click();
    const back = await slotSize(1);
    expect(back.height).toBeGreaterThan(back.width);

    // Keyboard: + and - on the focused page area.
    await s.page.locator(`${ACTIVE} [data-testid="viewer-scroll"]`).focus();
    const before = await s.page.locator(`${ACTIVE} [data-testid="zoom-level"]`).innerText();
    await s.page.keyboard.press('-');
    expect(await s.page.locator(`${ACTIVE} [data-testid="zoom-level"]`).innerText()).not.toBe(
      before,
    );
    await s.page.locator(`${ACTIVE} [data-testid="fit-width"]`).click();
  });

  it('goes to a typed page and moves by page with PageDown and PageUp', async () => {
    await goTo(5);
    expect(await indicator()).toBe('第 5 / 7 页');
    await s.page.locator(`${ACTIVE} [data-testid="viewer-scroll"]`).focus();
    await s.page.keyboard.press('PageDown');
    await drawn(6);
    await expect.poll(indicator).toBe('第 6 / 7 页');
    await s.page.keyboard.press('PageUp');
    await s.page.keyboard.press('PageUp');
    await expect.poll(indicator).toBe('第 4 / 7 页');
  });

  it('finds a Chinese word (Ctrl+F) and jumps to the page where it is', async () => {
    await goTo(1);
    await s.page.locator(`${ACTIVE} [data-testid="viewer-scroll"]`).focus();
    await s.page.keyboard.press('Control+f');
    const input = s.page.getByTestId('search-input').locator('input');
    await expect
      .poll(() =>
        s.page.evaluate<boolean>(`document.activeElement?.tagName === 'INPUT' &&
        document.activeElement.closest('[data-testid="search-panel"]') !== null`),
      )
      .toBe(true);
    await input.fill('不可抗力');
    await input.press('Enter');
    await s.page.getByTestId('search-summary').waitFor();
    // The sample contract (tests/fixtures/samples) says it twice on page 4 and twice on page 5.
    expect(await s.page.getByTestId('search-summary').innerText()).toBe('找到 4 处。');
    await s.page.getByTestId('search-hit').first().click();
    await drawn(4);
    await expect.poll(indicator).toBe('第 4 / 7 页');
    await s.page.locator(`${ACTIVE} [data-page="4"] .sd-hit`).first().waitFor({ timeout: 20_000 });
    await s.shot('viewer-3-search-hit');
    await s.page.getByTestId('side-panel-switch').getByText('缩略图').click();
  });

  it('opens a 10,000-page document, jumps to the last page, and keeps few canvases', async () => {
    const path = await fixturePdf('pages-10000');
    s.reads.reset();
    await s.open(path);
    await drawn(1);
    expect(await s.page.locator(`${ACTIVE} [data-testid="page-indicator"]`).innerText()).toBe(
      '第 1 / 10000 页',
    );
    await goTo(10_000);
    await expect.poll(indicator).toBe('第 10000 / 10000 页');
    expect(await inkOf(10_000)).toBeGreaterThan(0.001);
    expect(await canvases()).toBeLessThanOrEqual(6);
    // Thumbnails are virtualised too.
    expect(await s.page.getByTestId('thumbnail').count()).toBeLessThan(20);
    expect(s.reads.maxLength).toBeLessThanOrEqual(1 << 20);
    await s.shot('viewer-4-last-of-10000');
  });

  it('reads a large image-heavy document by bounded ranges, far below its size', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sd-viewer-large-'));
    try {
      const { path, bytes, pages } = await writeLargeImagePdf(
        join(dir, 'large.pdf'),
        256 << 20,
        undefined,
        {
          fsync: false,
        },
      );
      // Measure the page view alone (thumbnails would read their pages' images too).
      await s.page.getByTestId('side-panel-switch').getByText('搜索').click();
      s.reads.reset();
      await s.open(path);
      await goTo(pages);
      // The canvas exists before its image is decoded and painted (later under load).
      await expect.poll(() => inkOf(pages), { timeout: 20_000 }).toBeGreaterThan(0.5);
      expect(s.reads.maxLength).toBeLessThanOrEqual(1 << 20);
      // The first and last pages and one beside each (about 3 MB of image each), the xref:
      // a few per cent of the file.
      expect(s.reads.bytes).toBeLessThan(bytes * 0.08);
      await s.shot('viewer-5-large-image');
      await s.page.getByTestId('side-panel-switch').getByText('缩略图').click();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('explains, when a file is dropped in the browser, that its path must be typed', async () => {
    await s.page.evaluate(`(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['%PDF-1.7'], '合同.pdf', { type: 'application/pdf' }));
      window.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, cancelable: true }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
    })()`);
    await s.page.getByText('浏览器不会告诉 Sealdesk 拖入的文件（合同.pdf）').waitFor();
    await s.page.getByTestId('open-path').waitFor();
    await s.shot('viewer-6-drop-in-browser');
    await s.page.keyboard.press('Escape');
  });
});
