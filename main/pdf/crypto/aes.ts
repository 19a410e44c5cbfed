/**
 * AES as the PDF standard security handler uses it (ISO 32000-2 §7.6.3.2, algorithm 1.A): CBC
 * with a 16-byte initialisation vector prefixed to the data and PKCS#7 padding, plus the raw
 * no-padding forms that the key algorithms (2.A, 2.B, Perms) need.
 *
 * Owns: the framing (IV prefix, padding) around node:crypto's AES.
 * Must never: throw on a badly padded ciphertext from a real file; it returns what it decrypted
 * instead, because producers exist that write such streams and readers accept them.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const cbcName = (key: Uint8Array): 'aes-128-cbc' | 'aes-256-cbc' => {
  if (key.length === 16) return 'aes-128-cbc';
  if (key.length === 32) return 'aes-256-cbc';
  throw new RangeError(`AES key must be 16 or 32 bytes, got ${key.length}`);
};

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** AES-CBC without padding; `data.length` must be a multiple of 16. */
export function aesCbcNoPad(
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
  mode: 'encrypt' | 'decrypt',
): Uint8Array {
  const c =
    mode === 'encrypt'
      ? createCipheriv(cbcName(key), key, iv)
      : createDecipheriv(cbcName(key), key, iv);
  c.setAutoPadding(false);
  return concat([c.update(data), c.final()]);
}

/** AES-256-ECB decryption of whole blocks without padding (the /Perms check, algorithm 13). */
export function aes256EcbDecrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
  const d = createDecipheriv('aes-256-ecb', key, null);
  d.setAutoPadding(false);
  return concat([d.update(data), d.final()]);
}

/** A source of random IVs; injectable so tests can make encryption deterministic. */
export type RandomBytes = (n: number) => Uint8Array;
export const nodeRandomBytes: RandomBytes = (n) => new Uint8Array(randomBytes(n));

/** Encrypts as a PDF string or stream: random IV || AES-CBC(PKCS#7-padded data). */
export function aesEncryptPdf(
  key: Uint8Array,
  data: Uint8Array,
  random: RandomBytes = nodeRandomBytes,
): Uint8Array {
  const iv = random(16);
  const pad = 16 - (data.length % 16);
  const padded = new Uint8Array(data.length + pad);
  padded.set(data);
  padded.fill(pad, data.length);
  return concat([iv, aesCbcNoPad(key, iv, padded, 'encrypt')]);
}

/**
 * Decrypts a PDF string or stream: the first 16 bytes are the IV. Tolerant of real files: no
 * data or only an IV gives empty output; a trailing partial block is ignored; a last block whose
 * PKCS#7 padding is invalid is returned as decrypted, unpadded bytes left in place.
 */
export function aesDecryptPdf(key: Uint8Array, data: Uint8Array): Uint8Array {
  if (data.length <= 16) return new Uint8Array(0);
  const iv = data.subarray(0, 16);
  const body = data.subarray(16, 16 + Math.floor((data.length - 16) / 16) * 16);
  if (body.length === 0) return new Uint8Array(0);
  const plain = aesCbcNoPad(key, iv, body, 'decrypt');
  const pad = plain[plain.length - 1]!;
  if (pad < 1 || pad > 16) return plain;
  for (let i = plain.length - pad; i < plain.length; i++) if (plain[i] !== pad) return plain;
  return plain.subarray(0, plain.length - pad);
}
