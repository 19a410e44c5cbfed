/**
 * The Signer port: who holds the key does not matter to signing.
 *
 * Owns: the contract between PAdES signing and any key holder (PKCS#12 file, PKCS#11 token,
 * later SM2). A Signer gives its certificate chain and signs one request; it is agnostic as to
 * where the cryptographic operation happens.
 * Must never: expose private key material, PINs or passphrases through this interface.
 */

export type HashAlgorithm = 'sha256' | 'sha384' | 'sha512';

/**
 * The signature scheme the CMS layer asks for, chosen from the signer certificate's key:
 * RSA keys sign with PKCS#1 v1.5 unless PSS is requested (or the key is an RSASSA-PSS key);
 * EC keys with ECDSA. Result encodings: RSA raw signature bytes; ECDSA a DER Ecdsa-Sig-Value
 * (RFC 5480 §2.2 / RFC 5758 §3.2), never the raw r||s.
 */
export type SignatureScheme = 'rsa-pkcs1' | 'rsa-pss' | 'ecdsa';

export interface SignRequest {
  /** The bytes being signed: the DER SET OF signed attributes (RFC 5652 §5.4). */
  readonly data: Uint8Array;
  /** hash(data) with `hash`: what a token that signs digests (CKM_RSA_PKCS, CKM_ECDSA) uses. */
  readonly digest: Uint8Array;
  readonly hash: HashAlgorithm;
  readonly scheme: SignatureScheme;
}

export interface Signer {
  /** DER certificates: the signer's first, then the intermediates it has (roots optional). */
  certificates(): Promise<readonly Uint8Array[]>;
  /** The schemes this key can produce (RSA-PSS only where the key holder offers it). */
  schemes(): Promise<readonly SignatureScheme[]>;
  /** Signs one request. One call is one use of the key. */
  sign(request: SignRequest): Promise<Uint8Array>;
  /** Releases the key holder (logs out of a token). Safe to call twice. */
  close?(): Promise<void>;
}
