/**
 * Algorithm identifiers and the choice of signature scheme for CMS signers.
 *
 * Owns: digest AlgorithmIdentifiers (RFC 5754 §2: parameters absent), signature
 * AlgorithmIdentifiers (RFC 4055 §5 sha*WithRSAEncryption with NULL parameters; RFC 4055 §3.1
 * RSASSA-PSS-params; RFC 5758 §3.2 ecdsa-with-SHA* with parameters absent), and which scheme a
 * certificate's key calls for.
 * Must never: sign or hash anything.
 */
import type { HashAlgorithm, SignatureScheme } from '../sign/signer';
import type { CertificateFields } from './certificate-fields';
import { cmsError } from './cms-errors';
import { derNull, explicit, integer, oid, seq } from './der';
import { OID } from './oids';

export const HASH_LENGTH: Record<HashAlgorithm, number> = { sha256: 32, sha384: 48, sha512: 64 };

const HASH_OID: Record<HashAlgorithm, string> = {
  sha256: OID.sha256,
  sha384: OID.sha384,
  sha512: OID.sha512,
};

const HASH_LABEL: Record<HashAlgorithm, string> = {
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
};

export const hashLabel = (h: HashAlgorithm): string => HASH_LABEL[h];

/** DigestAlgorithmIdentifier, parameters absent (RFC 5754 §2). */
export const digestAlgorithmId = (hash: HashAlgorithm): Uint8Array => seq(oid(HASH_OID[hash]));

const RSA_PKCS1_OID: Record<HashAlgorithm, string> = {
  sha256: OID.sha256WithRSAEncryption,
  sha384: OID.sha384WithRSAEncryption,
  sha512: OID.sha512WithRSAEncryption,
};

const ECDSA_OID: Record<HashAlgorithm, string> = {
  sha256: OID.ecdsaWithSha256,
  sha384: OID.ecdsaWithSha384,
  sha512: OID.ecdsaWithSha512,
};

/** SignatureAlgorithmIdentifier for a scheme and hash. */
export function signatureAlgorithmId(scheme: SignatureScheme, hash: HashAlgorithm): Uint8Array {
  switch (scheme) {
    case 'rsa-pkcs1':
      return seq(oid(RSA_PKCS1_OID[hash]), derNull());
    case 'ecdsa':
      return seq(oid(ECDSA_OID[hash]));
    case 'rsa-pss':
      // RSASSA-PSS-params (RFC 4055 §3.1): hash, MGF1 with the same hash, salt = hash length;
      // trailerField left at its DEFAULT 1 (so omitted in DER).
      return seq(
        oid(OID.rsassaPss),
        seq(
          explicit(0, digestAlgorithmId(hash)),
          explicit(1, seq(oid(OID.mgf1), digestAlgorithmId(hash))),
          explicit(2, integer(HASH_LENGTH[hash])),
        ),
      );
  }
}

/**
 * The scheme a certificate's key calls for: ECDSA for EC keys; RSASSA-PSS for id-RSASSA-PSS
 * keys or when PSS is preferred; else RSASSA-PKCS1-v1_5. Refuses keys it cannot sign with and
 * PSS keys whose parameters fix another hash.
 */
export function chooseScheme(
  cert: CertificateFields,
  hash: HashAlgorithm,
  preferPss: boolean,
): SignatureScheme {
  switch (cert.keyType) {
    case 'ec':
      if (cert.keyBits === 0)
        throw cmsError('CMS_UNSUPPORTED_KEY', { keyType: 'EC (unknown curve)' });
      return 'ecdsa';
    case 'rsa':
      return preferPss ? 'rsa-pss' : 'rsa-pkcs1';
    case 'rsa-pss':
      if (cert.pssHash !== undefined && cert.pssHash !== hash) {
        throw cmsError('CMS_PSS_HASH_MISMATCH', {
          subject: cert.subjectText,
          keyHash: hashLabel(cert.pssHash),
          hash: hashLabel(hash),
        });
      }
      return 'rsa-pss';
    case 'other':
      throw cmsError('CMS_UNSUPPORTED_KEY', {
        keyType: cert.publicKey.asymmetricKeyType ?? 'unknown',
      });
  }
}

/** Largest DER Ecdsa-Sig-Value for a curve size (RFC 5480 §2.2): two INTEGERs of n+1 bytes. */
export function maxEcdsaSignatureLength(fieldBits: number): number {
  const n = Math.ceil(fieldBits / 8) + 1;
  const intLen = 2 + n; // n < 128 for every supported curve
  const body = 2 * intLen;
  return body + (body < 128 ? 2 : 3);
}

/** Largest signature value a key can produce, in bytes. */
export function maxSignatureLength(cert: CertificateFields, scheme: SignatureScheme): number {
  return scheme === 'ecdsa' ? maxEcdsaSignatureLength(cert.keyBits) : Math.ceil(cert.keyBits / 8);
}
