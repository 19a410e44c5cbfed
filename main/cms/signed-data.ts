/**
 * CMS SignedData for PAdES (RFC 5652 §5; ETSI EN 319 142-1 §5.1 "CMS signature" with
 * SubFilter ETSI.CAdES.detached; EN 319 122-1 §5 for the attributes).
 *
 * Owns: building the DER ContentInfo(SignedData) for one signer over a ByteRange digest, and an
 * exact-for-B-B upper bound of its size, so the /Contents placeholder can be sized first.
 * Must never: read the PDF, hash document bytes, or hold key material: the Signer port signs,
 * this module only asks it to.
 *
 * Shape: version 1, digestAlgorithms {hash}, encapContentInfo {id-data} with no eContent
 * (detached), certificates [0] = the signer's chain in the order the Signer gives (signer
 * first; verifiers find the signer by sid), one SignerInfo (version 1, sid
 * issuerAndSerialNumber, signedAttrs, signatureAlgorithm, signature, unsignedAttrs if any).
 */
import { createHash } from 'node:crypto';
import type { HashAlgorithm, SignatureScheme, Signer } from '../sign/signer';
import {
  chooseScheme,
  digestAlgorithmId,
  HASH_LENGTH,
  hashLabel,
  maxSignatureLength,
  signatureAlgorithmId,
} from './algorithms';
import { readCertificateFields, type CertificateFields } from './certificate-fields';
import { cmsError } from './cms-errors';
import {
  children,
  DerError,
  explicit,
  integer,
  octetString,
  oid,
  readNode,
  seq,
  setOf,
  tlv,
  TAG,
} from './der';
import { OID } from './oids';
import {
  encodeAttribute,
  encodeAttributeSet,
  padesSignedAttributes,
  type CmsAttribute,
} from './signed-attributes';

export type { CmsAttribute } from './signed-attributes';

export interface PadesCmsOptions {
  signer: Signer;
  /** Hash of the ByteRange, made with `hash`. */
  contentDigest: Uint8Array;
  hash: HashAlgorithm;
  preferPss?: boolean;
  /** Later: signature-time-stamp (EN 319 122-1 §5.3). */
  unsignedAttributes?: readonly CmsAttribute[];
}

interface Prepared {
  readonly certs: readonly Uint8Array[];
  readonly signerCert: CertificateFields;
  readonly scheme: SignatureScheme;
}

async function prepare(signer: Signer, hash: HashAlgorithm, preferPss: boolean): Promise<Prepared> {
  const certs = await signer.certificates();
  const first = certs[0];
  if (!first) throw cmsError('CMS_NO_CERTIFICATE');
  const signerCert = readCertificateFields(first);
  const scheme = chooseScheme(signerCert, hash, preferPss);
  const offered = await signer.schemes();
  if (!offered.includes(scheme)) {
    throw cmsError('CMS_SCHEME_UNSUPPORTED', {
      subject: signerCert.subjectText,
      scheme,
      offered: offered.join(', ') || '-',
    });
  }
  return { certs, signerCert, scheme };
}

function assemble(
  p: Prepared,
  hash: HashAlgorithm,
  signedAttrsSet: Uint8Array,
  signature: Uint8Array,
  unsigned: readonly CmsAttribute[],
): Uint8Array {
  // [0] IMPLICIT SET OF Attribute: same contents as the signed SET, context tag 0xA0.
  const signedAttrsImplicit = Uint8Array.from(signedAttrsSet);
  signedAttrsImplicit[0] = 0xa0;
  const signerInfo = seq(
    integer(1),
    seq(p.signerCert.issuer, p.signerCert.serialNumber), // IssuerAndSerialNumber
    digestAlgorithmId(hash),
    signedAttrsImplicit,
    signatureAlgorithmId(p.scheme, hash),
    octetString(signature),
    ...(unsigned.length > 0 ? [setOf(unsigned.map(encodeAttribute), 0xa1)] : []),
  );
  const signedData = seq(
    integer(1),
    setOf([digestAlgorithmId(hash)]),
    seq(oid(OID.data)), // EncapsulatedContentInfo without eContent: detached
    tlv(0xa0, ...p.certs),
    setOf([signerInfo]),
  );
  return seq(oid(OID.signedData), explicit(0, signedData));
}

function checkSignatureValue(scheme: SignatureScheme, sig: Uint8Array, max: number): void {
  const bad = (reason: string) => cmsError('CMS_BAD_SIGNATURE_VALUE', { scheme, reason });
  if (sig.length === 0 || sig.length > max)
    throw bad(`${sig.length} bytes, at most ${max} expected`);
  if (scheme === 'ecdsa') {
    // Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } in DER, never raw r||s.
    try {
      const n = readNode(sig);
      const parts = n.tag === TAG.SEQUENCE && n.end === sig.length ? children(n) : [];
      if (parts.length !== 2 || parts.some((x) => x.tag !== TAG.INTEGER))
        throw bad('not a DER Ecdsa-Sig-Value');
    } catch (e) {
      if (e instanceof DerError) throw bad('not a DER Ecdsa-Sig-Value');
      throw e;
    }
  } else if (sig.length !== max) {
    throw bad(`${sig.length} bytes, ${max} expected`);
  }
}

/** Builds the detached CMS SignedData (DER ContentInfo) for a PAdES signature. */
export async function buildPadesSignedData(opts: PadesCmsOptions): Promise<Uint8Array> {
  const { hash } = opts;
  if (opts.contentDigest.length !== HASH_LENGTH[hash]) {
    throw cmsError('CMS_BAD_DIGEST', {
      length: opts.contentDigest.length,
      hash: hashLabel(hash),
      expected: HASH_LENGTH[hash],
    });
  }
  const p = await prepare(opts.signer, hash, opts.preferPss ?? false);
  const signedAttrsSet = encodeAttributeSet(
    padesSignedAttributes(p.signerCert, opts.contentDigest, hash),
  );
  const digest = createHash(hash).update(signedAttrsSet).digest();
  const signature = await opts.signer.sign({
    data: signedAttrsSet,
    digest: new Uint8Array(digest),
    hash,
    scheme: p.scheme,
  });
  checkSignatureValue(p.scheme, signature, maxSignatureLength(p.signerCert, p.scheme));
  return assemble(p, hash, signedAttrsSet, signature, opts.unsignedAttributes ?? []);
}

/**
 * Upper bound of buildPadesSignedData's output size, in bytes: the same structure built with
 * a dummy signature of the key's maximum length. Exact for RSA at B-B; ECDSA signatures may come
 * out a few bytes shorter. `extraBytes` is for what comes later (a signature-time-stamp token
 * of that size, ...); when non-zero, 16 bytes more cover the longer length headers of the
 * structures enclosing it.
 */
export async function estimateSignedDataSize(
  signer: Signer,
  hash: HashAlgorithm,
  preferPss = false,
  extraBytes = 0,
): Promise<number> {
  const p = await prepare(signer, hash, preferPss);
  const signedAttrsSet = encodeAttributeSet(
    padesSignedAttributes(p.signerCert, new Uint8Array(HASH_LENGTH[hash]), hash),
  );
  const dummy = new Uint8Array(maxSignatureLength(p.signerCert, p.scheme)).fill(0xff);
  return (
    assemble(p, hash, signedAttrsSet, dummy, []).length + (extraBytes > 0 ? extraBytes + 16 : 0)
  );
}
