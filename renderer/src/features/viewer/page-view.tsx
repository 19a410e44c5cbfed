/**
 * One page slot of the virtualised list: a canvas drawn by pdf.js, a text layer (selectable,
 * searchable, highlighted on a search hit) and the overlays other features draw over the page.
 * Mounted only while the page is visible or next to a visible one; on unmount the render is
 * cancelled, the canvas memory freed and the page's pdf.js resources released (page.cleanup()).
 * A page beside the view waits for the document's first page in view (paint-order.ts).
 *
 * Owns: drawing one page. Must never: draw when not mounted, or keep pdf.js page objects.
 */
import { TextLayer, type PDFDocumentProxy } from 'pdfjs-dist';
import { memo, useEffect, useRef, useState, type ReactNode } from 'react';
import { useT } from '../../i18n/i18n';
import { drawPage, releaseCanvas, type DrawJob } from './draw-page';
import type { PageGeometry } from './page-geometry';
import { afterFirstPaint, firstPaintDone } from './paint-order';
import type { ViewRotation } from './page-layout';
import { fold, matchesOf } from './text-search';

export interface PageViewProps {
  readonly pdf: PDFDocumentProxy | undefined;
  readonly page: number;
  readonly top: number;
  readonly left: number;
  readonly width: number;
  readonly height: number;
  readonly scale: number;
  readonly rotation: ViewRotation;
  readonly highlight: string;
  readonly geometry: PageGeometry;
  readonly overlay: ((g: PageGeometry) => ReactNode) | undefined;
  /** In view when mounted: drawn at once, and the others wait for it (paint-order.ts). */
  readonly eager: boolean;
}

function PageViewImpl(props: PageViewProps) {
  const { pdf, page, scale, rotation, highlight } = props;
  const t = useT();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const textRef = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'drawn' | 'failed'>('loading');

  // Whether the page was in view when it mounted; later changes do not restart the drawing.
  const eager = useRef(props.eager);
  const docId = props.geometry.docId;

  useEffect(() => {
    const canvas = canvasRef.current;
    const text = textRef.current;
    if (!pdf || !canvas || !text) return;
    setState('loading');
    let job: DrawJob | undefined;
    let layer: TextLayer | undefined;
    let alive = true;
    const draw = () => {
      if (!alive) return;
      job = drawPage(pdf, page, canvas, scale, rotation, window.devicePixelRatio || 1);
      job.done
        .then(async ({ page: p, viewport }) => {
          if (!alive) return;
          setState('drawn');
          if (eager.current) firstPaintDone(docId);
          const content = await p.getTextContent();
          if (!alive) return;
          text.replaceChildren();
          layer = new TextLayer({ textContentSource: content, container: text, viewport });
          await layer.render();
          if (alive) markHits(text, highlight);
        })
        .catch(() => {
          if (eager.current) firstPaintDone(docId);
          if (alive) setState((s) => (s === 'drawn' ? s : 'failed'));
        });
    };
    if (eager.current) draw();
    else void afterFirstPaint(docId).then(draw);
    return () => {
      alive = false;
      job?.cancel();
      layer?.cancel();
      text.replaceChildren();
      releaseCanvas(canvas);
      // Frees the page's operator lists and images in pdf.js once nothing draws it.
      void job?.done.then(({ page: p }) => p.cleanup()).catch(() => undefined);
    };
  }, [pdf, page, scale, rotation, highlight, docId]);

  return (
    <div
      className="sd-page"
      data-testid="page-slot"
      data-page={page}
      data-state={state}
      aria-label={t('viewer.page.label', { page })}
      style={
        {
          top: props.top,
          left: props.left,
          width: props.width,
          height: props.height,
          '--total-scale-factor': scale,
          '--scale-round-x': '1px',
          '--scale-round-y': '1px',
        } as React.CSSProperties
      }
    >
      <canvas ref={canvasRef} data-testid="page-canvas" className="sd-page-canvas" />
      <div ref={textRef} className="sd-text-layer" data-testid="text-layer" />
      {state === 'failed' && <div className="sd-page-failed">{t('viewer.page.failed')}</div>}
      {props.overlay && <div className="sd-page-overlay">{props.overlay(props.geometry)}</div>}
    </div>
  );
}

/** Marks the text-layer spans that hold part of a match of the searched text. */
function markHits(container: HTMLElement, query: string): void {
  if (!query.trim()) return;
  const spans = [...container.querySelectorAll('span')].filter((s) => s.children.length === 0);
  const starts: number[] = [];
  let text = '';
  const texts = spans.map((s) => fold(s.textContent));
  for (const t of texts) {
    starts.push(text.length);
    text += t + '\n';
  }
  for (const m of matchesOf(text, query)) {
    const end = m.index + m[0].length;
    spans.forEach((s, i) => {
      const a = starts[i]!;
      if (a < end && a + texts[i]!.length > m.index) s.classList.add('sd-hit');
    });
  }
}

export const PageView = memo(PageViewImpl);
