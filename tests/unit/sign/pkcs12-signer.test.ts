import { execFileSync, spawnSync } from 'node:child_process';
import {
  createHash,
  createPublicKey,
  randomBytes,
  verify,
  constants,
  X509Certificate,
} from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { buildPadesSignedData } from '../../../main/cms/signed-data';
import { isSealdeskError, type SealdeskError } from '../../../main/errors/sealdesk-error';
import { Pkcs12Signer } from '../../../main/sign/pkcs12-signer';
import type { HashAlgorithm, SignatureScheme } from '../../../main/sign/signer';
import { issueCertificate, LEAF_NAMES } from '../../fixtures/pki/make-pki';
import { testPki } from '../../support/pki';

const pki = testPki();
const work = mkdtempSync(join(tmpdir(), 'sealdesk-p12-'));
const PASS = 'sealdesk-test';

function der(pem: string): Buffer {
  return Buffer.from(
    pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, ''),
    'base64',
  );
}

const pem = (text: string) => forge.pki.certificateFromPem(text);

async function failure(p: Promise<unknown>): Promise<SealdeskError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isSealdeskError(e)) throw new Error(`expected a SealdeskError, got ${String(e)}`);
  return e;
}

function verifies(
  certDer: Uint8Array,
  scheme: SignatureScheme,
  hash: HashAlgorithm,
  data: Uint8Array,
  sig: Uint8Array,
) {
  const key = new X509Certificate(certDer).publicKey;
  const saltLength = { sha256: 32, sha384: 48, sha512: 64 }[hash];
  if (scheme === 'rsa-pss') {
    return verify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }, sig);
  }
  if (scheme === 'ecdsa') return verify(hash, data, { key, dsaEncoding: 'der' }, sig);
  return verify(hash, data, { key, padding: constants.RSA_PKCS1_PADDING }, sig);
}

describe('Pkcs12Signer', () => {
  it.each([...LEAF_NAMES])(
    'opens the OpenSSL 3 default %s.p12 and gives its certificate then its issuing CA, byte for byte',
    async (name) => {
      const id = pki.ids[name];
      const signer = await Pkcs12Signer.fromFile(id.p12Path, PASS);
      const certs = await signer.certificates();
      expect(Buffer.from(certs[0]!)).toEqual(id.certDer);
      expect(Buffer.from(certs[1]!)).toEqual(der(id.chainPems[0]!));
      expect(certs).toHaveLength(2);
    },
  );

  it('opens the legacy (PBE-SHA1-3DES, SHA-1 MAC) p12', async () => {
    const signer = await Pkcs12Signer.fromFile(pki.rsa2048LegacyP12Path, PASS);
    expect(Buffer.from((await signer.certificates())[0]!)).toEqual(pki.ids.rsa2048.certDer);
  });

  it('offers PKCS#1 v1.5 and PSS for RSA, only PSS for an RSASSA-PSS key, only ECDSA for EC', async () => {
    const schemes = async (n: 'rsa2048' | 'rsaPss' | 'ecP256') =>
      (await Pkcs12Signer.fromFile(pki.ids[n].p12Path, PASS)).schemes();
    expect(await schemes('rsa2048')).toEqual(['rsa-pkcs1', 'rsa-pss']);
    expect(await schemes('rsaPss')).toEqual(['rsa-pss']);
    expect(await schemes('ecP256')).toEqual(['ecdsa']);
  });

  const SIGN_CASES: Array<[keyof typeof pki.ids, SignatureScheme, HashAlgorithm]> = [
    ['rsa2048', 'rsa-pkcs1', 'sha256'],
    ['rsa3072', 'rsa-pkcs1', 'sha512'],
    ['rsa2048', 'rsa-pss', 'sha384'],
    ['rsaPss', 'rsa-pss', 'sha256'],
    ['ecP256', 'ecdsa', 'sha256'],
    ['ecP384', 'ecdsa', 'sha384'],
  ];
  it.each(SIGN_CASES)(
    'signs with %s as %s/%s so that the certificate key verifies it',
    async (name, scheme, hash) => {
      const signer = await Pkcs12Signer.fromFile(pki.ids[name].p12Path, PASS);
      const data = randomBytes(200);
      const digest = createHash(hash).update(data).digest();
      const sig = await signer.sign({ data, digest, hash, scheme });
      expect(verifies(pki.ids[name].certDer, scheme, hash, data, sig)).toBe(true);
      expect(verifies(pki.ids[name].certDer, scheme, hash, randomBytes(200), sig)).toBe(false);
    },
  );

  it.each(['rsaPss', 'ecP384'] as const)(
    'makes CMS that openssl cms verifies (%s)',
    async (name) => {
      const signer = await Pkcs12Signer.fromFile(pki.ids[name].p12Path, PASS);
      const content = randomBytes(1000);
      const hash = name === 'ecP384' ? 'sha384' : 'sha256';
      const cms = await buildPadesSignedData({
        signer,
        hash,
        contentDigest: createHash(hash).update(content).digest(),
      });
      writeFileSync(join(work, `${name}.bin`), content);
      writeFileSync(join(work, `${name}.p7s`), cms);
      const r = spawnSync(
        'openssl',
        [
          'cms',
          '-verify',
          '-binary',
          '-inform',
          'DER',
          '-in',
          join(work, `${name}.p7s`),
          '-content',
          join(work, `${name}.bin`),
          '-CAfile',
          pki.rootPath,
          '-purpose',
          'any',
          '-out',
          '/dev/null',
        ],
        { encoding: 'utf8' },
      );
      expect(r.stderr).toContain('Verification successful');
    },
  );

  it('refuses a scheme the key does not offer', async () => {
    const signer = await Pkcs12Signer.fromFile(pki.ids.ecP256.p12Path, PASS);
    const e = await failure(
      signer.sign({
        data: new Uint8Array(1),
        digest: new Uint8Array(32),
        hash: 'sha256',
        scheme: 'rsa-pkcs1',
      }),
    );
    expect(e.code).toBe('SIGNER_SCHEME_UNSUPPORTED');
  });

  it('keeps a certificate signed with ECDSA intact (forge would re-encode its algorithm)', async () => {
    const ca = await issueCertificate({
      commonName: 'EC Issuing CA',
      key: { kind: 'ec', curve: 'P-256' },
      ca: true,
      pathLength: 0,
      keyUsage: ['keyCertSign', 'cRLSign'],
    });
    const leaf = await issueCertificate({
      commonName: 'RSA leaf under EC CA',
      issuer: { certPem: ca.certPem, keyPem: ca.keyPem },
      outDir: work,
    });
    const signer = await Pkcs12Signer.fromFile(leaf.p12Path!, PASS);
    const certs = await signer.certificates();
    expect(Buffer.from(certs[0]!)).toEqual(leaf.certDer);
    expect(Buffer.from(certs[1]!)).toEqual(ca.certDer);
  });

  it('orders the chain leaf-first even when the file lists the CA first', async () => {
    const id = pki.ids.rsa2048;
    const key = forge.pki.privateKeyFromPem(id.keyPem);
    const asn1 = forge.pkcs12.toPkcs12Asn1(key, [pem(pki.intermediatePem), pem(id.certPem)], PASS, {
      algorithm: '3des',
    });
    const bytes = Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
    const signer = Pkcs12Signer.fromBytes(bytes, PASS, 'reordered.p12');
    const certs = await signer.certificates();
    expect(Buffer.from(certs[0]!)).toEqual(id.certDer);
    expect(Buffer.from(certs[1]!)).toEqual(der(pki.intermediatePem));
  });

  it('says the passphrase is wrong, asks to try again, and never repeats it', async () => {
    const secret = 'hunter2-是秘密';
    const e = await failure(Pkcs12Signer.fromFile(pki.ids.rsa2048.p12Path, secret));
    expect(e.code).toBe('P12_WRONG_PASSPHRASE');
    expect(e.message).toContain('rsa2048.p12');
    expect(e.message).toMatch(/try again/i);
    expect(e.localized('zh-CN')).toContain('重试');
    const all = JSON.stringify([
      e.message,
      e.localized('zh-CN'),
      e.params,
      String(e.cause),
      e.stack,
    ]);
    expect(all).not.toContain(secret);
    const legacy = await failure(Pkcs12Signer.fromFile(pki.rsa2048LegacyP12Path, 'nope'));
    expect(legacy.code).toBe('P12_WRONG_PASSPHRASE');
  });

  it('reports a missing file as not found', async () => {
    const e = await failure(Pkcs12Signer.fromFile(join(work, 'absent.p12'), PASS));
    expect(e.code).toBe('P12_NOT_FOUND');
    expect(e.message).toContain('absent.p12');
  });

  it('refuses a file that is not PKCS#12: random bytes, a PEM certificate, a CMS file', () => {
    for (const bytes of [randomBytes(500), Buffer.from(pki.rootPem), der(pki.rootPem)]) {
      let code = '';
      try {
        Pkcs12Signer.fromBytes(bytes, PASS, 'thing.p12');
      } catch (e) {
        code = isSealdeskError(e) ? e.code : String(e);
      }
      expect(code).toBe('P12_UNREADABLE');
    }
  });

  it('refuses a PKCS#12 holding only certificates', () => {
    const out = join(work, 'certs-only.p12');
    execFileSync('openssl', [
      'pkcs12',
      '-export',
      '-nokeys',
      '-in',
      pki.ids.rsa2048.certPath,
      '-passout',
      `pass:${PASS}`,
      '-out',
      out,
    ]);
    expect(() => Pkcs12Signer.fromBytes(readFileSync(out), PASS, out)).toThrow(/no private key/);
  });

  it('refuses a PKCS#12 whose key matches none of its certificates', () => {
    const key = forge.pki.privateKeyFromPem(pki.ids.rsa2048.keyPem);
    const asn1 = forge.pkcs12.toPkcs12Asn1(key, [pem(pki.ids.rsa3072.certPem)], PASS, {
      algorithm: '3des',
    });
    const bytes = Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
    let code = '';
    try {
      Pkcs12Signer.fromBytes(bytes, PASS, 'mismatch.p12');
    } catch (e) {
      code = isSealdeskError(e) ? e.code : String(e);
    }
    expect(code).toBe('P12_NO_MATCHING_CERT');
  });

  it('matches an RSA-PSS key to its certificate although forge reads the key as plain RSA', async () => {
    const signer = await Pkcs12Signer.fromFile(pki.ids.rsaPss.p12Path, PASS);
    const certKey = new X509Certificate(Buffer.from((await signer.certificates())[0]!)).publicKey;
    expect(certKey.asymmetricKeyType).toBe('rsa-pss');
    expect(createPublicKey(pki.ids.rsaPss.keyPem).asymmetricKeyType).toBe('rsa-pss');
  });
});
