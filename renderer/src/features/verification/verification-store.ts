/** Verification results per open document. Owns: the panel's state. */
import { create } from 'zustand';
import type { Verification } from '../../../../preload/contract';

interface VerificationState {
  readonly results: Readonly<Record<string, { verification: Verification; sentences: string[] }>>;
  readonly set: (docId: string, r: { verification: Verification; sentences: string[] }) => void;
}

export const useVerificationStore = create<VerificationState>((set) => ({
  results: {},
  set: (docId, r) => set((s) => ({ results: { ...s.results, [docId]: r } })),
}));
