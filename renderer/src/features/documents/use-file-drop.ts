/**
 * Drag and drop of files onto the window. In Electron the preload tells the path of a dropped
 * file (bridge.pathForFile, webUtils.getPathForFile) and it opens. A browser never reveals where
 * a dropped file lives, and main reads documents by path: so in the web door the path dialog
 * opens instead, with a note saying why.
 *
 * Owns: the window's dragover/drop handlers while the documents page is shown.
 * Must never: read a dropped file's bytes in the renderer.
 */
import { App } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useT } from '../../i18n/i18n';
import { useDocumentsStore } from './documents-store';

const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;

export function useFileDrop(openPath: (path: string) => Promise<unknown>): boolean {
  const t = useT();
  const { message } = App.useApp();
  const [over, setOver] = useState(false);
  const latest = useRef({ openPath, t, message });
  latest.current = { openPath, t, message };
  useEffect(() => {
    const onOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      setOver(true);
    };
    const onLeave = (e: DragEvent) => {
      if (e.relatedTarget === null) setOver(false);
    };
    const onDrop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setOver(false);
      const files = [...(e.dataTransfer?.files ?? [])];
      const pathOf = window.sealdesk?.pathForFile;
      const paths = pathOf ? files.map((f) => pathOf(f)).filter((p) => p !== '') : [];
      if (paths.length > 0) {
        void (async () => {
          for (const p of paths) await latest.current.openPath(p);
        })();
        return;
      }
      const names = files.map((f) => f.name).join(', ');
      const { t, message } = latest.current;
      void message.info({ content: t('documents.drop.noPath', { names }), duration: 10 });
      useDocumentsStore.getState().showDialog(true);
    };
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, []);
  return over;
}
