/**
 * What `sealdesk sign` shares between one document and a batch: its option values, the PKCS#12
 * passphrase (environment variable, keychain, or a prompt; remembered in the keychain on
 * request), the token identity, and the signature options.
 * Must never: print, log or keep a passphrase or PIN beyond handing it to main/host.
 */
import { isSealdeskError } from '../../errors/sealdesk-error';
import type { BatchSignOptions } from '../../host/batch-signing';
import { defaultDataDir } from '../../host/data-dir';
import { openSecretStore, p12PassphraseRef } from '../../host/secrets';
import { SealLibrary } from '../../host/seals';
import type { KeyLocation, Pkcs12Identity, SigningDeps } from '../../host/signing';
import type { SecretStore } from '../../keychain/secret-store';
import type { HashAlgorithm } from '../../sign/signer';
import { t, type CliIo } from '../cli-io';
import type { ParsedCommand, SIGN_OPTIONS } from '../command-table';
import { cliErrors } from './cli-errors';
import { sealLibraryDir } from './seal';
import { tokenLocation } from './token-identity';

export interface SignCommandDeps {
  readonly signing?: SigningDeps;
  readonly secretStore?: SecretStore;
}

export const PADES_LEVELS = ['B-B', 'B-T', 'B-LT', 'B-LTA'] as const;
export type PadesLevel = (typeof PADES_LEVELS)[number];

/** The values of `sealdesk sign`'s options (../command-table.ts SIGN_OPTIONS). */
export type SignValues = ParsedCommand<typeof SIGN_OPTIONS>['values'];

export const signUsage = (io: CliIo, en: string, zh: string) =>
  cliErrors('CLI_USAGE', { problem: t(io, zh, en), command: 'sign' });

export function envSecret(io: CliIo, name: string, flag: string): string {
  const value = io.env[name];
  if (value === undefined) throw cliErrors('CLI_ENV_MISSING', { name, flag });
  return value;
}

export const secretStoreFor = (io: CliIo, deps: SignCommandDeps): SecretStore =>
  deps.secretStore ?? openSecretStore({ env: io.env });

/**
 * What signing needs beyond the key, for one document and a batch alike: the user's seal
 * library (library seals record each use, seal.used), the data folder (TSA settings, revocation
 * cache, the augment queue) and the keychain; a test's `deps.signing` overrides them.
 */
export const signingDepsFor = (io: CliIo, deps: SignCommandDeps): SigningDeps => ({
  sealLibrary: new SealLibrary(sealLibraryDir(io, undefined)),
  dataDir: defaultDataDir(io.env),
  secrets: secretStoreFor(io, deps),
  ...deps.signing,
});

/** The signature options from the command line (the same for every document of a batch). */
export function signatureOptions(
  io: CliIo,
  v: SignValues,
): BatchSignOptions & { readonly tsaUrls?: readonly string[] } {
  const hash = v.hash ?? 'sha256';
  if (!['sha256', 'sha384', 'sha512'].includes(hash)) {
    throw signUsage(
      io,
      '--hash must be sha256, sha384 or sha512',
      '--hash 只能是 sha256、sha384 或 sha512',
    );
  }
  let certify: 1 | 2 | 3 | undefined;
  if (v.certify !== undefined) {
    if (!['1', '2', '3'].includes(v.certify))
      throw signUsage(io, '--certify must be 1, 2 or 3', '--certify 只能是 1、2 或 3');
    certify = Number(v.certify) as 1 | 2 | 3;
  }
  const level = v.level ?? 'B-B';
  if (!(PADES_LEVELS as readonly string[]).includes(level)) {
    throw signUsage(
      io,
      '--level must be B-B, B-T, B-LT or B-LTA',
      '--level 只能是 B-B、B-T、B-LT 或 B-LTA',
    );
  }
  const password =
    v['password-env'] !== undefined
      ? envSecret(io, v['password-env'], '--password-env')
      : undefined;
  return {
    hash: hash as HashAlgorithm,
    ...(v.reason !== undefined ? { reason: v.reason } : {}),
    ...(v.location !== undefined ? { location: v.location } : {}),
    ...(v.contact !== undefined ? { contactInfo: v.contact } : {}),
    ...(certify !== undefined ? { certify } : {}),
    ...(v.pss ? { preferPss: true } : {}),
    ...(password !== undefined ? { password } : {}),
    level: level as PadesLevel,
    ...(v.tsa?.length ? { tsaUrls: v.tsa } : {}),
  };
}

export interface P12Choice {
  readonly identity: Pkcs12Identity;
  /** Stores the passphrase when --remember-passphrase was given; call after a good open. */
  readonly remember: () => Promise<void>;
}

export async function p12Identity(
  io: CliIo,
  v: SignValues,
  deps: SignCommandDeps,
): Promise<P12Choice> {
  const path = v.p12!;
  let passphrase: string;
  if (v['passphrase-env'] !== undefined) {
    passphrase = envSecret(io, v['passphrase-env'], '--passphrase-env');
  } else if (v['passphrase-from-keychain'] !== undefined) {
    const name = v['passphrase-from-keychain'];
    const store = secretStoreFor(io, deps);
    const availability = await store.available();
    if (!availability.available) throw availability.reason;
    const secret = await store.get({ kind: 'p12-passphrase', name });
    if (!secret) {
      throw cliErrors('CLI_KEYCHAIN_SECRET_MISSING', {
        kind: 'PKCS#12 passphrase',
        kindZh: 'PKCS#12 口令',
        name,
        kindFlag: 'p12-passphrase',
      });
    }
    passphrase = secret.toString('utf8');
    secret.fill(0);
  } else if (io.interactive && io.promptSecret) {
    passphrase = await io.promptSecret(
      t(io, `请输入 ${path} 的口令：`, `Passphrase for ${path}: `),
    );
  } else {
    throw cliErrors('CLI_SECRET_MISSING', {
      what: t(io, 'PKCS#12 口令', 'PKCS#12 passphrase'),
      flag: '--passphrase-env',
    });
  }
  const identity: Pkcs12Identity = { kind: 'p12', path, passphrase };
  return {
    identity,
    remember: async () => {
      if (!v['remember-passphrase']) return;
      const ref = p12PassphraseRef(path);
      const secret = Buffer.from(passphrase, 'utf8');
      try {
        await secretStoreFor(io, deps).set(ref, secret);
        io.stderr.write(
          t(
            io,
            `口令已保存到钥匙串，名称为“${ref.name}”（以后可用 --passphrase-from-keychain ${ref.name}）。\n`,
            `Passphrase remembered in the keychain as "${ref.name}" (use --passphrase-from-keychain ${ref.name}).\n`,
          ),
        );
      } catch (e) {
        // Signing succeeded; not remembering is worth a warning, not a failure.
        const message = isSealdeskError(e) ? e.localized(io.lang) : String(e);
        io.stderr.write(`${t(io, '警告', 'Warning')}: ${message}\n`);
      } finally {
        secret.fill(0);
      }
    },
  };
}

/** The key the command names: a PKCS#12 file (with its passphrase) or a token key location. */
export async function keyFromArgs(
  io: CliIo,
  v: SignValues,
  deps: SignCommandDeps,
): Promise<{ location: KeyLocation; remember: () => Promise<void> }> {
  if (v.pkcs11 && v.p12) {
    throw signUsage(io, 'Give --p12 or --pkcs11, not both', '--p12 与 --pkcs11 只能指定其一');
  }
  if (v.pkcs11) {
    const location = await tokenLocation(io, tokenArgs(v), 'sign');
    return { location, remember: () => Promise.resolve() };
  }
  if (!v.p12) {
    throw signUsage(
      io,
      'Missing the signing key: --p12 FILE or --pkcs11 --token LABEL',
      '缺少签名密钥：--p12 文件 或 --pkcs11 --token 令牌标签',
    );
  }
  const { identity, remember } = await p12Identity(io, v, deps);
  return { location: identity, remember };
}

export const tokenArgs = (v: SignValues) => ({
  module: v.module,
  token: v.token,
  key: v.key,
  keyId: v['key-id'],
  pinEnv: v['pin-env'],
  confirmFinalTry: v['confirm-final-try'],
});
