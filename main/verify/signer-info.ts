/**
 * Cryptographic verification of one CMS SignerInfo (RFC 5652 §5.4, §5.6; ETSI EN 319 102-1
 * §5.2.3 identification of the signing certificate and §5.2.7 cryptographic verification).
 *
 * Owns: the signed-attribute rules (exactly one content-type and one message-digest, no
 * attribute type twice), the message-digest comparison with the content's digest, the
 * signature over the DER SET OF signed attributes, finding the signer certificate among the
 * candidates by its identifier, and the ESS signing-certificate(-v2) binding (RFC 5035 §3)
 * that defeats certificate substitution.
 * Must never: say anything about trust (cert-path.ts does), or accept a signature without
 * signed attributes: PAdES (ETSI EN 319 142-1 §6.3) requires them and they bind the content.
 */
import * as asn1js from 'asn1js';
import { bytesEqual, digest, type HashName } from './der';
import { failed, passed, SubIndication, type Verdict } from './indications';
import { hashFromOid, OID } from './oids';
import { namesMatch, type ParsedCertificate } from './parsed-certificate';
import {
  readSignatureAlgorithm,
  verifySignature,
  type SignatureAlgorithm,
  type SignatureCheck,
} from './signature-algorithm';
import {
  describeSid,
  type CmsAttribute,
  type ParsedSignedData,
  type ParsedSignerInfo,
} from './signed-data';

export type SignedContent =
  /** Detached content given as bytes (hashed here with the signer's digest algorithm). */
  | { readonly kind: 'detached-bytes'; readonly bytes: Uint8Array }
  /** Detached content given as its digest (a PDF ByteRange hashed while streaming). */
  | { readonly kind: 'detached-digest'; readonly hash: HashName; readonly digest: Uint8Array }
  /** The content is the SignedData's own eContent (RFC 3161 tokens). */
  | { readonly kind: 'encapsulated' };

export interface VerifySignerInfoInput {
  readonly signedData: ParsedSignedData;
  /** Which SignerInfo; default 0. */
  readonly signerIndex?: number;
  readonly content: SignedContent;
  /** Certificates besides the CMS ones that may be the signer's (DSS, caller-known). */
  readonly extraCertificates?: readonly ParsedCertificate[];
}

export interface SignerInfoVerification {
  readonly verdict: Verdict;
  readonly signer: ParsedSignerInfo | undefined;
  readonly signerCertificate?: ParsedCertificate;
  /** Does the message-digest attribute equal the content's digest? */
  readonly intact: 'intact' | 'altered' | 'not-checked';
  /** Does the signature over the signed attributes verify with the signer certificate's key? */
  readonly signature: 'valid' | 'invalid' | 'not-checked';
  /** ESS signing-certificate(-v2) binding of the signer certificate. */
  readonly signingCertificateReference: 'matches' | 'absent' | 'mismatch' | 'not-checked';
  readonly digestAlgorithm?: HashName;
  readonly signatureAlgorithm?: SignatureAlgorithm;
  /** The signer's claimed signing-time attribute: a claim, not a proof of existence. */
  readonly claimedSigningTime?: Date;
}

type EssRef = {
  readonly hash: HashName;
  readonly certHash: Uint8Array;
  readonly serialHex?: string;
};

function attr(list: readonly CmsAttribute[], oid: string): CmsAttribute[] {
  return list.filter((a) => a.oid === oid);
}

/** Reads SigningCertificate (RFC 2634 §5.4, SHA-1) or SigningCertificateV2 (RFC 5035 §3). */
function readEssFirstRef(a: CmsAttribute, v2: boolean): EssRef | string {
  const value = a.values[0]?.asn1;
  if (a.values.length !== 1 || !(value instanceof asn1js.Sequence)) return 'not a single SEQUENCE';
  const certs = value.valueBlock.value[0];
  if (!(certs instanceof asn1js.Sequence)) return 'no certs';
  const first = certs.valueBlock.value[0];
  if (!(first instanceof asn1js.Sequence)) return 'no ESSCertID';
  const items = [...first.valueBlock.value];
  let hash: HashName | undefined = v2 ? 'sha256' : 'sha1';
  if (v2 && items[0] instanceof asn1js.Sequence) {
    const algOid = items[0].valueBlock.value[0];
    hash =
      algOid instanceof asn1js.ObjectIdentifier
        ? hashFromOid(algOid.valueBlock.toString())
        : undefined;
    items.shift();
  }
  if (!hash) return 'unknown hash algorithm';
  const certHash = items[0];
  if (!(certHash instanceof asn1js.OctetString)) return 'no certHash';
  const ref: EssRef = { hash, certHash: new Uint8Array(certHash.valueBlock.valueHexView) };
  const issuerSerial = items[1];
  if (issuerSerial instanceof asn1js.Sequence) {
    const serial = issuerSerial.valueBlock.value[1];
    if (serial instanceof asn1js.Integer) {
      const hex = Buffer.from(serial.valueBlock.valueHexView)
        .toString('hex')
        .replace(/^(00)+(?=..)/, '');
      return { ...ref, serialHex: hex };
    }
  }
  return ref;
}

function essMatches(ref: EssRef, cert: ParsedCertificate): boolean {
  if (!bytesEqual(digest(ref.hash, cert.der), ref.certHash)) return false;
  return ref.serialHex === undefined || ref.serialHex === cert.serialHex;
}

function sidMatches(si: ParsedSignerInfo, cert: ParsedCertificate): boolean {
  if (si.sid.kind === 'issuer-serial') {
    return si.sid.serialHex === cert.serialHex && namesMatch(si.sid.issuer, cert.issuerName);
  }
  const ski = cert.subjectKeyIdentifier();
  return ski !== undefined && bytesEqual(ski, si.sid.keyIdentifier);
}

function readSigningTime(a: CmsAttribute | undefined): Date | undefined {
  const v = a?.values[0]?.asn1;
  if (v instanceof asn1js.UTCTime || v instanceof asn1js.GeneralizedTime) return v.toDate();
  return undefined;
}

/** Verifies one SignerInfo. Never throws for a bad signature: the verdict says what failed. */
export function verifySignerInfo(input: VerifySignerInfoInput): SignerInfoVerification {
  const sd = input.signedData;
  const index = input.signerIndex ?? 0;
  const si = sd.signerInfos[index];
  const base = {
    signer: si,
    intact: 'not-checked',
    signature: 'not-checked',
    signingCertificateReference: 'not-checked',
  } as const;
  const stop = (sub: SubIndication, reason: string, extra: Partial<SignerInfoVerification> = {}) =>
    ({ ...base, ...extra, verdict: failed(sub, reason) }) as SignerInfoVerification;

  if (!si) return stop(SubIndication.SIGNED_DATA_NOT_FOUND, `no SignerInfo number ${index + 1}`);
  const hash = si.digestAlgorithm.hash;
  if (!hash)
    return stop(SubIndication.FORMAT_FAILURE, `unknown digest algorithm ${si.digestAlgorithm.oid}`);
  const alg = readSignatureAlgorithm(si.signatureAlgorithm, hash);
  if (!alg.ok) return stop(SubIndication.FORMAT_FAILURE, alg.reason, { digestAlgorithm: hash });
  const known = { digestAlgorithm: hash, signatureAlgorithm: alg.algorithm };
  if (alg.algorithm.hash && alg.algorithm.scheme === 'rsa-pss' && alg.algorithm.hash !== hash) {
    return stop(
      SubIndication.FORMAT_FAILURE,
      `PSS hash ${alg.algorithm.hash} differs from digest algorithm ${hash}`,
      known,
    );
  }

  // Content: detached for PAdES (ETSI EN 319 142-1 §6.3: no encapsulated content).
  let contentDigest: Uint8Array;
  if (input.content.kind === 'encapsulated') {
    if (!sd.encapContent)
      return stop(SubIndication.SIGNED_DATA_NOT_FOUND, 'no encapsulated content to verify', known);
    contentDigest = digest(hash, sd.encapContent);
  } else {
    if (sd.encapContent) {
      return stop(
        SubIndication.FORMAT_FAILURE,
        'a detached signature must not encapsulate content',
        known,
      );
    }
    if (input.content.kind === 'detached-bytes') contentDigest = digest(hash, input.content.bytes);
    else {
      if (input.content.hash !== hash) {
        return stop(
          SubIndication.FORMAT_FAILURE,
          `content digest made with ${input.content.hash}, signer uses ${hash}`,
          known,
        );
      }
      contentDigest = input.content.digest;
    }
  }

  // Signed attributes (RFC 5652 §5.3, §11.1, §11.2).
  if (!si.signedAttributesDer)
    return stop(SubIndication.FORMAT_FAILURE, 'the signature has no signed attributes', known);
  const seen = new Set<string>();
  for (const a of si.signedAttributes) {
    if (seen.has(a.oid))
      return stop(SubIndication.FORMAT_FAILURE, `signed attribute ${a.oid} appears twice`, known);
    seen.add(a.oid);
  }
  const ct = attr(si.signedAttributes, OID.contentType)[0];
  const md = attr(si.signedAttributes, OID.messageDigest)[0];
  const ctValue = ct?.values[0]?.asn1;
  const mdValue = md?.values[0]?.asn1;
  if (!ct || ct.values.length !== 1 || !(ctValue instanceof asn1js.ObjectIdentifier)) {
    return stop(
      SubIndication.FORMAT_FAILURE,
      'content-type signed attribute missing or not one OID',
      known,
    );
  }
  if (ctValue.valueBlock.toString() !== sd.encapContentType) {
    return stop(
      SubIndication.FORMAT_FAILURE,
      `content-type attribute ${ctValue.valueBlock.toString()} differs from eContentType ${sd.encapContentType}`,
      known,
    );
  }
  if (!md || md.values.length !== 1 || !(mdValue instanceof asn1js.OctetString)) {
    return stop(
      SubIndication.FORMAT_FAILURE,
      'message-digest signed attribute missing or not one OCTET STRING',
      known,
    );
  }
  const intact = bytesEqual(new Uint8Array(mdValue.valueBlock.valueHexView), contentDigest)
    ? 'intact'
    : 'altered';

  // ESS signing-certificate reference (v2 preferred, RFC 5035 §3).
  const essAttrs = [
    ...attr(si.signedAttributes, OID.signingCertificateV2).map((a) => readEssFirstRef(a, true)),
    ...attr(si.signedAttributes, OID.signingCertificate).map((a) => readEssFirstRef(a, false)),
  ];
  const essBad = essAttrs.find((r): r is string => typeof r === 'string');
  if (essBad)
    return stop(
      SubIndication.FORMAT_FAILURE,
      `unreadable signing-certificate attribute: ${essBad}`,
      { ...known, intact },
    );
  const essRefs = essAttrs as EssRef[];

  // Signer certificate by sid; among several candidates the one whose key verifies wins,
  // preferring the one the ESS reference names.
  const seenFp = new Set<string>();
  const candidates = [...sd.certificates, ...(input.extraCertificates ?? [])].filter((c) => {
    if (seenFp.has(c.fingerprint) || !sidMatches(si, c)) return false;
    seenFp.add(c.fingerprint);
    return true;
  });
  if (candidates.length === 0) {
    return stop(
      SubIndication.NO_SIGNING_CERTIFICATE_FOUND,
      `no certificate matches the signer identifier (${describeSid(si.sid)})`,
      { ...known, intact },
    );
  }
  const checks = candidates.map((c) => ({
    cert: c,
    check: verifySignature(
      c.publicKey(),
      c.keyDescription(),
      alg.algorithm,
      si.signedAttributesDer!,
      si.signature,
    ),
    ess: essRefs.length > 0 && essRefs.every((r) => essMatches(r, c)),
  }));
  const pick =
    checks.find((c) => c.check.outcome === 'verified' && c.ess) ??
    checks.find((c) => c.check.outcome === 'verified') ??
    checks[0]!;
  const cert = pick.cert;
  const check: SignatureCheck = pick.check;
  const signature = check.outcome === 'verified' ? 'valid' : 'invalid';
  const signingCertificateReference =
    essRefs.length === 0 ? 'absent' : pick.ess ? 'matches' : 'mismatch';
  const claimed = readSigningTime(attr(si.signedAttributes, OID.signingTime)[0]);
  const result = {
    ...known,
    signer: si,
    signerCertificate: cert,
    intact,
    signature,
    signingCertificateReference,
    ...(claimed ? { claimedSigningTime: claimed } : {}),
  } as const;

  if (intact === 'altered') {
    return {
      ...result,
      verdict: failed(
        SubIndication.HASH_FAILURE,
        'the message-digest attribute does not match the signed content: the content was changed after signing',
      ),
    };
  }
  if (check.outcome === 'failed') {
    return { ...result, verdict: failed(SubIndication.SIG_CRYPTO_FAILURE, check.reason) };
  }
  if (signingCertificateReference === 'mismatch') {
    return {
      ...result,
      verdict: failed(
        SubIndication.NO_SIGNING_CERTIFICATE_FOUND,
        'the signing-certificate attribute names a different certificate than the one whose key verifies the signature',
      ),
    };
  }
  const notes: string[] = [];
  if (check.encoding === 'raw-r-s')
    notes.push('ECDSA signature is raw r||s instead of DER (RFC 5480 §2.2); accepted');
  if (signingCertificateReference === 'absent')
    notes.push('no ESS signing-certificate attribute (required by PAdES baseline)');
  if (!sd.digestAlgorithms.some((d) => d.oid === si.digestAlgorithm.oid)) {
    notes.push('the signer digest algorithm is not listed in SignedData.digestAlgorithms');
  }
  return { ...result, verdict: passed(notes) };
}
