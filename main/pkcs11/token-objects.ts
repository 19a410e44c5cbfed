/**
 * Finding tokens, keys and certificates through an open module, and naming failures.
 *
 * Owns: slot lookup by token label (labels are what users see; slot ids change between
 * insertions), enumerating certificates and private keys and pairing them by CKA_ID (PKCS#11
 * Base v2.40 §4.4 / §4.6, the usual convention for a key and its certificate), the signing
 * mechanisms a token offers per key type, and turning a thrown CK_RV into a SealdeskError
 * (session lost or token gone -> PKCS11_TOKEN_REMOVED, failing closed).
 * Must never: log in, sign, or read a sensitive attribute (CKA_VALUE of a private key).
 */
import type { SealdeskError } from '../errors/sealdesk-error';
import { ck, type Pkcs11Api } from './loaded-modules';
import { pkcs11Errors } from './pkcs11-errors';
import { SESSION_LOST_CODES, describeFailure, returnCodeOf } from './return-codes';

export type Handle = Buffer;

export type SignMechanismName = 'CKM_RSA_PKCS' | 'CKM_RSA_PKCS_PSS' | 'CKM_ECDSA';

const MECHANISMS: Record<SignMechanismName, number> = {
  CKM_RSA_PKCS: ck.CKM_RSA_PKCS,
  CKM_RSA_PKCS_PSS: ck.CKM_RSA_PKCS_PSS,
  CKM_ECDSA: ck.CKM_ECDSA,
};

export type KeyType = 'rsa' | 'ec' | 'other';

/** What the user asked to do when a token failed, for the error sentence. */
export const OPERATIONS = {
  info: { operation: 'report its status', operationZh: '报告状态' },
  open: { operation: 'open a session', operationZh: '打开会话' },
  login: { operation: 'log in', operationZh: '登录' },
  read: { operation: 'list its keys and certificates', operationZh: '列出密钥和证书' },
  sign: { operation: 'sign', operationZh: '签名' },
} as const;
export type Operation = keyof typeof OPERATIONS;

export const trimLabel = (padded: string): string => padded.replace(/[\s\0]+$/, '');

export interface PresentToken {
  readonly slot: Handle;
  readonly label: string;
  readonly info: ReturnType<Pkcs11Api['C_GetTokenInfo']>;
}

export function presentTokens(api: Pkcs11Api): PresentToken[] {
  return api.C_GetSlotList(true).map((slot) => {
    const info = api.C_GetTokenInfo(slot);
    return { slot, label: trimLabel(info.label), info };
  });
}

export function findToken(api: Pkcs11Api, path: string, label: string): PresentToken {
  const tokens = presentTokens(api);
  const found = tokens.find((t) => t.label === label);
  if (found) return found;
  const available = tokens.map((t) => `"${t.label}"`).join(', ') || '(none)';
  throw pkcs11Errors('PKCS11_TOKEN_NOT_FOUND', { label, path, available });
}

/** Whether a token with this label is still present (after a failure, to tell removal apart). */
export function tokenStillPresent(api: Pkcs11Api, label: string): boolean {
  try {
    return presentTokens(api).some((t) => t.label === label);
  } catch {
    return false;
  }
}

/**
 * A thrown PKCS#11 failure as a SealdeskError. Session-lost return codes, or any failure after
 * which the token is no longer there, become PKCS11_TOKEN_REMOVED.
 */
export function translateFailure(
  e: unknown,
  token: string,
  operation: Operation,
  stillPresent: () => boolean,
): SealdeskError {
  const rv = returnCodeOf(e);
  const why = describeFailure(e);
  const reason = { reasonEn: why.en, reasonZh: why.zh };
  if ((rv && SESSION_LOST_CODES.has(rv.name)) || !stillPresent()) {
    return pkcs11Errors('PKCS11_TOKEN_REMOVED', { token, ...reason }, e);
  }
  if (rv?.name === 'CKR_PIN_LOCKED') return pkcs11Errors('PKCS11_PIN_LOCKED', { token }, e);
  return pkcs11Errors('PKCS11_OPERATION_FAILED', { token, ...OPERATIONS[operation], ...reason }, e);
}

function findAll(api: Pkcs11Api, session: Handle, template: { type: number; value: number }[]) {
  api.C_FindObjectsInit(session, template);
  try {
    const out: Handle[] = [];
    for (;;) {
      const batch = api.C_FindObjects(session, 64);
      out.push(...batch);
      if (batch.length < 64) return out;
    }
  } finally {
    api.C_FindObjectsFinal(session);
  }
}

/** Reads one attribute; undefined when the token does not have or will not show it. */
function attribute(api: Pkcs11Api, session: Handle, object: Handle, type: number) {
  try {
    return api.C_GetAttributeValue(session, object, [{ type }])[0]?.value;
  } catch (e) {
    const rv = returnCodeOf(e);
    if (rv && SESSION_LOST_CODES.has(rv.name)) throw e;
    return undefined;
  }
}

/** CK_ULONG in native byte order (4 bytes on Windows, 8 elsewhere; little-endian hosts). */
function ulong(value: Buffer | undefined): number | undefined {
  if (!value || value.length === 0) return undefined;
  if (value.length === 8) return Number(value.readBigUInt64LE(0));
  return value.readUIntLE(0, Math.min(value.length, 6));
}

const bool = (value: Buffer | undefined): boolean | undefined =>
  value && value.length > 0 ? value[0] !== 0 : undefined;

const text = (value: Buffer | undefined): string | undefined =>
  value && value.length > 0 ? value.toString('utf8') : undefined;

export interface KeyPairObjects {
  /** CKA_ID in lower-case hex: what pairs a key with its certificate. */
  readonly idHex: string;
  readonly keyHandle: Handle | undefined;
  readonly keyLabel: string | undefined;
  /** From CKA_KEY_TYPE; undefined when the key is not visible (private object, not logged in). */
  readonly keyType: KeyType | undefined;
  readonly alwaysAuthenticate: boolean | undefined;
  readonly canSign: boolean | undefined;
  readonly certDer: Buffer | undefined;
  readonly certLabel: string | undefined;
}

/** Certificates and private keys visible in this session, paired by CKA_ID. */
export function readKeyPairs(api: Pkcs11Api, session: Handle): KeyPairObjects[] {
  const byId = new Map<string, { -readonly [K in keyof KeyPairObjects]: KeyPairObjects[K] }>();
  const entry = (idHex: string) => {
    let e = byId.get(idHex);
    if (!e) {
      e = {
        idHex,
        keyHandle: undefined,
        keyLabel: undefined,
        keyType: undefined,
        alwaysAuthenticate: undefined,
        canSign: undefined,
        certDer: undefined,
        certLabel: undefined,
      };
      byId.set(idHex, e);
    }
    return e;
  };
  const certs = findAll(api, session, [
    { type: ck.CKA_CLASS, value: ck.CKO_CERTIFICATE },
    { type: ck.CKA_CERTIFICATE_TYPE, value: ck.CKC_X_509 },
  ]);
  for (const cert of certs) {
    const der = attribute(api, session, cert, ck.CKA_VALUE);
    if (!der || der.length === 0) continue;
    const e = entry((attribute(api, session, cert, ck.CKA_ID) ?? Buffer.alloc(0)).toString('hex'));
    if (e.certDer) continue; // two certificates with one id: keep the first, as tokens list them
    e.certDer = der;
    e.certLabel = text(attribute(api, session, cert, ck.CKA_LABEL));
  }
  const keys = findAll(api, session, [{ type: ck.CKA_CLASS, value: ck.CKO_PRIVATE_KEY }]);
  for (const key of keys) {
    const idHex = (attribute(api, session, key, ck.CKA_ID) ?? Buffer.alloc(0)).toString('hex');
    const e = entry(idHex);
    if (e.keyHandle) continue;
    const type = ulong(attribute(api, session, key, ck.CKA_KEY_TYPE));
    e.keyHandle = key;
    e.keyLabel = text(attribute(api, session, key, ck.CKA_LABEL));
    e.keyType = type === ck.CKK_RSA ? 'rsa' : type === ck.CKK_EC ? 'ec' : 'other';
    e.alwaysAuthenticate = bool(attribute(api, session, key, ck.CKA_ALWAYS_AUTHENTICATE)) ?? false;
    e.canSign = bool(attribute(api, session, key, ck.CKA_SIGN));
  }
  return [...byId.values()];
}

/** The signing mechanisms the token offers (with CKF_SIGN) that fit a key type. */
export function signMechanisms(
  api: Pkcs11Api,
  slot: Handle,
  keyType: KeyType | undefined,
): SignMechanismName[] {
  const offered = new Set(api.C_GetMechanismList(slot));
  const wanted: SignMechanismName[] =
    keyType === 'rsa'
      ? ['CKM_RSA_PKCS', 'CKM_RSA_PKCS_PSS']
      : keyType === 'ec'
        ? ['CKM_ECDSA']
        : [];
  return wanted.filter((name) => {
    const mechanism = MECHANISMS[name];
    if (!offered.has(mechanism)) return false;
    try {
      return (api.C_GetMechanismInfo(slot, mechanism).flags & ck.CKF_SIGN) !== 0;
    } catch {
      return false;
    }
  });
}

/** How a key is shown in lists and errors: label and id. */
export function describeKey(pair: KeyPairObjects): string {
  const label = pair.keyLabel ?? pair.certLabel;
  return label === undefined ? `id ${pair.idHex || '(empty)'}` : `"${label}" (id ${pair.idHex})`;
}
