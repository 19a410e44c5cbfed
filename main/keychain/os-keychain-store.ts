/**
 * OsKeychainStore: the SecretStore over the operating system's keychain (@napi-rs/keyring):
 * macOS Keychain, Windows Credential Manager, and on Linux the Secret Service over D-Bus
 * (gnome-keyring, KWallet), under the service name "Sealdesk".
 *
 * Owns: mapping SecretRefs to keychain entries (account "<kind>:<name>"), the probe that tells
 * whether a keychain service runs, and the storage policy check before every write.
 * Must never: fall back to a plaintext file, to memory, or to the Linux kernel keyring (which
 * forgets everything at logout, so users would believe a secret kept that is not): on Linux the
 * Secret Service is required explicitly. Never log or echo a secret.
 */
import { AsyncEntry } from '@napi-rs/keyring';
import { keychainErrors } from './keychain-errors';
import {
  accountOf,
  checkSecretPolicy,
  DEFAULT_SECRET_POLICY,
  KIND_NAMES,
  type KeychainAvailability,
  type SecretPolicy,
  type SecretRef,
  type SecretStore,
} from './secret-store';

export const KEYCHAIN_SERVICE = 'Sealdesk';
const PROBE_ACCOUNT = 'sealdesk:probe';

/** The slice of @napi-rs/keyring this adapter uses (injectable for tests of the mapping). */
export interface KeyringEntry {
  setSecret(secret: Uint8Array): Promise<void>;
  getSecret(): Promise<number[] | null>;
  deleteCredential(): Promise<boolean>;
}

export interface OsKeychainStoreOptions {
  readonly policy?: SecretPolicy;
  readonly service?: string;
  /** The environment deciding whether a D-Bus session exists (Linux). */
  readonly env?: NodeJS.ProcessEnv;
  readonly platform?: NodeJS.Platform;
  readonly openEntry?: (service: string, account: string) => KeyringEntry;
}

const OPERATIONS = {
  read: { operation: 'read', operationZh: '读取' },
  store: { operation: 'store', operationZh: '保存' },
  delete: { operation: 'delete', operationZh: '删除' },
} as const;

/** The library's message, first line (it already folds in the D-Bus cause). */
function reasonOf(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0] ?? text;
}

export class OsKeychainStore implements SecretStore {
  private readonly policy: SecretPolicy;
  private readonly service: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly platform: NodeJS.Platform;
  private readonly openEntry: (service: string, account: string) => KeyringEntry;

  constructor(options: OsKeychainStoreOptions = {}) {
    this.policy = options.policy ?? DEFAULT_SECRET_POLICY;
    this.service = options.service ?? KEYCHAIN_SERVICE;
    this.env = options.env ?? process.env;
    this.platform = options.platform ?? process.platform;
    this.openEntry =
      options.openEntry ??
      ((service, account) =>
        new AsyncEntry(service, account, { linux: { store: 'secret-service' } }));
  }

  async available(): Promise<KeychainAvailability> {
    if (this.platform === 'linux' && !this.env['DBUS_SESSION_BUS_ADDRESS']) {
      return {
        available: false,
        reason: keychainErrors('KEYCHAIN_UNAVAILABLE', {
          detail: 'no D-Bus session: DBUS_SESSION_BUS_ADDRESS is not set',
        }),
      };
    }
    try {
      await this.openEntry(this.service, PROBE_ACCOUNT).getSecret();
      return { available: true };
    } catch (e) {
      return {
        available: false,
        reason: keychainErrors('KEYCHAIN_UNAVAILABLE', { detail: reasonOf(e) }, e),
      };
    }
  }

  /** The secret, or undefined when none is stored, no keychain runs, or policy forbids it. */
  async get(ref: SecretRef): Promise<Buffer | undefined> {
    const account = accountOf(ref);
    if (ref.kind === 'token-pin' && !this.policy.allowTokenPins) return undefined;
    if (!(await this.available()).available) return undefined;
    const bytes = await this.call(ref, 'read', (entry) => entry.getSecret(), account);
    return bytes === null ? undefined : Buffer.from(bytes);
  }

  async set(ref: SecretRef, secret: Uint8Array): Promise<void> {
    const account = accountOf(ref);
    checkSecretPolicy(ref, this.policy);
    const availability = await this.available();
    if (!availability.available) throw availability.reason;
    await this.call(ref, 'store', (entry) => entry.setSecret(secret), account);
  }

  async delete(ref: SecretRef): Promise<boolean> {
    const account = accountOf(ref);
    const availability = await this.available();
    if (!availability.available) throw availability.reason;
    return this.call(ref, 'delete', (entry) => entry.deleteCredential(), account);
  }

  private async call<T>(
    ref: SecretRef,
    operation: keyof typeof OPERATIONS,
    fn: (entry: KeyringEntry) => Promise<T>,
    account: string,
  ): Promise<T> {
    try {
      return await fn(this.openEntry(this.service, account));
    } catch (e) {
      throw keychainErrors(
        'KEYCHAIN_OPERATION_FAILED',
        {
          ...OPERATIONS[operation],
          kind: KIND_NAMES[ref.kind].en,
          kindZh: KIND_NAMES[ref.kind].zh,
          name: ref.name,
          reason: reasonOf(e),
        },
        e,
      );
    }
  }
}
