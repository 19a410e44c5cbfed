/**
 * Signing state: the intent awaiting confirmation and the progress of a run. Must never: hold
 * a PIN or passphrase (the PIN dialog passes it straight to signingApi.run).
 */
import { create } from 'zustand';
import type { EventPayload, SignIntent, SignResult } from '../../../../preload/contract';

interface SigningState {
  readonly intent: SignIntent | undefined;
  readonly progress: EventPayload<'sign.progress'> | undefined;
  readonly result: SignResult | undefined;
  readonly setIntent: (intent: SignIntent | undefined) => void;
  readonly setProgress: (p: EventPayload<'sign.progress'> | undefined) => void;
  readonly setResult: (r: SignResult | undefined) => void;
}

export const useSigningStore = create<SigningState>((set) => ({
  intent: undefined,
  progress: undefined,
  result: undefined,
  setIntent: (intent) => set({ intent }),
  setProgress: (progress) => set({ progress }),
  setResult: (result) => set({ result }),
}));
