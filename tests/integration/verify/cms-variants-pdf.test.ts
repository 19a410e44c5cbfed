/**
 * verifyDocument on PDFs whose signature CMS has the shape other signers write (issue 12,
 * part 2). Each file is a contract signed by the project's signer whose /Contents (and, where
 * needed, /SubFilter) is then replaced by a CMS made with tests/support/cms-builder.ts over the
 * same ByteRange, so the whole path runs: discovery, the streaming ByteRange hash (SHA-3,
 * SHAKE256), planSignature and judgeSignature.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAlgorithmPolicy } from '../../../main/verify/algorithm-policy';
import { pemBlocks } from '../../../main/verify/der';
import { verifyDocument } from '../../../main/verify/verify-document';
import defaultPolicyJson from '../../../resources/policy/default-policy.json';
import {
  buildSignedData,
  digestOf,
  ecdsaSigner,
  eddsaSigner,
  essV2Attribute,
  pssSigner,
  rsaSigner,
  signingTimeAttribute,
  type SignerSpec,
  uniqueCerts,
} from '../../support/cms-builder';
import { runToolOk } from '../../support/external-tools';
import { testPki } from '../../support/pki';
import { rootAnchor, signedContract, workspace } from './verify-helpers';

let dir: string;
let base: Buffer;
let interDer: Uint8Array;
const rsaCert = () => new Uint8Array(testPki().ids.rsa2048.certDer);
const rsaKey = () => testPki().ids.rsa2048.keyPem;

beforeAll(async () => {
  dir = workspace();
  base = readFileSync(await signedContract(dir, 'base'));
  interDer = pemBlocks(testPki().intermediatePem)[0]!.der;
});

/**
 * `base` with its /SubFilter set to `subFilter` (same length, padded with spaces) and its
 * /Contents replaced by `make(the ByteRange bytes)`, written to `name`.
 */
function resigned(name: string, make: (signed: Uint8Array) => Uint8Array, subFilter?: string) {
  let bytes = Buffer.from(base);
  if (subFilter) {
    const from = '/SubFilter /ETSI.CAdES.detached';
    const at = bytes.lastIndexOf(Buffer.from(from, 'latin1'));
    if (at < 0 || subFilter.length > 'ETSI.CAdES.detached'.length) throw new Error('no room');
    bytes.write(`/SubFilter /${subFilter}`.padEnd(from.length, ' '), at, 'latin1');
  }
  const key = bytes.lastIndexOf(Buffer.from('/ByteRange', 'latin1'));
  const open = bytes.indexOf(0x5b, key);
  const close = bytes.indexOf(0x5d, open);
  const [, a, b, c] = bytes
    .toString('latin1', open + 1, close)
    .trim()
    .split(/\s+/)
    .map(Number) as [number, number, number, number];
  const signed = Buffer.concat([bytes.subarray(0, a), bytes.subarray(b, b + c)]);
  const hex = Buffer.from(make(new Uint8Array(signed)))
    .toString('hex')
    .toUpperCase();
  const room = b - a - 2;
  if (hex.length > room) throw new Error(`CMS of ${hex.length / 2} bytes does not fit`);
  bytes = Buffer.from(bytes);
  bytes.write(hex.padEnd(room, '0'), a + 1, 'latin1');
  const out = join(dir, `${name}.pdf`);
  writeFileSync(out, bytes);
  return out;
}

const cmsOf = (signers: SignerSpec[], encapsulated?: Uint8Array) => (signed: Uint8Array) =>
  buildSignedData({
    content: encapsulated ?? signed,
    ...(encapsulated ? { encapsulate: true } : {}),
    signers,
    certificates: [...uniqueCerts(signers), interDer],
  });

const verify = async (file: string, policy = parseAlgorithmPolicy(defaultPolicyJson)) => {
  const r = await verifyDocument(file, { trustAnchors: [rootAnchor()], policy });
  expect(r.error).toBeNull();
  expect(r.signatures).toHaveLength(1);
  return r.signatures[0]!;
};

const withEss = (o: Partial<SignerSpec> = {}): Partial<SignerSpec> => ({
  extraAttributes: [essV2Attribute(rsaCert())],
  ...o,
});

describe('verifyDocument with CMS variants of other signers', () => {
  it('passes the base contract signed by Sealdesk itself', async () => {
    const s = await verify(join(dir, 'base.signed.pdf'));
    expect(s.indication).toBe('TOTAL_PASSED');
  });

  it('reports adbe.pkcs7.detached without signed attributes as intact but INDETERMINATE / SIG_CONSTRAINTS_FAILURE', async () => {
    const file = resigned(
      'no-attrs',
      (signed) =>
        cmsOf([rsaSigner(rsaCert(), rsaKey(), 'sha256', { signedAttributes: 'none' })])(signed),
      'adbe.pkcs7.detached',
    );
    const s = await verify(file);
    expect([s.indication, s.subIndication]).toEqual(['INDETERMINATE', 'SIG_CONSTRAINTS_FAILURE']);
    expect(s.reason).toMatch(/intact/);
    expect(s.chain.map((c) => c.role)).toEqual(['signer', 'intermediate', 'anchor']);
  });

  it('fails the same signature with HASH_FAILURE once a signed byte changed', async () => {
    const file = resigned(
      'no-attrs-changed',
      (signed) =>
        cmsOf([rsaSigner(rsaCert(), rsaKey(), 'sha256', { signedAttributes: 'none' })])(signed),
      'adbe.pkcs7.detached',
    );
    const bytes = readFileSync(file);
    bytes[30] = bytes[30]! ^ 0x01;
    writeFileSync(file, bytes);
    const s = await verify(file);
    expect([s.indication, s.subIndication]).toEqual(['TOTAL_FAILED', 'HASH_FAILURE']);
  });

  it('verifies adbe.pkcs7.sha1: the SHA-1 of the ByteRange encapsulated and signed', async () => {
    const file = resigned(
      'pkcs7-sha1',
      (signed) =>
        cmsOf(
          [rsaSigner(rsaCert(), rsaKey(), 'sha256', withEss())],
          digestOf('sha1', signed),
        )(signed),
      'adbe.pkcs7.sha1',
    );
    const json = structuredClone(defaultPolicyJson) as unknown as {
      digests: Record<string, unknown>;
    };
    json.digests.sha1 = null;
    const s = await verify(file, parseAlgorithmPolicy(json));
    expect(s.indication).toBe('TOTAL_PASSED');
    expect(s.digestAlgorithm).toBe('sha1');
    // under the default policy SHA-1 is past its sunset: INDETERMINATE, not malformed
    const d = await verify(file);
    expect(d.indication).toBe('INDETERMINATE');
    expect(d.subIndication).not.toBe('FORMAT_FAILURE');
  });

  it('passes a CMS with two SignerInfos, judged by the first that verifies', async () => {
    // ECDSA keeps two SignerInfos inside the hole made for one RSA signature.
    const ec = testPki().ids.ecP256;
    const certDer = new Uint8Array(ec.certDer);
    const good = ecdsaSigner(certDer, ec.keyPem, { extraAttributes: [essV2Attribute(certDer)] });
    const broken: SignerSpec = {
      ...ecdsaSigner(certDer, ec.keyPem),
      sign: () => new Uint8Array(72).fill(0x30),
    };
    const file = resigned('two-signers', (signed) => cmsOf([broken, good])(signed));
    const s = await verify(file);
    expect(s.indication).toBe('TOTAL_PASSED');
    expect(s.notes.join('\n')).toMatch(/2 SignerInfos; SignerInfo 2 is the one verified/);
  });

  it('hashes the ByteRange with SHA3-256 for RSASSA-PSS/SHA3-256 and passes it', async () => {
    const file = resigned('pss-sha3', (signed) =>
      cmsOf([pssSigner(rsaCert(), rsaKey(), 'sha3-256', 32, withEss())])(signed),
    );
    const s = await verify(file);
    expect(s.indication).toBe('TOTAL_PASSED');
    expect([s.digestAlgorithm, s.signatureAlgorithm]).toEqual(['sha3-256', 'rsa-pss-sha3-256']);
  });

  it('hashes the ByteRange with 512-bit SHAKE256 for Ed448 and passes it', async () => {
    const key = join(dir, 'ed448.key.pem');
    const csr = join(dir, 'ed448.csr');
    const cert = join(dir, 'ed448.cert.pem');
    const ossl = (args: string[]) => runToolOk('openssl', args, { cwd: dir });
    await ossl(['genpkey', '-algorithm', 'ed448', '-out', key]);
    await ossl(['req', '-new', '-key', key, '-subj', '/CN=Sealdesk Ed448 Signer', '-out', csr]);
    const ext = join(dir, 'ed448.ext');
    writeFileSync(ext, 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n');
    const interKey = join(dir, 'inter.key.pem');
    writeFileSync(interKey, testPki().intermediateKeyPem);
    await ossl([
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      testPki().intermediatePath,
      '-CAkey',
      interKey,
      '-CAcreateserial',
      '-days',
      '30',
      '-extfile',
      ext,
      '-out',
      cert,
    ]);
    const certDer = pemBlocks(readFileSync(cert, 'utf8'))[0]!.der;
    const file = resigned('ed448', (signed) =>
      cmsOf([
        eddsaSigner(certDer, readFileSync(key), 'ed448', 'shake256', {
          extraAttributes: [essV2Attribute(certDer)],
        }),
      ])(signed),
    );
    const s = await verify(file);
    expect(s.indication).toBe('TOTAL_PASSED');
    expect([s.digestAlgorithm, s.signatureAlgorithm]).toEqual(['shake256', 'ed448']);
  });

  it('fails signed attributes signed in their non-DER order with SIG_CRYPTO_FAILURE', async () => {
    const file = resigned('unsorted', (signed) =>
      cmsOf([
        rsaSigner(rsaCert(), rsaKey(), 'sha256', {
          signedAttributes: 'received-order',
          extraAttributes: [signingTimeAttribute(new Date()), essV2Attribute(rsaCert())],
        }),
      ])(signed),
    );
    const s = await verify(file);
    expect([s.indication, s.subIndication]).toEqual(['TOTAL_FAILED', 'SIG_CRYPTO_FAILURE']);
  });

  it('fails a /Contents that is not CMS with TOTAL_FAILED / FORMAT_FAILURE', async () => {
    const file = resigned('garbage', () => new TextEncoder().encode('not a CMS at all'));
    const s = await verify(file);
    expect([s.indication, s.subIndication]).toEqual(['TOTAL_FAILED', 'FORMAT_FAILURE']);
  });
});
