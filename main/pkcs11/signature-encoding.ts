/**
 * Byte-level encodings around raw token mechanisms.
 *
 * Owns: the DigestInfo that CKM_RSA_PKCS signs (RFC 8017 §9.2, the DER prefixes of note 1), the
 * digest lengths used as PSS salt lengths, and the conversion of the raw r||s that CKM_ECDSA
 * returns (PKCS#11 Current Mechanisms v2.40 §2.3.1) to the DER Ecdsa-Sig-Value CMS carries
 * (RFC 5480 §2.2, RFC 5758 §3.2).
 * Must never: hash or sign anything itself.
 */
import type { HashAlgorithm } from '../sign/signer';

/** DER of DigestInfo up to (and including) the OCTET STRING header of the digest. */
const DIGEST_INFO_PREFIX: Record<HashAlgorithm, string> = {
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440',
};

export const DIGEST_LENGTH: Record<HashAlgorithm, number> = {
  sha256: 32,
  sha384: 48,
  sha512: 64,
};

export function checkDigest(hash: HashAlgorithm, digest: Uint8Array): void {
  if (digest.length !== DIGEST_LENGTH[hash]) {
    throw new RangeError(
      `a ${hash} digest has ${DIGEST_LENGTH[hash]} bytes, this one has ${digest.length}`,
    );
  }
}

/** DigestInfo ::= SEQUENCE { digestAlgorithm AlgorithmIdentifier, digest OCTET STRING }. */
export function digestInfo(hash: HashAlgorithm, digest: Uint8Array): Buffer {
  checkDigest(hash, digest);
  return Buffer.concat([Buffer.from(DIGEST_INFO_PREFIX[hash], 'hex'), digest]);
}

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  if (length < 0x100) return Buffer.from([0x81, length]);
  return Buffer.from([0x82, length >> 8, length & 0xff]);
}

function derUnsignedInteger(magnitude: Uint8Array): Buffer {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const body = Buffer.from(magnitude.subarray(start));
  const padded = (body[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), body]) : body;
  return Buffer.concat([Buffer.from([0x02]), derLength(padded.length), padded]);
}

/** Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } from the fixed-width r||s. */
export function ecdsaRawToDer(raw: Uint8Array): Buffer {
  if (raw.length === 0 || raw.length % 2 !== 0) {
    throw new RangeError(`an ECDSA r||s value has an even, non-zero length; got ${raw.length}`);
  }
  const half = raw.length / 2;
  const body = Buffer.concat([
    derUnsignedInteger(raw.subarray(0, half)),
    derUnsignedInteger(raw.subarray(half)),
  ]);
  return Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
}
