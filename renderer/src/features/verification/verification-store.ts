/** Verification results per open document. Owns: the panel's state. */
import { create } from 'zustand';
import type { Output } from '../../../../preload/contract';

export type VerifyResult = Output<'verify.run'>;

interface VerificationState {
  readonly results: Readonly<Record<string, VerifyResult>>;
  readonly set: (docId: string, r: VerifyResult) => void;
}

export const useVerificationStore = create<VerificationState>((set) => ({
  results: {},
  set: (docId, r) => set((s) => ({ results: { ...s.results, [docId]: r } })),
}));
