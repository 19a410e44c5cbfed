/** The seal library as the UI shows it: summaries and their SVG previews. */
import { create } from 'zustand';
import type { SealSummary } from '../../../../preload/contract';
import { sealsApi } from './seals-api';

interface SealsState {
  readonly seals: readonly SealSummary[];
  readonly previews: Readonly<Record<string, string>>;
  readonly loaded: boolean;
  readonly reload: () => Promise<void>;
  /** Renames in main, then shows the library as main has it. */
  readonly rename: (id: string, name: string) => Promise<SealSummary>;
  readonly remove: (id: string) => Promise<void>;
  /** Adds an exported SEAL.json, then shows the library as main has it. */
  readonly addFile: (path: string) => Promise<SealSummary>;
}

export const useSealsStore = create<SealsState>((set, get) => ({
  seals: [],
  previews: {},
  loaded: false,
  reload: async () => {
    const { seals } = await sealsApi.list();
    const previews: Record<string, string> = {};
    // Keep the previews of seals still listed (a rename leaves the drawing as it was).
    for (const s of seals)
      previews[s.id] = get().previews[s.id] ?? (await sealsApi.previewOf(s.id)).svg;
    set({ seals, previews, loaded: true });
  },
  rename: async (id, name) => {
    const s = await sealsApi.rename(id, name);
    await get().reload();
    return s;
  },
  remove: async (id) => {
    await sealsApi.remove(id);
    await get().reload();
  },
  addFile: async (path) => {
    const s = await sealsApi.addFile(path);
    await get().reload();
    return s;
  },
}));
