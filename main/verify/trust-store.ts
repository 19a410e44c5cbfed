/**
 * The user's trust store: the certificates this user chose to trust as anchors.
 *
 * Owns: a folder in the user data directory (`<dataDir>/trust-anchors/<sha256>.der`), one
 * DER file per anchor named by its fingerprint, written atomically (temp file, fsync,
 * rename, fsync of the folder); import of PEM/DER/P7B files or folders, listing (subject,
 * fingerprint, validity), removal by fingerprint.
 * Must never: add a certificate the user did not import (documents never add anchors), or
 * leave a half-written anchor file behind a crash.
 */
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { readCertificateFiles } from './certificate-files';
import { ParsedCertificate } from './parsed-certificate';
import { verifyError } from './verify-errors';

export interface TrustAnchorEntry {
  readonly fingerprint: string;
  readonly subject: string;
  readonly issuer: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly isCa: boolean;
  readonly selfSigned: boolean;
}

export interface TrustImportResult {
  readonly added: readonly TrustAnchorEntry[];
  readonly alreadyTrusted: readonly TrustAnchorEntry[];
  readonly skipped: readonly { readonly file: string; readonly reason: string }[];
}

const FP_RE = /^[0-9a-f]{64}$/;
const normaliseFingerprint = (fp: string) => fp.replace(/[\s:]/g, '').toLowerCase();

function entryOf(c: ParsedCertificate): TrustAnchorEntry {
  return {
    fingerprint: c.fingerprint,
    subject: c.subject,
    issuer: c.issuer,
    notBefore: c.notBefore,
    notAfter: c.notAfter,
    isCa: c.basicConstraints()?.cA === true,
    selfSigned: c.isSelfIssued(),
  };
}

export class TrustStore {
  readonly folder: string;

  /** `dataDir`: the user data folder; anchors live in its `trust-anchors` subfolder. */
  constructor(dataDir: string) {
    this.folder = join(dataDir, 'trust-anchors');
  }

  /** Every anchor in the store, parsed. Files that no longer parse are left out. */
  certificates(): ParsedCertificate[] {
    let names: string[];
    try {
      names = readdirSync(this.folder);
    } catch {
      return [];
    }
    const out: ParsedCertificate[] = [];
    for (const name of names.sort()) {
      const fp = name.replace(/\.der$/, '');
      if (!name.endsWith('.der') || !FP_RE.test(fp)) continue;
      try {
        const c = ParsedCertificate.fromDer(readFileSync(join(this.folder, name)), name);
        if (c.fingerprint === fp) out.push(c);
      } catch {
        // a damaged file is not an anchor; list() does not show it and import can replace it
      }
    }
    return out;
  }

  list(): TrustAnchorEntry[] {
    return this.certificates().map(entryOf);
  }

  /** Imports every certificate from a PEM/DER/P7B file or a folder of them. */
  import(path: string): TrustImportResult {
    const read = readCertificateFiles(path);
    const present = new Set(this.certificates().map((c) => c.fingerprint));
    const added: TrustAnchorEntry[] = [];
    const alreadyTrusted: TrustAnchorEntry[] = [];
    for (const c of read.certificates) {
      if (present.has(c.fingerprint)) {
        alreadyTrusted.push(entryOf(c));
        continue;
      }
      this.writeAtomically(`${c.fingerprint}.der`, c.der);
      present.add(c.fingerprint);
      added.push(entryOf(c));
    }
    return { added, alreadyTrusted, skipped: read.skipped };
  }

  /** Removes the anchor with this SHA-256 fingerprint (hex, colons and case ignored). */
  remove(fingerprint: string): TrustAnchorEntry {
    const fp = normaliseFingerprint(fingerprint);
    const cert = FP_RE.test(fp) ? this.certificates().find((c) => c.fingerprint === fp) : undefined;
    if (!cert) throw verifyError('TRUST_NOT_FOUND', { fingerprint });
    try {
      rmSync(join(this.folder, `${fp}.der`));
      this.syncFolder();
    } catch (e) {
      throw verifyError(
        'TRUST_STORE_WRITE_FAILED',
        { folder: this.folder, reason: (e as Error).message },
        e,
      );
    }
    return entryOf(cert);
  }

  private writeAtomically(name: string, bytes: Uint8Array): void {
    const tmp = join(this.folder, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      mkdirSync(this.folder, { recursive: true });
      const fd = openSync(tmp, 'w', 0o644);
      try {
        writeSync(fd, bytes);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, join(this.folder, name));
      this.syncFolder();
    } catch (e) {
      rmSync(tmp, { force: true });
      throw verifyError(
        'TRUST_STORE_WRITE_FAILED',
        { folder: this.folder, reason: (e as Error).message },
        e,
      );
    }
  }

  private syncFolder(): void {
    if (process.platform === 'win32') return;
    const fd = openSync(this.folder, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}
