// Fixtures for the verify tests, made by code at test time from the shared test PKI
// (tests/fixtures/pki/make-pki.ts) and real `openssl` runs: CMS signatures (`openssl cms`),
// OCSP responses (`openssl ocsp`), CRLs (`openssl ca -gencrl`), timestamps (`openssl ts`).
// Everything is written to a fresh temp folder; nothing is committed.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { runToolOk } from '../../support/external-tools';
import { testPki, type TestPki } from '../../support/pki';
import { ParsedCertificate } from '../../../main/verify/parsed-certificate';
import { pemBlocks } from '../../../main/verify/der';

export type IdName = keyof TestPki['ids'];

export interface Fixtures {
  readonly pki: TestPki;
  readonly dir: string;
  readonly root: ParsedCertificate;
  readonly intermediate: ParsedCertificate;
  readonly intermediatePath: string;
  readonly intermediateKeyPath: string;
  readonly cert: (id: IdName) => ParsedCertificate;
  readonly file: (name: string, data: string | Uint8Array) => string;
  readonly openssl: (args: string[]) => Promise<string>;
}

export function fixtures(): Fixtures {
  const pki = testPki();
  const dir = mkdtempSync(join(tmpdir(), 'sealdesk-verify-'));
  const file = (name: string, data: string | Uint8Array) => {
    const p = join(dir, name);
    writeFileSync(p, data);
    return p;
  };
  const intermediateKeyPath = file('intermediate.key.pem', pki.intermediateKeyPem);
  return {
    pki,
    dir,
    root: ParsedCertificate.fromDer(pki.rootDer),
    intermediate: ParsedCertificate.fromDer(pemBlocks(pki.intermediatePem)[0]!.der),
    intermediatePath: pki.intermediatePath,
    intermediateKeyPath,
    cert: (id) => ParsedCertificate.fromDer(pki.ids[id].certDer),
    file,
    openssl: async (args) => (await runToolOk('openssl', args, { cwd: dir })).stdout,
  };
}

export interface CmsOptions {
  readonly md?: string;
  readonly attached?: boolean;
  readonly extra?: string[];
  readonly certPath?: string;
  readonly keyPath?: string;
}

/** `openssl cms -sign` over `content`, DER, with the issuing CA in the certificates. */
export async function opensslCms(
  f: Fixtures,
  id: IdName,
  content: Uint8Array,
  o: CmsOptions = {},
): Promise<Uint8Array> {
  const n = Math.random().toString(36).slice(2);
  const inPath = f.file(`content-${n}.bin`, content);
  const out = join(f.dir, `sig-${n}.der`);
  await f.openssl([
    'cms',
    '-sign',
    '-binary',
    '-in',
    inPath,
    '-signer',
    o.certPath ?? f.pki.ids[id].certPath,
    '-inkey',
    o.keyPath ?? f.pki.ids[id].keyPath,
    '-certfile',
    f.intermediatePath,
    '-md',
    o.md ?? 'sha256',
    '-outform',
    'DER',
    '-out',
    out,
    ...(o.attached ? ['-nodetach'] : []),
    ...(o.extra ?? []),
  ]);
  return new Uint8Array(readFileSync(out));
}

/**
 * Issues a certificate from the test issuing CA with `openssl x509 -req` and an extension
 * file, for shapes make-pki does not make (Ed25519 keys, unknown critical extensions, a second
 * certificate for an existing key).
 */
export async function opensslIssue(
  f: Fixtures,
  o: {
    name: string;
    keyPath?: string;
    keyAlg?: string;
    subject: string;
    ext: string[];
    serial?: string;
    days?: number;
  },
): Promise<{ cert: ParsedCertificate; certPath: string; keyPath: string }> {
  let keyPath = o.keyPath;
  if (!keyPath) {
    keyPath = join(f.dir, `${o.name}.key.pem`);
    await f.openssl(['genpkey', '-algorithm', o.keyAlg ?? 'ed25519', '-out', keyPath]);
  }
  const csr = join(f.dir, `${o.name}.csr`);
  await f.openssl(['req', '-new', '-key', keyPath, '-subj', o.subject, '-out', csr]);
  const ext = f.file(`${o.name}.ext`, `${o.ext.join('\n')}\n`);
  const certPath = join(f.dir, `${o.name}.cert.pem`);
  await f.openssl([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    f.intermediatePath,
    '-CAkey',
    f.intermediateKeyPath,
    ...(o.serial ? ['-set_serial', `0x${o.serial}`] : ['-CAcreateserial']),
    '-days',
    String(o.days ?? 30),
    '-extfile',
    ext,
    '-out',
    certPath,
  ]);
  const cert = ParsedCertificate.fromDer(pemBlocks(readFileSync(certPath, 'utf8'))[0]!.der);
  return { cert, certPath, keyPath };
}

/** Flips one byte of `bytes` at `at` (a copy). */
export function flip(bytes: Uint8Array, at: number): Uint8Array {
  const out = bytes.slice();
  out[at] = (out[at] ?? 0) ^ 0x5a;
  return out;
}

/** Where `needle` starts inside `hay` (throws if absent). */
export function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  const i = Buffer.from(hay).indexOf(Buffer.from(needle));
  if (i < 0) throw new Error('needle not found');
  return i;
}

/**
 * A small ECDSA P-256 hierarchy with chosen validity periods (root and leaf), made with
 * @peculiar/x509, for time-travel tests the shared PKI cannot express (its CAs start today).
 */
export async function datedHierarchy(o: {
  rootFrom: Date;
  rootTo: Date;
  leafFrom: Date;
  leafTo: Date;
}) {
  x509.cryptoProvider.set(webcrypto);
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const rootKeys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const leafKeys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=Dated Root',
    notBefore: o.rootFrom,
    notAfter: o.rootTo,
    keys: rootKeys,
    signingAlgorithm: alg,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
    ],
  });
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: '02',
    subject: 'CN=Dated Signer',
    issuer: root.subject,
    notBefore: o.leafFrom,
    notAfter: o.leafTo,
    publicKey: leafKeys.publicKey,
    signingKey: rootKeys.privateKey,
    signingAlgorithm: alg,
    extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
  });
  return {
    root: ParsedCertificate.fromDer(new Uint8Array(root.rawData)),
    leaf: ParsedCertificate.fromDer(new Uint8Array(leaf.rawData)),
  };
}
