/**
 * One X.509 certificate as verification needs it (RFC 5280 §4.1).
 *
 * Owns: decoding a DER certificate once (pkijs) and exposing the facts path validation,
 * revocation and reports use: raw issuer/subject names, serial, SHA-256 fingerprint, validity,
 * the key's type and size, and the extensions of RFC 5280 §4.2.1 decoded from their own DER.
 * Must never: decide trust. A ParsedCertificate is only what the bytes say.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { decodeAsn1, digest, toHex, view } from './der';
import { OID, attributeName } from './oids';
import { verifyError } from './verify-errors';

export interface KeyDescription {
  readonly type: 'rsa' | 'rsa-pss' | 'ec' | 'ed25519' | 'ed448' | 'unknown';
  /** RSA modulus length; EC field size; Ed25519 256. */
  readonly bits?: number;
  /** Named curve for EC keys (node names: prime256v1, secp384r1, secp521r1). */
  readonly curve?: string;
}

export interface ExtensionInfo {
  readonly oid: string;
  readonly critical: boolean;
  readonly value: Uint8Array;
}

export interface BasicConstraintsInfo {
  readonly cA: boolean;
  readonly pathLen?: number;
}

/** KeyUsage bits by name (RFC 5280 §4.2.1.3). */
export const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;
export type KeyUsageName = (typeof KEY_USAGE_BITS)[number];

/** Formats a Name as "CN=..., O=..., C=..." (most specific first). */
export function formatName(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map((tv) => {
      const v = tv.value as { valueBlock?: { value?: unknown } };
      const s = typeof v.valueBlock?.value === 'string' ? v.valueBlock.value : '?';
      return `${attributeName(tv.type)}=${s}`;
    })
    .reverse()
    .join(', ');
}

export function nameDer(name: pkijs.RelativeDistinguishedNames): Uint8Array {
  if (name.valueBeforeDecode && name.valueBeforeDecode.byteLength > 0) {
    return new Uint8Array(name.valueBeforeDecode);
  }
  return new Uint8Array(name.toSchema().toBER(false));
}

/** RFC 5280 §7.1 name matching: identical DER, else pkijs' attribute-wise comparison. */
export function namesMatch(
  a: pkijs.RelativeDistinguishedNames,
  b: pkijs.RelativeDistinguishedNames,
): boolean {
  const da = nameDer(a);
  const db = nameDer(b);
  if (Buffer.compare(da, db) === 0) return true;
  try {
    return a.isEqual(b);
  } catch {
    return false;
  }
}

export const serialHexOf = (i: asn1js.Integer): string =>
  toHex(i.valueBlock.valueHexView).replace(/^(00)+(?=..)/, '');

export class ParsedCertificate {
  readonly cert: pkijs.Certificate;
  readonly fingerprint: string;
  readonly subject: string;
  readonly issuer: string;
  readonly serialHex: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly spki: Uint8Array;
  readonly extensions: readonly ExtensionInfo[];
  private keyObject?: KeyObject;

  private constructor(
    readonly der: Uint8Array,
    cert: pkijs.Certificate,
  ) {
    this.cert = cert;
    this.fingerprint = toHex(digest('sha256', der));
    this.subject = formatName(cert.subject);
    this.issuer = formatName(cert.issuer);
    this.serialHex = serialHexOf(cert.serialNumber);
    this.notBefore = cert.notBefore.value;
    this.notAfter = cert.notAfter.value;
    this.spki = new Uint8Array(cert.subjectPublicKeyInfo.toSchema().toBER(false));
    this.extensions = (cert.extensions ?? []).map((e) => ({
      oid: e.extnID,
      critical: e.critical,
      value: new Uint8Array(e.extnValue.valueBlock.valueHexView),
    }));
  }

  /** Parses DER bytes; throws VERIFY_CERT_MALFORMED for anything else. */
  static fromDer(der: Uint8Array, what = 'certificate'): ParsedCertificate {
    const d = decodeAsn1(der);
    if (!d.ok) throw verifyError('VERIFY_CERT_MALFORMED', { what, reason: d.reason });
    try {
      const cert = new pkijs.Certificate({ schema: d.value });
      return new ParsedCertificate(new Uint8Array(der), cert);
    } catch (e) {
      throw verifyError('VERIFY_CERT_MALFORMED', { what, reason: (e as Error).message }, e);
    }
  }

  static fromPkijs(cert: pkijs.Certificate): ParsedCertificate {
    return new ParsedCertificate(new Uint8Array(cert.toSchema(false).toBER(false)), cert);
  }

  get subjectName(): pkijs.RelativeDistinguishedNames {
    return this.cert.subject;
  }
  get issuerName(): pkijs.RelativeDistinguishedNames {
    return this.cert.issuer;
  }
  get tbs(): Uint8Array {
    return view(this.cert.tbsView);
  }
  get signatureValue(): Uint8Array {
    return view(this.cert.signatureValue.valueBlock.valueHexView);
  }

  publicKey(): KeyObject {
    this.keyObject ??= createPublicKey({
      key: Buffer.from(this.spki),
      format: 'der',
      type: 'spki',
    });
    return this.keyObject;
  }

  /** The raw subjectPublicKey BIT STRING contents (what OCSP's issuerKeyHash hashes, RFC 6960 §4.1.1). */
  get publicKeyBits(): Uint8Array {
    return view(this.cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView);
  }

  keyDescription(): KeyDescription {
    const alg = this.cert.subjectPublicKeyInfo.algorithm.algorithmId;
    try {
      const details = this.publicKey().asymmetricKeyDetails ?? {};
      if (alg === OID.rsaEncryption && details.modulusLength)
        return { type: 'rsa', bits: details.modulusLength };
      if (alg === OID.rsassaPss && details.modulusLength)
        return { type: 'rsa-pss', bits: details.modulusLength };
      if (alg === OID.ecPublicKey && details.namedCurve) {
        const bits = { prime256v1: 256, secp384r1: 384, secp521r1: 521 }[details.namedCurve];
        return bits
          ? { type: 'ec', curve: details.namedCurve, bits }
          : { type: 'ec', curve: details.namedCurve };
      }
      if (alg === OID.ed25519) return { type: 'ed25519', bits: 256 };
      if (alg === OID.ed448) return { type: 'ed448', bits: 456 };
    } catch {
      // an unreadable key is reported as unknown; signature checks with it will fail
    }
    return { type: 'unknown' };
  }

  extension(oid: string): ExtensionInfo | undefined {
    return this.extensions.find((e) => e.oid === oid);
  }

  /** RFC 5280 §4.2.1.9; undefined when absent. */
  basicConstraints(): BasicConstraintsInfo | undefined {
    const ext = this.extension(OID.basicConstraints);
    if (!ext) return undefined;
    const d = decodeAsn1(ext.value);
    if (!d.ok || !(d.value instanceof asn1js.Sequence)) return { cA: false };
    let cA = false;
    let pathLen: number | undefined;
    for (const item of d.value.valueBlock.value) {
      if (item instanceof asn1js.Boolean) cA = item.valueBlock.value;
      if (item instanceof asn1js.Integer) pathLen = item.valueBlock.valueDec;
    }
    return pathLen === undefined ? { cA } : { cA, pathLen };
  }

  /** RFC 5280 §4.2.1.3; undefined when the extension is absent (no restriction). */
  keyUsage(): ReadonlySet<KeyUsageName> | undefined {
    const ext = this.extension(OID.keyUsage);
    if (!ext) return undefined;
    const d = decodeAsn1(ext.value);
    const out = new Set<KeyUsageName>();
    if (!d.ok || !(d.value instanceof asn1js.BitString)) return out;
    const bits = d.value.valueBlock.valueHexView;
    KEY_USAGE_BITS.forEach((name, i) => {
      const byte = bits[i >> 3] ?? 0;
      if (byte & (0x80 >> (i & 7))) out.add(name);
    });
    return out;
  }

  /** RFC 5280 §4.2.1.12; undefined when absent. */
  extendedKeyUsage():
    { readonly purposes: readonly string[]; readonly critical: boolean } | undefined {
    const ext = this.extension(OID.extKeyUsage);
    if (!ext) return undefined;
    const d = decodeAsn1(ext.value);
    const purposes: string[] = [];
    if (d.ok && d.value instanceof asn1js.Sequence) {
      for (const item of d.value.valueBlock.value) {
        if (item instanceof asn1js.ObjectIdentifier) purposes.push(item.valueBlock.toString());
      }
    }
    return { purposes, critical: ext.critical };
  }

  subjectKeyIdentifier(): Uint8Array | undefined {
    const ext = this.extension(OID.subjectKeyIdentifier);
    if (!ext) return undefined;
    const d = decodeAsn1(ext.value);
    return d.ok && d.value instanceof asn1js.OctetString
      ? new Uint8Array(d.value.valueBlock.valueHexView)
      : undefined;
  }

  authorityKeyIdentifier(): Uint8Array | undefined {
    const ext = this.extension(OID.authorityKeyIdentifier);
    if (!ext) return undefined;
    const d = decodeAsn1(ext.value);
    if (!d.ok || !(d.value instanceof asn1js.Sequence)) return undefined;
    for (const item of d.value.valueBlock.value) {
      if (item.idBlock.tagClass === 3 && item.idBlock.tagNumber === 0) {
        return new Uint8Array((item as asn1js.Primitive).valueBlock.valueHexView);
      }
    }
    return undefined;
  }

  /**
   * certificatePolicies (RFC 5280 §4.2.1.4): the policy OIDs, qualifiers skipped; undefined
   * when absent, null when the extension cannot be read.
   */
  certificatePolicies(): readonly string[] | undefined | null {
    return this.readExtension(OID.certificatePolicies, (v) => {
      if (!(v instanceof asn1js.Sequence) || v.valueBlock.value.length === 0) return null;
      const out: string[] = [];
      for (const info of v.valueBlock.value) {
        const id = info instanceof asn1js.Sequence ? info.valueBlock.value[0] : undefined;
        if (!(id instanceof asn1js.ObjectIdentifier)) return null;
        out.push(id.valueBlock.toString());
      }
      return out;
    });
  }

  /** policyMappings (RFC 5280 §4.2.1.5): issuerDomainPolicy -> subjectDomainPolicy pairs. */
  policyMappings():
    | readonly { readonly issuerDomain: string; readonly subjectDomain: string }[]
    | undefined
    | null {
    return this.readExtension(OID.policyMappings, (v) => {
      if (!(v instanceof asn1js.Sequence) || v.valueBlock.value.length === 0) return null;
      const out: { issuerDomain: string; subjectDomain: string }[] = [];
      for (const pair of v.valueBlock.value) {
        const [a, b] = pair instanceof asn1js.Sequence ? pair.valueBlock.value : [];
        if (!(a instanceof asn1js.ObjectIdentifier) || !(b instanceof asn1js.ObjectIdentifier))
          return null;
        out.push({ issuerDomain: a.valueBlock.toString(), subjectDomain: b.valueBlock.toString() });
      }
      return out;
    });
  }

  /** policyConstraints (RFC 5280 §4.2.1.11): the two SkipCerts, each optional, not both absent. */
  policyConstraints():
    | { readonly requireExplicitPolicy?: number; readonly inhibitPolicyMapping?: number }
    | undefined
    | null {
    return this.readExtension(OID.policyConstraints, (v) => {
      if (!(v instanceof asn1js.Sequence) || v.valueBlock.value.length === 0) return null;
      let requireExplicitPolicy: number | undefined;
      let inhibitPolicyMapping: number | undefined;
      for (const item of v.valueBlock.value) {
        const n = item.idBlock.tagClass === 3 ? skipCerts(item) : undefined;
        if (n === undefined) return null;
        if (item.idBlock.tagNumber === 0) requireExplicitPolicy = n;
        else if (item.idBlock.tagNumber === 1) inhibitPolicyMapping = n;
        else return null;
      }
      return {
        ...(requireExplicitPolicy !== undefined ? { requireExplicitPolicy } : {}),
        ...(inhibitPolicyMapping !== undefined ? { inhibitPolicyMapping } : {}),
      };
    });
  }

  /** inhibitAnyPolicy (RFC 5280 §4.2.1.14): SkipCerts. */
  inhibitAnyPolicy(): number | undefined | null {
    return this.readExtension(OID.inhibitAnyPolicy, (v) =>
      v instanceof asn1js.Integer ? (skipCerts(v) ?? null) : null,
    );
  }

  private readExtension<T>(
    oid: string,
    read: (value: asn1js.AsnType) => T | null,
  ): T | undefined | null {
    const ext = this.extension(oid);
    if (!ext) return undefined;
    const d = decodeAsn1(ext.value);
    return d.ok ? read(d.value) : null;
  }

  isSelfIssued(): boolean {
    return namesMatch(this.cert.subject, this.cert.issuer);
  }
}

/** SkipCerts ::= INTEGER (0..MAX), primitive (universal or [n] IMPLICIT); undefined if not. */
function skipCerts(item: asn1js.AsnType): number | undefined {
  if (item.idBlock.isConstructed) return undefined;
  const bytes = (item as asn1js.Primitive).valueBlock.valueHexView;
  if (bytes.length === 0 || bytes.length > 4 || (bytes[0]! & 0x80) !== 0) return undefined;
  return bytes.reduce((n, b) => n * 256 + b, 0);
}
