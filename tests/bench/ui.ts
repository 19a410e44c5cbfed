/**
 * UI bench (issue 7): the viewer in Debian Chromium against the real host and web door.
 * Prints, does not assert: time to first page of a 10,000-page PDF and of an image-heavy PDF of
 * about 300 MB (from pressing Enter in the open dialog to the first page painted), the bytes the
 * viewer read through documents.readRange, and the renderer's JS heap (CDP
 * Performance.getMetrics JSHeapUsedSize, after a forced GC) before and after paging through N
 * pages. The pdf.js worker's memory is a separate heap and not in that figure.
 *
 * The time to first page is taken in the page: from the Enter keydown to the second animation
 * frame after page 1's slot says "drawn" (its canvas is then on screen). The time the test driver
 * sees (Playwright's key press and its polling for the slot, round trips over DevTools that a
 * user does not wait for) is printed beside it.
 *
 * Standalone: `npx tsx tests/bench/ui.ts [--pages 300] [--mb 300]`; from run.ts: runUiBench().
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { writeLargeImagePdf } from '../fixtures/pdfs/large-image-pdf';
import { fixturePdf } from '../support/fixture-pdfs';
import { startViewerSession, type ViewerSession } from '../e2e/viewer-session';

export interface UiBenchResult {
  readonly task: 'ui';
  /** In the page: Enter keydown to page 1 painted. */
  readonly firstPage10000Ms: number;
  readonly firstPageLargeMs: number;
  /** The same, as the test driver saw it (Playwright's press to its locator resolving). */
  readonly firstPage10000DriverMs: number;
  readonly firstPageLargeDriverMs: number;
  readonly largeMB: number;
  readonly largeReadMB: number;
  readonly heapBeforeMB: number;
  readonly heapAfterMB: number;
  readonly pagesScrolled: number;
  readonly canvasesAfter: number;
}

const VIEWER = '[data-testid="document-viewer"]';

async function heapMB(s: ViewerSession): Promise<number> {
  const cdp = await s.context.newCDPSession(s.page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  return +(used / 1048576).toFixed(1);
}

/** Installs, in the page, the clock of the next open: Enter keydown to page 1 painted. */
const PAGE_CLOCK = `(() => {
  const first = '${VIEWER} [data-testid="page-slot"][data-page="1"][data-state="drawn"]';
  window.__sdFirstPage = new Promise((resolve) => {
    let t0 = 0;
    const onKey = (e) => {
      if (e.key !== 'Enter' || t0) return;
      t0 = performance.now();
      document.removeEventListener('keydown', onKey, true);
    };
    document.addEventListener('keydown', onKey, true);
    const seen = () => {
      if (!t0 || !document.querySelector(first)) return;
      obs.disconnect();
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
    };
    const obs = new MutationObserver(seen);
    obs.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
  });
})()`;

async function timeToFirstPage(
  s: ViewerSession,
  path: string,
): Promise<{ inPage: number; driver: number }> {
  await s.page.getByTestId('open-document').click();
  await s.page.getByTestId('open-path').fill(path);
  await s.page.evaluate(PAGE_CLOCK);
  const t0 = performance.now();
  await s.page.getByTestId('open-path').press('Enter');
  await s.page
    .locator(`${VIEWER} [data-testid="page-slot"][data-page="1"][data-state="drawn"]`)
    .waitFor({ timeout: 120_000 });
  const driver = Math.round(performance.now() - t0);
  const inPage = Math.round(await s.page.evaluate<number>('window.__sdFirstPage'));
  return { inPage, driver };
}

async function closeActiveTab(s: ViewerSession): Promise<void> {
  await s.page.locator('.ant-tabs-tab-active .ant-tabs-tab-remove').click();
}

export async function runUiBench(
  opts: { log?: (s: string) => void; pages?: number; largeMB?: number } = {},
): Promise<UiBenchResult> {
  const log = opts.log ?? ((x: string) => process.stdout.write(x + '\n'));
  const pages = opts.pages ?? 300;
  const largeMB = opts.largeMB ?? 300;
  const s = await startViewerSession();
  const dir = await mkdtemp(join(tmpdir(), 'sealdesk-ui-bench-'));
  try {
    const many = await fixturePdf('pages-10000');
    const first10000 = await timeToFirstPage(s, many);
    const heapBeforeMB = await heapMB(s);
    await s.page.locator(`${VIEWER} [data-testid="viewer-scroll"]`).focus();
    for (let p = 2; p <= pages; p++) {
      await s.page.keyboard.press('PageDown');
      await s.page
        .locator(`${VIEWER} [data-testid="page-slot"][data-page="${p}"][data-state="drawn"]`)
        .waitFor({ timeout: 60_000 });
    }
    const heapAfterMB = await heapMB(s);
    const canvasesAfter = await s.page.locator(`${VIEWER} canvas`).count();
    await closeActiveTab(s);

    log(`Generating ${largeMB} MB image-heavy PDF ...`);
    const large = await writeLargeImagePdf(join(dir, 'large.pdf'), largeMB * 1048576, undefined, {
      fsync: false,
    });
    s.reads.reset();
    const firstLarge = await timeToFirstPage(s, large.path);
    const result: UiBenchResult = {
      task: 'ui',
      firstPage10000Ms: first10000.inPage,
      firstPageLargeMs: firstLarge.inPage,
      firstPage10000DriverMs: first10000.driver,
      firstPageLargeDriverMs: firstLarge.driver,
      largeMB: +(large.bytes / 1048576).toFixed(1),
      largeReadMB: +(s.reads.bytes / 1048576).toFixed(1),
      heapBeforeMB,
      heapAfterMB,
      pagesScrolled: pages,
      canvasesAfter,
    };
    log(
      `ui: first page of 10,000 pages ${result.firstPage10000Ms} ms | first page of ${result.largeMB} MB ` +
        `${result.firstPageLargeMs} ms (read ${result.largeReadMB} MB by ranges) | as the test driver ` +
        `saw them ${result.firstPage10000DriverMs} ms / ${result.firstPageLargeDriverMs} ms | renderer JS heap ` +
        `${result.heapBeforeMB} MB -> ${result.heapAfterMB} MB after paging through ${pages} pages ` +
        `(${result.canvasesAfter} canvases in the DOM)`,
    );
    return result;
  } finally {
    await s.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { pages: { type: 'string' }, mb: { type: 'string' } },
  });
  await runUiBench({
    ...(values.pages ? { pages: Number(values.pages) } : {}),
    ...(values.mb ? { largeMB: Number(values.mb) } : {}),
  });
}
