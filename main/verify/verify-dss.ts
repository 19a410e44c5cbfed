/**
 * Validation data a document carries for itself: the Document Security Store (ETSI EN 319
 * 142-1 §5.4.2, ISO 32000-2 §12.8.4.3: /DSS with /Certs, /OCSPs, /CRLs and per-signature /VRI)
 * and the CMS signed attribute adbe-revocationInfoArchival (1.2.840.113583.1.1.8, ISO 32000-1
 * §12.8.3.3.2) plus the SignedData's own crls / RFC 5940 OCSP entries.
 *
 * Owns: collecting those bytes into one pool (certificates as chain candidates, OCSP responses
 * and CRLs as revocation data), bounded in count and size, with the origin of each item for the
 * report.
 * Must never: make any of it a trust anchor (certificates here are path candidates only), or
 * fail a verification because the DSS is damaged: an unreadable entry is skipped and noted.
 */
import * as asn1js from 'asn1js';
import type { PdfDocument } from '../pdf/document';
import { PdfDict, PdfRef, PdfStream, type PdfObject } from '../pdf/objects';
import { decodeAsn1, rawBytesOf } from './der';
import { ParsedCertificate } from './parsed-certificate';
import type { ParsedSignedData } from './signed-data';

export const OID_ADBE_REVOCATION_ARCHIVAL = '1.2.840.113583.1.1.8';
/** RFC 5940 §4.1 id-ri-ocsp-response. */
const OID_RI_OCSP = '1.3.6.1.5.5.7.16.2';

/** At most this many items per DSS array (a hostile DSS must stay cheap). */
const MAX_ITEMS = 512;
const MAX_ITEM_BYTES = 4 * 1024 * 1024;

export interface ValidationDataPool {
  readonly certificates: readonly ParsedCertificate[];
  readonly ocspResponses: readonly Uint8Array[];
  readonly crls: readonly Uint8Array[];
  /** Where each revocation item came from, keyed by its position: "DSS", "CMS archival", ... */
  readonly ocspOrigins: readonly string[];
  readonly crlOrigins: readonly string[];
  readonly notes: readonly string[];
}

export interface DocumentDss {
  readonly present: boolean;
  readonly pool: ValidationDataPool;
  /** Revision (0-based) that last wrote the /DSS dictionary, when known. */
  readonly revision: number | undefined;
}

export const emptyPool = (): ValidationDataPool => ({
  certificates: [],
  ocspResponses: [],
  crls: [],
  ocspOrigins: [],
  crlOrigins: [],
  notes: [],
});

async function streamsOf(doc: PdfDocument, arr: PdfObject): Promise<Uint8Array[]> {
  const list = await doc.resolve(arr);
  if (!Array.isArray(list)) return [];
  const out: Uint8Array[] = [];
  for (const item of list.slice(0, MAX_ITEMS)) {
    const s = await doc.resolve(item);
    if (!(s instanceof PdfStream)) continue;
    const data = await doc.streamData(s);
    if (data.length <= MAX_ITEM_BYTES) out.push(data);
  }
  return out;
}

/** Reads the document's /DSS (newest revision). Damaged entries are skipped with a note. */
export async function readDocumentDss(
  doc: PdfDocument,
  revisionOfObject?: (num: number) => number | undefined,
): Promise<DocumentDss> {
  const notes: string[] = [];
  let dssObj: PdfObject;
  let catalog: PdfDict;
  try {
    catalog = await doc.catalog();
    dssObj = catalog.get('DSS') ?? null;
  } catch (e) {
    return {
      present: false,
      pool: { ...emptyPool(), notes: [`catalog unreadable: ${(e as Error).message}`] },
      revision: undefined,
    };
  }
  const dss = await doc.resolve(dssObj).catch(() => null);
  if (!(dss instanceof PdfDict)) return { present: false, pool: emptyPool(), revision: undefined };
  const certs: ParsedCertificate[] = [];
  const ocsps: Uint8Array[] = [];
  const crls: Uint8Array[] = [];
  const read = async (key: string, from: PdfDict, into: Uint8Array[]) => {
    try {
      into.push(...(await streamsOf(doc, from.get(key) ?? null)));
    } catch (e) {
      notes.push(`DSS /${key} unreadable: ${(e as Error).message}`);
    }
  };
  const certBytes: Uint8Array[] = [];
  await read('Certs', dss, certBytes);
  await read('OCSPs', dss, ocsps);
  await read('CRLs', dss, crls);
  // VRI entries may name streams the top-level arrays lack (ETSI EN 319 142-1 §5.4.2.3).
  try {
    const vri = await doc.resolve(dss.get('VRI') ?? null);
    if (vri instanceof PdfDict) {
      let n = 0;
      for (const [, v] of vri.map) {
        if (++n > MAX_ITEMS) break;
        const entry = await doc.resolve(v);
        if (!(entry instanceof PdfDict)) continue;
        await read('Cert', entry, certBytes);
        await read('OCSP', entry, ocsps);
        await read('CRL', entry, crls);
      }
    }
  } catch (e) {
    notes.push(`DSS /VRI unreadable: ${(e as Error).message}`);
  }
  for (const der of certBytes) {
    try {
      certs.push(ParsedCertificate.fromDer(der, 'DSS certificate'));
    } catch (e) {
      notes.push(`DSS certificate skipped: ${(e as Error).message}`);
    }
  }
  // The revision that last wrote the DSS: its own object's, or, for a DSS written directly in
  // the catalog, the catalog's.
  const rootRef = doc.trailer.getRef('Root');
  const holder = dssObj instanceof PdfRef ? dssObj : rootRef;
  const revision = holder && revisionOfObject ? revisionOfObject(holder.num) : undefined;
  return {
    present: true,
    pool: {
      certificates: certs,
      ocspResponses: ocsps,
      crls,
      ocspOrigins: ocsps.map(() => 'DSS'),
      crlOrigins: crls.map(() => 'DSS'),
      notes,
    },
    revision,
  };
}

function explicitChildren(seq: asn1js.Sequence, tag: number): asn1js.AsnType[] {
  for (const el of seq.valueBlock.value) {
    if (el.idBlock.tagClass === 3 && el.idBlock.tagNumber === tag) {
      const inner = (el as asn1js.Constructed).valueBlock.value[0];
      if (inner instanceof asn1js.Sequence) return [...inner.valueBlock.value];
    }
  }
  return [];
}

/** Revocation data inside the CMS: adbe-revocationInfoArchival, SignedData crls, RFC 5940. */
export function cmsValidationData(sd: ParsedSignedData, signerIndex = 0): ValidationDataPool {
  const ocsps: Uint8Array[] = [];
  const crls: Uint8Array[] = [];
  const ocspOrigins: string[] = [];
  const crlOrigins: string[] = [];
  const notes: string[] = [];
  const si = sd.signerInfos[signerIndex];
  for (const a of si?.signedAttributes ?? []) {
    if (a.oid !== OID_ADBE_REVOCATION_ARCHIVAL) continue;
    for (const v of a.values) {
      // RevocationInfoArchival ::= SEQUENCE { crl [0] EXPLICIT SEQUENCE OF CRL OPTIONAL,
      //   ocsp [1] EXPLICIT SEQUENCE OF OCSPResponse OPTIONAL, otherRevInfo [2] ... }
      const d = decodeAsn1(v.der);
      if (!d.ok || !(d.value instanceof asn1js.Sequence)) {
        notes.push('adbe-revocationInfoArchival attribute unreadable');
        continue;
      }
      for (const c of explicitChildren(d.value, 0)) {
        crls.push(rawBytesOf(c));
        crlOrigins.push('CMS adbe-revocationInfoArchival');
      }
      for (const o of explicitChildren(d.value, 1)) {
        ocsps.push(rawBytesOf(o));
        ocspOrigins.push('CMS adbe-revocationInfoArchival');
      }
    }
  }
  for (const c of sd.crls) {
    crls.push(c);
    crlOrigins.push('CMS crls');
  }
  for (const o of sd.otherRevocationInfo) {
    if (o.format !== OID_RI_OCSP) continue;
    ocsps.push(o.der);
    ocspOrigins.push('CMS RFC 5940');
  }
  return { certificates: [], ocspResponses: ocsps, crls, ocspOrigins, crlOrigins, notes };
}

/** Concatenates pools (certificates de-duplicated by fingerprint). */
export function mergePools(...pools: readonly ValidationDataPool[]): ValidationDataPool {
  const certs = new Map<string, ParsedCertificate>();
  for (const p of pools) for (const c of p.certificates) certs.set(c.fingerprint, c);
  return {
    certificates: [...certs.values()],
    ocspResponses: pools.flatMap((p) => p.ocspResponses),
    crls: pools.flatMap((p) => p.crls),
    ocspOrigins: pools.flatMap((p) => p.ocspOrigins),
    crlOrigins: pools.flatMap((p) => p.crlOrigins),
    notes: pools.flatMap((p) => p.notes),
  };
}
