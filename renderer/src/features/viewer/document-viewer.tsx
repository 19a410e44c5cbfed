/**
 * The document view (centre pane): a virtualised vertical list of pages. Page positions come
 * from the page sizes main reports (documents.pages, in batches); only the pages in view and
 * one either side are mounted and drawn by pdf.js, which reads the file through
 * documents.readRange (pdf-range-loader.ts). Zoom, fit width / fit page, view rotation, go to
 * page, keyboard (PageUp/PageDown, Home/End, +/-, Ctrl+F), and the API other features use
 * (viewer-api.ts: scrollToPage, page geometry, page overlays).
 *
 * Owns: the view of one open document. Must never: ask main for the whole file, mount every
 * page, or change the document (the view rotation is the reader's, not the file's).
 */
import { Alert, Spin } from 'antd';
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import type { DocumentInfo } from '../../../../preload/contract';
import { useT } from '../../i18n/i18n';
import { documentsApi } from '../documents/documents-api';
import { documentPages } from './document-pages';
import { MM_PER_PT, type PageGeometry } from './page-geometry';
import {
  PAGE_GAP,
  computeLayout,
  currentPage,
  fitPageScale,
  fitWidthScale,
  pageAt,
  visibleRange,
  zoomStep,
  type ViewRotation,
} from './page-layout';
import { PageView } from './page-view';
import { usePdf } from './use-pdf';
import { registerViewerHandle, usePageOverlays, type PageOverlayRenderer } from './viewer-api';
import { DEFAULT_VIEW, EMPTY_SEARCH, useViewerStore } from './viewer-store';
import { ViewerToolbar } from './viewer-toolbar';
import './viewer.css';

export interface DocumentViewerProps {
  readonly docId: string;
  readonly info: DocumentInfo | undefined;
  /** Bytes the document has (the signed revision's length in "view signed version"). */
  readonly size?: number;
  /** True for a signed revision: a read-only view (shown in the toolbar). */
  readonly revision?: boolean;
  /** Drawn over every rendered page (local coordinates: the page box). */
  readonly renderPageOverlay?: PageOverlayRenderer;
}

const fetchPages = async (docId: string, from: number, count: number) =>
  (await documentsApi.pages(docId, from, count)).pages;

export function DocumentViewer(props: DocumentViewerProps) {
  const t = useT();
  if (!props.info)
    return <Spin description={t('viewer.loading')} data-testid={`viewer-${props.docId}`} />;
  return <LoadedViewer {...props} info={props.info} />;
}

function useElementSize(ref: React.RefObject<HTMLElement | null>) {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => setSize({ width: el.clientWidth, height: el.clientHeight });
    update();
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return size;
}

function LoadedViewer(props: DocumentViewerProps & { readonly info: DocumentInfo }) {
  const { docId, info } = props;
  const t = useT();
  const model = useMemo(() => documentPages(info, fetchPages), [info]);
  const sizesVersion = useSyncExternalStore(model.subscribe, () => model.version);
  const { pdf, error } = usePdf(docId, props.size ?? info.size);
  const view = useViewerStore((s) => s.views[docId] ?? DEFAULT_VIEW);
  const highlight = useViewerStore((s) => (s.searches[docId] ?? EMPTY_SEARCH).highlight);
  const patchView = useViewerStore((s) => s.patchView);
  const overlays = usePageOverlays((s) => s.renderers);
  const scroller = useRef<HTMLDivElement>(null);
  const box = useElementSize(scroller);
  const [scrollTop, setScrollTop] = useState(0);
  const [scrollLeft, setScrollLeft] = useState(0);
  /** The reading position to keep across re-layouts: page and fraction into it. */
  const anchor = useRef({ page: view.page, frac: 0 });

  // Fit modes follow the window size and the page being read.
  const scale = useMemo(() => {
    if (box.width === 0 || view.fit === 'none') return view.scale;
    return view.fit === 'width'
      ? fitWidthScale(model.sizes, view.page, view.rotation, box.width)
      : fitPageScale(model.sizes, view.page, view.rotation, box.width, box.height);
  }, [
    box.width,
    box.height,
    view.fit,
    view.scale,
    view.rotation,
    view.fit === 'none' ? 0 : view.page,
    sizesVersion,
  ]);

  const layout = useMemo(
    () => computeLayout(model.sizes, scale, view.rotation),
    [model, scale, view.rotation, sizesVersion],
  );

  // Keep the reading position when the layout changes (zoom, rotation, sizes arriving).
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || info.pageCount === 0) return;
    const { page, frac } = anchor.current;
    const i = Math.min(Math.max(page, 1), info.pageCount) - 1;
    el.scrollTop = layout.tops[i]! + frac * (layout.heights[i]! + PAGE_GAP);
    setScrollTop(el.scrollTop);
  }, [layout, info.pageCount]);

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    const top = el.scrollTop;
    setScrollTop(top);
    setScrollLeft(el.scrollLeft);
    const p = pageAt(layout, top);
    anchor.current = {
      page: p,
      frac: (top - layout.tops[p - 1]!) / (layout.heights[p - 1]! + PAGE_GAP),
    };
    const reading = currentPage(layout, top, el.clientHeight);
    if (reading !== useViewerStore.getState().views[docId]?.page)
      useViewerStore.getState().patchView(docId, { page: reading });
  }, [layout, docId]);

  const scrollToPage = useCallback(
    (n: number) => {
      const page = Math.min(Math.max(Math.round(n), 1), info.pageCount);
      if (!page) return;
      anchor.current = { page, frac: -PAGE_GAP / 2 / (layout.heights[page - 1]! + PAGE_GAP) };
      patchView(docId, { page });
      const el = scroller.current;
      if (el) el.scrollTop = layout.tops[page - 1]! - PAGE_GAP / 2;
      // The page's true size may still be on its way: place it again when it arrives.
      void model.ensure(page);
    },
    [info.pageCount, layout, docId, patchView, model],
  );

  const contentWidth = Math.max(box.width, layout.maxWidth + 2 * PAGE_GAP);
  const range = visibleRange(layout, scrollTop, box.height || 800, 1);
  const inView = visibleRange(layout, scrollTop, box.height || 800, 0);
  const geometries = useMemo(() => {
    const out: PageGeometry[] = [];
    const origin = scroller.current?.getBoundingClientRect();
    for (let p = range.first; p <= range.last && p > 0; p++) {
      const i = p - 1;
      const w = layout.widths[i]!;
      const h = layout.heights[i]!;
      const left = (contentWidth - w) / 2;
      out.push({
        docId,
        page: p,
        rect: {
          left: (origin?.left ?? 0) + left - scrollLeft,
          top: (origin?.top ?? 0) + layout.tops[i]! - scrollTop,
          width: w,
          height: h,
        },
        viewRotation: view.rotation,
        pageRotate: (model.rotate[i] ?? 0) as 0 | 90 | 180 | 270,
        widthMm: model.sizes.width[i]! * MM_PER_PT,
        heightMm: model.sizes.height[i]! * MM_PER_PT,
        scale,
        cropBox: model.cropBoxOf(p),
      });
    }
    return out;
  }, [
    range.first,
    range.last,
    layout,
    contentWidth,
    scrollLeft,
    scrollTop,
    view.rotation,
    model,
    scale,
    docId,
  ]);

  const geometriesRef = useRef(geometries);
  geometriesRef.current = geometries;
  useEffect(
    () =>
      registerViewerHandle({
        docId,
        scrollToPage,
        pageGeometries: () => [...geometriesRef.current],
        currentPage: () => useViewerStore.getState().views[docId]?.page ?? 1,
      }),
    [docId, scrollToPage],
  );

  const renderOverlay = useMemo(() => {
    const all = [
      ...Object.values(overlays),
      ...(props.renderPageOverlay ? [props.renderPageOverlay] : []),
    ];
    if (all.length === 0) return undefined;
    const draw = (g: PageGeometry): ReactNode => all.map((r, k) => <div key={k}>{r(g)}</div>);
    return draw;
  }, [overlays, props.renderPageOverlay]);

  const setZoom = (s: number) => patchView(docId, { scale: s, fit: 'none' });
  const zoom = (dir: 1 | -1) => setZoom(zoomStep(scale, dir));
  const rotate = (dir: 1 | -1) =>
    patchView(docId, {
      rotation: ((((view.rotation + dir * 90) % 360) + 360) % 360) as ViewRotation,
    });

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    if (target.tagName === 'INPUT' || target.isContentEditable) return;
    const page = useViewerStore.getState().views[docId]?.page ?? 1;
    const handled = (() => {
      if (e.key === 'PageDown' || (e.key === 'ArrowRight' && !e.ctrlKey)) scrollToPage(page + 1);
      else if (e.key === 'PageUp' || (e.key === 'ArrowLeft' && !e.ctrlKey)) scrollToPage(page - 1);
      else if (e.key === 'Home' && e.ctrlKey) scrollToPage(1);
      else if (e.key === 'End' && e.ctrlKey) scrollToPage(info.pageCount);
      else if (e.key === '+' || e.key === '=') zoom(1);
      else if (e.key === '-' || e.key === '_') zoom(-1);
      else return false;
      return true;
    })();
    if (handled) e.preventDefault();
  };

  // Ctrl+F opens the search panel while this document is shown (instead of the browser's).
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        useViewerStore.getState().focusSearch();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const pages: ReactNode[] = [];
  for (const g of geometries) {
    const i = g.page - 1;
    pages.push(
      <PageView
        key={g.page}
        pdf={pdf}
        page={g.page}
        top={layout.tops[i]!}
        left={(contentWidth - g.rect.width) / 2}
        width={g.rect.width}
        height={g.rect.height}
        scale={scale}
        rotation={view.rotation}
        highlight={highlight}
        geometry={g}
        overlay={renderOverlay}
        eager={g.page >= inView.first && g.page <= inView.last}
      />,
    );
  }

  return (
    <div className="sd-viewer" onKeyDown={onKeyDown} data-testid="document-viewer" data-doc={docId}>
      <ViewerToolbar
        pageCount={info.pageCount}
        page={view.page}
        scale={scale}
        fit={view.fit}
        revision={props.revision === true}
        onGoTo={scrollToPage}
        onZoom={zoom}
        onFit={(fit) => patchView(docId, { fit })}
        onRotate={rotate}
      />
      {error && (
        <Alert type="error" showIcon message={t('viewer.error.load')} description={error} />
      )}
      <div
        ref={scroller}
        className="sd-viewer-scroll"
        tabIndex={0}
        role="region"
        aria-label={t('viewer.region', { name: info.name })}
        onScroll={onScroll}
        data-testid="viewer-scroll"
      >
        <div
          className="sd-viewer-content"
          style={{ height: layout.totalHeight, width: contentWidth }}
        >
          {pages}
        </div>
      </div>
    </div>
  );
}
