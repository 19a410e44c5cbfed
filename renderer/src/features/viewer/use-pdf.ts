/**
 * The shared pdf.js document of an open document as React state (pdf-range-loader.ts reads it
 * from main in ranges), and its preloading as soon as main opened the file, while the page
 * sizes and signature count (documents.info) are still on their way.
 * Owns: acquiring and releasing it with the component. Must never: load a document twice for
 * the same docId.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { useEffect, useState } from 'react';
import { documentsApi } from '../documents/documents-api';
import { acquirePdf, type RangeSource } from './pdf-range-loader';

/** The contract's MAX_READ_RANGE (1 MiB; the renderer imports only types from the contract). */
const MAX_READ_RANGE = 1 << 20;

/** How long a preload keeps the document for a viewer that has not mounted yet. */
const PRELOAD_HOLD_MS = 30_000;

/** The document `docId` as pdf.js reads it: documents.readRange, 1 MiB at most per call. */
export function documentSource(docId: string, size: number): RangeSource {
  return {
    docId,
    size,
    maxRead: MAX_READ_RANGE,
    read: async (offset, length) => (await documentsApi.readRange(docId, offset, length)).bytes,
  };
}

/**
 * Starts loading the document and its first page in pdf.js now (the viewer, mounting once
 * documents.info arrives, finds them under way or done). The hold ends after PRELOAD_HOLD_MS
 * or when the tab is closed (forgetPdf).
 */
export function preloadPdf(docId: string, size: number): void {
  const { doc, release } = acquirePdf(documentSource(docId, size));
  doc.then((pdf) => (pdf.numPages > 0 ? pdf.getPage(1) : undefined)).catch(() => undefined);
  setTimeout(release, PRELOAD_HOLD_MS);
}

export function usePdf(
  docId: string,
  size: number,
): {
  pdf: PDFDocumentProxy | undefined;
  error: string | undefined;
} {
  const [state, setState] = useState<{
    docId: string;
    pdf?: PDFDocumentProxy;
    error?: string;
  }>({ docId });
  useEffect(() => {
    const { doc, release } = acquirePdf(documentSource(docId, size));
    let alive = true;
    doc.then(
      (pdf) => alive && setState({ docId, pdf }),
      (e: unknown) =>
        alive && setState({ docId, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      alive = false;
      release();
    };
  }, [docId, size]);
  return state.docId === docId
    ? { pdf: state.pdf, error: state.error }
    : { pdf: undefined, error: undefined };
}
