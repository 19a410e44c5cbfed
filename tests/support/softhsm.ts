/**
 * A private SoftHSM2 for one test file: its own SOFTHSM2_CONF and token folder in a temp dir.
 *
 * Owns: initialising tokens with `softhsm2-util --init-token --free` (slot ids are random:
 * tests find tokens by label), importing test-PKI keys and certificates with OpenSC
 * `pkcs11-tool --write-object` (optionally with CKA_ALWAYS_AUTHENTICATE), deleting tokens.
 * Must never: touch the system SoftHSM config, or be imported by product code. SOFTHSM2_CONF is
 * set in this process's environment by createSoftHsm(), before any module is initialised.
 * Tools: softhsm2-util (Debian softhsm2), pkcs11-tool (Debian opensc); missing -> loud failure.
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';
export const TEST_SO_PIN = '87654321';
export const TEST_USER_PIN = '123456';

function requireBinary(name: string, pkg: string): string {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new Error(`Required tool '${name}' is missing: apt-get install -y ${pkg}`);
}

export interface ImportedKey {
  readonly tokenLabel: string;
  readonly label: string;
  readonly idHex: string;
}

export interface SoftHsm {
  readonly dir: string;
  readonly confPath: string;
  readonly modulePath: string;
  /** Initialises a fresh token in the free slot; returns its label. */
  initToken(label: string, pin?: string): string;
  /** Writes a PKCS#8 key and its certificate to a token under one CKA_ID. */
  importIdentity(options: {
    tokenLabel: string;
    keyPem: string;
    certDer: Buffer;
    label: string;
    idHex: string;
    alwaysAuthenticate?: boolean;
    pin?: string;
  }): ImportedKey;
  /** Writes a certificate only (a CA certificate stored for the chain). */
  importCertificate(options: {
    tokenLabel: string;
    certDer: Buffer;
    label: string;
    idHex: string;
  }): void;
  deleteToken(label: string): void;
  cleanup(): void;
}

export function createSoftHsm(): SoftHsm {
  const softhsmUtil = requireBinary('softhsm2-util', 'softhsm2');
  const pkcs11Tool = requireBinary('pkcs11-tool', 'opensc');
  if (!existsSync(SOFTHSM_MODULE)) {
    throw new Error(`SoftHSM2 module ${SOFTHSM_MODULE} is missing: apt-get install -y softhsm2`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'sealdesk-softhsm-'));
  const tokens = join(dir, 'tokens');
  mkdirSync(tokens, { recursive: true });
  const confPath = join(dir, 'softhsm2.conf');
  writeFileSync(
    confPath,
    `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`,
  );
  process.env['SOFTHSM2_CONF'] = confPath;
  const env = { ...process.env, SOFTHSM2_CONF: confPath };
  const run = (file: string, args: string[]): string =>
    execFileSync(file, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  let counter = 0;
  const writeObject = (tokenLabel: string, pin: string, args: string[]): void => {
    run(pkcs11Tool, [
      '--module',
      SOFTHSM_MODULE,
      '--token-label',
      tokenLabel,
      '--login',
      '--pin',
      pin,
      ...args,
    ]);
  };

  return {
    dir,
    confPath,
    modulePath: SOFTHSM_MODULE,
    initToken(label, pin = TEST_USER_PIN) {
      run(softhsmUtil, [
        '--init-token',
        '--free',
        '--label',
        label,
        '--so-pin',
        TEST_SO_PIN,
        '--pin',
        pin,
      ]);
      return label;
    },
    importIdentity({ tokenLabel, keyPem, certDer, label, idHex, alwaysAuthenticate, pin }) {
      const keyFile = join(dir, `key-${counter}.der`);
      const certFile = join(dir, `cert-${counter}.der`);
      counter++;
      const pkcs8 = createPrivateKey(keyPem).export({ type: 'pkcs8', format: 'der' });
      writeFileSync(keyFile, pkcs8, { mode: 0o600 });
      writeFileSync(certFile, certDer);
      const p = pin ?? TEST_USER_PIN;
      writeObject(tokenLabel, p, [
        '--write-object',
        keyFile,
        '--type',
        'privkey',
        '--id',
        idHex,
        '--label',
        label,
        '--usage-sign',
        ...(alwaysAuthenticate === true ? ['--always-auth'] : []),
      ]);
      writeObject(tokenLabel, p, [
        '--write-object',
        certFile,
        '--type',
        'cert',
        '--id',
        idHex,
        '--label',
        label,
      ]);
      rmSync(keyFile);
      return { tokenLabel, label, idHex };
    },
    importCertificate({ tokenLabel, certDer, label, idHex }) {
      const certFile = join(dir, `cert-${counter++}.der`);
      writeFileSync(certFile, certDer);
      writeObject(tokenLabel, TEST_USER_PIN, [
        '--write-object',
        certFile,
        '--type',
        'cert',
        '--id',
        idHex,
        '--label',
        label,
      ]);
    },
    deleteToken(label) {
      run(softhsmUtil, ['--delete-token', '--token', label]);
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
