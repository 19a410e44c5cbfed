/** The seals feature's calls to main. */
import type { SealSpec } from '../../../../preload/contract';
import { invoke } from '../../app/contract-client';

export const sealsApi = {
  list: () => invoke('seals.list', {}),
  create: (spec: SealSpec) => invoke('seals.create', { spec }),
  importFile: (path: string) => invoke('seals.import', { path }),
  remove: (id: string) => invoke('seals.delete', { id }),
  rename: (id: string, name: string) => invoke('seals.rename', { id, name }),
  /** Writes the seal to a SEAL.json at `path`; answers with the absolute path written. */
  exportTo: (id: string, path: string) => invoke('seals.export', { id, path }),
  /** Adds a SEAL.json exported elsewhere (same id and name). */
  addFile: (path: string) => invoke('seals.add', { path }),
  previewOf: (id: string) => invoke('seals.preview', { id }),
  previewSpec: (spec: SealSpec) => invoke('seals.preview', { spec }),
};
