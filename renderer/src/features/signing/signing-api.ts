/**
 * The signing feature's calls to main, shaped as the SignFlowApi the flow drives. The secret
 * (PIN/passphrase) is passed straight into sign.run and never stored in any store.
 */
import type { Input } from '../../../../preload/contract';
import { contractClient, invoke } from '../../app/contract-client';
import { documentsApi } from '../documents/documents-api';
import { useDocumentsStore } from '../documents/documents-store';
import { verificationApi } from '../verification/verification-api';
import { useVerificationStore } from '../verification/verification-store';
import type { SignFlowApi } from './sign-flow';

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
  /** The configured time-stamping authorities (B-T and above need one). */
  tsaList: () => invoke('tsa.list', {}),
  onProgress: (listener: Parameters<typeof contractClient.on<'sign.progress'>>[1]) =>
    contractClient.on('sign.progress', listener),
  /** Opens a signed copy beside the original (a new tab) and verifies it for the panel. */
  openSigned: async (path: string) => {
    const doc = await documentsApi.openPath(path);
    useDocumentsStore.getState().add(doc);
    // The verdict first, so the panel does not start a second verification of its own.
    const info = await documentsApi.info(doc.docId);
    useVerificationStore.getState().set(doc.docId, await verificationApi.verify(doc.docId));
    useDocumentsStore.getState().setInfo(info);
  },
} satisfies SignFlowApi & Record<string, unknown>;
