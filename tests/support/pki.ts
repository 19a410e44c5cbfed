/**
 * The test PKI as seen by tests: reads what tests/fixtures/pki/make-pki.ts generated into
 * .cache/test-pki/ (global-setup runs ensureTestPki before any test file).
 *
 * Owns: typed, synchronous access to the test identities' files and bytes.
 * Must never: generate anything (that is make-pki.ts) or be imported by product code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  LEAF_NAMES,
  TEST_P12_PASSPHRASE,
  TEST_PKI_DIR,
  type LeafName,
} from '../fixtures/pki/make-pki';

export interface TestIdentity {
  name: string;
  certPem: string;
  certDer: Buffer;
  keyPem: string;
  keyPath: string;
  certPath: string;
  p12Path: string;
  p12Passphrase: string;
  /** Issuing CA(s), not the root. */
  chainPems: string[];
}

export interface TestPki {
  dir: string;
  rootPem: string;
  rootPath: string;
  rootDer: Buffer;
  intermediatePem: string;
  intermediatePath: string;
  untrustedRootPath: string;
  ids: Record<LeafName, TestIdentity>;
  rootKeyPem: string;
  intermediateKeyPem: string;
  /** rsa2048 again, as a pre-OpenSSL-3 PKCS#12 (PBE-SHA1-3DES, SHA-1 MAC), same passphrase. */
  rsa2048LegacyP12Path: string;
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g;

function pemToDer(pem: string): Buffer {
  const b64 = pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, '');
  return Buffer.from(b64, 'base64');
}

let cached: TestPki | undefined;

/** Reads the test PKI made by ensureTestPki(); throws if it has not been made. */
export function testPki(): TestPki {
  if (cached) return cached;
  const dir = TEST_PKI_DIR;
  const read = (f: string): string => readFileSync(join(dir, f), 'utf8');
  const identity = (name: LeafName): TestIdentity => {
    const certPem = read(`${name}.cert.pem`);
    return {
      name,
      certPem,
      certDer: pemToDer(certPem),
      keyPem: read(`${name}.key.pem`),
      keyPath: join(dir, `${name}.key.pem`),
      certPath: join(dir, `${name}.cert.pem`),
      p12Path: join(dir, `${name}.p12`),
      p12Passphrase: TEST_P12_PASSPHRASE,
      chainPems: read(`${name}.chain.pem`).match(PEM_CERT) ?? [],
    };
  };
  const ids = Object.fromEntries(LEAF_NAMES.map((n) => [n, identity(n)])) as Record<
    LeafName,
    TestIdentity
  >;
  cached = {
    dir,
    rootPem: read('root.pem'),
    rootPath: join(dir, 'root.pem'),
    rootDer: readFileSync(join(dir, 'root.der')),
    intermediatePem: read('intermediate.pem'),
    intermediatePath: join(dir, 'intermediate.pem'),
    untrustedRootPath: join(dir, 'untrusted-root.pem'),
    ids,
    rootKeyPem: read('root.key.pem'),
    intermediateKeyPem: read('intermediate.key.pem'),
    rsa2048LegacyP12Path: join(dir, 'rsa2048.legacy.p12'),
  };
  return cached;
}
