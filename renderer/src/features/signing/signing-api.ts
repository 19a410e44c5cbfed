/**
 * The signing feature's calls to main. The secret (PIN/passphrase) is passed straight into
 * sign.run and never stored in any store.
 */
import type { Input } from '../../../../preload/contract';
import { contractClient, invoke } from '../../app/contract-client';

export const signingApi = {
  prepare: (input: Input<'sign.prepare'>) => invoke('sign.prepare', input),
  run: (intentId: string, secret: string | undefined, confirmFinalTry: boolean) =>
    invoke('sign.run', {
      intentId,
      confirmFinalTry,
      ...(secret !== undefined ? { secret } : {}),
    }),
  cancel: (intentId: string) => invoke('sign.cancel', { intentId }),
  discard: (intentId: string) => invoke('sign.discard', { intentId }),
  onProgress: (listener: Parameters<typeof contractClient.on<'sign.progress'>>[1]) =>
    contractClient.on('sign.progress', listener),
};
