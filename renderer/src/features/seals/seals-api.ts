/** The seals feature's calls to main. */
import type { SealSpec } from '../../../../preload/contract';
import { invoke } from '../../app/contract-client';

export const sealsApi = {
  list: () => invoke('seals.list', {}),
  create: (spec: SealSpec) => invoke('seals.create', { spec }),
  importFile: (path: string) => invoke('seals.import', { path }),
  remove: (id: string) => invoke('seals.delete', { id }),
  previewOf: (id: string) => invoke('seals.preview', { id }),
  previewSpec: (spec: SealSpec) => invoke('seals.preview', { spec }),
};
