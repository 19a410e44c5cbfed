/**
 * The outline of a CMS SignedData (RFC 5652 §5.1): its certificates and the signature
 * time-stamp tokens in its first signer's unsigned attributes (RFC 3161 Appendix A), read
 * straight from the DER with ./der, without building an ASN.1 object model.
 *
 * Owns: walking ContentInfo → SignedData → certificates [0] and SignerInfo → unsignedAttrs [1]
 * for the id-aa-signatureTimeStampToken attribute. For work that only needs to know which
 * certificates a signature or token carries (main/ltv deciding what validation data to fetch
 * while a large file is still being read), at a fraction of a full parse's cost.
 * Must never: judge anything (main/verify parses and verifies), or guess: input that is not
 * plain DER (BER indefinite lengths, a different shape) gives undefined, and the caller falls
 * back to the full parser.
 */
import { children, DerError, encoding, readNode, readOid, TAG, type DerNode } from './der';

const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_SIGNATURE_TIMESTAMP_TOKEN = '1.2.840.113549.1.9.16.2.14';
/** [0] IMPLICIT CertificateSet and [1] IMPLICIT unsignedAttrs (constructed, context class). */
const CONTEXT_0 = 0xa0;
const CONTEXT_1 = 0xa1;

export interface SignedDataOutline {
  /** DER of each X.509 certificate in the certificates field, in order (other choices skipped). */
  readonly certificates: readonly Uint8Array[];
  /** DER ContentInfo of each signature time-stamp token of the first signer. */
  readonly timestampTokens: readonly Uint8Array[];
}

/**
 * The outline of `der` (a ContentInfo holding SignedData; trailing bytes such as a PDF
 * /Contents' zero padding are ignored), or undefined when it is not DER of that shape.
 */
export function signedDataOutline(der: Uint8Array): SignedDataOutline | undefined {
  try {
    const ci = readNode(der);
    const [type, content] = ci.tag === TAG.SEQUENCE ? children(ci) : [];
    if (!type || !content || readOid(type) !== OID_SIGNED_DATA || content.tag !== CONTEXT_0)
      return undefined;
    const [sd] = children(content);
    if (!sd || sd.tag !== TAG.SEQUENCE) return undefined;
    const items = children(sd);
    const certificates: Uint8Array[] = [];
    for (const item of items)
      if (item.tag === CONTEXT_0)
        for (const c of children(item)) if (c.tag === TAG.SEQUENCE) certificates.push(copy(c));
    const signerInfos = items.at(-1);
    if (!signerInfos || signerInfos.tag !== TAG.SET) return undefined;
    const [first] = children(signerInfos);
    return { certificates, timestampTokens: first ? timestampTokensOf(first) : [] };
  } catch (e) {
    if (e instanceof DerError) return undefined;
    throw e;
  }
}

function timestampTokensOf(signerInfo: DerNode): Uint8Array[] {
  if (signerInfo.tag !== TAG.SEQUENCE) throw new DerError('SignerInfo is not a SEQUENCE');
  const unsigned = children(signerInfo).find((n) => n.tag === CONTEXT_1);
  if (!unsigned) return [];
  const tokens: Uint8Array[] = [];
  for (const attr of children(unsigned)) {
    const [type, values] = children(attr);
    if (!type || !values || readOid(type) !== OID_SIGNATURE_TIMESTAMP_TOKEN) continue;
    for (const v of children(values)) if (v.tag === TAG.SEQUENCE) tokens.push(copy(v));
  }
  return tokens;
}

/** A copy, so the result does not keep the whole input alive. */
const copy = (n: DerNode): Uint8Array => new Uint8Array(encoding(n));
