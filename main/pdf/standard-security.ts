/**
 * The standard security handler (ISO 32000-2 §7.6.4; ISO 32000-1 §7.6.3 for revisions 2-4):
 * opens an encrypted document with a password and decrypts / encrypts its strings and streams
 * so that Sealdesk can sign encrypted PDFs with an incremental update encrypted like the rest.
 *
 * Supports /V 1 and 2 (RC4, 40-128 bit, R2/R3), /V 4 crypt filters (/StdCF with /CFM /V2 or
 * /AESV2, /StmF /StrF /EFF, /Identity; R4) and /V 5 with /AESV3 (R6 of ISO 32000-2, and the
 * deprecated R5 of Adobe's extension level 3). Crypt filters: §7.6.6; stream /Crypt filter:
 * §7.4.10; algorithm 1 / 1.A object keys: §7.6.3.2.
 *
 * Decisions:
 * - An undefined password means "try the empty password"; failing that is PDF_PASSWORD_REQUIRED,
 *   a non-empty password that fails is PDF_PASSWORD_WRONG.
 * - A password is tried as owner and as user password; when both match, the owner wins.
 * - /P is taken from the dictionary; /Perms (R5/R6) is not used to override or refuse it.
 * - Cross-reference streams are never encrypted (§7.5.8.2), so both directions pass them through;
 *   /Type /Metadata streams pass through when /EncryptMetadata is false (§7.6.4.1, Table 21).
 * - AES: encryption uses a fresh random IV; decryption tolerates bad padding (see crypto/aes.ts).
 *
 * Owns: parsing the /Encrypt dictionary and choosing the crypt method per string / stream.
 * Must never: keep, log or put into an error the password; never decrypt the /Encrypt
 * dictionary's own strings or signature /Contents (the caller does not pass them here).
 */
import { isArray, isDict, isName, isString, PdfDict, type PdfObject, type PdfRef } from './objects';
import type { SecurityHandler } from './security-handler';
import { securityError } from './security-errors';
import { aesDecryptPdf, aesEncryptPdf, nodeRandomBytes, type RandomBytes } from './crypto/aes';
import { rc4 } from './crypto/rc4';
import {
  objectKey,
  unlockFileKey,
  type StandardKeyParams,
  type StandardRevision,
  type UnlockedKey,
} from './crypto/standard-key';

/** How one class of data (strings, streams, embedded files, one named filter) is encrypted. */
export type CryptMethod = 'identity' | 'rc4' | 'aes-128' | 'aes-256';

export interface StandardSecurityOptions {
  /** Source of AES initialisation vectors (node:crypto randomBytes unless injected). */
  readonly random?: RandomBytes;
}

/** The handler with a few facts about the encryption, for reports and the writer. */
export interface StandardSecurityHandler extends SecurityHandler {
  readonly revision: StandardRevision;
  /** File key length in bits (40..128, or 256). */
  readonly keyBits: number;
  readonly stringMethod: CryptMethod;
  readonly streamMethod: CryptMethod;
}

interface ParsedEncrypt {
  readonly params: StandardKeyParams;
  readonly stringMethod: CryptMethod;
  readonly streamMethod: CryptMethod;
  readonly embeddedFileMethod: CryptMethod;
  /** Named crypt filters of /CF (V4/V5), for streams with their own /Crypt filter. */
  readonly namedFilters: ReadonlyMap<string, CryptMethod>;
}

const bytesOf = (o: PdfObject | undefined): Uint8Array | undefined =>
  isString(o) ? o.bytes : undefined;

function parseEncrypt(encrypt: PdfDict, idFirst: Uint8Array, file: string): ParsedEncrypt {
  const unsupported = (reason: string) =>
    securityError('PDF_ENCRYPTION_UNSUPPORTED', { file, reason });
  const damaged = (reason: string) => securityError('PDF_ENCRYPTION_DAMAGED', { file, reason });

  const filter = encrypt.getName('Filter');
  if (filter !== 'Standard') {
    const sub = encrypt.getName('SubFilter') ?? '';
    if (filter === 'Adobe.PubSec' || sub.startsWith('adbe.pkcs7')) {
      throw unsupported('public-key (certificate) security');
    }
    throw unsupported(`security handler /${filter ?? '?'}`);
  }
  const v = encrypt.getNumber('V') ?? 0;
  const r = encrypt.getNumber('R');
  if (![1, 2, 4, 5].includes(v)) throw unsupported(`/V ${v}`);
  if (r === undefined || ![2, 3, 4, 5, 6].includes(r)) throw unsupported(`/R ${r ?? 'missing'}`);
  const revision = r as StandardRevision;
  if ((v === 5) !== revision >= 5) throw unsupported(`/V ${v} with /R ${revision}`);

  const o = bytesOf(encrypt.get('O'));
  const u = bytesOf(encrypt.get('U'));
  const need = revision >= 5 ? 48 : 32;
  if (!o || o.length < need) throw damaged(`/O is not a string of ${need} bytes`);
  if (!u || u.length < need) throw damaged(`/U is not a string of ${need} bytes`);
  const oe = bytesOf(encrypt.get('OE'));
  const ue = bytesOf(encrypt.get('UE'));
  if (revision >= 5 && (!oe || oe.length < 32 || !ue || ue.length < 32)) {
    throw damaged('/OE or /UE is not a string of 32 bytes');
  }
  const p = encrypt.getNumber('P');
  if (p === undefined) throw damaged('/P is missing');
  // Some producers write /P as an unsigned 32-bit number; the value is the same bit pattern.
  const permissions = p | 0;
  const em = encrypt.get('EncryptMetadata');
  const encryptMetadata = v >= 4 ? em !== false : true;

  const namedFilters = new Map<string, CryptMethod>();
  let stringMethod: CryptMethod;
  let streamMethod: CryptMethod;
  let embeddedFileMethod: CryptMethod;
  let keyBytes: number;

  if (v < 4) {
    stringMethod = streamMethod = embeddedFileMethod = 'rc4';
    const bits = v === 1 ? 40 : (encrypt.getNumber('Length') ?? 40);
    if (bits < 40 || bits > 128 || bits % 8 !== 0) throw unsupported(`/Length ${bits}`);
    keyBytes = revision === 2 ? 5 : bits / 8;
  } else {
    const cf = encrypt.get('CF');
    const cfDict = isDict(cf) ? cf : new PdfDict();
    let cfLength: number | undefined;
    for (const [filterName, entry] of cfDict.map) {
      if (!isDict(entry)) throw damaged(`crypt filter /${filterName} is not a dictionary`);
      const cfm = entry.getName('CFM') ?? 'None';
      let method: CryptMethod;
      if (cfm === 'None') method = 'identity';
      else if (cfm === 'V2') method = 'rc4';
      else if (cfm === 'AESV2') method = 'aes-128';
      else if (cfm === 'AESV3') method = 'aes-256';
      else throw unsupported(`crypt filter method /${cfm}`);
      if (method === 'aes-256' && revision < 5) throw unsupported(`/AESV3 with /R ${revision}`);
      if ((method === 'rc4' || method === 'aes-128') && revision >= 5) {
        throw unsupported(`/${cfm} with /R ${revision}`);
      }
      namedFilters.set(filterName, method);
      if (filterName === 'StdCF') cfLength = entry.getNumber('Length');
    }
    const methodOf = (key: string, fallback: CryptMethod): CryptMethod => {
      const n = encrypt.getName(key);
      if (n === undefined) return fallback;
      if (n === 'Identity') return 'identity';
      const m = namedFilters.get(n);
      if (m === undefined) throw damaged(`/${key} names /${n}, which /CF does not define`);
      return m;
    };
    streamMethod = methodOf('StmF', 'identity');
    stringMethod = methodOf('StrF', 'identity');
    embeddedFileMethod = methodOf('EFF', streamMethod);
    if (revision >= 5) {
      keyBytes = 32;
    } else {
      // The file key length: /Length in bits, else /StdCF's /Length (bytes per §7.6.6, though
      // some producers write bits there too), else 128 bits.
      const bits = encrypt.getNumber('Length');
      const fromCf = cfLength === undefined ? undefined : cfLength <= 16 ? cfLength : cfLength / 8;
      keyBytes = bits !== undefined ? bits / 8 : (fromCf ?? 16);
      if (!Number.isInteger(keyBytes) || keyBytes < 5 || keyBytes > 16) {
        throw unsupported(`key length ${keyBytes * 8} bits`);
      }
    }
  }

  return {
    params: {
      revision,
      keyLength: keyBytes,
      o,
      u,
      ...(oe ? { oe } : {}),
      ...(ue ? { ue } : {}),
      permissions,
      idFirst,
      encryptMetadata,
    },
    stringMethod,
    streamMethod,
    embeddedFileMethod,
    namedFilters,
  };
}

function authenticate(
  parsed: ParsedEncrypt,
  password: string | undefined,
  file: string,
): UnlockedKey {
  const unlocked = unlockFileKey(parsed.params, password ?? '');
  if (!unlocked) {
    throw securityError(password ? 'PDF_PASSWORD_WRONG' : 'PDF_PASSWORD_REQUIRED', { file });
  }
  return unlocked;
}

/**
 * The file encryption key and who it authenticated as, without building a handler: for
 * diagnostics (compare with `qpdf --show-encryption-key`) and tests. Never log the key.
 * Same arguments and errors as createStandardSecurityHandler.
 */
export function unlockStandardFileKey(
  encrypt: PdfDict,
  idFirst: Uint8Array,
  password: string | undefined,
  file: string,
): UnlockedKey {
  return authenticate(parseEncrypt(encrypt, idFirst, file), password, file);
}

/** The first entry of a /Filter or /DecodeParms value that may be a single value or an array. */
const first = (o: PdfObject | undefined): PdfObject | undefined => (isArray(o) ? o[0] : o);

/**
 * Opens the standard security handler of a document.
 *
 * @param encrypt the /Encrypt dictionary, every value resolved, strings raw as stored
 * @param idFirst the first string of the trailer /ID (empty if the file has none)
 * @param password the password the user gave; undefined tries the empty user password
 * @param file the file name used in error messages
 * @throws SealdeskError PDF_PASSWORD_REQUIRED, PDF_PASSWORD_WRONG, PDF_ENCRYPTION_UNSUPPORTED,
 *   PDF_ENCRYPTION_DAMAGED
 */
export function createStandardSecurityHandler(
  encrypt: PdfDict,
  idFirst: Uint8Array,
  password: string | undefined,
  file: string,
  options: StandardSecurityOptions = {},
): StandardSecurityHandler {
  const parsed = parseEncrypt(encrypt, idFirst, file);
  const { fileKey, authenticatedAs } = authenticate(parsed, password, file);
  const random = options.random ?? nodeRandomBytes;
  const { encryptMetadata } = parsed.params;

  const streamMethodFor = (dict: PdfDict): CryptMethod => {
    const type = dict.getName('Type');
    if (type === 'XRef') return 'identity';
    if (type === 'Metadata' && !encryptMetadata) return 'identity';
    if (isName(first(dict.get('Filter')), 'Crypt')) {
      const parms = first(dict.get('DecodeParms'));
      const n = isDict(parms) ? (parms.getName('Name') ?? 'Identity') : 'Identity';
      if (n === 'Identity') return 'identity';
      const m = parsed.namedFilters.get(n);
      if (m === undefined) {
        throw securityError('PDF_ENCRYPTION_UNSUPPORTED', {
          file,
          reason: `stream crypt filter /${n} is not defined in /CF`,
        });
      }
      return m;
    }
    if (type === 'EmbeddedFile') return parsed.embeddedFileMethod;
    return parsed.streamMethod;
  };

  const apply = (
    method: CryptMethod,
    bytes: Uint8Array,
    ref: PdfRef,
    mode: 'encrypt' | 'decrypt',
  ): Uint8Array => {
    switch (method) {
      case 'identity':
        return bytes;
      case 'rc4':
        return rc4(objectKey(fileKey, ref.num, ref.gen, false), bytes);
      case 'aes-128': {
        const key = objectKey(fileKey, ref.num, ref.gen, true);
        return mode === 'encrypt' ? aesEncryptPdf(key, bytes, random) : aesDecryptPdf(key, bytes);
      }
      case 'aes-256':
        // Algorithm 1.A: the file key itself, whatever the object.
        return mode === 'encrypt'
          ? aesEncryptPdf(fileKey, bytes, random)
          : aesDecryptPdf(fileKey, bytes);
    }
  };

  return {
    authenticatedAs,
    encryptMetadata,
    permissions: parsed.params.permissions,
    revision: parsed.params.revision,
    keyBits: fileKey.length * 8,
    stringMethod: parsed.stringMethod,
    streamMethod: parsed.streamMethod,
    decryptString: (bytes, ref) => apply(parsed.stringMethod, bytes, ref, 'decrypt'),
    encryptString: (bytes, ref) => apply(parsed.stringMethod, bytes, ref, 'encrypt'),
    decryptStream: (bytes, ref, dict) => apply(streamMethodFor(dict), bytes, ref, 'decrypt'),
    encryptStream: (bytes, ref, dict) => apply(streamMethodFor(dict), bytes, ref, 'encrypt'),
  };
}
