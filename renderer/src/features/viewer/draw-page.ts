/**
 * Draws one page of a pdf.js document into a canvas at a scale and view rotation, sized for the
 * screen's pixel ratio but capped so that one canvas never exceeds MAX_CANVAS_PIXELS.
 *
 * Owns: the pdf.js render call, its cancellation, and releasing a canvas's memory.
 * Must never: keep the page or canvas after the caller released them.
 */
import type { PDFDocumentProxy, PDFPageProxy, PageViewport, RenderTask } from 'pdfjs-dist';
import type { ViewRotation } from './page-layout';

/** 16 M pixels (64 MB of RGBA) per canvas at most: zooming far in lowers the resolution. */
export const MAX_CANVAS_PIXELS = 16 * 1024 * 1024;

export interface DrawnPage {
  readonly page: PDFPageProxy;
  readonly viewport: PageViewport;
}

export interface DrawJob {
  readonly done: Promise<DrawnPage>;
  cancel(): void;
}

/** The viewport of `page` at CSS scale `scale` with the view rotation added to its /Rotate. */
export function viewportOf(
  page: PDFPageProxy,
  scale: number,
  rotation: ViewRotation,
): PageViewport {
  return page.getViewport({ scale, rotation: (page.rotate + rotation) % 360 });
}

export function drawPage(
  pdf: PDFDocumentProxy,
  pageNumber: number,
  canvas: HTMLCanvasElement,
  scale: number,
  rotation: ViewRotation,
  pixelRatio: number,
): DrawJob {
  let task: RenderTask | undefined;
  let cancelled = false;
  const done = (async () => {
    const page = await pdf.getPage(pageNumber);
    if (cancelled) throw new Error('cancelled');
    const viewport = viewportOf(page, scale, rotation);
    let ratio = pixelRatio;
    const pixels = viewport.width * viewport.height * ratio * ratio;
    if (pixels > MAX_CANVAS_PIXELS)
      ratio = Math.sqrt(MAX_CANVAS_PIXELS / (viewport.width * viewport.height));
    canvas.width = Math.max(1, Math.floor(viewport.width * ratio));
    canvas.height = Math.max(1, Math.floor(viewport.height * ratio));
    task = page.render({
      canvas,
      viewport,
      transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0],
    });
    await task.promise;
    return { page, viewport };
  })();
  return {
    done,
    cancel: () => {
      cancelled = true;
      task?.cancel();
    },
  };
}

/** Gives a canvas's pixel memory back at once (a detached canvas may linger until GC). */
export function releaseCanvas(canvas: HTMLCanvasElement | null): void {
  if (!canvas) return;
  canvas.width = 0;
  canvas.height = 0;
}
