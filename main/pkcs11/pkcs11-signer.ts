/**
 * Pkcs11Signer: the Signer port over a key on a PKCS#11 token.
 *
 * Owns: opening a key by (module path, token label, key label | key id hex); the explicit login
 * step with the PIN rules of docs/architecture.md (flags read before every login, a locked PIN
 * never tried, the final try only when confirmed, no retry by itself, the PIN Buffer zeroed right
 * after C_Login whatever happens); signing with CKM_RSA_PKCS over a DigestInfo (RFC 8017 §9.2),
 * CKM_RSA_PKCS_PSS with CK_RSA_PKCS_PSS_PARAMS (hash, MGF1 with the same hash, sLen = hash
 * length; RFC 8017 §8.1, PKCS#11 Current Mechanisms v2.40 §2.1.10) and CKM_ECDSA on the digest
 * with r||s converted to DER; context-specific login for CKA_ALWAYS_AUTHENTICATE keys (PKCS#11
 * Base v2.40 §5.6 C_Login, CKU_CONTEXT_SPECIFIC) right after C_SignInit; PIN-pad tokens
 * (CKF_PROTECTED_AUTHENTICATION_PATH) logged in without a PIN; and close(): log out, close the
 * session, finalise the module when no one else uses it.
 * Must never: keep, log or persist a PIN, put one in an error, retry a login, or stay logged in
 * after close(). After a token removal or a lost session it fails closed: nothing more is signed.
 *
 * Known limit: pkcs11js takes the PIN as a JS string, so the Buffer is decoded for the duration
 * of the C_Login call; that short-lived string cannot be zeroed and is left to the GC. A PIN pad
 * login passes an empty PIN (length 0) because pkcs11js cannot pass NULL_PTR.
 */
import { X509Certificate } from 'node:crypto';
import { isSealdeskError } from '../errors/sealdesk-error';
import type { HashAlgorithm, SignatureScheme, SignRequest, Signer } from '../sign/signer';
import { acquireModule, ck, type ModuleLease } from './loaded-modules';
import { pkcs11Errors } from './pkcs11-errors';
import { returnCodeOf } from './return-codes';
import { checkDigest, DIGEST_LENGTH, digestInfo, ecdsaRawToDer } from './signature-encoding';
import {
  decidePinAttempt,
  decodeTokenFlags,
  triesLeftSentence,
  type TokenFlags,
} from './token-flags';
import {
  describeKey,
  findToken,
  readKeyPairs,
  signMechanisms,
  tokenStillPresent,
  translateFailure,
  type Handle,
  type KeyPairObjects,
  type KeyType,
  type Operation,
  type SignMechanismName,
} from './token-objects';

export type KeySelector = { readonly label: string } | { readonly idHex: string };

export interface TokenState {
  readonly flags: TokenFlags;
  readonly rawFlags: number;
}

export interface ContextPinRequest {
  readonly token: string;
  readonly key: string;
  /** Flags read just before the request, to show tries left. */
  readonly state: TokenState;
}

export interface Pkcs11SignerOptions {
  readonly modulePath: string;
  readonly tokenLabel: string;
  readonly key: KeySelector;
  /**
   * Asked for the PIN at every signature with a CKA_ALWAYS_AUTHENTICATE key (the token demands
   * it; one confirmation cannot cover it). Resolve undefined to cancel. Not needed on a PIN pad.
   */
  readonly contextPin?: (request: ContextPinRequest) => Promise<Buffer | undefined>;
}

export interface Pkcs11SignerDeps {
  /**
   * Test seam: how the token's flags look to the PIN rules. SoftHSM never locks a PIN, so the
   * tests show locked / final-try tokens through this; production leaves it unset.
   */
  readonly viewTokenFlags?: (flags: number) => number;
}

export interface LoginOptions {
  /** The user saw "only one try left" and chose to spend it. */
  readonly confirmFinalTry: boolean;
}

export interface SignerKeyInfo {
  readonly token: string;
  readonly idHex: string;
  readonly label: string | undefined;
  readonly keyType: KeyType;
  /** Known once the key is visible (after login for private objects). */
  readonly alwaysAuthenticate: boolean | undefined;
}

const MGF1: Record<HashAlgorithm, number> = {
  sha256: ck.CKG_MGF1_SHA256,
  sha384: ck.CKG_MGF1_SHA384,
  sha512: ck.CKG_MGF1_SHA512,
};
const HASH_MECHANISM: Record<HashAlgorithm, number> = {
  sha256: ck.CKM_SHA256,
  sha384: ck.CKM_SHA384,
  sha512: ck.CKM_SHA512,
};
const SCHEME_MECHANISM: Record<SignatureScheme, SignMechanismName> = {
  'rsa-pkcs1': 'CKM_RSA_PKCS',
  'rsa-pss': 'CKM_RSA_PKCS_PSS',
  ecdsa: 'CKM_ECDSA',
};
/** Room for any RSA signature up to 8192 bits and any ECDSA r||s. */
const SIGNATURE_BUFFER = 1024;

const normaliseHex = (hex: string): string => hex.replace(/[\s:]/g, '').toLowerCase();

function selectKey(pairs: readonly KeyPairObjects[], selector: KeySelector, token: string) {
  const candidates = pairs.filter((p) => p.keyHandle !== undefined || p.certDer !== undefined);
  const matches =
    'idHex' in selector
      ? candidates.filter((p) => p.idHex === normaliseHex(selector.idHex))
      : candidates.filter((p) => p.keyLabel === selector.label || p.certLabel === selector.label);
  const key = 'idHex' in selector ? `id ${normaliseHex(selector.idHex)}` : `"${selector.label}"`;
  const available = candidates.map(describeKey).join(', ') || '(none)';
  if (matches.length === 0) throw pkcs11Errors('PKCS11_KEY_NOT_FOUND', { token, key, available });
  if (matches.length > 1) {
    throw pkcs11Errors('PKCS11_KEY_AMBIGUOUS', {
      token,
      key: 'label' in selector ? selector.label : key,
      count: matches.length,
      available: matches.map(describeKey).join(', '),
    });
  }
  return matches[0] as KeyPairObjects;
}

/** The signer certificate, then certificates on the token that issued it, up the chain. */
function chainFrom(signerDer: Buffer, pairs: readonly KeyPairObjects[]): Uint8Array[] {
  const pool = pairs
    .map((p) => p.certDer)
    .filter((d): d is Buffer => d !== undefined && !d.equals(signerDer))
    .map((der) => ({ der, cert: new X509Certificate(der) }));
  const chain: Uint8Array[] = [signerDer];
  let current = new X509Certificate(signerDer);
  for (let depth = 0; depth < 8; depth++) {
    const parent = pool.find(
      (c) =>
        current.checkIssued(c.cert) && current.verify(c.cert.publicKey) && !chain.includes(c.der),
    );
    if (!parent || parent.cert.subject === current.subject) break;
    chain.push(parent.der);
    current = parent.cert;
  }
  return chain;
}

export class Pkcs11Signer implements Signer {
  private session: Handle;
  private keyHandle: Handle | undefined;
  private loggedIn = false;
  private closed = false;
  /** Set once the token or session is gone: the signer fails closed from then on. */
  private lost: Error | undefined;
  private operationMaybeActive = false;
  private keyType: KeyType;
  private alwaysAuthenticate: boolean | undefined;

  private constructor(
    private readonly lease: ModuleLease,
    private readonly slot: Handle,
    private readonly token: string,
    session: Handle,
    private readonly pair: KeyPairObjects,
    private readonly chain: readonly Uint8Array[],
    private readonly options: Pkcs11SignerOptions,
    private readonly deps: Pkcs11SignerDeps,
  ) {
    this.session = session;
    this.keyHandle = pair.keyHandle;
    this.keyType =
      pair.keyType ??
      (new X509Certificate(chain[0] as Uint8Array).publicKey.asymmetricKeyType === 'ec'
        ? 'ec'
        : 'rsa');
    this.alwaysAuthenticate = pair.alwaysAuthenticate;
  }

  /** Opens the token and finds the key and its certificate; does not log in. */
  static open(options: Pkcs11SignerOptions, deps: Pkcs11SignerDeps = {}): Promise<Pkcs11Signer> {
    const lease = acquireModule(options.modulePath);
    const { api } = lease;
    const token = options.tokenLabel;
    let session: Handle | undefined;
    try {
      let found;
      try {
        found = findToken(api, options.modulePath, token);
      } catch (e) {
        if (isSealdeskError(e)) throw e;
        throw translateFailure(e, token, 'info', () => true);
      }
      const step = <T>(operation: Operation, fn: () => T): T => {
        try {
          return fn();
        } catch (e) {
          if (isSealdeskError(e)) throw e;
          throw translateFailure(e, token, operation, () => tokenStillPresent(api, token));
        }
      };
      const opened = step('open', () => api.C_OpenSession(found.slot, ck.CKF_SERIAL_SESSION));
      session = opened;
      const pairs = step('read', () => readKeyPairs(api, opened));
      const pair = selectKey(pairs, options.key, token);
      if (!pair.certDer) {
        throw pkcs11Errors('PKCS11_CERTIFICATE_NOT_FOUND', { token, key: describeKey(pair) });
      }
      const signer = new Pkcs11Signer(
        lease,
        found.slot,
        token,
        opened,
        pair,
        chainFrom(pair.certDer, pairs),
        options,
        deps,
      );
      return Promise.resolve(signer);
    } catch (e) {
      if (session) {
        try {
          api.C_CloseSession(session);
        } catch {
          // already gone
        }
      }
      lease.release();
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  get key(): SignerKeyInfo {
    return {
      token: this.token,
      idHex: this.pair.idHex,
      label: this.pair.keyLabel ?? this.pair.certLabel,
      keyType: this.keyType,
      alwaysAuthenticate: this.alwaysAuthenticate,
    };
  }

  /** The token's flags now (read from the token, never cached): show them before asking a PIN. */
  tokenState(): Promise<TokenState> {
    try {
      return Promise.resolve(this.readState());
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  /**
   * Logs in once with the user PIN (undefined on a PIN pad). Reads the flags first and refuses
   * without an attempt when the PIN is locked, or at the final try unless confirmed. The PIN
   * Buffer is zeroed before this returns or throws. Returns the flags read after the login.
   */
  async login(pin: Buffer | undefined, options: LoginOptions): Promise<TokenState> {
    try {
      this.usable();
      const state = this.readState();
      if (this.loggedIn || !state.flags.loginRequired) return state;
      const decision = decidePinAttempt(state.flags, options.confirmFinalTry);
      if (!decision.allowed) throw pkcs11Errors(decision.code, { token: this.token });
      const padded = state.flags.protectedAuthenticationPath;
      if (!padded && pin === undefined) {
        throw pkcs11Errors('PKCS11_PIN_REQUIRED', { token: this.token });
      }
      this.callLogin(ck.CKU_USER, padded ? undefined : pin);
      this.loggedIn = true;
      this.findKeyAfterLogin();
      return await this.tokenState();
    } finally {
      pin?.fill(0);
    }
  }

  certificates(): Promise<readonly Uint8Array[]> {
    return Promise.resolve(this.chain);
  }

  schemes(): Promise<readonly SignatureScheme[]> {
    try {
      this.usable();
      const offered = this.step('info', () =>
        signMechanisms(this.lease.api, this.slot, this.keyType),
      );
      const schemes: SignatureScheme[] = [];
      if (offered.includes('CKM_RSA_PKCS')) schemes.push('rsa-pkcs1');
      if (offered.includes('CKM_RSA_PKCS_PSS')) schemes.push('rsa-pss');
      if (offered.includes('CKM_ECDSA')) schemes.push('ecdsa');
      return Promise.resolve(schemes);
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  async sign(request: SignRequest): Promise<Uint8Array> {
    this.usable();
    const { api } = this.lease;
    if (this.readState().flags.loginRequired && !this.loggedIn) {
      throw pkcs11Errors('PKCS11_NOT_LOGGED_IN', { token: this.token });
    }
    const keyHandle = this.keyHandle;
    if (!keyHandle) {
      throw pkcs11Errors('PKCS11_KEY_NOT_FOUND', {
        token: this.token,
        key: describeKey(this.pair),
        available: '(none visible)',
      });
    }
    checkDigest(request.hash, request.digest);
    const offered = await this.schemes();
    if (!offered.includes(request.scheme)) {
      throw pkcs11Errors('PKCS11_SCHEME_UNSUPPORTED', {
        token: this.token,
        key: describeKey(this.pair),
        scheme: SCHEME_MECHANISM[request.scheme],
        available: offered.map((s) => SCHEME_MECHANISM[s]).join(', ') || '(none)',
      });
    }
    const { mechanism, data } = this.mechanismFor(request);

    // A context PIN is asked before C_SignInit, so that no operation is left open while a
    // person types; it is passed to C_Login right after C_SignInit and zeroed at once.
    let contextPin: Buffer | undefined;
    const padded = this.readState().flags.protectedAuthenticationPath;
    if (this.alwaysAuthenticate === true && !padded) {
      contextPin = await this.askContextPin();
    }
    try {
      if (this.operationMaybeActive) this.renewSession();
      this.step('sign', () => api.C_SignInit(this.session, mechanism, keyHandle));
      this.operationMaybeActive = true;
      if (this.alwaysAuthenticate === true) {
        const pin = contextPin;
        contextPin = undefined;
        this.callLogin(ck.CKU_CONTEXT_SPECIFIC, padded ? undefined : pin, pin);
      }
      let raw: Buffer;
      try {
        raw = await api.C_SignAsync(this.session, data, Buffer.alloc(SIGNATURE_BUFFER));
      } catch (e) {
        throw translateFailure(e, this.token, 'sign', () => tokenStillPresent(api, this.token));
      }
      this.operationMaybeActive = false;
      return request.scheme === 'ecdsa' ? ecdsaRawToDer(raw) : new Uint8Array(raw);
    } catch (e) {
      if (isSealdeskError(e, 'PKCS11_TOKEN_REMOVED')) this.lost = e;
      throw e;
    } finally {
      contextPin?.fill(0);
    }
  }

  /** Logs out and closes the session; releases the module. Safe to call twice. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    const { api } = this.lease;
    if (this.loggedIn) {
      try {
        api.C_Logout(this.session);
      } catch {
        // a removed token is logged out already
      }
      this.loggedIn = false;
    }
    try {
      api.C_CloseSession(this.session);
    } catch {
      // the session went with the token
    }
    this.lease.release();
    return Promise.resolve();
  }

  private usable(): void {
    if (this.closed) throw pkcs11Errors('PKCS11_SIGNER_CLOSED', { token: this.token });
    if (this.lost) throw this.lost;
  }

  private step<T>(operation: Operation, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (isSealdeskError(e)) throw e;
      const error = translateFailure(e, this.token, operation, () =>
        tokenStillPresent(this.lease.api, this.token),
      );
      if (error.code === 'PKCS11_TOKEN_REMOVED') this.lost = error;
      throw error;
    }
  }

  private readState(): TokenState {
    const info = this.step('info', () => this.lease.api.C_GetTokenInfo(this.slot));
    const raw = this.deps.viewTokenFlags ? this.deps.viewTokenFlags(info.flags) : info.flags;
    return { flags: decodeTokenFlags(raw), rawFlags: raw };
  }

  /**
   * One C_Login. The PIN is decoded only for the call and its Buffer zeroed in every case.
   * A wrong PIN re-reads the flags so the error says what the token says about tries left.
   */
  private callLogin(userType: number, pin: Buffer | undefined, zeroAlso?: Buffer): void {
    try {
      this.lease.api.C_Login(this.session, userType, pin ? pin.toString('utf8') : '');
    } catch (e) {
      const rv = returnCodeOf(e);
      if (rv?.name === 'CKR_USER_ALREADY_LOGGED_IN' && userType === ck.CKU_USER) return;
      if (rv?.name === 'CKR_PIN_INCORRECT') {
        const after = this.readState();
        const tries = triesLeftSentence(after.flags);
        throw pkcs11Errors(
          'PKCS11_PIN_INCORRECT',
          { token: this.token, triesEn: tries.en, triesZh: tries.zh, tokenFlags: after.rawFlags },
          e,
        );
      }
      if (rv?.name === 'CKR_PIN_LOCKED')
        throw pkcs11Errors('PKCS11_PIN_LOCKED', { token: this.token });
      this.step('login', () => {
        throw e;
      });
    } finally {
      pin?.fill(0);
      zeroAlso?.fill(0);
    }
  }

  /** Private keys are often private objects: find the key by the certificate's CKA_ID now. */
  private findKeyAfterLogin(): void {
    if (this.keyHandle) return;
    const pairs = this.step('read', () => readKeyPairs(this.lease.api, this.session));
    const pair = pairs.find((p) => p.idHex === this.pair.idHex && p.keyHandle !== undefined);
    if (!pair?.keyHandle) {
      throw pkcs11Errors('PKCS11_KEY_NOT_FOUND', {
        token: this.token,
        key: describeKey(this.pair),
        available:
          pairs
            .filter((p) => p.keyHandle)
            .map(describeKey)
            .join(', ') || '(none)',
      });
    }
    this.keyHandle = pair.keyHandle;
    this.keyType = pair.keyType ?? this.keyType;
    this.alwaysAuthenticate = pair.alwaysAuthenticate;
  }

  private async askContextPin(): Promise<Buffer> {
    const key = describeKey(this.pair);
    if (!this.options.contextPin) {
      throw pkcs11Errors('PKCS11_CONTEXT_PIN_REQUIRED', { token: this.token, key });
    }
    const state = this.readState();
    const decision = decidePinAttempt(state.flags, false);
    if (!decision.allowed) throw pkcs11Errors(decision.code, { token: this.token });
    const pin = await this.options.contextPin({ token: this.token, key, state });
    if (!pin) throw pkcs11Errors('PKCS11_CANCELLED', { token: this.token });
    return pin;
  }

  /**
   * A failed context login can leave a signing operation open, which would make the next
   * C_SignInit fail with CKR_OPERATION_ACTIVE. A fresh session clears it; the login is per
   * application (PKCS#11 Base v2.40 §5.6), so opening the new session first keeps it.
   */
  private renewSession(): void {
    const { api } = this.lease;
    const fresh = this.step('open', () => api.C_OpenSession(this.slot, ck.CKF_SERIAL_SESSION));
    try {
      api.C_CloseSession(this.session);
    } catch {
      // already closed
    }
    this.session = fresh;
    this.operationMaybeActive = false;
  }

  private mechanismFor(request: SignRequest) {
    switch (request.scheme) {
      case 'rsa-pkcs1':
        return {
          mechanism: { mechanism: ck.CKM_RSA_PKCS },
          data: digestInfo(request.hash, request.digest),
        };
      case 'rsa-pss':
        return {
          mechanism: {
            mechanism: ck.CKM_RSA_PKCS_PSS,
            parameter: {
              type: ck.CK_PARAMS_RSA_PSS,
              hashAlg: HASH_MECHANISM[request.hash],
              mgf: MGF1[request.hash],
              saltLen: DIGEST_LENGTH[request.hash],
            },
          },
          data: Buffer.from(request.digest),
        };
      case 'ecdsa':
        return { mechanism: { mechanism: ck.CKM_ECDSA }, data: Buffer.from(request.digest) };
    }
  }
}
