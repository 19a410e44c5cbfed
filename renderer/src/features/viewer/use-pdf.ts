/**
 * The shared pdf.js document of an open document as React state (pdf-range-loader.ts reads it
 * from main in ranges). Owns: acquiring and releasing it with the component.
 * Must never: load a document twice for the same docId.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { useEffect, useState } from 'react';
import { documentsApi } from '../documents/documents-api';
import { acquirePdf } from './pdf-range-loader';

/** The contract's MAX_READ_RANGE (1 MiB; the renderer imports only types from the contract). */
const MAX_READ_RANGE = 1 << 20;

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
    const { doc, release } = acquirePdf({
      docId,
      size,
      maxRead: MAX_READ_RANGE,
      read: async (offset, length) => (await documentsApi.readRange(docId, offset, length)).bytes,
    });
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
