/**
 * The open documents (tabs): handles, their info, the active tab, the open dialog.
 * Owns: tab state. Must never: hold a document's bytes (the viewer reads ranges from main).
 */
import { create } from 'zustand';
import type { DocumentHandle, DocumentInfo } from '../../../../preload/contract';

interface DocumentsState {
  readonly docs: readonly DocumentHandle[];
  readonly info: Readonly<Record<string, DocumentInfo>>;
  readonly activeId: string | undefined;
  readonly dialogOpen: boolean;
  readonly add: (doc: DocumentHandle) => void;
  readonly setInfo: (info: DocumentInfo) => void;
  readonly remove: (docId: string) => void;
  readonly activate: (docId: string) => void;
  readonly showDialog: (open: boolean) => void;
}

export const useDocumentsStore = create<DocumentsState>((set) => ({
  docs: [],
  info: {},
  activeId: undefined,
  dialogOpen: false,
  add: (doc) => set((s) => ({ docs: [...s.docs, doc], activeId: doc.docId })),
  setInfo: (info) => set((s) => ({ info: { ...s.info, [info.docId]: info } })),
  remove: (docId) =>
    set((s) => {
      const docs = s.docs.filter((d) => d.docId !== docId);
      const info = Object.fromEntries(Object.entries(s.info).filter(([k]) => k !== docId));
      const activeId = s.activeId === docId ? docs[docs.length - 1]?.docId : s.activeId;
      return { docs, info, activeId };
    }),
  activate: (docId) => set({ activeId: docId }),
  showDialog: (dialogOpen) => set({ dialogOpen }),
}));
