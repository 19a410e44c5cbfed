/** The seal library as the UI shows it: summaries and their SVG previews. */
import { create } from 'zustand';
import type { SealSummary } from '../../../../preload/contract';
import { sealsApi } from './seals-api';

interface SealsState {
  readonly seals: readonly SealSummary[];
  readonly previews: Readonly<Record<string, string>>;
  readonly loaded: boolean;
  readonly reload: () => Promise<void>;
}

export const useSealsStore = create<SealsState>((set, get) => ({
  seals: [],
  previews: {},
  loaded: false,
  reload: async () => {
    const { seals } = await sealsApi.list();
    const previews: Record<string, string> = { ...get().previews };
    for (const s of seals) previews[s.id] ??= (await sealsApi.previewOf(s.id)).svg;
    set({ seals, previews, loaded: true });
  },
}));
