/**
 * CMS attributes for PAdES signatures (ETSI EN 319 142-1 §5.2 / EN 319 122-1 §5.1, §5.2.2).
 *
 * Owns: the CmsAttribute shape, the DER of Attribute (RFC 5652 §5.3), and the PAdES B-B signed
 * attributes: content-type (id-data), message-digest, signing-certificate-v2 (RFC 5035 §5.4).
 * Must never: add signing-time: PAdES carries the claimed time in the signature dictionary's
 * /M (EN 319 142-1 §5.2.3 forbids signing-time in the CMS for PAdES baseline signatures).
 */
import { createHash } from 'node:crypto';
import type { HashAlgorithm } from '../sign/signer';
import { digestAlgorithmId } from './algorithms';
import type { CertificateFields } from './certificate-fields';
import { explicit, octetString, oid, seq, setOf } from './der';
import { OID } from './oids';

/** One attribute: its type OID and the DER of each AttributeValue. */
export interface CmsAttribute {
  readonly type: string;
  readonly values: readonly Uint8Array[];
}

/** Attribute ::= SEQUENCE { attrType OID, attrValues SET OF AttributeValue } (RFC 5652 §5.3). */
export const encodeAttribute = (a: CmsAttribute): Uint8Array => seq(oid(a.type), setOf(a.values));

/**
 * SigningCertificateV2 with one ESSCertIDv2 (RFC 5035 §5.4). hashAlgorithm is omitted when it
 * is SHA-256, its DEFAULT (DER forbids encoding a default); issuerSerial is included so the
 * reference cannot be satisfied by another certificate with the same hash-colliding bytes.
 */
export function signingCertificateV2(cert: CertificateFields, hash: HashAlgorithm): CmsAttribute {
  const certHash = createHash(hash).update(cert.der).digest();
  const issuerSerial = seq(
    seq(explicit(4, cert.issuer)), // GeneralNames { directoryName [4] Name }
    cert.serialNumber,
  );
  const essCertIdV2 = seq(
    ...(hash === 'sha256' ? [] : [digestAlgorithmId(hash)]),
    octetString(certHash),
    issuerSerial,
  );
  return { type: OID.signingCertificateV2, values: [seq(seq(essCertIdV2))] };
}

/** The PAdES B-B signed attributes for a detached signature over `contentDigest`. */
export function padesSignedAttributes(
  cert: CertificateFields,
  contentDigest: Uint8Array,
  hash: HashAlgorithm,
): CmsAttribute[] {
  return [
    { type: OID.contentType, values: [oid(OID.data)] },
    { type: OID.messageDigest, values: [octetString(contentDigest)] },
    signingCertificateV2(cert, hash),
  ];
}

/**
 * The DER SET OF attributes. Signed attributes are signed in this form (tag 0x31, RFC 5652
 * §5.4); in the SignerInfo the same contents carry the [0] IMPLICIT tag instead.
 */
export const encodeAttributeSet = (attrs: readonly CmsAttribute[]): Uint8Array =>
  setOf(attrs.map(encodeAttribute));
