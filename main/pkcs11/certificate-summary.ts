/**
 * What a user needs to see to pick a certificate on a token.
 *
 * Owns: summarising a DER X.509 certificate found on a token (subject, issuer, serial, validity,
 * key usage per RFC 5280 §4.2.1.3, public key type) with node's X509Certificate and pkijs.
 * Must never: judge trust or validity for signing; that is main/verify's business.
 */
import { X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

export type KeyUsageName =
  | 'digitalSignature'
  | 'nonRepudiation'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign'
  | 'encipherOnly'
  | 'decipherOnly';

/** KeyUsage bit names in bit order (RFC 5280 §4.2.1.3). */
const KEY_USAGE_BITS: readonly KeyUsageName[] = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
];

const OID_KEY_USAGE = '2.5.29.15';

export interface CertificateSummary {
  readonly subject: string;
  readonly issuer: string;
  /** Serial number, upper-case hex as node prints it. */
  readonly serialHex: string;
  readonly notBefore: string;
  readonly notAfter: string;
  /** Bits set in the KeyUsage extension; undefined when the certificate has none (unrestricted). */
  readonly keyUsage: readonly KeyUsageName[] | undefined;
  readonly publicKeyType: 'rsa' | 'ec' | 'other';
  /** basicConstraints cA: a CA certificate kept on the token for the chain, not a signing key. */
  readonly isCa: boolean;
  readonly fingerprintSha256: string;
}

function keyUsageOf(der: Uint8Array): readonly KeyUsageName[] | undefined {
  const cert = pkijs.Certificate.fromBER(der);
  const ext = cert.extensions?.find((e) => e.extnID === OID_KEY_USAGE);
  if (!ext) return undefined;
  const parsed = asn1js.fromBER(ext.extnValue.valueBlock.valueHexView);
  if (!(parsed.result instanceof asn1js.BitString)) return [];
  const bytes = parsed.result.valueBlock.valueHexView;
  const names: KeyUsageName[] = [];
  KEY_USAGE_BITS.forEach((name, bit) => {
    const byte = bytes[bit >> 3] ?? 0;
    if (byte & (0x80 >> (bit & 7))) names.push(name);
  });
  return names;
}

const ISO = (text: string): string => new Date(text).toISOString();

export function summarizeCertificate(der: Uint8Array): CertificateSummary {
  const cert = new X509Certificate(der);
  const type = cert.publicKey.asymmetricKeyType;
  return {
    subject: cert.subject.replace(/\n/g, ', '),
    issuer: cert.issuer.replace(/\n/g, ', '),
    serialHex: cert.serialNumber.toUpperCase(),
    notBefore: ISO(cert.validFrom),
    notAfter: ISO(cert.validTo),
    keyUsage: keyUsageOf(der),
    publicKeyType: type === 'rsa' || type === 'rsa-pss' ? 'rsa' : type === 'ec' ? 'ec' : 'other',
    isCa: cert.ca,
    fingerprintSha256: cert.fingerprint256,
  };
}
