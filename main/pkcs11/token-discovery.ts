/**
 * Discovery: which tokens a driver sees, and which signing keys with certificates they hold.
 *
 * Owns: `listTokens(modulePath)`: per present token its label, maker, model, serial, decoded
 * flags (PKCS#11 Base v2.40 §5.5 C_GetTokenInfo) and the certificates paired with private keys
 * by CKA_ID, with the mechanisms the token offers for each key.
 * Must never: log in. Without a login, private keys that are private objects are not visible;
 * such entries say `privateKeyVisible: false` and take their key type from the certificate.
 */
import { isSealdeskError } from '../errors/sealdesk-error';
import { summarizeCertificate, type CertificateSummary } from './certificate-summary';
import { acquireModule, ck } from './loaded-modules';
import { decodeTokenFlags, type TokenFlags } from './token-flags';
import {
  presentTokens,
  readKeyPairs,
  signMechanisms,
  tokenStillPresent,
  translateFailure,
  trimLabel,
  type KeyType,
  type SignMechanismName,
} from './token-objects';

export interface TokenKeySummary {
  readonly keyLabel: string | undefined;
  readonly keyIdHex: string;
  readonly keyType: KeyType;
  /** False when the private key is hidden until login (a private object): details are the cert's. */
  readonly privateKeyVisible: boolean;
  /** CKA_ALWAYS_AUTHENTICATE: the PIN is asked again for every signature; undefined if hidden. */
  readonly alwaysAuthenticate: boolean | undefined;
  readonly mechanisms: readonly SignMechanismName[];
  readonly certificate: CertificateSummary;
  readonly certificateLabel: string | undefined;
}

export interface TokenSummary {
  readonly modulePath: string;
  /** Slot id as hex: only for diagnostics, slots are renumbered (find tokens by label). */
  readonly slotIdHex: string;
  readonly label: string;
  readonly manufacturer: string;
  readonly model: string;
  readonly serial: string;
  readonly flags: TokenFlags;
  readonly rawFlags: number;
  readonly keys: readonly TokenKeySummary[];
}

/**
 * Lists the present tokens of a driver and the certified keys on each. No login.
 * `viewTokenFlags` is the test seam of Pkcs11SignerDeps (a locked or final-try PIN that
 * SoftHSM cannot show); production leaves it unset.
 */
export function listTokens(
  modulePath: string,
  viewTokenFlags?: (flags: number) => number,
): TokenSummary[] {
  const lease = acquireModule(modulePath);
  const { api } = lease;
  try {
    let tokens;
    try {
      tokens = presentTokens(api);
    } catch (e) {
      throw translateFailure(e, modulePath, 'info', () => true);
    }
    return tokens.map(({ slot, label, info }) => {
      const flags = viewTokenFlags ? viewTokenFlags(info.flags) : info.flags;
      const summary = {
        modulePath,
        slotIdHex: slot.toString('hex'),
        label,
        manufacturer: trimLabel(info.manufacturerID),
        model: trimLabel(info.model),
        serial: trimLabel(info.serialNumber),
        flags: decodeTokenFlags(flags),
        rawFlags: flags,
      };
      // A blank token (a free SoftHSM slot, a card never personalised) holds nothing to list.
      if (!summary.flags.tokenInitialized) return { ...summary, keys: [] };
      let session;
      try {
        session = api.C_OpenSession(slot, ck.CKF_SERIAL_SESSION);
      } catch (e) {
        throw translateFailure(e, label, 'open', () => tokenStillPresent(api, label));
      }
      try {
        const keys: TokenKeySummary[] = [];
        for (const pair of readKeyPairs(api, session)) {
          if (!pair.certDer) continue;
          const certificate = summarizeCertificate(pair.certDer);
          // A certificate with no visible key is listed only when its key may be hidden until
          // login (and it is not a CA certificate stored for the chain).
          const keyMayBeHidden = (info.flags & ck.CKF_LOGIN_REQUIRED) !== 0 && !certificate.isCa;
          if (!pair.keyHandle && !keyMayBeHidden) continue;
          const keyType = pair.keyType ?? certificate.publicKeyType;
          keys.push({
            keyLabel: pair.keyLabel ?? pair.certLabel,
            keyIdHex: pair.idHex,
            keyType,
            privateKeyVisible: pair.keyHandle !== undefined,
            alwaysAuthenticate: pair.alwaysAuthenticate,
            mechanisms: signMechanisms(api, slot, keyType),
            certificate,
            certificateLabel: pair.certLabel,
          });
        }
        return { ...summary, keys };
      } catch (e) {
        if (isSealdeskError(e)) throw e;
        throw translateFailure(e, label, 'read', () => tokenStillPresent(api, label));
      } finally {
        try {
          api.C_CloseSession(session);
        } catch {
          // the token went away; the session went with it
        }
      }
    });
  } finally {
    lease.release();
  }
}
