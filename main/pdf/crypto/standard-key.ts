/**
 * The key algorithms of the PDF standard security handler: from a password and the /Encrypt
 * dictionary to the file encryption key, deciding on the way whether the password is the user
 * or the owner password.
 *
 * Follows ISO 32000-1 §7.6.3.3 (algorithms 2 to 7) for revisions 2 to 4, Adobe's extension
 * level 3 (SHA-256 only) for the deprecated revision 5, and ISO 32000-2 §7.6.4.3.3 (algorithms
 * 2.A, 2.B, 11, 12) for revision 6. Password encoding: ISO 32000-2 §7.6.4.3.1 (PDFDocEncoding,
 * padded to 32 bytes, for R2-R4) and §7.6.4.3.2 (SASLprep, UTF-8, at most 127 bytes, for R5/R6;
 * SASLprep is approximated by NFKC normalisation).
 *
 * Owns: pure functions over bytes; no dictionary parsing (see ../standard-security.ts).
 * Must never: keep, log or return the password or its encoded bytes; the byte copies it makes
 * are zeroed before returning.
 */
import { createHash } from 'node:crypto';
import { aesCbcNoPad } from './aes';
import { rc4 } from './rc4';

/** The 32-byte padding string of ISO 32000-2 §7.6.4.3.2, algorithm 2 step a. */
export const PASSWORD_PADDING: Uint8Array = Uint8Array.from([
  0x28, 0xbf, 0x4e, 0x5e, 0x4e, 0x75, 0x8a, 0x41, 0x64, 0x00, 0x4e, 0x56, 0xff, 0xfa, 0x01, 0x08,
  0x2e, 0x2e, 0x00, 0xb6, 0xd0, 0x68, 0x3e, 0x80, 0x2f, 0x0c, 0xa9, 0xfe, 0x64, 0x53, 0x69, 0x7a,
]);

export type StandardRevision = 2 | 3 | 4 | 5 | 6;

/** What the key algorithms need from the /Encrypt dictionary and the trailer's /ID. */
export interface StandardKeyParams {
  readonly revision: StandardRevision;
  /** File key length in bytes for R2-R4 (5..16); ignored for R5/R6 (always 32). */
  readonly keyLength: number;
  readonly o: Uint8Array;
  readonly u: Uint8Array;
  /** R5/R6 only. */
  readonly oe?: Uint8Array;
  /** R5/R6 only. */
  readonly ue?: Uint8Array;
  /** /P as a signed 32-bit integer. */
  readonly permissions: number;
  /** The first element of the trailer /ID (may be empty when a damaged file has none). */
  readonly idFirst: Uint8Array;
  readonly encryptMetadata: boolean;
}

export interface UnlockedKey {
  readonly fileKey: Uint8Array;
  readonly authenticatedAs: 'user' | 'owner';
}

const md5 = (...parts: Uint8Array[]): Uint8Array => {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

const sha = (alg: 'sha256' | 'sha384' | 'sha512', ...parts: Uint8Array[]): Uint8Array => {
  const h = createHash(alg);
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

const equalBytes = (a: Uint8Array, b: Uint8Array): boolean => {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
};

/** PDFDocEncoding bytes 0x80..0xA0 (ISO 32000-2 Annex D.3) as Unicode, for the reverse map. */
const PDF_DOC_HIGH = [
  0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044, 0x2039, 0x203a, 0x2212, 0x2030,
  0x201e, 0x201c, 0x201d, 0x2018, 0x2019, 0x201a, 0x2122, 0xfb01, 0xfb02, 0x0141, 0x0152, 0x0160,
  0x0178, 0x017d, 0x0131, 0x0142, 0x0153, 0x0161, 0x017e, 0xfffd, 0x20ac,
];
const PDF_DOC_REVERSE = new Map(PDF_DOC_HIGH.map((u, i) => [u, 0x80 + i]));

/**
 * R2-R4 password bytes (§7.6.4.3.1): PDFDocEncoding where a character has a code there, else
 * its low byte as Latin-1 would have it ('?' beyond); at most 32 bytes.
 */
export function legacyPasswordBytes(password: string): Uint8Array {
  const out: number[] = [];
  for (const ch of password) {
    if (out.length === 32) break;
    const c = ch.codePointAt(0)!;
    const mapped = PDF_DOC_REVERSE.get(c);
    out.push(mapped ?? (c < 0x100 ? c : 0x3f));
  }
  return Uint8Array.from(out);
}

/** R5/R6 password bytes (§7.6.4.3.2): SASLprep-lite (NFKC), UTF-8, truncated to 127 bytes. */
export function utf8PasswordBytes(password: string): Uint8Array {
  const utf8 = new TextEncoder().encode(password.normalize('NFKC'));
  return utf8.length > 127 ? utf8.slice(0, 127) : utf8;
}

/** Algorithm 2 step a: the password's first 32 bytes, completed by the padding string. */
function padPassword(pw: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  const n = Math.min(32, pw.length);
  out.set(pw.subarray(0, n));
  out.set(PASSWORD_PADDING.subarray(0, 32 - n), n);
  return out;
}

/** Algorithm 2 (R2-R4): the file key computed from a (user) password. */
function legacyFileKey(p: StandardKeyParams, pw: Uint8Array): Uint8Array {
  const n = p.revision === 2 ? 5 : p.keyLength;
  const perms = new Uint8Array(4);
  new DataView(perms.buffer).setInt32(0, p.permissions, true);
  const parts = [padPassword(pw), p.o.subarray(0, 32), perms, p.idFirst];
  // Step f: R4 with /EncryptMetadata false hashes four 0xFF bytes as well.
  if (p.revision >= 4 && !p.encryptMetadata) parts.push(Uint8Array.of(0xff, 0xff, 0xff, 0xff));
  let h = md5(...parts);
  if (p.revision >= 3) for (let i = 0; i < 50; i++) h = md5(h.subarray(0, n));
  return h.slice(0, n);
}

/** RC4 with key XOR i for i in `order` (algorithms 3 and 5, the 19/20 extra passes). */
function rc4Rounds(key: Uint8Array, data: Uint8Array, order: readonly number[]): Uint8Array {
  let out = data;
  for (const i of order)
    out = rc4(
      key.map((b) => b ^ i),
      out,
    );
  return out;
}
const UP_0_19 = Array.from({ length: 20 }, (_, i) => i);
const DOWN_19_0 = [...UP_0_19].reverse();

/** Algorithms 4/5 + 6: is `pw` the user password? Returns the file key if so. */
function legacyUserKey(p: StandardKeyParams, pw: Uint8Array): Uint8Array | undefined {
  const key = legacyFileKey(p, pw);
  if (p.revision === 2) {
    return equalBytes(rc4(key, PASSWORD_PADDING), p.u.subarray(0, 32)) ? key : undefined;
  }
  const u = rc4Rounds(key, md5(PASSWORD_PADDING, p.idFirst), UP_0_19);
  return equalBytes(u, p.u.subarray(0, 16)) ? key : undefined;
}

/** Algorithm 7: is `pw` the owner password? Recovers the user password from /O and tries it. */
function legacyOwnerKey(p: StandardKeyParams, pw: Uint8Array): Uint8Array | undefined {
  const n = p.revision === 2 ? 5 : p.keyLength;
  let h = md5(padPassword(pw));
  if (p.revision >= 3) for (let i = 0; i < 50; i++) h = md5(h);
  const rc4Key = h.subarray(0, n);
  const o = p.o.subarray(0, 32);
  const userPw = p.revision === 2 ? rc4(rc4Key, o) : rc4Rounds(rc4Key, o, DOWN_19_0);
  const key = legacyUserKey(p, userPw);
  userPw.fill(0);
  return key;
}

/** Algorithm 2.B (R6), or plain SHA-256 for R5: the hash of password, salt and user data. */
function hash2B(revision: 5 | 6, pw: Uint8Array, salt: Uint8Array, udata: Uint8Array): Uint8Array {
  let k = sha('sha256', pw, salt, udata);
  if (revision === 5) return k;
  let i = 0;
  for (;;) {
    const unit = new Uint8Array(pw.length + k.length + udata.length);
    unit.set(pw);
    unit.set(k, pw.length);
    unit.set(udata, pw.length + k.length);
    const k1 = new Uint8Array(unit.length * 64);
    for (let r = 0; r < 64; r++) k1.set(unit, r * unit.length);
    const e = aesCbcNoPad(k.subarray(0, 16), k.subarray(16, 32), k1, 'encrypt');
    // The first 16 bytes of E as a big-endian integer mod 3 equals the sum of its bytes mod 3.
    let sum = 0;
    for (let b = 0; b < 16; b++) sum += e[b]!;
    const alg = (['sha256', 'sha384', 'sha512'] as const)[sum % 3]!;
    k = sha(alg, e);
    i++;
    if (i >= 64 && e[e.length - 1]! <= i - 32) break;
  }
  return k.subarray(0, 32);
}

/** Algorithms 2.A, 11 and 12 (R5/R6): the file key when `pw` is the user or owner password. */
function aesV3Key(
  p: StandardKeyParams,
  pw: Uint8Array,
  as: 'user' | 'owner',
): Uint8Array | undefined {
  const rev = p.revision === 5 ? 5 : 6;
  const u48 = p.u.subarray(0, 48);
  const src = as === 'user' ? p.u : p.o;
  const udata = as === 'user' ? new Uint8Array(0) : u48;
  const encKey = as === 'user' ? p.ue : p.oe;
  if (!equalBytes(hash2B(rev, pw, src.subarray(32, 40), udata), src.subarray(0, 32))) {
    return undefined;
  }
  if (!encKey || encKey.length < 32) return undefined;
  const intermediate = hash2B(rev, pw, src.subarray(40, 48), udata);
  return aesCbcNoPad(intermediate, new Uint8Array(16), encKey.subarray(0, 32), 'decrypt');
}

/**
 * Tries `password` as the owner and as the user password and returns the file key, or
 * undefined when it is neither. When it is both (user and owner passwords equal, or both
 * empty), the owner wins: the reader then has owner rights.
 */
export function unlockFileKey(p: StandardKeyParams, password: string): UnlockedKey | undefined {
  if (p.revision >= 5) {
    const pw = utf8PasswordBytes(password);
    try {
      const owner = aesV3Key(p, pw, 'owner');
      if (owner) return { fileKey: owner, authenticatedAs: 'owner' };
      const user = aesV3Key(p, pw, 'user');
      return user ? { fileKey: user, authenticatedAs: 'user' } : undefined;
    } finally {
      pw.fill(0);
    }
  }
  const pw = legacyPasswordBytes(password);
  try {
    const owner = legacyOwnerKey(p, pw);
    if (owner) return { fileKey: owner, authenticatedAs: 'owner' };
    const user = legacyUserKey(p, pw);
    return user ? { fileKey: user, authenticatedAs: 'user' } : undefined;
  } finally {
    pw.fill(0);
  }
}

/**
 * Algorithm 1 (R2-R4 and the /V2 and /AESV2 methods): the key for one object, from the file
 * key, the object number and generation, and "sAlT" for AES.
 */
export function objectKey(fileKey: Uint8Array, num: number, gen: number, aes: boolean): Uint8Array {
  const extra = Uint8Array.of(
    num & 0xff,
    (num >> 8) & 0xff,
    (num >> 16) & 0xff,
    gen & 0xff,
    (gen >> 8) & 0xff,
  );
  const salt = aes ? Uint8Array.of(0x73, 0x41, 0x6c, 0x54) : new Uint8Array(0);
  return md5(fileKey, extra, salt).subarray(0, Math.min(fileKey.length + 5, 16));
}
