/**
 * Object identifiers used by the CMS layer, with the clause that defines each.
 *
 * Owns: the dotted OID strings, so no other file spells them.
 * Must never: hold logic.
 */
export const OID = {
  // RFC 5652 §4, §5.1
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  // RFC 5652 §11
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  // RFC 5035 §5.4 (ESS signing-certificate-v2)
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  // RFC 3161 / ETSI EN 319 122-1 §5.3 (signature-time-stamp, an unsigned attribute)
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  // RFC 5754 §2 (hash functions)
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  // RFC 8017 / RFC 4055 (RSA)
  rsaEncryption: '1.2.840.113549.1.1.1',
  mgf1: '1.2.840.113549.1.1.8',
  rsassaPss: '1.2.840.113549.1.1.10',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  sha384WithRSAEncryption: '1.2.840.113549.1.1.12',
  sha512WithRSAEncryption: '1.2.840.113549.1.1.13',
  // RFC 5480 / RFC 5758 §3.2 (ECDSA)
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  ecdsaWithSha512: '1.2.840.10045.4.3.4',
} as const;
