/**
 * A CMS SignedData builder for the verification tests, so each test can make the exact
 * structure another signer writes (RFC 5652 §5): no signed attributes, signed attributes in
 * the order received instead of DER order, several SignerInfos, an encapsulated adbe.pkcs7.sha1
 * digest, revocation info in SignedData.crls (tagged or not), EdDSA with its RFC 8419 digest,
 * RSASSA-PSS with SHA-3, and RFC 3161 tokens with chosen signed attributes.
 *
 * Owns: DER assembly (with main/cms/der.ts), and signing with node crypto and the test PKI keys.
 * Must never: be imported by product code, or be "correct" on its own: a test chooses every
 * deviation explicitly, and the defaults are what a conforming DER signer writes.
 */
import { constants, createHash, createPrivateKey, sign as nodeSign } from 'node:crypto';
import { readCertificateFields } from '../../main/cms/certificate-fields';
import { explicit, integer, octetString, oid, seq, setOf, tlv } from '../../main/cms/der';
import { signingCertificateV2 } from '../../main/cms/signed-attributes';

export const CMS_OID = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
  riOcspResponse: '1.3.6.1.5.5.7.16.2',
} as const;

/** Digest algorithms by node name, with their OIDs (RFC 5754 §2, NIST CSOR). */
export const DIGEST_OID = {
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  'sha3-256': '2.16.840.1.101.3.4.2.8',
  shake256: '2.16.840.1.101.3.4.2.12',
} as const;
export type DigestName = keyof typeof DIGEST_OID;

export const algorithmId = (dotted: string, params?: Uint8Array): Uint8Array =>
  params ? seq(oid(dotted), params) : seq(oid(dotted));

/** The digest of `data`; SHAKE256 with the 512-bit output of RFC 8419 §2.3. */
export function digestOf(name: DigestName, data: Uint8Array): Uint8Array {
  const h = name === 'shake256' ? createHash(name, { outputLength: 64 }) : createHash(name);
  return new Uint8Array(h.update(data).digest());
}

export interface Attribute {
  readonly type: string;
  readonly values: readonly Uint8Array[];
}

const encodeAttribute = (a: Attribute): Uint8Array => seq(oid(a.type), setOf(a.values));

/** UTCTime (X.680 §47) of `d`, to the second. */
export function utcTime(d: Date): Uint8Array {
  const s = d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
  return tlv(0x17, new TextEncoder().encode(s));
}

/** GeneralizedTime (X.680 §46) of `d`, to the second. */
export function generalizedTime(d: Date): Uint8Array {
  const s = d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  return tlv(0x18, new TextEncoder().encode(s));
}

export const signingTimeAttribute = (d: Date): Attribute => ({
  type: CMS_OID.signingTime,
  values: [utcTime(d)],
});

/** ESS signing-certificate-v2 (RFC 5035 §3), SHA-256, with issuerSerial. */
export const essV2Attribute = (certDer: Uint8Array): Attribute => {
  const a = signingCertificateV2(readCertificateFields(certDer), 'sha256');
  return { type: a.type, values: a.values };
};

/** ESS signing-certificate v1 (RFC 2634 §5.4): SHA-1 of the certificate, with issuerSerial. */
export const essV1Attribute = (certDer: Uint8Array): Attribute => {
  const c = readCertificateFields(certDer);
  const issuerSerial = seq(seq(explicit(4, c.issuer)), c.serialNumber);
  const id = seq(octetString(digestOf('sha1', certDer)), issuerSerial);
  return { type: CMS_OID.signingCertificate, values: [seq(seq(id))] };
};

export interface SignerSpec {
  /** The signer certificate (DER). */
  readonly certDer: Uint8Array;
  /** The CMS digestAlgorithm: hashes the content (and, with signed attributes, those). */
  readonly digest: DigestName;
  /** DER AlgorithmIdentifier of the digest; default: the OID without parameters. */
  readonly digestAlgorithmId?: Uint8Array;
  /** DER AlgorithmIdentifier of the signature. */
  readonly signatureAlgorithmId: Uint8Array;
  /** Makes the signature value over `data` (the signed-attribute SET, or the content). */
  readonly sign: (data: Uint8Array) => Uint8Array;
  /**
   * The signed attributes: 'der' (sorted, signed as sent; the default), 'received-order' (sent
   * in the order given and signed that way, as NSS-friendly signers do), 'sorted-when-signed'
   * (sent in the order given, but signed in DER order), or 'none' (RFC 5652 §5.4: the
   * signature is then over the content itself).
   */
  readonly signedAttributes?: 'der' | 'received-order' | 'sorted-when-signed' | 'none';
  /** Attributes after content-type and message-digest, in this order. */
  readonly extraAttributes?: readonly Attribute[];
  /** Replaces the message-digest value (default: the digest of the content). */
  readonly messageDigest?: Uint8Array;
  readonly unsignedAttributes?: readonly Attribute[];
}

export interface SignedDataSpec {
  /** The signed content (detached unless `encapsulate`). */
  readonly content: Uint8Array;
  readonly encapsulate?: boolean;
  readonly eContentType?: string;
  readonly signers: readonly SignerSpec[];
  readonly certificates: readonly Uint8Array[];
  /** RevocationInfoChoice elements for SignedData.crls [1], as given (RFC 5652 §10.2.1). */
  readonly revocationInfo?: readonly Uint8Array[];
}

function signerInfo(spec: SignerSpec, content: Uint8Array, eContentType: string): Uint8Array {
  const c = readCertificateFields(spec.certDer);
  const mode = spec.signedAttributes ?? 'der';
  const digestAlgorithmId = spec.digestAlgorithmId ?? algorithmId(DIGEST_OID[spec.digest]);
  let signedAttrs: Uint8Array | undefined;
  let signed: Uint8Array;
  if (mode === 'none') {
    signed = content;
  } else {
    const attrs = [
      { type: CMS_OID.contentType, values: [oid(eContentType)] },
      {
        type: CMS_OID.messageDigest,
        values: [octetString(spec.messageDigest ?? digestOf(spec.digest, content))],
      },
      ...(spec.extraAttributes ?? []),
    ].map(encodeAttribute);
    const asSent = mode === 'der' ? setOf(attrs) : tlv(0x31, ...attrs);
    signed = mode === 'received-order' ? asSent : setOf(attrs);
    signedAttrs = Uint8Array.from([0xa0, ...asSent.subarray(1)]); // [0] IMPLICIT SET OF
  }
  return seq(
    integer(1),
    seq(c.issuer, c.serialNumber),
    digestAlgorithmId,
    ...(signedAttrs ? [signedAttrs] : []),
    spec.signatureAlgorithmId,
    octetString(spec.sign(signed)),
    ...(spec.unsignedAttributes
      ? [tlv(0xa1, ...spec.unsignedAttributes.map(encodeAttribute))]
      : []),
  );
}

/** A ContentInfo holding the SignedData `spec` describes (RFC 5652 §3, §5.1). */
export function buildSignedData(spec: SignedDataSpec): Uint8Array {
  const eContentType = spec.eContentType ?? CMS_OID.data;
  const digestAlgorithms = spec.signers.map(
    (s) => s.digestAlgorithmId ?? algorithmId(DIGEST_OID[s.digest]),
  );
  const sd = seq(
    integer(1),
    setOf([...new Map(digestAlgorithms.map((d) => [Buffer.from(d).toString('hex'), d])).values()]),
    seq(oid(eContentType), ...(spec.encapsulate ? [explicit(0, octetString(spec.content))] : [])),
    tlv(0xa0, ...spec.certificates),
    ...(spec.revocationInfo ? [tlv(0xa1, ...spec.revocationInfo)] : []),
    // SignerInfos in the given order (a test may put a broken one first).
    tlv(0x31, ...spec.signers.map((s) => signerInfo(s, spec.content, eContentType))),
  );
  return seq(oid(CMS_OID.signedData), explicit(0, sd));
}

// Signers over the test PKI keys (PEM private keys) --------------------------------------------

type Pem = string | Buffer;

/** RSA PKCS#1 v1.5 labelled rsaEncryption (what Adobe and most signers write). */
export function rsaSigner(
  certDer: Uint8Array,
  keyPem: Pem,
  digest: DigestName,
  o: Partial<SignerSpec> = {},
): SignerSpec {
  const key = createPrivateKey(keyPem);
  return {
    certDer,
    digest,
    signatureAlgorithmId: algorithmId(CMS_OID.rsaEncryption, Uint8Array.of(0x05, 0x00)),
    sign: (d) => new Uint8Array(nodeSign(digest, d, { key, padding: constants.RSA_PKCS1_PADDING })),
    ...o,
  };
}

/** RSASSA-PSS with MGF1 over the same hash and the given salt (RFC 4055 §3.1). */
export function pssSigner(
  certDer: Uint8Array,
  keyPem: Pem,
  digest: DigestName,
  saltLength: number,
  o: Partial<SignerSpec> = {},
): SignerSpec {
  const key = createPrivateKey(keyPem);
  const hashId = algorithmId(DIGEST_OID[digest]);
  const params = seq(
    explicit(0, hashId),
    explicit(1, algorithmId(CMS_OID.mgf1, hashId)),
    explicit(2, integer(saltLength)),
  );
  return {
    certDer,
    digest,
    signatureAlgorithmId: algorithmId(CMS_OID.rsassaPss, params),
    sign: (d) =>
      new Uint8Array(
        nodeSign(digest, d, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }),
      ),
    ...o,
  };
}

/** ECDSA with SHA-256, DER Ecdsa-Sig-Value (RFC 5758 §3.2). */
export function ecdsaSigner(
  certDer: Uint8Array,
  keyPem: Pem,
  o: Partial<SignerSpec> = {},
): SignerSpec {
  const key = createPrivateKey(keyPem);
  return {
    certDer,
    digest: 'sha256',
    signatureAlgorithmId: algorithmId(CMS_OID.ecdsaWithSha256),
    sign: (d) => new Uint8Array(nodeSign('sha256', d, { key, dsaEncoding: 'der' })),
    ...o,
  };
}

/** Pure EdDSA (RFC 8419 §3) with the given digestAlgorithm (RFC 8419 wants SHA-512 / SHAKE256). */
export function eddsaSigner(
  certDer: Uint8Array,
  keyPem: Pem,
  curve: 'ed25519' | 'ed448',
  digest: DigestName,
  o: Partial<SignerSpec> = {},
): SignerSpec {
  const key = createPrivateKey(keyPem);
  return {
    certDer,
    digest,
    signatureAlgorithmId: algorithmId(CMS_OID[curve]),
    sign: (d) => new Uint8Array(nodeSign(null, d, key)),
    ...o,
  };
}

/** TSTInfo (RFC 3161 §2.4.2) stamping `stamped` with `hash` at `genTime`. */
export function tstInfo(o: {
  stamped: Uint8Array;
  hash: DigestName;
  genTime: Date;
  serial?: number;
  policy?: string;
}): Uint8Array {
  return seq(
    integer(1),
    oid(o.policy ?? '1.2.3.4.1'),
    seq(algorithmId(DIGEST_OID[o.hash]), octetString(digestOf(o.hash, o.stamped))),
    integer(o.serial ?? 1),
    generalizedTime(o.genTime),
  );
}

/** The signers' certificates, each once (by content). */
export function uniqueCerts(signers: readonly SignerSpec[]): Uint8Array[] {
  const byHex = new Map<string, Uint8Array>();
  for (const s of signers) byHex.set(Buffer.from(s.certDer).toString('hex'), s.certDer);
  return [...byHex.values()];
}
