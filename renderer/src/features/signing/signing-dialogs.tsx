/**
 * The signing dialogs, mounted once: intent confirmation, the secret dialog, progress and
 * results; and the subscription that feeds sign.progress events of the current intent into
 * the store.
 */
import { useEffect } from 'react';
import { IntentModal } from './intent-modal';
import { SecretDialog } from './secret-dialog';
import { SignProgressModal } from './sign-progress-modal';
import { signingApi } from './signing-api';
import { useSigningStore } from './signing-store';

export function SigningDialogs() {
  useEffect(
    () =>
      signingApi.onProgress((p) => {
        const s = useSigningStore.getState();
        if (s.intent?.intentId === p.intentId) s.setProgress(p);
      }),
    [],
  );
  return (
    <>
      <IntentModal />
      <SecretDialog />
      <SignProgressModal />
    </>
  );
}
