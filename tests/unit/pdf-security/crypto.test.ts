// The crypto primitives under the standard security handler: RC4 known answers, AES framing.
import { describe, expect, it } from 'vitest';
import { aesDecryptPdf, aesEncryptPdf } from '../../../main/pdf/crypto/aes';
import { rc4 } from '../../../main/pdf/crypto/rc4';
import { objectKey } from '../../../main/pdf/crypto/standard-key';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('rc4', () => {
  it('produces the published test vectors', () => {
    expect(hex(rc4(bytes('Key'), bytes('Plaintext')))).toBe('bbf316e8d940af0ad3');
    expect(hex(rc4(bytes('Wiki'), bytes('pedia')))).toBe('1021bf0420');
    expect(hex(rc4(bytes('Secret'), bytes('Attack at dawn')))).toBe('45a01f645fc35b383552544b9bf5');
  });

  it('decrypts what it encrypts', () => {
    const data = bytes('round trip');
    expect(hex(rc4(bytes('k'), rc4(bytes('k'), data)))).toBe(hex(data));
  });
});

describe('AES framing', () => {
  const key = new Uint8Array(16).fill(7);
  const fixedIv = (n: number) => new Uint8Array(n).fill(1);

  it('prefixes the IV and pads a full block when the data is block-aligned', () => {
    const enc = aesEncryptPdf(key, new Uint8Array(16), fixedIv);
    expect(enc.length).toBe(16 + 32);
    expect(hex(enc.subarray(0, 16))).toBe('01'.repeat(16));
    expect(aesDecryptPdf(key, enc).length).toBe(16);
  });

  it('uses a fresh random IV for each encryption by default', () => {
    const a = aesEncryptPdf(key, bytes('same'));
    const b = aesEncryptPdf(key, bytes('same'));
    expect(hex(a)).not.toBe(hex(b));
    expect(hex(aesDecryptPdf(key, a))).toBe(hex(bytes('same')));
  });

  it('returns the decrypted data as it is when the padding is invalid, rather than failing', () => {
    // Encrypt 32 bytes whose last byte is 0x00 (not valid PKCS#7), then cut off the real padding.
    const plain = new Uint8Array(32).fill(0x41);
    plain[31] = 0;
    const enc = aesEncryptPdf(key, plain, fixedIv).subarray(0, 16 + 32);
    expect(hex(aesDecryptPdf(key, enc))).toBe(hex(plain));
  });

  it('gives empty output for an empty or IV-only ciphertext', () => {
    expect(aesDecryptPdf(key, new Uint8Array(0)).length).toBe(0);
    expect(aesDecryptPdf(key, new Uint8Array(16)).length).toBe(0);
  });
});

describe('object keys (algorithm 1)', () => {
  it('differ by object number, generation and AES salt, and are at most 16 bytes', () => {
    const fk = new Uint8Array(5).fill(9);
    const a = objectKey(fk, 1, 0, false);
    expect(a.length).toBe(10);
    expect(hex(objectKey(fk, 2, 0, false))).not.toBe(hex(a));
    expect(hex(objectKey(fk, 1, 1, false))).not.toBe(hex(a));
    expect(hex(objectKey(fk, 1, 0, true))).not.toBe(hex(a));
    expect(objectKey(new Uint8Array(16), 1, 0, true).length).toBe(16);
  });
});
