/** The signing identities as listed by main (PKCS#12 files, tokens with PIN flags). */
import { create } from 'zustand';
import type { Identities } from '../../../../preload/contract';
import { tokensApi } from './tokens-api';

interface TokensState {
  readonly identities: Identities | undefined;
  readonly reload: () => Promise<void>;
}

export const useTokensStore = create<TokensState>((set) => ({
  identities: undefined,
  reload: async () => set({ identities: await tokensApi.list() }),
}));
