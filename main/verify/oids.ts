/**
 * Object identifiers used by verification, with the clause that defines each.
 *
 * Owns: OID constants and the digest-OID <-> hash-name table.
 * Must never: map an unknown OID to a default algorithm.
 */
import type { HashName } from './der';

export const OID = {
  // RFC 5652 §5.1, §11
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  // RFC 2634 §5.4 / RFC 5035 §3: ESS signing-certificate(-v2)
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  // RFC 3161 §2.4.2
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  // RFC 8017 / RFC 4055 / RFC 5758 / RFC 8410
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  ecPublicKey: '1.2.840.10045.2.1',
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
  // RFC 6211 §2: cmsAlgorithmProtection
  cmsAlgorithmProtection: '1.2.840.113549.1.9.52',
  // RFC 5280 §4.2.1
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  issuerAltName: '2.5.29.18',
  basicConstraints: '2.5.29.19',
  crlNumber: '2.5.29.20',
  crlReason: '2.5.29.21',
  invalidityDate: '2.5.29.24',
  deltaCrlIndicator: '2.5.29.27',
  issuingDistributionPoint: '2.5.29.28',
  certificateIssuer: '2.5.29.29',
  nameConstraints: '2.5.29.30',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  policyMappings: '2.5.29.33',
  authorityKeyIdentifier: '2.5.29.35',
  policyConstraints: '2.5.29.36',
  extKeyUsage: '2.5.29.37',
  inhibitAnyPolicy: '2.5.29.54',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  qcStatements: '1.3.6.1.5.5.7.1.3',
  kpTimeStamping: '1.3.6.1.5.5.7.3.8',
  kpOcspSigning: '1.3.6.1.5.5.7.3.9',
  // RFC 6960 §4.2.1, §4.2.2.2.1
  ocspBasic: '1.3.6.1.5.5.7.48.1.1',
  ocspNonce: '1.3.6.1.5.5.7.48.1.2',
  ocspNoCheck: '1.3.6.1.5.5.7.48.1.5',
} as const;

/** Digest algorithms (RFC 3370 §2.1, RFC 5754 §2, NIST CSOR hashAlgs for SHA-3 / SHAKE). */
const DIGESTS: Record<string, HashName> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '2.16.840.1.101.3.4.2.8': 'sha3-256',
  '2.16.840.1.101.3.4.2.9': 'sha3-384',
  '2.16.840.1.101.3.4.2.10': 'sha3-512',
  '2.16.840.1.101.3.4.2.12': 'shake256',
};

export const hashFromOid = (oid: string): HashName | undefined => DIGESTS[oid];

export function oidFromHash(hash: HashName): string {
  for (const [oid, name] of Object.entries(DIGESTS)) if (name === hash) return oid;
  throw new Error(`no OID for ${hash}`);
}

/**
 * Signature algorithm OIDs that fix the hash: RSA PKCS#1 v1.5 (RFC 8017 A.2.4; with SHA-3,
 * NIST CSOR sigAlgs 13-16), ECDSA (RFC 5758 §3.2; with SHA-3, NIST CSOR sigAlgs 9-12), and
 * the plain (r||s) ECDSA of BSI TR-03111 §5.2.1 that German signature cards write.
 */
export const SIGNATURE_OIDS: Record<
  string,
  { scheme: 'rsa-pkcs1' | 'ecdsa'; hash: HashName; plain?: true }
> = {
  '1.2.840.113549.1.1.5': { scheme: 'rsa-pkcs1', hash: 'sha1' },
  '1.2.840.113549.1.1.14': { scheme: 'rsa-pkcs1', hash: 'sha224' },
  '1.2.840.113549.1.1.11': { scheme: 'rsa-pkcs1', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { scheme: 'rsa-pkcs1', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { scheme: 'rsa-pkcs1', hash: 'sha512' },
  '1.2.840.10045.4.1': { scheme: 'ecdsa', hash: 'sha1' },
  '1.2.840.10045.4.3.1': { scheme: 'ecdsa', hash: 'sha224' },
  '1.2.840.10045.4.3.2': { scheme: 'ecdsa', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { scheme: 'ecdsa', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { scheme: 'ecdsa', hash: 'sha512' },
  '2.16.840.1.101.3.4.3.10': { scheme: 'ecdsa', hash: 'sha3-256' },
  '2.16.840.1.101.3.4.3.11': { scheme: 'ecdsa', hash: 'sha3-384' },
  '2.16.840.1.101.3.4.3.12': { scheme: 'ecdsa', hash: 'sha3-512' },
  '2.16.840.1.101.3.4.3.14': { scheme: 'rsa-pkcs1', hash: 'sha3-256' },
  '2.16.840.1.101.3.4.3.15': { scheme: 'rsa-pkcs1', hash: 'sha3-384' },
  '2.16.840.1.101.3.4.3.16': { scheme: 'rsa-pkcs1', hash: 'sha3-512' },
  // BSI TR-03111 ecdsa-plain-signatures (0.4.0.127.0.7.1.1.4.1): r||s, not an Ecdsa-Sig-Value
  '0.4.0.127.0.7.1.1.4.1.1': { scheme: 'ecdsa', hash: 'sha1', plain: true },
  '0.4.0.127.0.7.1.1.4.1.2': { scheme: 'ecdsa', hash: 'sha224', plain: true },
  '0.4.0.127.0.7.1.1.4.1.3': { scheme: 'ecdsa', hash: 'sha256', plain: true },
  '0.4.0.127.0.7.1.1.4.1.4': { scheme: 'ecdsa', hash: 'sha384', plain: true },
  '0.4.0.127.0.7.1.1.4.1.5': { scheme: 'ecdsa', hash: 'sha512', plain: true },
  '0.4.0.127.0.7.1.1.4.1.9': { scheme: 'ecdsa', hash: 'sha3-256', plain: true },
  '0.4.0.127.0.7.1.1.4.1.10': { scheme: 'ecdsa', hash: 'sha3-384', plain: true },
  '0.4.0.127.0.7.1.1.4.1.11': { scheme: 'ecdsa', hash: 'sha3-512', plain: true },
};

const ATTR_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'emailAddress',
};
export const attributeName = (oid: string): string => ATTR_NAMES[oid] ?? oid;
