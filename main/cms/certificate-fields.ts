/**
 * The few fields of an X.509 certificate (RFC 5280 §4.1) that CMS building needs, as exact
 * byte slices of the certificate.
 *
 * Owns: locating issuer, serialNumber and subjectPublicKeyInfo inside a DER certificate and
 * describing the public key (type, size, RSASSA-PSS restrictions).
 * Must never: validate the certificate (that is verification's job) or re-encode its parts:
 * IssuerAndSerialNumber (RFC 5652 §10.2.4) must repeat the certificate's bytes exactly.
 */
import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import type { HashAlgorithm } from '../sign/signer';
import { cmsError } from './cms-errors';
import { children, encoding, readNode, type DerNode } from './der';

export type CertKeyType = 'rsa' | 'rsa-pss' | 'ec' | 'other';

export interface CertificateFields {
  readonly der: Uint8Array;
  /** Full DER of the issuer Name. */
  readonly issuer: Uint8Array;
  /** Full DER of the serialNumber INTEGER. */
  readonly serialNumber: Uint8Array;
  readonly subjectText: string;
  readonly publicKey: KeyObject;
  readonly keyType: CertKeyType;
  /** RSA modulus bits, or EC field bits. */
  readonly keyBits: number;
  /** For id-RSASSA-PSS keys whose parameters fix the hash (RFC 4055 §3.1). */
  readonly pssHash?: HashAlgorithm;
}

const CURVE_BITS: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521 };

function nodeHash(name: string | undefined): HashAlgorithm | undefined {
  switch (name?.toLowerCase().replace('-', '')) {
    case 'sha256':
      return 'sha256';
    case 'sha384':
      return 'sha384';
    case 'sha512':
      return 'sha512';
    default:
      return undefined;
  }
}

export function readCertificateFields(der: Uint8Array): CertificateFields {
  let tbsParts: DerNode[];
  let subjectText: string;
  try {
    const cert = readNode(der);
    const tbs = children(cert)[0];
    if (!tbs) throw new Error('no tbsCertificate');
    tbsParts = children(tbs);
    subjectText = new X509Certificate(der).subject.replace(/\n/g, ', ');
  } catch (e) {
    throw cmsError(
      'CMS_BAD_CERTIFICATE',
      { reason: e instanceof Error ? e.message : String(e) },
      e,
    );
  }
  // tbsCertificate: [0] version (optional), serialNumber, signature, issuer, validity, subject, spki
  const i = tbsParts[0]?.tag === 0xa0 ? 1 : 0;
  const serial = tbsParts[i];
  const issuer = tbsParts[i + 2];
  const spki = tbsParts[i + 5];
  if (!serial || !issuer || !spki) {
    throw cmsError('CMS_BAD_CERTIFICATE', { reason: 'tbsCertificate is incomplete' });
  }
  const publicKey = createPublicKey({
    key: Buffer.from(encoding(spki)),
    format: 'der',
    type: 'spki',
  });
  const details = publicKey.asymmetricKeyDetails ?? {};
  let keyType: CertKeyType = 'other';
  let keyBits = 0;
  let pssHash: HashAlgorithm | undefined;
  if (publicKey.asymmetricKeyType === 'rsa') {
    keyType = 'rsa';
    keyBits = details.modulusLength ?? 0;
  } else if (publicKey.asymmetricKeyType === 'rsa-pss') {
    keyType = 'rsa-pss';
    keyBits = details.modulusLength ?? 0;
    pssHash = nodeHash(details.hashAlgorithm);
  } else if (publicKey.asymmetricKeyType === 'ec') {
    keyType = 'ec';
    keyBits = CURVE_BITS[details.namedCurve ?? ''] ?? 0;
  }
  return {
    der,
    issuer: encoding(issuer),
    serialNumber: encoding(serial),
    subjectText,
    publicKey,
    keyType,
    keyBits,
    ...(pssHash ? { pssHash } : {}),
  };
}
