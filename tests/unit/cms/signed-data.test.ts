import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPadesSignedData, estimateSignedDataSize } from '../../../main/cms/signed-data';
import { isSealdeskError } from '../../../main/errors/sealdesk-error';
import type { HashAlgorithm, SignatureScheme } from '../../../main/sign/signer';
import { testPki, type TestIdentity } from '../../support/pki';
import { KeyPemSigner } from './key-pem-signer';

const pki = testPki();
const work = mkdtempSync(join(tmpdir(), 'sealdesk-cms-'));
const ALL: SignatureScheme[] = ['rsa-pkcs1', 'rsa-pss', 'ecdsa'];

function run(args: string[]) {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  if (r.error) throw new Error(`openssl is required: ${r.error.message}`);
  return r;
}

function signerFor(id: TestIdentity, offered: SignatureScheme[] = ALL): KeyPemSigner {
  return new KeyPemSigner(id.keyPem, [id.certPem, ...id.chainPems], offered);
}

let n = 0;
async function signDetached(id: TestIdentity, hash: HashAlgorithm, preferPss = false) {
  const content = randomBytes(3000);
  const signer = signerFor(id);
  const cms = await buildPadesSignedData({
    signer,
    contentDigest: createHash(hash).update(content).digest(),
    hash,
    preferPss,
  });
  const base = join(work, `s${n++}`);
  writeFileSync(`${base}.bin`, content);
  writeFileSync(`${base}.p7s`, cms);
  return { cms, base, signer };
}

function opensslVerify(base: string, contentFile = `${base}.bin`) {
  return run([
    'cms',
    '-verify',
    '-binary',
    '-inform',
    'DER',
    '-in',
    `${base}.p7s`,
    '-content',
    contentFile,
    '-CAfile',
    pki.rootPath,
    '-purpose',
    'any',
    '-out',
    '/dev/null',
  ]);
}

const CASES: Array<[keyof typeof pki.ids, HashAlgorithm]> = [];
for (const k of ['rsa2048', 'rsaPss', 'ecP256', 'ecP384'] as const) {
  for (const h of ['sha256', 'sha384', 'sha512'] as const) {
    if (k === 'rsaPss' && h !== 'sha256') continue; // its key fixes SHA-256, see below
    CASES.push([k, h]);
  }
}

describe('buildPadesSignedData', () => {
  it.each(CASES)(
    'makes a detached SignedData for %s with %s that openssl cms verifies',
    async (name, hash) => {
      const { base } = await signDetached(pki.ids[name], hash);
      const r = opensslVerify(base);
      expect(r.stderr).toContain('Verification successful');
      expect(r.status).toBe(0);
    },
  );

  it.each(['sha256', 'sha384', 'sha512'] as const)(
    'signs with RSASSA-PSS for an rsaEncryption key when PSS is preferred (%s)',
    async (hash) => {
      const { base, signer } = await signDetached(pki.ids.rsa3072, hash, true);
      expect(signer.requests[0]!.scheme).toBe('rsa-pss');
      expect(opensslVerify(base).status).toBe(0);
      const dump = run(['cms', '-cmsout', '-print', '-inform', 'DER', '-in', `${base}.p7s`]).stdout;
      expect(dump).toContain('rsassaPss');
    },
  );

  it('chooses PSS by itself for an id-RSASSA-PSS key and PKCS#1 v1.5 for a plain RSA key', async () => {
    const pss = await signDetached(pki.ids.rsaPss, 'sha256');
    expect(pss.signer.requests[0]!.scheme).toBe('rsa-pss');
    const plain = await signDetached(pki.ids.rsa2048, 'sha256');
    expect(plain.signer.requests[0]!.scheme).toBe('rsa-pkcs1');
    const dump = run([
      'cms',
      '-cmsout',
      '-print',
      '-inform',
      'DER',
      '-in',
      `${plain.base}.p7s`,
    ]).stdout;
    expect(dump).toContain('sha256WithRSAEncryption');
  });

  it('fails openssl verification when the content differs from what was hashed', async () => {
    const { base } = await signDetached(pki.ids.ecP256, 'sha256');
    writeFileSync(`${base}.other`, randomBytes(3000));
    const r = opensslVerify(base, `${base}.other`);
    expect(r.status).not.toBe(0);
  });

  it('puts content-type, message-digest and signing-certificate-v2 in the signed attributes and no signing-time', async () => {
    const { base } = await signDetached(pki.ids.rsa2048, 'sha256');
    const dump = run(['asn1parse', '-inform', 'DER', '-in', `${base}.p7s`]).stdout;
    expect(dump).toContain(':contentType');
    expect(dump).toContain(':messageDigest');
    expect(dump).toMatch(/:(id-smime-aa-signingCertificateV2|1\.2\.840\.113549\.1\.9\.16\.2\.47)/);
    expect(dump).not.toContain(':signingTime');
    // Detached: the encapsulated content info holds only id-data.
    expect(dump).toMatch(/d=3 +hl=2 l= +11 cons: SEQUENCE *\n.*:pkcs7-data/);
  });

  it('signs the DER SET OF the signed attributes and passes its digest', async () => {
    const { signer } = await signDetached(pki.ids.ecP384, 'sha384');
    const req = signer.requests[0]!;
    expect(req.data[0]).toBe(0x31);
    expect(Buffer.from(req.digest)).toEqual(createHash('sha384').update(req.data).digest());
    expect(req.hash).toBe('sha384');
  });

  it('omits the ESSCertIDv2 hashAlgorithm for SHA-256 and includes it for SHA-384', async () => {
    const essHashAlg = async (hash: HashAlgorithm) => {
      const { signer } = await signDetached(pki.ids.rsa2048, hash);
      // Parse the signed attributes we signed: find the signing-certificate-v2 value.
      const file = join(work, `attrs-${hash}.der`);
      writeFileSync(file, signer.requests[0]!.data);
      return run(['asn1parse', '-inform', 'DER', '-in', file]).stdout;
    };
    const s256 = await essHashAlg('sha256');
    const afterOid256 = s256.split(/signingCertificateV2|1\.2\.840\.113549\.1\.9\.16\.2\.47/)[1]!;
    expect(afterOid256).not.toContain(':sha256');
    const s384 = await essHashAlg('sha384');
    const afterOid384 = s384.split(/signingCertificateV2|1\.2\.840\.113549\.1\.9\.16\.2\.47/)[1]!;
    expect(afterOid384).toContain(':sha384');
  });

  it('refuses a scheme the signer does not offer, naming it', async () => {
    const signer = signerFor(pki.ids.rsa2048, ['rsa-pkcs1']);
    const err = await buildPadesSignedData({
      signer,
      contentDigest: new Uint8Array(32),
      hash: 'sha256',
      preferPss: true,
    }).catch((e: unknown) => e);
    expect(isSealdeskError(err, 'CMS_SCHEME_UNSUPPORTED')).toBe(true);
    expect((err as Error).message).toContain('rsa-pss');
  });

  it('refuses a hash other than the one an RSA-PSS key is restricted to', async () => {
    const err = await buildPadesSignedData({
      signer: signerFor(pki.ids.rsaPss),
      contentDigest: new Uint8Array(48),
      hash: 'sha384',
    }).catch((e: unknown) => e);
    expect(isSealdeskError(err, 'CMS_PSS_HASH_MISMATCH')).toBe(true);
  });

  it('refuses a content digest of the wrong length', async () => {
    const err = await buildPadesSignedData({
      signer: signerFor(pki.ids.rsa2048),
      contentDigest: new Uint8Array(20),
      hash: 'sha256',
    }).catch((e: unknown) => e);
    expect(isSealdeskError(err, 'CMS_BAD_DIGEST')).toBe(true);
  });

  it('carries unsigned attributes in [1] after the signature', async () => {
    const signer = signerFor(pki.ids.rsa2048);
    const value = Uint8Array.of(0x04, 0x03, 1, 2, 3);
    const cms = await buildPadesSignedData({
      signer,
      contentDigest: new Uint8Array(32),
      hash: 'sha256',
      unsignedAttributes: [{ type: '1.2.840.113549.1.9.16.2.14', values: [value] }],
    });
    const file = join(work, 'unsigned.p7s');
    writeFileSync(file, cms);
    const dump = run(['asn1parse', '-inform', 'DER', '-in', file]).stdout;
    expect(dump).toMatch(/cont \[ 1 \][\s\S]*id-smime-aa-timeStampToken/);
  });
});

describe('estimateSignedDataSize', () => {
  it.each(['rsa2048', 'rsa3072', 'rsaPss'] as const)(
    'is exact for an RSA key (%s)',
    async (name) => {
      const hash = 'sha256';
      const { cms } = await signDetached(pki.ids[name], hash, name === 'rsaPss');
      expect(await estimateSignedDataSize(signerFor(pki.ids[name]), hash, name === 'rsaPss')).toBe(
        cms.length,
      );
    },
  );

  it.each(['ecP256', 'ecP384'] as const)(
    'is an upper bound within 2 bytes for an EC key (%s)',
    async (name) => {
      const est = await estimateSignedDataSize(signerFor(pki.ids[name]), 'sha384');
      for (let i = 0; i < 5; i++) {
        const { cms } = await signDetached(pki.ids[name], 'sha384');
        expect(cms.length).toBeLessThanOrEqual(est);
        expect(est - cms.length).toBeLessThanOrEqual(4);
      }
    },
  );

  it('adds room for later unsigned attributes', async () => {
    const s = signerFor(pki.ids.ecP256);
    expect(await estimateSignedDataSize(s, 'sha256', false, 5000)).toBeGreaterThanOrEqual(
      (await estimateSignedDataSize(s, 'sha256')) + 5000,
    );
  });
});
