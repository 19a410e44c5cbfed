/**
 * "Show changes after signing": opens the signed revision beside the current document, draws
 * the same pages of both offscreen and diffs them (diff-regions.ts). Pages named by main's
 * modification analysis are compared first; with none named, every page up to MAX_PAGES.
 * A page only one of the two has is marked whole.
 *
 * Owns: the comparison run (and closing the revision handle). Must never: keep either
 * document's pixels after a page is compared.
 */
import { documentsApi } from '../documents/documents-api';
import { WHOLE_PAGE, diffRegions, type Region } from './diff-regions';
import { openRasterSource } from './page-raster';

export const MAX_PAGES = 200;

export async function computeChanges(
  current: { docId: string; path: string; size: number },
  revisionLength: number,
  pagesHint: readonly number[],
  onPage?: (done: number, total: number) => void,
): Promise<Record<number, Region[]>> {
  const revision = await documentsApi.openPath(current.path, revisionLength);
  const now = await openRasterSource(current);
  let before: Awaited<ReturnType<typeof openRasterSource>> | undefined;
  try {
    before = await openRasterSource({ docId: revision.docId, size: revision.size });
    const maxPages = Math.max(now.pages, before.pages);
    const pages = (
      pagesHint.length > 0
        ? [...new Set(pagesHint)].filter((p) => p >= 1 && p <= maxPages)
        : Array.from({ length: maxPages }, (_, i) => i + 1)
    ).slice(0, MAX_PAGES);
    const out: Record<number, Region[]> = {};
    let done = 0;
    for (const p of pages) {
      const [a, b] = [await before.raster(p), await now.raster(p)];
      const regions = !a || !b ? [WHOLE_PAGE] : diffRegions(a, b);
      if (regions.length > 0) out[p] = regions;
      onPage?.(++done, pages.length);
    }
    return out;
  } finally {
    now.release();
    before?.release();
    await documentsApi.close(revision.docId).catch(() => undefined);
  }
}
