/**
 * CMS SignedData parsing (RFC 5652 §5).
 *
 * Owns: turning the bytes of a ContentInfo/SignedData (a PDF /Contents value, an RFC 3161
 * token) into plain data: digest algorithms, whether content is encapsulated, certificates
 * and CRLs as their original DER, and each SignerInfo with its identifier, raw signed
 * attributes (re-tagged as the SET OF that was signed, §5.4), unsigned attributes, signature
 * algorithm and value.
 * Must never: verify or trust anything (signer-info.ts does that), or re-encode what must be
 * hashed: signed attributes, certificates and CRLs keep the exact bytes of the input.
 *
 * Decision: certificates and revocation info are read here from the input, not by pkijs, and
 * pkijs sees the SignedData without them, so a certificate or revocation choice pkijs does not
 * know cannot make the whole CMS unreadable. RFC 5652 §10.2.1 RevocationInfoChoice is a CRL
 * or `other [1] IMPLICIT OtherRevocationInfoFormat`; an OtherRevocationInfoFormat written
 * without its [1] tag (SEQUENCE { OID, info }, which a CertificateList, starting with a
 * SEQUENCE, can never be) is read as such, with a note (fixes itext-rev-data-in-cms.pdf:
 * id-ri-ocsp-response, RFC 5940 §3, untagged).
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { decodeAsn1, rawBytesOf, toHex, view, type HashName } from './der';
import { hashFromOid, OID } from './oids';
import { formatName, ParsedCertificate, serialHexOf } from './parsed-certificate';
import { verifyError } from './verify-errors';

export interface CmsAttribute {
  readonly oid: string;
  /** Each AttributeValue as decoded ASN.1 and its original DER. */
  readonly values: readonly { readonly asn1: asn1js.AsnType; readonly der: Uint8Array }[];
}

export type SignerIdentifier =
  | {
      readonly kind: 'issuer-serial';
      readonly issuer: pkijs.RelativeDistinguishedNames;
      readonly issuerText: string;
      readonly serialHex: string;
    }
  | { readonly kind: 'subject-key-identifier'; readonly keyIdentifier: Uint8Array };

export interface ParsedSignerInfo {
  readonly index: number;
  readonly version: number;
  readonly sid: SignerIdentifier;
  readonly digestAlgorithm: { readonly oid: string; readonly hash?: HashName };
  /** The signed attributes as the DER SET OF that was signed (tag 0x31), RFC 5652 §5.4. */
  readonly signedAttributesDer?: Uint8Array;
  readonly signedAttributes: readonly CmsAttribute[];
  readonly unsignedAttributes: readonly CmsAttribute[];
  readonly signatureAlgorithm: pkijs.AlgorithmIdentifier;
  readonly signature: Uint8Array;
  readonly pkijs: pkijs.SignerInfo;
}

export interface ParsedSignedData {
  readonly version: number;
  readonly digestAlgorithms: readonly { readonly oid: string; readonly hash?: HashName }[];
  readonly encapContentType: string;
  /** The eContent when encapsulated; undefined for a detached signature. */
  readonly encapContent?: Uint8Array;
  readonly certificates: readonly ParsedCertificate[];
  /** Certificate choices that are not X.509 certificates (attribute certs, other). */
  readonly otherCertificateCount: number;
  /** CRLs (RevocationInfoChoice crl) as their original DER. */
  readonly crls: readonly Uint8Array[];
  /** Other revocation info (RFC 5940: OCSP responses) as [format OID, DER]. */
  readonly otherRevocationInfo: readonly { readonly format: string; readonly der: Uint8Array }[];
  readonly signerInfos: readonly ParsedSignerInfo[];
  /** Zero bytes after the object (a PDF /Contents hole's padding). */
  readonly trailingZeroBytes: number;
  /** Lenience applied while reading (English), for the report. */
  readonly notes: readonly string[];
}

export interface ParseSignedDataOptions {
  /** Name for error messages ("signature 1 /Contents", "timestamp token"). */
  readonly what?: string;
  /** Tolerate zero padding after the object (PDF /Contents). Default false. */
  readonly allowZeroPadding?: boolean;
}

const isContext = (el: asn1js.AsnType | undefined, n: number): boolean =>
  el !== undefined && el.idBlock.tagClass === 3 && el.idBlock.tagNumber === n;

function childrenOf(el: asn1js.AsnType): asn1js.AsnType[] {
  const vb = (el as asn1js.Constructed).valueBlock as { value?: unknown };
  return Array.isArray(vb.value) ? (vb.value as asn1js.AsnType[]) : [];
}

function readAttributes(attrs: pkijs.SignedAndUnsignedAttributes | undefined): CmsAttribute[] {
  if (!attrs) return [];
  return attrs.attributes.map((a) => ({
    oid: a.type,
    values: (a.values as asn1js.AsnType[]).map((v) => ({ asn1: v, der: rawBytesOf(v) })),
  }));
}

function readSid(si: pkijs.SignerInfo, fail: (reason: string) => Error): SignerIdentifier {
  const sid: unknown = si.sid;
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return {
      kind: 'issuer-serial',
      issuer: sid.issuer,
      issuerText: formatName(sid.issuer),
      serialHex: serialHexOf(sid.serialNumber),
    };
  }
  // [0] IMPLICIT SubjectKeyIdentifier (RFC 5652 §5.3)
  if (sid instanceof asn1js.BaseBlock && isContext(sid, 0)) {
    const vb = (sid as asn1js.Primitive).valueBlock as {
      valueHexView?: Uint8Array;
      value?: unknown;
    };
    if (vb.valueHexView && vb.valueHexView.length > 0) {
      return { kind: 'subject-key-identifier', keyIdentifier: new Uint8Array(vb.valueHexView) };
    }
    const inner = Array.isArray(vb.value) ? (vb.value as asn1js.AsnType[])[0] : undefined;
    if (inner instanceof asn1js.OctetString) {
      return {
        kind: 'subject-key-identifier',
        keyIdentifier: new Uint8Array(inner.valueBlock.valueHexView),
      };
    }
  }
  throw fail('unreadable signer identifier (sid)');
}

/** Parses a CMS ContentInfo holding SignedData. Throws VERIFY_CMS_MALFORMED on garbage. */
export function parseSignedData(
  der: Uint8Array,
  options: ParseSignedDataOptions = {},
): ParsedSignedData {
  const what = options.what ?? 'CMS';
  const fail = (reason: string, cause?: unknown) =>
    verifyError('VERIFY_CMS_MALFORMED', { what, reason }, cause);
  const decoded = decodeAsn1(der, options.allowZeroPadding ?? false);
  if (!decoded.ok) throw fail(decoded.reason);

  // ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT ANY } (RFC 5652 §3)
  const ci = decoded.value;
  const ciItems = ci instanceof asn1js.Sequence ? childrenOf(ci) : [];
  const ctype = ciItems[0];
  if (!(ctype instanceof asn1js.ObjectIdentifier)) throw fail('not a ContentInfo');
  if (ctype.valueBlock.toString() !== OID.signedData) {
    throw fail(`content type ${ctype.valueBlock.toString()} is not signedData`);
  }
  const explicit = ciItems[1];
  if (!isContext(explicit, 0) || ciItems.length !== 2)
    throw fail('ContentInfo without [0] content');
  const sdAsn1 = childrenOf(explicit!)[0];
  if (!(sdAsn1 instanceof asn1js.Sequence)) throw fail('signedData content is not a SEQUENCE');

  // SignedData ::= SEQUENCE { version, digestAlgorithms, encapContentInfo,
  //   certificates [0] IMPLICIT OPTIONAL, crls [1] IMPLICIT OPTIONAL, signerInfos } (§5.1)
  const sdItems = childrenOf(sdAsn1);
  let sd: pkijs.SignedData;
  try {
    const core = new asn1js.Sequence({
      value: sdItems.filter((x) => !isContext(x, 0) && !isContext(x, 1)),
    });
    sd = new pkijs.SignedData({ schema: core });
  } catch (e) {
    throw fail((e as Error).message, e);
  }

  // Raw certificates and CRLs straight from the input bytes (RFC 5652 §10.2.2/§10.2.1).
  const notes: string[] = [];
  const certificates: ParsedCertificate[] = [];
  let otherCertificateCount = 0;
  const crls: Uint8Array[] = [];
  const otherRevocationInfo: { format: string; der: Uint8Array }[] = [];
  for (const item of sdItems) {
    if (isContext(item, 0)) {
      for (const c of childrenOf(item)) {
        if (c instanceof asn1js.Sequence) {
          certificates.push(ParsedCertificate.fromDer(rawBytesOf(c), `${what} certificate`));
        } else otherCertificateCount++;
      }
    } else if (isContext(item, 1)) {
      for (const c of childrenOf(item)) {
        const [first, info] = childrenOf(c);
        const untaggedOther =
          c instanceof asn1js.Sequence && first instanceof asn1js.ObjectIdentifier;
        if (c instanceof asn1js.Sequence && !untaggedOther) crls.push(rawBytesOf(c));
        else if (isContext(c, 1) || untaggedOther) {
          if (first instanceof asn1js.ObjectIdentifier && info) {
            otherRevocationInfo.push({
              format: first.valueBlock.toString(),
              der: rawBytesOf(info),
            });
            if (untaggedOther) {
              notes.push(
                `revocation info ${first.valueBlock.toString()} is written without its [1] tag (RFC 5652 §10.2.1); read as OtherRevocationInfoFormat`,
              );
            }
          }
        }
      }
    }
  }

  const encap = sd.encapContentInfo;
  let encapContent: Uint8Array | undefined;
  if (encap.eContent) {
    // A constructed (BER) OCTET STRING is flattened by asn1js into its value; take every piece.
    const oc = encap.eContent;
    if (oc.idBlock.isConstructed) {
      const parts = (oc.valueBlock.value as asn1js.OctetString[]).map((p) =>
        view(p.valueBlock.valueHexView),
      );
      encapContent = new Uint8Array(Buffer.concat(parts));
    } else encapContent = new Uint8Array(oc.valueBlock.valueHexView);
  }

  const signerInfos = sd.signerInfos.map((si, index): ParsedSignerInfo => {
    let signedAttributesDer: Uint8Array | undefined;
    if (si.signedAttrs) {
      signedAttributesDer = new Uint8Array(si.signedAttrs.encodedValue);
      if (signedAttributesDer[0] !== 0x31)
        throw fail(`signer ${index + 1}: signed attributes not re-tagged`);
    }
    const digestHash = hashFromOid(si.digestAlgorithm.algorithmId);
    return {
      index,
      version: si.version,
      sid: readSid(si, fail),
      digestAlgorithm: digestHash
        ? { oid: si.digestAlgorithm.algorithmId, hash: digestHash }
        : { oid: si.digestAlgorithm.algorithmId },
      ...(signedAttributesDer ? { signedAttributesDer } : {}),
      signedAttributes: readAttributes(si.signedAttrs),
      unsignedAttributes: readAttributes(si.unsignedAttrs),
      signatureAlgorithm: si.signatureAlgorithm,
      signature: new Uint8Array(si.signature.valueBlock.valueHexView),
      pkijs: si,
    };
  });
  if (signerInfos.length === 0) throw fail('SignedData has no SignerInfo');

  return {
    version: sd.version,
    digestAlgorithms: sd.digestAlgorithms.map((a) => {
      const h = hashFromOid(a.algorithmId);
      return h ? { oid: a.algorithmId, hash: h } : { oid: a.algorithmId };
    }),
    encapContentType: encap.eContentType,
    ...(encapContent ? { encapContent } : {}),
    certificates,
    otherCertificateCount,
    crls,
    otherRevocationInfo,
    signerInfos,
    trailingZeroBytes: decoded.trailing,
    notes,
  };
}

/** Short description of a signer identifier for reports. */
export function describeSid(sid: SignerIdentifier): string {
  return sid.kind === 'issuer-serial'
    ? `issuer "${sid.issuerText}", serial ${sid.serialHex}`
    : `subject key identifier ${toHex(sid.keyIdentifier)}`;
}
