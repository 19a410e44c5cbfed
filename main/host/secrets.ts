/**
 * Secret use cases over the OS keychain: the store the doors use, and the names secrets are
 * kept under.
 *
 * Owns: opening the SecretStore with the user's policy (token PINs only when opted in), and the
 * name a PKCS#12 passphrase is remembered under (the file's absolute path).
 * Must never: fall back to a file or memory when no keychain runs, or log a secret.
 */
import { resolve } from 'node:path';
import { OsKeychainStore } from '../keychain/os-keychain-store';
import type { SecretRef, SecretStore } from '../keychain/secret-store';

// What the doors need of main/keychain, through the host (docs/architecture.md "what may import
// what").
export { keychainErrors } from '../keychain/keychain-errors';
export { KIND_NAMES, SECRET_KINDS } from '../keychain/secret-store';
export type { SecretKind, SecretRef, SecretStore } from '../keychain/secret-store';

export interface SecretStoreOptions {
  /** Opt-in to keep token PINs (off by default). */
  readonly allowTokenPins?: boolean;
  readonly env?: NodeJS.ProcessEnv;
}

export function openSecretStore(options: SecretStoreOptions = {}): SecretStore {
  return new OsKeychainStore({
    policy: { allowTokenPins: options.allowTokenPins ?? false },
    ...(options.env ? { env: options.env } : {}),
  });
}

/** The keychain entry a PKCS#12 file's passphrase is remembered under. */
export const p12PassphraseRef = (p12Path: string): SecretRef => ({
  kind: 'p12-passphrase',
  name: resolve(p12Path),
});
