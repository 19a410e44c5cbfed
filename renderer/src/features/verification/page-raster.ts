/**
 * Draws one page of an open document into an offscreen canvas and returns its pixels, for the
 * "changes after signing" comparison. Uses the viewer's range-loading pdf.js document and its
 * page drawing (the only place pdf.js lives), at a fixed scale and no view rotation, so two
 * revisions' pages are comparable pixel for pixel.
 *
 * Owns: the offscreen canvas of one comparison (released at once). Must never: hold a whole
 * file (pages are read by range like the viewer's), or keep the pixels after the caller.
 */
import { documentsApi } from '../documents/documents-api';
import { drawPage, releaseCanvas } from '../viewer/draw-page';
import { acquirePdf } from '../viewer/pdf-range-loader';
import type { Raster } from './diff-regions';

const MAX_READ_RANGE = 1 << 20;
/** CSS px per PDF point for the comparison: fine enough for a changed word, small in memory. */
export const DIFF_SCALE = 1;

export interface OpenDoc {
  readonly docId: string;
  readonly size: number;
}

/** The number of pages, and a function drawing page n to pixels (undefined past the end). */
export async function openRasterSource(doc: OpenDoc): Promise<{
  pages: number;
  raster: (page: number) => Promise<Raster | undefined>;
  release: () => void;
}> {
  const { doc: pdfPromise, release } = acquirePdf({
    docId: doc.docId,
    size: doc.size,
    maxRead: MAX_READ_RANGE,
    read: async (offset, length) => (await documentsApi.readRange(doc.docId, offset, length)).bytes,
  });
  const pdf = await pdfPromise;
  return {
    pages: pdf.numPages,
    release,
    raster: async (page) => {
      if (page < 1 || page > pdf.numPages) return undefined;
      const canvas = document.createElement('canvas');
      try {
        await drawPage(pdf, page, canvas, DIFF_SCALE, 0, 1).done;
        const ctx = canvas.getContext('2d');
        if (!ctx) return undefined;
        const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
        return { width: img.width, height: img.height, data: img.data };
      } finally {
        releaseCanvas(canvas);
      }
    },
  };
}
