/** Which page of the shell is shown. Owns: navigation state only. */
import { create } from 'zustand';

export type Page = 'documents' | 'seals' | 'identities' | 'settings';

interface UiState {
  readonly page: Page;
  readonly connected: boolean;
  readonly go: (page: Page) => void;
  readonly setConnected: (connected: boolean) => void;
}

export const useUiStore = create<UiState>((set) => ({
  page: 'documents',
  connected: true,
  go: (page) => set({ page }),
  setConnected: (connected) => set({ connected }),
}));
