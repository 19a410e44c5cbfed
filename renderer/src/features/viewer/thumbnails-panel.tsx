/**
 * Page thumbnails (left pane): a virtualised list like the main view, drawn at low resolution,
 * only for the thumbnails in view, once the main view drew its first page (paint-order.ts). Clicking or pressing Enter on one goes
 * to that page; the page being read is marked.
 *
 * Owns: the thumbnail list. Must never: mount a canvas per page of the document.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { memo, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { DocumentInfo } from '../../../../preload/contract';
import { useT } from '../../i18n/i18n';
import { documentsApi } from '../documents/documents-api';
import { documentPages, type DocumentPages } from './document-pages';
import { drawPage, releaseCanvas, type DrawJob } from './draw-page';
import { computeLayout, visibleRange, type ViewRotation } from './page-layout';
import { afterFirstPaint } from './paint-order';
import { usePdf } from './use-pdf';
import { viewerHandle } from './viewer-api';
import { DEFAULT_VIEW, useViewerStore } from './viewer-store';

/** Thumbnail width in CSS px. */
const THUMB_WIDTH = 120;
/** Extra height per thumbnail for its page number. */
const LABEL = 20;

const fetchPages = async (docId: string, from: number, count: number) =>
  (await documentsApi.pages(docId, from, count)).pages;

export function ThumbnailsPanel({
  info,
  size,
}: {
  readonly info: DocumentInfo;
  readonly size: number;
}) {
  const model = useMemo(() => documentPages(info, fetchPages), [info]);
  return <Thumbnails info={info} size={size} model={model} />;
}

function Thumbnails({
  info,
  size,
  model,
}: {
  readonly info: DocumentInfo;
  readonly size: number;
  readonly model: DocumentPages;
}) {
  const t = useT();
  const version = useSyncExternalStore(model.subscribe, () => model.version);
  const { pdf } = usePdf(info.docId, size);
  const view = useViewerStore((s) => s.views[info.docId] ?? DEFAULT_VIEW);
  const scroller = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  const [height, setHeight] = useState(600);
  const firstWidth = info.firstPage?.widthPt ?? 595;
  const scale = THUMB_WIDTH / Math.max(firstWidth, info.firstPage?.heightPt ?? 842);
  const layout = useMemo(
    () => computeLayout(model.sizes, scale, view.rotation),
    [model, scale, view.rotation, version],
  );

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    setHeight(el.clientHeight);
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Keep the current page's thumbnail in view as the reader moves through the document.
  useEffect(() => {
    const el = scroller.current;
    if (!el || info.pageCount === 0) return;
    const i = Math.min(view.page, info.pageCount) - 1;
    const y = layout.tops[i]! + i * LABEL;
    if (y < el.scrollTop || y + layout.heights[i]! + LABEL > el.scrollTop + el.clientHeight)
      el.scrollTop = Math.max(0, y - el.clientHeight / 3);
  }, [view.page, layout, info.pageCount]);

  const labelled = useMemo(() => {
    // Positions with room for a label under each thumbnail.
    const tops = new Float64Array(layout.tops.length);
    for (let i = 0; i < tops.length; i++) tops[i] = layout.tops[i]! + i * LABEL;
    return { ...layout, tops, totalHeight: layout.totalHeight + info.pageCount * LABEL };
  }, [layout, info.pageCount]);
  const range = visibleRange(labelled, top, height, 0);

  const items = [];
  for (let p = range.first; p <= range.last && p > 0; p++) {
    const i = p - 1;
    items.push(
      <Thumb
        key={p}
        docId={info.docId}
        pdf={pdf}
        page={p}
        top={labelled.tops[i]!}
        width={labelled.widths[i]!}
        height={labelled.heights[i]!}
        scale={scale}
        rotation={view.rotation}
        current={p === view.page}
        label={t('thumbnails.page', { page: p })}
        onGo={() => viewerHandle(info.docId)?.scrollToPage(p)}
      />,
    );
  }
  return (
    <div
      ref={scroller}
      className="sd-thumbs"
      onScroll={(e) => setTop(e.currentTarget.scrollTop)}
      data-testid="thumbnails"
      role="list"
      aria-label={t('thumbnails.title')}
    >
      <div style={{ position: 'relative', height: labelled.totalHeight }}>{items}</div>
    </div>
  );
}

interface ThumbProps {
  readonly docId: string;
  readonly pdf: PDFDocumentProxy | undefined;
  readonly page: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  readonly scale: number;
  readonly rotation: ViewRotation;
  readonly current: boolean;
  readonly label: string;
  readonly onGo: () => void;
}

const Thumb = memo(function Thumb(p: ThumbProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { pdf, page, scale, rotation, docId } = p;
  useEffect(() => {
    const c = canvas.current;
    if (!pdf || !c) return;
    let job: DrawJob | undefined;
    let alive = true;
    // After the main view's first page (paint-order.ts); low resolution on purpose: a
    // thumbnail is drawn at 1 device pixel per CSS pixel.
    void afterFirstPaint(docId).then(() => {
      if (!alive) return;
      job = drawPage(pdf, page, c, scale, rotation, 1);
      job.done.catch(() => undefined);
    });
    return () => {
      alive = false;
      job?.cancel();
      releaseCanvas(c);
      void job?.done.then(({ page: pg }) => pg.cleanup()).catch(() => undefined);
    };
  }, [pdf, page, scale, rotation, docId]);
  return (
    <div role="listitem" style={{ position: 'absolute', top: p.top, left: 0, right: 0 }}>
      <button
        type="button"
        className="sd-thumb"
        aria-current={p.current ? 'page' : undefined}
        aria-label={p.label}
        onClick={p.onGo}
        data-testid="thumbnail"
        data-page={p.page}
      >
        <canvas ref={canvas} style={{ width: p.width, height: p.height }} />
        <span>{p.page}</span>
      </button>
    </div>
  );
});
