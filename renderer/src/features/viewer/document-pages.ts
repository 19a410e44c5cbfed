/**
 * The page sizes of an open document, fetched from main in batches (documents.pages, at most
 * 1000 per call) so that the virtualised list knows every page's position without pdf.js
 * loading a single page. Until a batch arrives its pages take the first page's size. The
 * CropBox of each page is kept too: it places what the file says in user space (annotation
 * rectangles) on the page as shown.
 *
 * Owns: one PageSizes per docId, its batch fetching and change notification.
 * Must never: load pages in pdf.js to learn their size, or fetch a batch twice.
 */
import type { DocumentInfo, PageSize } from '../../../../preload/contract';
import { PageSizes } from './page-layout';
import { afterFirstPaint } from './paint-order';

export const PAGES_BATCH = 1000;

export type FetchPages = (docId: string, from: number, count: number) => Promise<PageSize[]>;

export class DocumentPages {
  readonly sizes: PageSizes;
  /** The /Rotate of each page (0, 90, 180, 270). */
  readonly rotate: Uint16Array;
  /** The CropBox of each page in default user space: [x0, y0, x1, y1] at 4 * (page - 1). */
  readonly cropBox: Float64Array;
  private readonly batches = new Map<number, Promise<void>>();
  private readonly listeners = new Set<() => void>();
  private revision = 0;
  failure: unknown;

  constructor(
    readonly docId: string,
    info: DocumentInfo,
    private readonly fetch: FetchPages,
  ) {
    const first = info.firstPage ?? {
      widthPt: 595,
      heightPt: 842,
      rotate: 0 as const,
      cropBox: [0, 0, 595, 842] as const,
    };
    this.sizes = new PageSizes(info.pageCount, first);
    this.rotate = new Uint16Array(info.pageCount).fill(first.rotate);
    this.cropBox = new Float64Array(4 * info.pageCount);
    for (let i = 0; i < info.pageCount; i++) this.cropBox.set(first.cropBox, 4 * i);
    if (info.firstPage) this.apply([info.firstPage]);
  }

  /** The CropBox of `page` (1-based) as [x0, y0, x1, y1]. */
  cropBoxOf(page: number): [number, number, number, number] {
    const i = 4 * (page - 1);
    const b = this.cropBox;
    return [b[i] ?? 0, b[i + 1] ?? 0, b[i + 2] ?? 0, b[i + 3] ?? 0];
  }

  get version(): number {
    return this.revision;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Makes sure the batch holding `page` is (being) fetched; resolves when it is known. */
  ensure(page: number): Promise<void> {
    const b = Math.floor((Math.max(1, page) - 1) / PAGES_BATCH);
    let p = this.batches.get(b);
    if (!p) {
      const from = b * PAGES_BATCH + 1;
      const count = Math.min(PAGES_BATCH, this.sizes.count - from + 1);
      p =
        count <= 0
          ? Promise.resolve()
          : this.fetch(this.docId, from, count).then(
              (pages) => this.apply(pages),
              (e: unknown) => {
                this.failure = e;
                this.batches.delete(b);
              },
            );
      this.batches.set(b, p);
    }
    return p;
  }

  /** Fetches every batch, starting with the one holding `around`, one after another. */
  async loadAll(around = 1): Promise<void> {
    const n = Math.ceil(this.sizes.count / PAGES_BATCH);
    const start = Math.floor((Math.max(1, around) - 1) / PAGES_BATCH);
    for (let k = 0; k < n; k++) {
      if (models.get(this.docId) !== this) return; // the tab was closed
      const b = (start + k) % n;
      await this.ensure(b * PAGES_BATCH + 1);
    }
  }

  private apply(pages: readonly PageSize[]): void {
    for (const p of pages) {
      this.sizes.set(p.page, p.widthPt, p.heightPt);
      if (p.page >= 1 && p.page <= this.rotate.length) {
        this.rotate[p.page - 1] = p.rotate;
        this.cropBox.set(p.cropBox, 4 * (p.page - 1));
      }
    }
    this.revision++;
    for (const l of this.listeners) l();
  }
}

const models = new Map<string, DocumentPages>();

export function documentPages(info: DocumentInfo, fetch: FetchPages): DocumentPages {
  let m = models.get(info.docId);
  if (!m) {
    const model = new DocumentPages(info.docId, info, fetch);
    models.set(info.docId, model);
    // The rest of the sizes once the first page is on screen: main reads them while pdf.js
    // would read that page (paint-order.ts).
    void afterFirstPaint(info.docId).then(() => model.loadAll());
    m = model;
  }
  return m;
}

export function forgetDocumentPages(docId: string): void {
  models.delete(docId);
}
