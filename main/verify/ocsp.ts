/**
 * OCSP responses as revocation evidence (RFC 6960), checked offline from bytes.
 *
 * Owns: reading an OCSPResponse (or a bare BasicOCSPResponse, as some archives store it),
 * matching the SingleResponse to a certificate by CertID (issuer name hash, issuer key hash,
 * serial; §4.1.1), checking that the responder is authorised (the CA itself, or a delegated
 * responder certificate issued by that CA and carrying id-kp-OCSPSigning, §4.2.2.2), the
 * signature over tbsResponseData, and the freshness of thisUpdate/nextUpdate.
 * Must never: accept a response signed by anyone else, or one whose signature fails, however
 * convenient its status; such data is reported as rejected, with the reason.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { bytesEqual, decodeAsn1, digest, toHex, view } from './der';
import { hashFromOid, OID } from './oids';
import {
  formatName,
  nameDer,
  namesMatch,
  ParsedCertificate,
  serialHexOf,
} from './parsed-certificate';
import {
  isFresh,
  isFromFuture,
  reasonName,
  type RevocationDataCheck,
  type RevocationTimes,
} from './revocation-evidence';
import { readSignatureAlgorithm, verifySignature } from './signature-algorithm';
import { verifyError } from './verify-errors';

export interface ParsedOcsp {
  readonly basic: pkijs.BasicOCSPResponse;
  readonly certificates: readonly ParsedCertificate[];
}

/** Reads an OCSPResponse or BasicOCSPResponse; throws VERIFY_OCSP_MALFORMED for anything else. */
export function parseOcspResponse(bytes: Uint8Array, what = 'OCSP response'): ParsedOcsp {
  const fail = (reason: string, cause?: unknown) =>
    verifyError('VERIFY_OCSP_MALFORMED', { what, reason }, cause);
  const d = decodeAsn1(bytes);
  if (!d.ok) throw fail(d.reason);
  let basicAsn1: asn1js.AsnType = d.value;
  const first = d.value instanceof asn1js.Sequence ? d.value.valueBlock.value[0] : undefined;
  if (first instanceof asn1js.Enumerated) {
    // OCSPResponse (§4.2.1): responseStatus must be successful (0) with id-pkix-ocsp-basic bytes.
    const resp = new pkijs.OCSPResponse({ schema: d.value });
    if (resp.responseStatus.valueBlock.valueDec !== 0) {
      throw fail(`responseStatus ${resp.responseStatus.valueBlock.valueDec} (not successful)`);
    }
    if (!resp.responseBytes || resp.responseBytes.responseType !== OID.ocspBasic)
      throw fail('not a basic OCSP response');
    const inner = decodeAsn1(view(resp.responseBytes.response.valueBlock.valueHexView));
    if (!inner.ok) throw fail(inner.reason);
    basicAsn1 = inner.value;
  }
  try {
    const basic = new pkijs.BasicOCSPResponse({ schema: basicAsn1 });
    const certificates: ParsedCertificate[] = [];
    const seq = basicAsn1 as asn1js.Sequence;
    const certsTagged = seq.valueBlock.value.find(
      (x) => x.idBlock.tagClass === 3 && x.idBlock.tagNumber === 0,
    );
    const certSeq = certsTagged
      ? (certsTagged as asn1js.Constructed).valueBlock.value[0]
      : undefined;
    if (certSeq instanceof asn1js.Sequence) {
      for (const c of certSeq.valueBlock.value) {
        certificates.push(
          ParsedCertificate.fromDer(new Uint8Array(c.valueBeforeDecodeView), `${what} certificate`),
        );
      }
    }
    return { basic, certificates };
  } catch (e) {
    if (e instanceof Error && e.name === 'SealdeskError') throw e;
    throw fail((e as Error).message, e);
  }
}

function responderMatches(responderId: unknown, cert: ParsedCertificate): boolean {
  if (responderId instanceof pkijs.RelativeDistinguishedNames)
    return namesMatch(responderId, cert.subjectName);
  if (responderId instanceof asn1js.OctetString) {
    return bytesEqual(
      view(responderId.valueBlock.valueHexView),
      digest('sha1', cert.publicKeyBits),
    );
  }
  return false;
}

type Status =
  { status: 'good' } | { status: 'revoked'; at: Date; reasonCode?: number } | { status: 'unknown' };

function readCertStatus(s: unknown): Status | undefined {
  if (!(s instanceof asn1js.BaseBlock) || s.idBlock.tagClass !== 3) return undefined;
  if (s.idBlock.tagNumber === 0) return { status: 'good' };
  if (s.idBlock.tagNumber === 2) return { status: 'unknown' };
  if (s.idBlock.tagNumber !== 1) return undefined;
  // RevokedInfo ::= SEQUENCE { revocationTime GeneralizedTime, revocationReason [0] EXPLICIT CRLReason OPTIONAL }
  const items = (s as asn1js.Constructed).valueBlock.value;
  const time = items[0];
  if (!(time instanceof asn1js.GeneralizedTime)) return undefined;
  const reasonWrap = items[1] as asn1js.Constructed | undefined;
  const reason = reasonWrap?.valueBlock?.value?.[0];
  return reason instanceof asn1js.Enumerated
    ? { status: 'revoked', at: time.toDate(), reasonCode: reason.valueBlock.valueDec }
    : { status: 'revoked', at: time.toDate() };
}

export interface OcspCheckInput {
  readonly response: Uint8Array;
  readonly certificate: ParsedCertificate;
  readonly issuer: ParsedCertificate;
  readonly times: RevocationTimes;
}

/** Judges one OCSP response about one certificate. Never throws for bad data: it rejects it. */
export function checkOcspResponse(input: OcspCheckInput): RevocationDataCheck {
  const dataFingerprint = toHex(digest('sha256', input.response));
  const reject = (reason: string): RevocationDataCheck => ({
    outcome: 'rejected',
    rejected: { source: 'ocsp', dataFingerprint, reason },
  });
  let parsed: ParsedOcsp;
  try {
    parsed = parseOcspResponse(input.response);
  } catch (e) {
    return reject((e as Error).message);
  }
  const { certificate: cert, issuer } = input;
  const tbs = parsed.basic.tbsResponseData;

  // CertID match (RFC 6960 §4.1.1).
  const single = tbs.responses.find((r) => {
    const h = hashFromOid(r.certID.hashAlgorithm.algorithmId);
    return (
      h !== undefined &&
      serialHexOf(r.certID.serialNumber) === cert.serialHex &&
      bytesEqual(
        view(r.certID.issuerNameHash.valueBlock.valueHexView),
        digest(h, nameDer(cert.issuerName)),
      ) &&
      bytesEqual(
        view(r.certID.issuerKeyHash.valueBlock.valueHexView),
        digest(h, issuer.publicKeyBits),
      )
    );
  });
  if (!single) return { outcome: 'not-about-this-certificate' };

  // Who signed it: the CA itself or a delegated responder (RFC 6960 §4.2.2.2).
  const notes: string[] = [];
  let signer: ParsedCertificate | undefined;
  if (responderMatches(tbs.responderID, issuer)) signer = issuer;
  else {
    const delegate = parsed.certificates.find((c) => responderMatches(tbs.responderID, c));
    if (!delegate)
      return reject('the responder certificate is not in the response and is not the CA');
    if (!namesMatch(delegate.issuerName, issuer.subjectName)) {
      return reject(`responder "${delegate.subject}" was not issued by the CA "${issuer.subject}"`);
    }
    const certAlg = readSignatureAlgorithm(delegate.cert.signatureAlgorithm);
    if (!certAlg.ok) return reject(`responder certificate: ${certAlg.reason}`);
    const byCa = verifySignature(
      issuer.publicKey(),
      issuer.keyDescription(),
      certAlg.algorithm,
      delegate.tbs,
      delegate.signatureValue,
    );
    if (byCa.outcome !== 'verified')
      return reject(`responder "${delegate.subject}" was not issued by the CA's key`);
    if (!delegate.extendedKeyUsage()?.purposes.includes(OID.kpOcspSigning)) {
      return reject(
        `responder "${delegate.subject}" lacks id-kp-OCSPSigning: not authorised by the CA`,
      );
    }
    const at = tbs.producedAt.getTime();
    if (at < delegate.notBefore.getTime() || at > delegate.notAfter.getTime()) {
      return reject(`responder certificate was not valid when the response was produced`);
    }
    if (delegate.extension(OID.ocspNoCheck))
      notes.push('responder certificate carries id-pkix-ocsp-nocheck');
    else notes.push('revocation of the delegated responder certificate was not checked');
    signer = delegate;
  }

  const alg = readSignatureAlgorithm(parsed.basic.signatureAlgorithm);
  if (!alg.ok) return reject(alg.reason);
  const sig = verifySignature(
    signer.publicKey(),
    signer.keyDescription(),
    alg.algorithm,
    view(tbs.tbsView),
    view(parsed.basic.signature.valueBlock.valueHexView),
  );
  if (sig.outcome !== 'verified') return reject(`response signature: ${sig.reason}`);

  if (isFromFuture(single.thisUpdate, input.times)) return reject('thisUpdate lies in the future');
  if (single.nextUpdate && single.nextUpdate.getTime() < single.thisUpdate.getTime()) {
    return reject('nextUpdate before thisUpdate');
  }
  const status = readCertStatus(single.certStatus);
  if (!status) return reject('unreadable certStatus');
  const fresh = isFresh(single.thisUpdate, single.nextUpdate, input.times.controlTime);
  const reason = status.status === 'revoked' ? reasonName(status.reasonCode) : undefined;
  return {
    outcome: 'evidence',
    evidence: {
      source: 'ocsp',
      dataFingerprint,
      signedBy: formatName(signer.subjectName),
      thisUpdate: single.thisUpdate,
      ...(single.nextUpdate ? { nextUpdate: single.nextUpdate } : {}),
      producedAt: tbs.producedAt,
      status: status.status,
      ...(status.status === 'revoked' ? { revokedAt: status.at } : {}),
      ...(reason ? { reason } : {}),
      fresh,
      notes,
    },
  };
}
