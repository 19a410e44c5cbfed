/**
 * RC4 (ARC4) stream cipher, as used by the PDF standard security handler for /V 1, /V 2 and the
 * /V2 crypt filter method (ISO 32000-1 §7.6.2, algorithm 1; ISO 32000-2 §7.6.3.2).
 *
 * Owns: the keystream and the XOR. It is implemented here because OpenSSL 3's default provider
 * no longer offers RC4 to node:crypto.
 * Must never: be used for anything but reading and extending existing PDF encryption: RC4 is
 * broken and new files are never encrypted with it by choice.
 */

/** Encrypts or decrypts (the same operation) `data` with `key` (1..256 bytes). */
export function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  if (key.length === 0 || key.length > 256) throw new RangeError('RC4 key must be 1..256 bytes');
  const s = new Uint8Array(256);
  for (let i = 0; i < 256; i++) s[i] = i;
  let j = 0;
  for (let i = 0; i < 256; i++) {
    const si = s[i]!;
    j = (j + si + key[i % key.length]!) & 0xff;
    s[i] = s[j]!;
    s[j] = si;
  }
  const out = new Uint8Array(data.length);
  let a = 0;
  let b = 0;
  for (let n = 0; n < data.length; n++) {
    a = (a + 1) & 0xff;
    const sa = s[a]!;
    b = (b + sa) & 0xff;
    const sb = s[b]!;
    s[a] = sb;
    s[b] = sa;
    out[n] = data[n]! ^ s[(sa + sb) & 0xff]!;
  }
  return out;
}
