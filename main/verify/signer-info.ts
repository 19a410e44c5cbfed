/**
 * Cryptographic verification of one CMS SignerInfo (RFC 5652 §5.4, §5.6; ETSI EN 319 102-1
 * §5.2.3 identification of the signing certificate and §5.2.7 cryptographic verification).
 *
 * Owns: the signed-attribute rules (exactly one content-type and one message-digest, no
 * attribute type twice, RFC 6211 cmsAlgorithmProtection consistent with the SignerInfo), the
 * message-digest comparison with the content's digest, the signature over the DER encoding of
 * the signed attributes, the signature over the content itself when there are none, finding
 * the signer certificate among the candidates by its identifier, and the ESS
 * signing-certificate(-v2) binding (RFC 5035 §3) that defeats certificate substitution.
 * Must never: say anything about trust (cert-path.ts does), or verify the signed attributes in
 * any other form than their DER encoding.
 *
 * Decisions:
 * - Signed attributes are verified in DER (RFC 5652 §5.4: "the DER encoding of the
 *   SignedAttrs value"; a SET OF is sorted in DER, X.690 §11.6). Bytes received in another
 *   order are re-sorted; a signature that verifies only over the received order is
 *   SIG_CRYPTO_FAILURE (the content digest is intact, the signature value does not verify
 *   over what the standard says was signed). NSS/pdfsig and OpenSSL verify the received
 *   bytes and accept such files; DSS and BouncyCastle re-encode and refuse them, as here
 *   (fixes dss-unsorted-attrs-rsa.pdf, dss-unsorted-attrs-ecdsa.pdf, dss-sigtst-invalid.pdf).
 * - Without signed attributes (RFC 5652 §5.4, allowed only for id-data content, §5.3) the
 *   signature is over the content itself: for a PDF the ByteRange, of which only the digest is
 *   known, so RSA and ECDSA are checked against that digest (signature-algorithm.ts). Such a
 *   signature can be intact and valid, but nothing it signs names its certificate: the caller
 *   turns that into INDETERMINATE / SIG_CONSTRAINTS_FAILURE (`certificateBindingVerdict`).
 */
import * as asn1js from 'asn1js';
import { bytesEqual, derSignedAttributes, digest, type HashName } from './der';
import { failed, passed, SubIndication, type Verdict } from './indications';
import { hashFromOid, OID } from './oids';
import { namesMatch, type ParsedCertificate } from './parsed-certificate';
import {
  readSignatureAlgorithm,
  verifyDigestSignature,
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
  /**
   * Does the signature verify with the signer certificate's key (over the DER signed
   * attributes, or over the content when there are none)?
   */
  readonly signature: 'valid' | 'invalid' | 'not-checked';
  /** RFC 5652 §5.3: signedAttrs is OPTIONAL for id-data content. */
  readonly signedAttributes: 'present' | 'absent';
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
    signedAttributes: si?.signedAttributesDer ? 'present' : 'absent',
  } as const;
  const stop = (sub: SubIndication, reason: string, extra: Partial<SignerInfoVerification> = {}) =>
    ({ ...base, ...extra, verdict: failed(sub, reason) }) as SignerInfoVerification;

  if (!si) return stop(SubIndication.FORMAT_FAILURE, `no SignerInfo number ${index + 1}`);
  const hash = si.digestAlgorithm.hash;
  if (!hash)
    return stop(SubIndication.FORMAT_FAILURE, `unknown digest algorithm ${si.digestAlgorithm.oid}`);
  const alg = readSignatureAlgorithm(si.signatureAlgorithm, hash);
  if (!alg.ok) return stop(SubIndication.FORMAT_FAILURE, alg.reason, { digestAlgorithm: hash });
  const sigHash = alg.algorithm.hash;
  if (sigHash && alg.algorithm.scheme === 'rsa-pss' && sigHash !== hash) {
    return stop(
      SubIndication.FORMAT_FAILURE,
      `PSS hash ${sigHash} differs from digest algorithm ${hash}`,
      { digestAlgorithm: hash, signatureAlgorithm: alg.algorithm },
    );
  }
  // A signature OID that names another hash than digestAlgorithm (sha256WithRSAEncryption with
  // SHA-384, fixes itext-rev-data-in-cms.pdf): RFC 5652 §5.4-5.5 has the digestAlgorithm hash
  // the signed attributes (or the content) and the signature algorithm sign that digest, so the
  // digestAlgorithm is what is checked, and judged by the policy; the label is noted.
  const hashesDiffer = sigHash !== undefined && sigHash !== hash;
  const algorithm: SignatureAlgorithm = hashesDiffer ? { ...alg.algorithm, hash } : alg.algorithm;
  const known = { digestAlgorithm: hash, signatureAlgorithm: algorithm };

  // Content: detached for PAdES (ETSI EN 319 142-1 §6.3: no encapsulated content).
  let contentDigest: Uint8Array;
  let contentBytes: Uint8Array | undefined;
  if (input.content.kind === 'encapsulated') {
    if (!sd.encapContent)
      return stop(SubIndication.FORMAT_FAILURE, 'the SignedData encapsulates no content', known);
    contentBytes = sd.encapContent;
    contentDigest = digest(hash, contentBytes);
  } else {
    if (sd.encapContent) {
      return stop(
        SubIndication.FORMAT_FAILURE,
        'a detached signature must not encapsulate content',
        known,
      );
    }
    if (input.content.kind === 'detached-bytes') {
      contentBytes = input.content.bytes;
      contentDigest = digest(hash, contentBytes);
    } else {
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

  let signed: Extract<SignedAttributesReading, { ok: true }> | undefined;
  if (si.signedAttributesDer) {
    const r = readSignedAttributes(si, sd, contentDigest);
    if (!r.ok) return stop(SubIndication.FORMAT_FAILURE, r.reason, { ...known, ...r.extra });
    signed = r;
  } else if (sd.encapContentType !== OID.data) {
    // RFC 5652 §5.3: signedAttrs MUST be present when the content type is not id-data.
    return stop(
      SubIndication.FORMAT_FAILURE,
      `content of type ${sd.encapContentType} signed without signed attributes (RFC 5652 §5.3)`,
      known,
    );
  }
  const essRefs = signed?.essRefs ?? [];

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
      { ...known, ...(signed ? { intact: signed.intact } : {}) },
    );
  }
  const checkWith = (c: ParsedCertificate): SignatureCheck => {
    if (signed) {
      return verifySignature(
        c.publicKey(),
        c.keyDescription(),
        algorithm,
        signed.der,
        si.signature,
      );
    }
    // No signed attributes: the signature is over the content itself (RFC 5652 §5.4).
    if (contentBytes)
      return verifySignature(
        c.publicKey(),
        c.keyDescription(),
        algorithm,
        contentBytes,
        si.signature,
      );
    return verifyDigestSignature(
      c.publicKey(),
      c.keyDescription(),
      algorithm,
      hash,
      si.digestAlgorithm.oid,
      contentDigest,
      si.signature,
    );
  };
  const checks = candidates.map((c) => ({
    cert: c,
    check: checkWith(c),
    ess: essRefs.length > 0 && essRefs.every((r) => essMatches(r, c)),
  }));
  const pick =
    checks.find((c) => c.check.outcome === 'verified' && c.ess) ??
    checks.find((c) => c.check.outcome === 'verified') ??
    checks.find((c) => c.check.outcome === 'failed' && c.check.digestDiffers) ??
    checks[0]!;
  const cert = pick.cert;
  const check: SignatureCheck = pick.check;
  const signature = check.outcome === 'verified' ? 'valid' : 'invalid';
  const intact: SignerInfoVerification['intact'] = signed
    ? signed.intact
    : check.outcome === 'verified'
      ? 'intact'
      : check.digestDiffers
        ? 'altered'
        : 'not-checked';
  const signingCertificateReference =
    essRefs.length === 0 ? 'absent' : pick.ess ? 'matches' : 'mismatch';
  const result = {
    ...known,
    signer: si,
    signerCertificate: cert,
    intact,
    signature,
    signingCertificateReference,
    signedAttributes: base.signedAttributes,
    ...(signed?.claimed ? { claimedSigningTime: signed.claimed } : {}),
  } as const;

  if (intact === 'altered') {
    return {
      ...result,
      verdict: failed(
        SubIndication.HASH_FAILURE,
        signed
          ? 'the message-digest attribute does not match the signed content: the content was changed after signing'
          : 'the signature is over another digest than the signed content: the content was changed after signing',
      ),
    };
  }
  if (check.outcome === 'failed' && check.unsupported) {
    return { ...result, verdict: failed(SubIndication.CRYPTO_CONSTRAINTS_FAILURE, check.reason) };
  }
  if (check.outcome === 'failed') {
    let reason = check.reason;
    if (signed && !signed.wasDer) {
      const asReceived = verifySignature(
        cert.publicKey(),
        cert.keyDescription(),
        algorithm,
        si.signedAttributesDer!,
        si.signature,
      );
      reason =
        asReceived.outcome === 'verified'
          ? 'the signature verifies only over the signed attributes in the order received, which is not DER; RFC 5652 §5.4 signs their DER encoding (sorted SET OF, X.690 §11.6)'
          : `${reason} (the signed attributes are not in DER order either)`;
    }
    return { ...result, verdict: failed(SubIndication.SIG_CRYPTO_FAILURE, reason) };
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
  const notes: string[] = [...sd.notes];
  if (hashesDiffer)
    notes.push(
      `the signature algorithm OID names ${sigHash}, the digest algorithm ${hash} is used (RFC 5652 §5.4)`,
    );
  if (check.encoding === 'raw-r-s')
    notes.push('ECDSA signature is raw r||s instead of DER (RFC 5480 §2.2); accepted');
  if (!signed)
    notes.push(
      'no signed attributes: the signature is over the signed bytes themselves (RFC 5652 §5.4)',
    );
  else if (signingCertificateReference === 'absent')
    notes.push('no ESS signing-certificate attribute (required by PAdES baseline)');
  if (!sd.digestAlgorithms.some((d) => d.oid === si.digestAlgorithm.oid)) {
    notes.push('the signer digest algorithm is not listed in SignedData.digestAlgorithms');
  }
  return { ...result, verdict: passed(notes) };
}

/**
 * The rule for a cryptographically valid signature whose certificate it does not bind. Without
 * signed attributes there is no signing-certificate attribute (RFC 5035 §3, required by ETSI
 * EN 319 142-1 §6.3 and EN 319 122-1 §5.2.2): the signature is intact and verifies with the key
 * of the certificate its identifier names, but it does not sign which certificate that is, so
 * it is INDETERMINATE / SIG_CONSTRAINTS_FAILURE, not valid and not malformed. (DSS reports the
 * same under its default policy for dss-no-signed-attrs-sha1.pdf.) A signature with signed
 * attributes but no ESS attribute (ISO 32000 adbe.pkcs7.* signatures) stays valid with a note:
 * ISO 32000-1 §12.8.3.3 does not require the attribute there.
 */
export function certificateBindingVerdict(v: SignerInfoVerification): Verdict {
  if (v.verdict.indication !== 'TOTAL_PASSED' || v.signedAttributes !== 'absent') return passed();
  return failed(
    SubIndication.SIG_CONSTRAINTS_FAILURE,
    'the signature is intact and verifies with the signer key, but it has no signed attributes, so it does not bind the signer certificate (no signing-certificate attribute)',
  );
}

type SignedAttributesReading =
  | {
      readonly ok: true;
      /** What the signature is over: the DER encoding of the signed attributes. */
      readonly der: Uint8Array;
      /** The received encoding was already DER. */
      readonly wasDer: boolean;
      readonly intact: 'intact' | 'altered';
      readonly essRefs: readonly EssRef[];
      readonly claimed?: Date;
    }
  | {
      readonly ok: false;
      readonly reason: string;
      readonly extra?: Partial<SignerInfoVerification>;
    };

/** Signed-attribute rules (RFC 5652 §5.3, §11.1, §11.2; RFC 6211; RFC 5035 §3). */
function readSignedAttributes(
  si: ParsedSignerInfo,
  sd: ParsedSignedData,
  contentDigest: Uint8Array,
): SignedAttributesReading {
  const bad = (reason: string, extra?: Partial<SignerInfoVerification>) =>
    ({ ok: false, reason, ...(extra ? { extra } : {}) }) as const;
  const form = derSignedAttributes(si.signedAttributesDer!);
  if (!form.ok) return bad(`unreadable signed attributes: ${form.reason}`);
  const seen = new Set<string>();
  for (const a of si.signedAttributes) {
    if (seen.has(a.oid)) return bad(`signed attribute ${a.oid} appears twice`);
    seen.add(a.oid);
  }
  const ct = attr(si.signedAttributes, OID.contentType)[0];
  const md = attr(si.signedAttributes, OID.messageDigest)[0];
  const ctValue = ct?.values[0]?.asn1;
  const mdValue = md?.values[0]?.asn1;
  if (!ct || ct.values.length !== 1 || !(ctValue instanceof asn1js.ObjectIdentifier))
    return bad('content-type signed attribute missing or not one OID');
  if (ctValue.valueBlock.toString() !== sd.encapContentType) {
    return bad(
      `content-type attribute ${ctValue.valueBlock.toString()} differs from eContentType ${sd.encapContentType}`,
    );
  }
  if (!md || md.values.length !== 1 || !(mdValue instanceof asn1js.OctetString))
    return bad('message-digest signed attribute missing or not one OCTET STRING');
  const protection = algorithmProtectionProblem(si);
  if (protection) return bad(protection);
  const intact = bytesEqual(new Uint8Array(mdValue.valueBlock.valueHexView), contentDigest)
    ? 'intact'
    : 'altered';

  // ESS signing-certificate reference (v2 preferred, RFC 5035 §3).
  const essAttrs = [
    ...attr(si.signedAttributes, OID.signingCertificateV2).map((a) => readEssFirstRef(a, true)),
    ...attr(si.signedAttributes, OID.signingCertificate).map((a) => readEssFirstRef(a, false)),
  ];
  const essBad = essAttrs.find((r): r is string => typeof r === 'string');
  if (essBad) return bad(`unreadable signing-certificate attribute: ${essBad}`, { intact });
  const claimed = readSigningTime(attr(si.signedAttributes, OID.signingTime)[0]);
  return {
    ok: true,
    der: form.der,
    wasDer: form.wasDer,
    intact,
    essRefs: essAttrs as EssRef[],
    ...(claimed ? { claimed } : {}),
  };
}

/**
 * RFC 6211 §2-3: CMSAlgorithmProtection ::= SEQUENCE { digestAlgorithm, signatureAlgorithm [1]
 * IMPLICIT OPTIONAL, macAlgorithm [2] IMPLICIT OPTIONAL }; when present, its algorithms must be
 * the SignerInfo's (compared by OID). Undefined when absent or consistent.
 */
function algorithmProtectionProblem(si: ParsedSignerInfo): string | undefined {
  const a = attr(si.signedAttributes, OID.cmsAlgorithmProtection)[0];
  if (!a) return undefined;
  const v = a.values[0]?.asn1;
  if (a.values.length !== 1 || !(v instanceof asn1js.Sequence))
    return 'cmsAlgorithmProtection attribute is not one SEQUENCE';
  const [dig, ...rest] = v.valueBlock.value;
  const oidIn = (el: asn1js.AsnType | undefined): string | undefined => {
    const first = (el as asn1js.Constructed | undefined)?.valueBlock?.value?.[0];
    return first instanceof asn1js.ObjectIdentifier ? first.valueBlock.toString() : undefined;
  };
  const digOid = oidIn(dig);
  if (digOid !== si.digestAlgorithm.oid) {
    return `cmsAlgorithmProtection names digest ${digOid ?? '?'}, the SignerInfo uses ${si.digestAlgorithm.oid} (RFC 6211 §3)`;
  }
  const sig = rest.find((x) => x.idBlock.tagClass === 3 && x.idBlock.tagNumber === 1);
  const sigOid = sig ? oidIn(sig) : undefined;
  if (sig && sigOid !== si.signatureAlgorithm.algorithmId) {
    return `cmsAlgorithmProtection names signature ${sigOid ?? '?'}, the SignerInfo uses ${si.signatureAlgorithm.algorithmId} (RFC 6211 §3)`;
  }
  return undefined;
}
