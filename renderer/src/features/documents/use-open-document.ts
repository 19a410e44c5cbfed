/**
 * Opening documents: the native dialog in Electron, the path/recent dialog in a browser; a
 * signed revision read-only ("view signed version"); closing a tab releases the viewer's
 * pdf.js document and page sizes.
 */
import { useAction } from '../../app/use-action';
import { forgetDocumentPages } from '../viewer/document-pages';
import { forgetFirstPaint } from '../viewer/paint-order';
import { forgetPdf } from '../viewer/pdf-range-loader';
import { preloadPdf } from '../viewer/use-pdf';
import { useViewerStore } from '../viewer/viewer-store';
import { documentsApi } from './documents-api';
import { useDocumentsStore } from './documents-store';

export function useOpenDocument() {
  const { run, busy } = useAction();
  const openPath = (path: string, revisionLength?: number) =>
    run(async () => {
      const doc = await documentsApi.openPath(path, revisionLength);
      useDocumentsStore.getState().add(doc);
      useDocumentsStore.getState().showDialog(false);
      // pdf.js starts reading while main counts pages and signatures.
      preloadPdf(doc.docId, doc.size);
      const info = await documentsApi.info(doc.docId);
      useDocumentsStore.getState().setInfo(info);
      return doc;
    });
  /**
   * Opens the revision of `path` that ends at byte `revisionLength` (a signature's ByteRange
   * end) in a new read-only tab: the document exactly as it was signed.
   */
  const openRevision = (path: string, revisionLength: number) => openPath(path, revisionLength);
  const pick = () =>
    run(async () => {
      const r = await documentsApi.pick(true);
      if (!r.dialog) {
        useDocumentsStore.getState().showDialog(true);
        return;
      }
      for (const p of r.paths) await openPath(p);
    });
  const close = (docId: string) =>
    run(async () => {
      useDocumentsStore.getState().remove(docId);
      forgetPdf(docId);
      forgetFirstPaint(docId);
      forgetDocumentPages(docId);
      useViewerStore.getState().forget(docId);
      await documentsApi.close(docId);
    });
  return { openPath, openRevision, pick, close, busy };
}
