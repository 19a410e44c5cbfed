/**
 * Signing use cases: turn a request from any door (CLI, Electron, web) into a Signer and a call
 * to the PAdES signing pipeline.
 *
 * Owns: choosing and opening the signing identity (a PKCS#12 file, or a key on a PKCS#11 token
 * with the PIN rules of docs/architecture.md: flags read first, a locked PIN refused with no
 * attempt, the final try only when the person confirmed it, one login, the PIN Buffer zeroed
 * whatever happens), and closing the signer whatever happens.
 * Must never: keep a passphrase or PIN after the Signer is opened, log one, or retry a login.
 *
 * The final try is surfaced as the typed error PKCS11_PIN_FINAL_TRY_UNCONFIRMED, raised before
 * any PIN is asked for or tried: a door turns it into a yes/no question and opens again with
 * `confirmFinalTry: true`.
 */
import { resolve } from 'node:path';
import { defineErrors, isSealdeskError } from '../errors/sealdesk-error';
import type { SecretStore } from '../keychain/secret-store';
import { defaultDataDir } from './data-dir';
import { ltvQueue, revocationOptionsFor, tsaOptionsFor } from './ltv';

const hostSigningErrors = defineErrors({
  SIGN_NO_TSA: {
    category: 'usage',
    en: 'Signing at {level} needs a time-stamping authority (TSA). Pass --tsa URL, or add one to the TSA settings.',
    zh: '以 {level} 级别签署需要时间戳服务（TSA）。请使用 --tsa 网址，或在时间戳设置中添加一个。',
  },
});
import {
  Pkcs11Signer,
  type ContextPinRequest,
  type KeySelector,
  type Pkcs11SignerDeps,
  type TokenState,
} from '../pkcs11/pkcs11-signer';
import { pkcs11Errors } from '../pkcs11/pkcs11-errors';
import { decidePinAttempt } from '../pkcs11/token-flags';
import { Pkcs12Signer } from '../sign/pkcs12-signer';
import { signAtLevel, type SignAtLevelOptions, type SignAtLevelResult } from '../ltv/sign-at-level';
import type { SignPdfOptions } from '../sign/pades-signer';
import type { Signer } from '../sign/signer';

export interface Pkcs12Identity {
  readonly kind: 'p12';
  readonly path: string;
  readonly passphrase: string;
}

/** Where a token key is: enough to read its certificate, not to use it. */
export interface Pkcs11KeyLocation {
  readonly kind: 'pkcs11';
  readonly modulePath: string;
  readonly tokenLabel: string;
  readonly key: KeySelector;
}

/**
 * The PIN, or a function asked for it once the token's flags are known (so a door can show
 * them before asking). Undefined on a PIN pad. The Buffer is zeroed by openSigner.
 */
export type PinSource = Buffer | undefined | ((state: TokenState) => Promise<Buffer | undefined>);

export interface Pkcs11Identity extends Pkcs11KeyLocation {
  readonly pin: PinSource;
  /** The person saw "only one try left" and chose to spend it. */
  readonly confirmFinalTry: boolean;
  /** Asked at every signature with a CKA_ALWAYS_AUTHENTICATE key; undefined cancels. */
  readonly contextPin?: (request: ContextPinRequest) => Promise<Buffer | undefined>;
}

export type SigningIdentity = Pkcs12Identity | Pkcs11Identity;

/** What locates a key without unlocking a token (a PKCS#12 file still needs its passphrase). */
export type KeyLocation = Pkcs12Identity | Pkcs11KeyLocation;

export interface SigningDeps {
  /** Passed to Pkcs11Signer (test seam for locked / final-try flags). */
  readonly pkcs11?: Pkcs11SignerDeps;
  /** Where library seals record their use (seal.used events for the audit trail). */
  readonly sealLibrary?: {
    markUsed(id: string, context: Readonly<Record<string, string | number>>): Promise<unknown>;
  };
  /** The data folder (TSA settings, revocation cache, the augment queue); default per user. */
  readonly dataDir?: string;
  /** The keychain, for TSA credentials. */
  readonly secrets?: SecretStore;
}

export type SignRequest = Omit<SignPdfOptions, 'signer'> & {
  readonly identity: SigningIdentity;
  /** Per-run TSA URLs (`--tsa`), tried before the configured ones (B-T and above). */
  readonly tsaUrls?: readonly string[];
};

/** Opens the identity, logged in and ready to sign. Close it when done. */
export async function openSigner(
  identity: SigningIdentity,
  deps: SigningDeps = {},
): Promise<Signer> {
  switch (identity.kind) {
    case 'p12':
      return Pkcs12Signer.fromFile(identity.path, identity.passphrase);
    case 'pkcs11':
      return openPkcs11Signer(identity, deps);
  }
}

/** Opens a key location without logging in: for reading the certificate chain only. */
export async function openForCertificates(
  location: KeyLocation,
  deps: SigningDeps = {},
): Promise<Signer> {
  if (location.kind === 'p12') return Pkcs12Signer.fromFile(location.path, location.passphrase);
  return Pkcs11Signer.open(
    { modulePath: location.modulePath, tokenLabel: location.tokenLabel, key: location.key },
    deps.pkcs11 ?? {},
  );
}

/** The token's PIN flags now, without logging in (to show them before asking a PIN). */
export async function tokenPinState(
  location: Pkcs11KeyLocation,
  deps: SigningDeps = {},
): Promise<TokenState> {
  const signer = await Pkcs11Signer.open(
    { modulePath: location.modulePath, tokenLabel: location.tokenLabel, key: location.key },
    deps.pkcs11 ?? {},
  );
  try {
    return await signer.tokenState();
  } finally {
    await signer.close();
  }
}

async function openPkcs11Signer(identity: Pkcs11Identity, deps: SigningDeps): Promise<Signer> {
  const given = typeof identity.pin === 'function' ? undefined : identity.pin;
  let signer: Pkcs11Signer | undefined;
  try {
    signer = await Pkcs11Signer.open(
      {
        modulePath: identity.modulePath,
        tokenLabel: identity.tokenLabel,
        key: identity.key,
        ...(identity.contextPin ? { contextPin: identity.contextPin } : {}),
      },
      deps.pkcs11 ?? {},
    );
    const state = await signer.tokenState();
    if (state.flags.loginRequired) {
      // Decide before a PIN is asked for: nobody should type a PIN that will not be tried.
      const decision = decidePinAttempt(state.flags, identity.confirmFinalTry);
      if (!decision.allowed) throw pkcs11Errors(decision.code, { token: identity.tokenLabel });
    }
    const pin =
      typeof identity.pin === 'function'
        ? state.flags.loginRequired && !state.flags.protectedAuthenticationPath
          ? await identity.pin(state)
          : undefined
        : given;
    await signer.login(pin, { confirmFinalTry: identity.confirmFinalTry });
    return signer;
  } catch (e) {
    given?.fill(0);
    await signer?.close();
    throw e;
  }
}

export type LevelServices = Pick<SignAtLevelOptions, 'tsa' | 'revocation' | 'queue'>;

/**
 * What signing at `level` needs beyond the key: above B-B a time-stamping authority (per-run
 * URLs first, then ltv-settings.json), the revocation sources and the augment queue. Call it
 * before any key is used: with no TSA at all it throws SIGN_NO_TSA.
 */
export async function levelServicesFor(
  level: NonNullable<SignPdfOptions['level']>,
  deps: SigningDeps,
  tsaUrls?: readonly string[],
): Promise<LevelServices> {
  if (level === 'B-B') return {};
  const dataDir = deps.dataDir ?? defaultDataDir(process.env);
  const ltvOpts = {
    dataDir,
    ...(tsaUrls ? { tsaUrls } : {}),
    ...(deps.secrets ? { secrets: deps.secrets } : {}),
  };
  const tsa = await tsaOptionsFor(ltvOpts);
  if (tsa.tsas.length === 0) throw hostSigningErrors('SIGN_NO_TSA', { level });
  return { tsa, revocation: await revocationOptionsFor(ltvOpts), queue: ltvQueue(dataDir) };
}

/** Signs one document with the given identity; the signer is closed afterwards. */
export async function signDocument(
  request: SignRequest,
  deps: SigningDeps = {},
): Promise<SignAtLevelResult> {
  const { identity, tsaUrls, ...rest } = request;
  const ltv = await levelServicesFor(rest.level ?? 'B-B', deps, tsaUrls);
  const signer = await openSigner(identity, deps);
  const library = deps.sealLibrary;
  const onSealUsed: SignPdfOptions['onSealUsed'] = (staged) => {
    // At B-LT/B-LTA signPdf writes a staging file first: report where the copy ends up.
    const e = { ...staged, output: resolve(rest.output) };
    rest.onSealUsed?.(e);
    // A seal loaded from a SEAL.json outside the library is not in it: nothing to record.
    void library
      ?.markUsed(e.sealId, {
        output: e.output,
        inputSha256: e.inputSha256,
        field: e.fieldName,
        placements: e.placements,
        pagingSlices: e.pagingSlices,
      })
      .catch(() => undefined);
  };
  try {
    return await signAtLevel({ ...rest, ...ltv, signer, onSealUsed });
  } finally {
    await signer.close?.();
  }
}

/** True for errors that say the key or token is unusable, so every further use would fail too. */
export function isKeyFailure(e: unknown): boolean {
  if (!isSealdeskError(e)) return false;
  return /^(PKCS11_|P12_|CERT_|SIGNER_)/.test(e.code);
}
