/**
 * The SecretStore port: where passphrases and credentials live between uses.
 *
 * Owns: the contract (get / set / delete by kind and name, and `available()` telling whether a
 * keychain service runs) and the storage policy: token PINs are kept only when the user opted in
 * (docs/architecture.md: the PIN is "kept nowhere" by default).
 * Must never: fall back to a file or to memory when no keychain runs; callers then ask each
 * time. Secrets cross this port as Buffers, so a caller can zero them after use.
 */
import type { SealdeskError } from '../errors/sealdesk-error';
import { keychainErrors } from './keychain-errors';

export type SecretKind = 'p12-passphrase' | 'cloud-credential' | 'tsa-credential' | 'token-pin';

export const SECRET_KINDS: readonly SecretKind[] = [
  'p12-passphrase',
  'cloud-credential',
  'tsa-credential',
  'token-pin',
];

/** How each kind is named in messages. */
export const KIND_NAMES: Record<SecretKind, { en: string; zh: string }> = {
  'p12-passphrase': { en: 'PKCS#12 passphrase', zh: 'PKCS#12 口令' },
  'cloud-credential': { en: 'cloud storage credential', zh: '云存储凭据' },
  'tsa-credential': { en: 'timestamp service credential', zh: '时间戳服务凭据' },
  'token-pin': { en: 'token PIN', zh: '令牌 PIN' },
};

export interface SecretRef {
  readonly kind: SecretKind;
  /** What the secret belongs to: a .p12 file's id, a sync target, a TSA URL, a token serial. */
  readonly name: string;
}

export type KeychainAvailability =
  { readonly available: true } | { readonly available: false; readonly reason: SealdeskError };

export interface SecretPolicy {
  /** Off by default: token PINs are stored only when the user explicitly turned this on. */
  readonly allowTokenPins: boolean;
}

export const DEFAULT_SECRET_POLICY: SecretPolicy = { allowTokenPins: false };

export interface SecretStore {
  available(): Promise<KeychainAvailability>;
  /** The secret, or undefined when none is stored. */
  get(ref: SecretRef): Promise<Buffer | undefined>;
  /** Stores (or replaces) a secret. Refuses token PINs unless the policy allows them. */
  set(ref: SecretRef, secret: Uint8Array): Promise<void>;
  /** Removes a secret; true when one was there. Always allowed (turning an opt-in off cleans up). */
  delete(ref: SecretRef): Promise<boolean>;
}

/** Throws unless the policy allows keeping this kind of secret. */
export function checkSecretPolicy(ref: SecretRef, policy: SecretPolicy): void {
  if (ref.kind === 'token-pin' && !policy.allowTokenPins) {
    throw keychainErrors('KEYCHAIN_TOKEN_PIN_NOT_ALLOWED', { name: ref.name });
  }
}

/** The keychain account a secret is stored under: its kind travels with it. */
export function accountOf(ref: SecretRef): string {
  const name = ref.name.trim();
  if (name === '' || name.length > 200) {
    throw keychainErrors('KEYCHAIN_NAME_INVALID', { name: name.slice(0, 40) });
  }
  return `${ref.kind}:${name}`;
}
