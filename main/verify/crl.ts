/**
 * CRLs as revocation evidence (RFC 5280 §5, §6.3), checked offline from bytes.
 *
 * Owns: reading a CRL, checking that it was issued and signed by the certificate's issuer
 * (which must hold cRLSign when it has a keyUsage), its thisUpdate/nextUpdate, its scope
 * (issuingDistributionPoint onlyContainsUser/CACerts), and finding the certificate's entry
 * with revocation date and reason.
 * Must never: use an indirect or delta CRL, a CRL with an unrecognised critical extension
 * (§5.2), or one whose signature fails: those are reported as rejected, not as evidence.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { decodeAsn1, digest, toHex, view } from './der';
import { OID } from './oids';
import { formatName, namesMatch, serialHexOf, type ParsedCertificate } from './parsed-certificate';
import {
  isFresh,
  isFromFuture,
  reasonName,
  type RevocationDataCheck,
  type RevocationTimes,
} from './revocation-evidence';
import { readSignatureAlgorithm, verifySignature } from './signature-algorithm';
import { verifyError } from './verify-errors';

/** Reads a DER CRL; throws VERIFY_CRL_MALFORMED for anything else. */
export function parseCrl(bytes: Uint8Array, what = 'CRL'): pkijs.CertificateRevocationList {
  const d = decodeAsn1(bytes);
  if (!d.ok) throw verifyError('VERIFY_CRL_MALFORMED', { what, reason: d.reason });
  try {
    return new pkijs.CertificateRevocationList({ schema: d.value });
  } catch (e) {
    throw verifyError('VERIFY_CRL_MALFORMED', { what, reason: (e as Error).message }, e);
  }
}

/** issuingDistributionPoint (§5.2.5) flags we act on. */
function readIdp(value: Uint8Array): { onlyUser: boolean; onlyCa: boolean; unsupported?: string } {
  const d = decodeAsn1(value);
  const out = { onlyUser: false, onlyCa: false };
  if (!d.ok || !(d.value instanceof asn1js.Sequence))
    return { ...out, unsupported: 'unreadable issuingDistributionPoint' };
  for (const item of d.value.valueBlock.value) {
    if (item.idBlock.tagClass !== 3) continue;
    const on = view((item as asn1js.Primitive).valueBlock.valueHexView)[0] !== 0;
    switch (item.idBlock.tagNumber) {
      case 1:
        out.onlyUser = on;
        break;
      case 2:
        out.onlyCa = on;
        break;
      case 3:
        return { ...out, unsupported: 'CRL limited to some reasons (onlySomeReasons)' };
      case 4:
        if (on) return { ...out, unsupported: 'indirect CRL' };
        break;
      case 5:
        if (on) return { ...out, unsupported: 'attribute-certificate CRL' };
        break;
    }
  }
  return out;
}

const KNOWN_CRL_EXTENSIONS = new Set<string>([
  OID.authorityKeyIdentifier,
  OID.crlNumber,
  OID.issuingDistributionPoint,
  OID.issuerAltName,
]);
const KNOWN_ENTRY_EXTENSIONS = new Set<string>([OID.crlReason, OID.invalidityDate]);

export interface CrlCheckInput {
  readonly crl: Uint8Array;
  readonly certificate: ParsedCertificate;
  readonly issuer: ParsedCertificate;
  readonly times: RevocationTimes;
}

/** Judges one CRL about one certificate. Never throws for bad data: it rejects it. */
export function checkCrl(input: CrlCheckInput): RevocationDataCheck {
  const dataFingerprint = toHex(digest('sha256', input.crl));
  const reject = (reason: string): RevocationDataCheck => ({
    outcome: 'rejected',
    rejected: { source: 'crl', dataFingerprint, reason },
  });
  let crl: pkijs.CertificateRevocationList;
  try {
    crl = parseCrl(input.crl);
  } catch (e) {
    return reject((e as Error).message);
  }
  const { certificate: cert, issuer } = input;
  if (!namesMatch(crl.issuer, cert.issuerName)) return { outcome: 'not-about-this-certificate' };
  if (!namesMatch(crl.issuer, issuer.subjectName))
    return reject('CRL issuer differs from the certificate issuer');

  let onlyUser = false;
  let onlyCa = false;
  for (const ext of crl.crlExtensions?.extensions ?? []) {
    if (ext.extnID === OID.deltaCrlIndicator) return reject('delta CRLs are not used');
    if (ext.extnID === OID.issuingDistributionPoint) {
      const idp = readIdp(view(ext.extnValue.valueBlock.valueHexView));
      if (idp.unsupported) return reject(idp.unsupported);
      onlyUser = idp.onlyUser;
      onlyCa = idp.onlyCa;
    } else if (ext.critical && !KNOWN_CRL_EXTENSIONS.has(ext.extnID)) {
      return reject(`unrecognised critical CRL extension ${ext.extnID}`);
    }
  }
  const isCa = cert.basicConstraints()?.cA === true;
  if ((onlyUser && isCa) || (onlyCa && !isCa)) return { outcome: 'not-about-this-certificate' };

  const ku = issuer.keyUsage();
  if (ku && !ku.has('cRLSign'))
    return reject(`CRL issuer "${issuer.subject}" lacks the cRLSign key usage`);
  const alg = readSignatureAlgorithm(crl.signatureAlgorithm);
  if (!alg.ok) return reject(alg.reason);
  const sig = verifySignature(
    issuer.publicKey(),
    issuer.keyDescription(),
    alg.algorithm,
    view(crl.tbsView),
    view(crl.signatureValue.valueBlock.valueHexView),
  );
  if (sig.outcome !== 'verified') return reject(`CRL signature: ${sig.reason}`);

  const thisUpdate = crl.thisUpdate.value;
  const nextUpdate = crl.nextUpdate?.value;
  if (isFromFuture(thisUpdate, input.times)) return reject('thisUpdate lies in the future');

  const entry = (crl.revokedCertificates ?? []).find(
    (r) => serialHexOf(r.userCertificate) === cert.serialHex,
  );
  let reasonCode: number | undefined;
  for (const ext of entry?.crlEntryExtensions?.extensions ?? []) {
    if (ext.extnID === OID.certificateIssuer)
      return reject('indirect CRL entry (certificateIssuer)');
    if (ext.extnID === OID.crlReason) {
      const r = decodeAsn1(view(ext.extnValue.valueBlock.valueHexView));
      if (r.ok && r.value instanceof asn1js.Enumerated) reasonCode = r.value.valueBlock.valueDec;
    } else if (ext.critical && !KNOWN_ENTRY_EXTENSIONS.has(ext.extnID)) {
      return reject(`unrecognised critical CRL entry extension ${ext.extnID}`);
    }
  }
  const reason = reasonName(reasonCode);
  const revoked = entry !== undefined && reason !== 'removeFromCRL';
  return {
    outcome: 'evidence',
    evidence: {
      source: 'crl',
      dataFingerprint,
      signedBy: formatName(crl.issuer),
      thisUpdate,
      ...(nextUpdate ? { nextUpdate } : {}),
      status: revoked ? 'revoked' : 'good',
      ...(revoked ? { revokedAt: entry.revocationDate.value } : {}),
      ...(revoked && reason ? { reason } : {}),
      fresh: isFresh(thisUpdate, nextUpdate, input.times.controlTime),
      notes: nextUpdate ? [] : ['CRL has no nextUpdate'],
    },
  };
}
