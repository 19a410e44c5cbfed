/** The documents feature's calls to main (through the one contract client). */
import { invoke } from '../../app/contract-client';

export const documentsApi = {
  /** With revisionLength: the signed revision [0, revisionLength) only (read-only view). */
  openPath: (path: string, revisionLength?: number) =>
    invoke(
      'documents.openPath',
      revisionLength === undefined ? { path } : { path, revisionLength },
    ),
  pick: (multiple: boolean) => invoke('documents.pick', { multiple }),
  info: (docId: string) => invoke('documents.info', { docId }),
  pages: (docId: string, from: number, count: number) =>
    invoke('documents.pages', { docId, from, count }),
  readRange: (docId: string, offset: number, length: number) =>
    invoke('documents.readRange', { docId, offset, length }),
  close: (docId: string) => invoke('documents.close', { docId }),
  recent: () => invoke('documents.recent', {}),
};
