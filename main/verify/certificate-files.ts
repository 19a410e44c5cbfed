/**
 * Reading certificates from files the user gives: PEM (one or many), DER, and PKCS#7
 * certs-only bundles (.p7b/.p7c, DER or PEM "PKCS7"), RFC 5652 §5 degenerate SignedData.
 *
 * Owns: turning a file, a folder of files or bytes into ParsedCertificates, and loading the
 * per-run extra anchors (`--trust FILE|DIR`).
 * Must never: treat a file it cannot read as an empty list silently; single files that hold no
 * certificate are errors, folders report the files they skipped.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import { decodeAsn1, pemBlocks, rawBytesOf } from './der';
import { OID } from './oids';
import { ParsedCertificate } from './parsed-certificate';
import { verifyError } from './verify-errors';

/** Certificates of a degenerate (certs-only) PKCS#7 SignedData, or undefined if not PKCS#7. */
function certsFromPkcs7(der: Uint8Array, what: string): ParsedCertificate[] | undefined {
  const d = decodeAsn1(der);
  if (!d.ok || !(d.value instanceof asn1js.Sequence)) return undefined;
  const [oid, wrapped] = d.value.valueBlock.value;
  if (!(oid instanceof asn1js.ObjectIdentifier) || oid.valueBlock.toString() !== OID.signedData)
    return undefined;
  const sd = (wrapped as asn1js.Constructed | undefined)?.valueBlock.value[0];
  if (!(sd instanceof asn1js.Sequence)) return [];
  const certSet = sd.valueBlock.value.find(
    (x) => x.idBlock.tagClass === 3 && x.idBlock.tagNumber === 0,
  );
  if (!certSet) return [];
  return (certSet as asn1js.Constructed).valueBlock.value
    .filter((c) => c instanceof asn1js.Sequence)
    .map((c) => ParsedCertificate.fromDer(rawBytesOf(c), what));
}

/** Certificates in one blob (PEM text, DER certificate or PKCS#7). */
export function certificatesFromBytes(bytes: Uint8Array, what: string): ParsedCertificate[] {
  const text = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 1 << 20))).toString('latin1');
  if (text.includes('-----BEGIN ')) {
    const out: ParsedCertificate[] = [];
    for (const block of pemBlocks(Buffer.from(bytes).toString('latin1'))) {
      if (block.label === 'CERTIFICATE' || block.label === 'X509 CERTIFICATE') {
        out.push(ParsedCertificate.fromDer(block.der, what));
      } else if (block.label === 'PKCS7' || block.label === 'CMS') {
        out.push(...(certsFromPkcs7(block.der, what) ?? []));
      }
    }
    return out;
  }
  return certsFromPkcs7(bytes, what) ?? [ParsedCertificate.fromDer(bytes, what)];
}

export interface CertificateFileRead {
  readonly certificates: readonly ParsedCertificate[];
  readonly skipped: readonly { readonly file: string; readonly reason: string }[];
}

/** Reads a file (error if it holds no certificate) or every file in a folder, recursively. */
export function readCertificateFiles(path: string): CertificateFileRead {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (e) {
    throw verifyError('TRUST_FILE_UNREADABLE', { file: path, reason: (e as Error).message }, e);
  }
  if (!isDir) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch (e) {
      throw verifyError('TRUST_FILE_UNREADABLE', { file: path, reason: (e as Error).message }, e);
    }
    let certs: ParsedCertificate[];
    try {
      certs = certificatesFromBytes(bytes, path);
    } catch (e) {
      throw verifyError('TRUST_FILE_UNREADABLE', { file: path, reason: (e as Error).message }, e);
    }
    if (certs.length === 0) throw verifyError('TRUST_NO_CERTIFICATES', { file: path });
    return { certificates: certs, skipped: [] };
  }
  const certificates: ParsedCertificate[] = [];
  const skipped: { file: string; reason: string }[] = [];
  for (const name of readdirSync(path).sort()) {
    if (name.startsWith('.')) continue;
    try {
      const r = readCertificateFiles(join(path, name));
      certificates.push(...r.certificates);
      skipped.push(...r.skipped);
    } catch (e) {
      skipped.push({ file: join(path, name), reason: (e as Error).message });
    }
  }
  return { certificates, skipped };
}

/** Per-run anchors from `--trust FILE|DIR` options; a folder without certificates is an error. */
export function loadExtraAnchors(paths: readonly string[]): ParsedCertificate[] {
  const out = new Map<string, ParsedCertificate>();
  for (const p of paths) {
    const r = readCertificateFiles(p);
    if (r.certificates.length === 0) throw verifyError('TRUST_NO_CERTIFICATES', { file: p });
    for (const c of r.certificates) out.set(c.fingerprint, c);
  }
  return [...out.values()];
}
