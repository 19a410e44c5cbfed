/**
 * Is this certificate fit to sign with, now? And a plain summary of it for the user.
 *
 * Owns: the pre-signing checks of a signer certificate (RFC 5280 §4.1.2.5 validity, §4.2.1.3
 * keyUsage, §4.2.1.9 basicConstraints) and the CertificateSummary shown before confirming.
 * Must never: decide trust or revocation (verification does that, against trust anchors), or
 * reach the network.
 *
 * keyUsage rule: a certificate without keyUsage is accepted; one with keyUsage must include
 * digitalSignature or nonRepudiation (contentCommitment), as ETSI EN 319 412-2 §4.3.2 profiles
 * signing certificates.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { basename } from 'node:path';
import { readCertificateFields } from '../cms/certificate-fields';
import { children, contents, readNode, readOid, TAG, type DerNode } from '../cms/der';
import { keyError } from './key-errors';

export interface CertificateSummary {
  subject: string;
  issuer: string;
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  /** RFC 5280 names: digitalSignature, nonRepudiation, keyEncipherment, ... */
  keyUsage: string[];
  keyType: 'rsa' | 'rsa-pss' | 'ec' | 'other';
  keyBits: number;
  /** SHA-256 of the DER certificate, upper-case hex pairs separated by colons. */
  fingerprintSha256: string;
}

const KEY_USAGE_BITS = [
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

const OID_KEY_USAGE = '2.5.29.15';
const OID_BASIC_CONSTRAINTS = '2.5.29.19';

/** extnID -> extnValue contents (the DER inside the OCTET STRING). */
function extensions(der: Uint8Array): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const tbs = children(readNode(der))[0];
  if (!tbs) return out;
  const ext = children(tbs).find((n) => n.tag === 0xa3);
  if (!ext) return out;
  const list = children(ext)[0];
  if (!list) return out;
  for (const e of children(list)) {
    const parts: DerNode[] = children(e);
    const id = parts[0];
    const value = parts[parts.length - 1];
    if (id && value && value.tag === TAG.OCTET_STRING) out.set(readOid(id), contents(value));
  }
  return out;
}

function keyUsageOf(exts: Map<string, Uint8Array>): string[] | undefined {
  const v = exts.get(OID_KEY_USAGE);
  if (!v) return undefined;
  const bits = contents(readNode(v)); // BIT STRING: unused-bits octet, then the bits
  const names: string[] = [];
  KEY_USAGE_BITS.forEach((name, i) => {
    const byte = bits[1 + (i >> 3)];
    if (byte !== undefined && (byte & (0x80 >> (i & 7))) !== 0) names.push(name);
  });
  return names;
}

function isCa(exts: Map<string, Uint8Array>): boolean {
  const v = exts.get(OID_BASIC_CONSTRAINTS);
  if (!v) return false;
  const first = children(readNode(v))[0]; // BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, ... }
  return first !== undefined && first.tag === 0x01 && contents(first)[0] !== 0;
}

/** RFC 4514 order (most specific first) on one line: "CN=..., O=..., C=CN". */
const dnText = (nodeDn: string): string => nodeDn.split('\n').reverse().join(', ');

function commonName(nodeDn: string): string {
  const cn = nodeDn.split('\n').find((l) => l.startsWith('CN='));
  return cn ? cn.slice(3) : dnText(nodeDn);
}

function parse(der: Uint8Array, file?: string) {
  try {
    const x = new X509Certificate(der);
    return { x, exts: extensions(der) };
  } catch (e) {
    throw keyError(
      'CERT_UNREADABLE',
      {
        where: file === undefined ? '' : basename(file),
        reason: e instanceof Error ? e.message : String(e),
      },
      e,
    );
  }
}

const isoDate = (d: Date): string =>
  d
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');

/**
 * Throws a SealdeskError (CERT_EXPIRED, CERT_NOT_YET_VALID, CERT_IS_CA, CERT_KEY_USAGE) when
 * the certificate must not be used to sign at `at`.
 */
export function checkSigningCertificate(certDer: Uint8Array, at: Date, file?: string): void {
  const { x, exts } = parse(certDer, file);
  const cn = commonName(x.subject);
  const where = file === undefined ? `"${cn}"` : `"${cn}" (${basename(file)})`;
  const notBefore = new Date(x.validFrom);
  const notAfter = new Date(x.validTo);
  if (at.getTime() > notAfter.getTime()) {
    throw keyError('CERT_EXPIRED', { where, date: isoDate(notAfter) });
  }
  if (at.getTime() < notBefore.getTime()) {
    throw keyError('CERT_NOT_YET_VALID', { where, date: isoDate(notBefore) });
  }
  if (isCa(exts)) throw keyError('CERT_IS_CA', { where });
  const ku = keyUsageOf(exts);
  if (ku && !ku.includes('digitalSignature') && !ku.includes('nonRepudiation')) {
    throw keyError('CERT_KEY_USAGE', { where, usage: ku.join(', ') || '-' });
  }
}

export function summarizeCertificate(der: Uint8Array): CertificateSummary {
  const { x, exts } = parse(der);
  const fields = readCertificateFields(der);
  const fp = createHash('sha256').update(der).digest('hex').toUpperCase();
  return {
    subject: dnText(x.subject),
    issuer: dnText(x.issuer),
    serialHex: x.serialNumber.toLowerCase(),
    notBefore: new Date(x.validFrom),
    notAfter: new Date(x.validTo),
    keyUsage: keyUsageOf(exts) ?? [],
    keyType: fields.keyType,
    keyBits: fields.keyBits,
    fingerprintSha256: fp.match(/../g)!.join(':'),
  };
}
