/** Opening documents: the native dialog in Electron, the path/recent dialog in a browser. */
import { useAction } from '../../app/use-action';
import { documentsApi } from './documents-api';
import { useDocumentsStore } from './documents-store';

export function useOpenDocument() {
  const { run, busy } = useAction();
  const openPath = (path: string) =>
    run(async () => {
      const doc = await documentsApi.openPath(path);
      useDocumentsStore.getState().add(doc);
      useDocumentsStore.getState().showDialog(false);
      const info = await documentsApi.info(doc.docId);
      useDocumentsStore.getState().setInfo(info);
      return doc;
    });
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
      await documentsApi.close(docId);
    });
  return { openPath, pick, close, busy };
}
