/** The documents feature's calls to main (through the one contract client). */
import { invoke } from '../../app/contract-client';

export const documentsApi = {
  openPath: (path: string) => invoke('documents.openPath', { path }),
  pick: (multiple: boolean) => invoke('documents.pick', { multiple }),
  info: (docId: string) => invoke('documents.info', { docId }),
  close: (docId: string) => invoke('documents.close', { docId }),
  recent: () => invoke('documents.recent', {}),
};
