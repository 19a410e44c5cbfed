/**
 * CMS variants other signers write (issue 12, part 2): each fixture is made here by
 * tests/support/cms-builder.ts with the test PKI's keys, in the structure the other tool
 * writes, and judged by the same steps `sealdesk verify` runs (planSignature, judgeSignature).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createPrivateKey, generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { oid, seq, tlv } from '../../../main/cms/der';
import { encodeAttributeSet, padesSignedAttributes } from '../../../main/cms/signed-attributes';
import { readCertificateFields } from '../../../main/cms/certificate-fields';
import {
  loadAlgorithmPolicy,
  parseAlgorithmPolicy,
  type AlgorithmPolicy,
} from '../../../main/verify/algorithm-policy';
import { derSignedAttributes, digest, pemBlocks } from '../../../main/verify/der';
import { fromBytes, verifyEcdsaDigest } from '../../../main/verify/ecdsa-digest';
import { parseSignedData } from '../../../main/verify/signed-data';
import { certificateBindingVerdict, verifySignerInfo } from '../../../main/verify/signer-info';
import { verifyTimestampToken } from '../../../main/verify/timestamp';
import { emptyPool } from '../../../main/verify/verify-dss';
import { judgeSignature, levelOf, planSignature } from '../../../main/verify/verify-signature';
import defaultPolicyJson from '../../../resources/policy/default-policy.json';
import {
  algorithmId,
  buildSignedData,
  CMS_OID,
  digestOf,
  ecdsaSigner,
  eddsaSigner,
  essV1Attribute,
  essV2Attribute,
  pssSigner,
  rsaSigner,
  signingTimeAttribute,
  tstInfo,
  type Attribute,
  type DigestName,
  type SignerSpec,
  uniqueCerts,
} from '../../support/cms-builder';
import { fixtures, flip, opensslIssue, type Fixtures } from './verify-fixtures';

const byteRange = new TextEncoder().encode('%PDF-1.7 the signed bytes of a contract\n'.repeat(40));
let f: Fixtures;
let interDer: Uint8Array;

const idCert = (id: 'rsa2048' | 'ecP256' | 'ecP384' | 'tsa') =>
  new Uint8Array(f.pki.ids[id].certDer);
const idKey = (id: 'rsa2048' | 'ecP256' | 'ecP384' | 'tsa') => f.pki.ids[id].keyPem;

beforeAll(() => {
  f = fixtures();
  interDer = pemBlocks(f.pki.intermediatePem)[0]!.der;
});

function policyWith(change: (p: Record<string, unknown>) => void): AlgorithmPolicy {
  const json = structuredClone(defaultPolicyJson) as unknown as Record<string, unknown>;
  change(json);
  return parseAlgorithmPolicy(json);
}

const ctx = (policy: AlgorithmPolicy = loadAlgorithmPolicy()) => ({
  trustAnchors: [f.root],
  validationTime: new Date(),
  policy,
  dss: emptyPool(),
  dssPresent: false,
});

/** Plans and judges `der` as a PDF signature over `byteRange`, like verify-document does. */
function judgePdf(
  der: Uint8Array,
  o: {
    subFilter?: string;
    signed?: Uint8Array;
    policy?: AlgorithmPolicy;
    digest?: Uint8Array;
  } = {},
) {
  const plan = planSignature('signature', o.subFilter ?? 'ETSI.CAdES.detached', der);
  if (!plan.ok) return { plan, judgement: undefined, verdict: plan.verdict };
  const d = o.digest ?? digest(plan.hash, o.signed ?? byteRange);
  const judgement = judgeSignature(plan, d, ctx(o.policy), undefined);
  return { plan, judgement, verdict: judgement.verdict };
}

const rsa = (digestName: DigestName, o: Partial<SignerSpec> = {}) =>
  rsaSigner(idCert('rsa2048'), idKey('rsa2048'), digestName, o);

const cms = (
  signers: SignerSpec[],
  o: { content?: Uint8Array; revocationInfo?: Uint8Array[] } = {},
) =>
  buildSignedData({
    content: o.content ?? byteRange,
    signers,
    certificates: [...uniqueCerts(signers), interDer],
    ...(o.revocationInfo ? { revocationInfo: o.revocationInfo } : {}),
  });

describe('a SignerInfo without signed attributes (RFC 5652 §5.4)', () => {
  it('is verified over the ByteRange digest: intact and valid, but INDETERMINATE / SIG_CONSTRAINTS_FAILURE since it binds no certificate', () => {
    const der = cms([rsa('sha256', { signedAttributes: 'none' })]);
    const sd = parseSignedData(der);
    const v = verifySignerInfo({
      signedData: sd,
      content: { kind: 'detached-digest', hash: 'sha256', digest: digest('sha256', byteRange) },
    });
    expect(v).toMatchObject({
      intact: 'intact',
      signature: 'valid',
      signedAttributes: 'absent',
      signingCertificateReference: 'absent',
    });
    expect(v.verdict.indication).toBe('TOTAL_PASSED');
    expect(certificateBindingVerdict(v)).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'SIG_CONSTRAINTS_FAILURE',
    });
    const { verdict, judgement } = judgePdf(der, { subFilter: 'adbe.pkcs7.detached' });
    expect(verdict).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'SIG_CONSTRAINTS_FAILURE',
    });
    if (verdict.indication !== 'TOTAL_PASSED')
      expect(verdict.reason).toMatch(/intact.*does not bind the signer certificate/);
    // the chain was still validated and reported
    expect(judgement?.chain.map((c) => c.role)).toEqual(['signer', 'intermediate', 'anchor']);
  });

  it('gives HASH_FAILURE when the signed bytes changed and SIG_CRYPTO_FAILURE when the signature changed', () => {
    const der = cms([rsa('sha256', { signedAttributes: 'none' })]);
    expect(judgePdf(der, { signed: flip(byteRange, 7) }).verdict).toMatchObject({
      indication: 'TOTAL_FAILED',
      subIndication: 'HASH_FAILURE',
    });
    const sig = parseSignedData(der).signerInfos[0]!.signature;
    const at = Buffer.from(der).indexOf(Buffer.from(sig)) + 20;
    expect(judgePdf(flip(der, at)).verdict).toMatchObject({
      indication: 'TOTAL_FAILED',
      subIndication: 'SIG_CRYPTO_FAILURE',
    });
  });

  it.each([
    ['RSASSA-PSS', () => pssSigner(idCert('rsa2048'), idKey('rsa2048'), 'sha256', 32)],
    ['ECDSA P-256', () => ecdsaSigner(idCert('ecP256'), idKey('ecP256'))],
    ['ECDSA P-384', () => ecdsaSigner(idCert('ecP384'), idKey('ecP384'))],
  ])('verifies %s over the content digest too, and fails it over other bytes', (_, make) => {
    const der = cms([{ ...make(), signedAttributes: 'none' }]);
    const sd = parseSignedData(der);
    const over = (bytes: Uint8Array) =>
      verifySignerInfo({
        signedData: sd,
        content: { kind: 'detached-digest', hash: 'sha256', digest: digest('sha256', bytes) },
      });
    expect(over(byteRange)).toMatchObject({ intact: 'intact', signature: 'valid' });
    expect(over(byteRange).verdict.indication).toBe('TOTAL_PASSED');
    expect(over(flip(byteRange, 3)).verdict.indication).toBe('TOTAL_FAILED');
  });

  it('keeps SIG_CONSTRAINTS_FAILURE as the sub-indication when the digest is also SHA-1 past its sunset', () => {
    const der = cms([rsa('sha1', { signedAttributes: 'none' })]);
    const { verdict } = judgePdf(der, { subFilter: 'adbe.pkcs7.detached' });
    expect(verdict).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'SIG_CONSTRAINTS_FAILURE',
    });
  });

  it('refuses content of a type other than id-data without signed attributes (RFC 5652 §5.3)', () => {
    const der = buildSignedData({
      content: byteRange,
      eContentType: '1.2.840.113549.1.9.16.1.4',
      signers: [rsa('sha256', { signedAttributes: 'none' })],
      certificates: [idCert('rsa2048')],
    });
    expect(judgePdf(der).verdict).toMatchObject({
      indication: 'TOTAL_FAILED',
      subIndication: 'FORMAT_FAILURE',
    });
  });
});

describe('ECDSA over a given digest (ecdsa-digest.ts)', () => {
  it.each([
    'prime256v1',
    'secp384r1',
    'secp521r1',
    'brainpoolP256r1',
    'brainpoolP384r1',
    'brainpoolP512r1',
  ])('verifies node-made signatures on %s and refuses another digest or r = 0', (curve) => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: curve });
    const data = new TextEncoder().encode(`signed on ${curve}`);
    const sig = nodeSign('sha512', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
    const half = sig.length / 2;
    const r = fromBytes(sig.subarray(0, half));
    const s = fromBytes(sig.subarray(half));
    expect(verifyEcdsaDigest(publicKey, curve, digest('sha512', data), r, s).ok).toBe(true);
    expect(verifyEcdsaDigest(publicKey, curve, digest('sha512', flip(data, 0)), r, s).ok).toBe(
      false,
    );
    expect(verifyEcdsaDigest(publicKey, curve, digest('sha512', data), 0n, s).ok).toBe(false);
  });
});

describe('adbe.pkcs7.sha1 (ISO 32000-1 §12.8.3.3.1)', () => {
  const sha1Allowed = () =>
    policyWith((p) => {
      (p.digests as Record<string, unknown>).sha1 = null;
    });
  const sha1Cms = (mode: 'der' | 'none') =>
    buildSignedData({
      content: digest('sha1', byteRange),
      encapsulate: true,
      signers: [rsa('sha256', { signedAttributes: mode })],
      certificates: [idCert('rsa2048'), interDer],
    });

  it('verifies the encapsulated SHA-1 of the ByteRange, signed with signed attributes', () => {
    const { plan, verdict } = judgePdf(sha1Cms('der'), {
      subFilter: 'adbe.pkcs7.sha1',
      policy: sha1Allowed(),
    });
    expect(plan).toMatchObject({ ok: true, hash: 'sha1', sha1Encapsulated: true });
    expect(verdict.indication).toBe('TOTAL_PASSED');
  });

  it('verifies a legacy PKCS#7 that signs the SHA-1 directly (no message-digest attribute)', () => {
    const { verdict } = judgePdf(sha1Cms('none'), {
      subFilter: 'adbe.pkcs7.sha1',
      policy: sha1Allowed(),
    });
    expect(verdict).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'SIG_CONSTRAINTS_FAILURE',
    });
  });

  it('gives HASH_FAILURE when the encapsulated SHA-1 is not that of the ByteRange', () => {
    for (const mode of ['der', 'none'] as const) {
      const { verdict } = judgePdf(sha1Cms(mode), {
        subFilter: 'adbe.pkcs7.sha1',
        policy: sha1Allowed(),
        signed: flip(byteRange, 1),
      });
      expect(verdict).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' });
    }
  });

  it('fails with FORMAT_FAILURE when there is no encapsulated digest at all', () => {
    const der = buildSignedData({
      content: digest('sha1', byteRange),
      signers: [rsa('sha256')],
      certificates: [idCert('rsa2048')],
    });
    expect(judgePdf(der, { subFilter: 'adbe.pkcs7.sha1' }).verdict).toMatchObject({
      indication: 'TOTAL_FAILED',
      subIndication: 'FORMAT_FAILURE',
    });
  });
});

describe('several SignerInfos (RFC 5652 §5.1)', () => {
  const broken = (s: SignerSpec): SignerSpec => ({ ...s, sign: (d) => flip(s.sign(d), 9) });

  it('takes the first SignerInfo that verifies and names the others in a note', () => {
    const der = cms([
      broken(rsa('sha256')),
      rsa('sha256', { extraAttributes: [essV2Attribute(idCert('rsa2048'))] }),
    ]);
    const { plan, verdict } = judgePdf(der);
    expect(plan.ok).toBe(true);
    expect(verdict.indication).toBe('TOTAL_PASSED');
    expect(verdict.notes.join('\n')).toMatch(
      /2 SignerInfos; SignerInfo 2 is the one verified, SignerInfo 1 is not part of this verdict/,
    );
    const both = judgePdf(cms([rsa('sha256'), rsa('sha256')]));
    expect(both.verdict.indication).toBe('TOTAL_PASSED');
    expect(both.verdict.notes.join('\n')).toMatch(/SignerInfo 1 is the one verified/);
  });

  it('fails with the first SignerInfo when none verifies', () => {
    const der = cms([broken(rsa('sha256')), broken(rsa('sha256'))]);
    expect(judgePdf(der).verdict).toMatchObject({
      indication: 'TOTAL_FAILED',
      subIndication: 'SIG_CRYPTO_FAILURE',
    });
  });
});

describe('algorithms: SHA-3, SHAKE256, EdDSA (RFC 8419), labels', () => {
  let ed448: { certDer: Uint8Array; keyPem: Buffer };
  let ed25519: { certDer: Uint8Array; keyPem: Buffer };
  beforeAll(async () => {
    const issue = async (alg: 'ed448' | 'ed25519') => {
      const r = await opensslIssue(f, {
        name: `v-${alg}`,
        keyAlg: alg,
        subject: `/CN=Sealdesk ${alg} Signer`,
        ext: ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature'],
      });
      return { certDer: r.cert.der, keyPem: readFileSync(r.keyPath) };
    };
    ed448 = await issue('ed448');
    ed25519 = await issue('ed25519');
  });

  const ed448Cms = () =>
    cms([
      eddsaSigner(ed448.certDer, ed448.keyPem, 'ed448', 'shake256', {
        extraAttributes: [essV2Attribute(ed448.certDer)],
      }),
    ]);

  it('verifies RSASSA-PSS with SHA3-256, which the default policy allows', () => {
    const der = cms([
      pssSigner(idCert('rsa2048'), idKey('rsa2048'), 'sha3-256', 32, {
        extraAttributes: [essV2Attribute(idCert('rsa2048'))],
      }),
    ]);
    const { plan, verdict, judgement } = judgePdf(der);
    expect(plan).toMatchObject({ ok: true, hash: 'sha3-256' });
    expect(verdict.indication).toBe('TOTAL_PASSED');
    expect(judgement?.signatureAlgorithm).toBe('rsa-pss-sha3-256');
  });

  it('verifies Ed448 with SHAKE256 and its 512-bit output (RFC 8419 §2.3)', () => {
    const der = ed448Cms();
    const { plan, verdict } = judgePdf(der, { digest: digestOf('shake256', byteRange) });
    expect(plan).toMatchObject({ ok: true, hash: 'shake256' });
    expect(verdict.indication).toBe('TOTAL_PASSED');
    expect(digest('shake256', byteRange)).toHaveLength(64);
    // a 256-bit SHAKE256 of the same bytes is not the digest the signer meant
    const short = digest('shake256', byteRange).subarray(0, 32);
    expect(judgePdf(der, { digest: short }).verdict.indication).toBe('TOTAL_FAILED');
  });

  it('fails Ed25519 over a SHA-1 document digest and Ed448 over SHA-512 (RFC 8419 §3)', () => {
    const ed25519Sha1 = cms([eddsaSigner(ed25519.certDer, ed25519.keyPem, 'ed25519', 'sha1')]);
    const r = judgePdf(ed25519Sha1);
    expect(r.verdict).toMatchObject({
      indication: 'TOTAL_FAILED',
      subIndication: 'FORMAT_FAILURE',
    });
    if (r.verdict.indication !== 'TOTAL_PASSED') expect(r.verdict.reason).toMatch(/RFC 8419/);
    const ed448Sha512 = cms([eddsaSigner(ed448.certDer, ed448.keyPem, 'ed448', 'sha512')]);
    expect(judgePdf(ed448Sha512).verdict.indication).toBe('TOTAL_FAILED');
    const ed25519Sha512 = cms([
      eddsaSigner(ed25519.certDer, ed25519.keyPem, 'ed25519', 'sha512', {
        extraAttributes: [essV2Attribute(ed25519.certDer)],
      }),
    ]);
    expect(judgePdf(ed25519Sha512).verdict.indication).toBe('TOTAL_PASSED');
  });

  it('gives CRYPTO_CONSTRAINTS_FAILURE, not FORMAT_FAILURE, for an algorithm the policy does not list', () => {
    const noSha3 = policyWith((p) => {
      delete (p.digests as Record<string, unknown>)['sha3-256'];
    });
    const pss = cms([pssSigner(idCert('rsa2048'), idKey('rsa2048'), 'sha3-256', 32)]);
    expect(judgePdf(pss, { policy: noSha3 }).verdict).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'CRYPTO_CONSTRAINTS_FAILURE',
    });
    const noEd448 = policyWith((p) => {
      delete p.ed448;
    });
    expect(
      judgePdf(ed448Cms(), { policy: noEd448, digest: digestOf('shake256', byteRange) }).verdict,
    ).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'CRYPTO_CONSTRAINTS_FAILURE' });
  });

  it('fails with FORMAT_FAILURE when the digest algorithm is not a digest algorithm', () => {
    const der = cms([rsa('sha256', { digestAlgorithmId: algorithmId('1.2.840.113549.1.1.11') })]);
    expect(judgePdf(der).verdict).toMatchObject({
      indication: 'TOTAL_FAILED',
      subIndication: 'FORMAT_FAILURE',
    });
  });

  it('hashes with digestAlgorithm when the signature OID names another hash (RFC 5652 §5.4), and notes it', () => {
    const label = algorithmId('1.2.840.113549.1.1.11', Uint8Array.of(0x05, 0x00)); // sha256WithRSA
    const ok = judgePdf(cms([rsa('sha384', { signatureAlgorithmId: label })]));
    expect(ok.plan).toMatchObject({ hash: 'sha384' });
    expect(ok.verdict.indication).toBe('TOTAL_PASSED');
    expect(ok.verdict.notes.join('\n')).toMatch(/OID names sha256, the digest algorithm sha384/);
    const key = createPrivateKey(idKey('rsa2048'));
    const signedWithLabel = rsa('sha384', {
      signatureAlgorithmId: label,
      sign: (d) => new Uint8Array(nodeSign('sha256', d, key)),
    });
    expect(judgePdf(cms([signedWithLabel])).verdict).toMatchObject({
      subIndication: 'SIG_CRYPTO_FAILURE',
    });
  });

  it('reads BSI TR-03111 plain ECDSA as r||s and refuses a DER value under that label', () => {
    const key = createPrivateKey(idKey('ecP256'));
    const plain = (encoding: 'ieee-p1363' | 'der') =>
      ecdsaSigner(idCert('ecP256'), idKey('ecP256'), {
        signatureAlgorithmId: algorithmId('0.4.0.127.0.7.1.1.4.1.3'),
        sign: (d) => new Uint8Array(nodeSign('sha256', d, { key, dsaEncoding: encoding })),
        extraAttributes: [essV2Attribute(idCert('ecP256'))],
      });
    const ok = judgePdf(cms([plain('ieee-p1363')]));
    expect(ok.verdict.indication).toBe('TOTAL_PASSED');
    expect(ok.verdict.notes.join('\n')).not.toMatch(/r\|\|s/);
    expect(judgePdf(cms([plain('der')])).verdict).toMatchObject({
      subIndication: 'SIG_CRYPTO_FAILURE',
    });
  });

  it('refuses a cmsAlgorithmProtection attribute that names another digest (RFC 6211)', () => {
    const protection = (digestOid: string): Attribute => ({
      type: '1.2.840.113549.1.9.52',
      values: [
        seq(seq(oid(digestOid)), tlv(0xa1, oid(CMS_OID.rsaEncryption), Uint8Array.of(5, 0))),
      ],
    });
    const good = cms([rsa('sha256', { extraAttributes: [protection('2.16.840.1.101.3.4.2.1')] })]);
    expect(judgePdf(good).verdict.indication).toBe('TOTAL_PASSED');
    const bad = cms([rsa('sha256', { extraAttributes: [protection('2.16.840.1.101.3.4.2.3')] })]);
    expect(judgePdf(bad).verdict).toMatchObject({
      indication: 'TOTAL_FAILED',
      subIndication: 'FORMAT_FAILURE',
    });
  });
});

describe('what qualified signatures of other trust services carry', () => {
  it('passes a signer certificate with keyUsage nonRepudiation only, bound by ESS signing-certificate v1 (SHA-1)', async () => {
    // EN 319 412-2 §4.3.2: a QES certificate may have contentCommitment (nonRepudiation) only.
    const qes = await opensslIssue(f, {
      name: 'v-qes',
      keyPath: f.pki.ids.rsa2048.keyPath,
      subject: '/C=DE/O=Example Trust Service/CN=Erika Mustermann',
      ext: ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,nonRepudiation'],
    });
    const der = cms([
      rsaSigner(qes.cert.der, idKey('rsa2048'), 'sha256', {
        signatureAlgorithmId: algorithmId('1.2.840.113549.1.1.11', Uint8Array.of(0x05, 0x00)),
        extraAttributes: [essV1Attribute(qes.cert.der)],
      }),
    ]);
    const { verdict, judgement } = judgePdf(der);
    expect(verdict.indication).toBe('TOTAL_PASSED');
    expect(judgement?.signerSubject).toMatch(/Erika Mustermann/);
  });

  it('counts attribute certificates and other certificate choices instead of failing the CMS', () => {
    const signer = rsa('sha256', { extraAttributes: [essV2Attribute(idCert('rsa2048'))] });
    const der = buildSignedData({
      content: byteRange,
      signers: [signer],
      certificates: [
        idCert('rsa2048'),
        interDer,
        tlv(0xa2, seq(seq(oid('1.2.3.4')), tlv(0x02, Uint8Array.of(1)))), // v2AttrCert [2]
        tlv(0xa3, oid('1.2.3.5'), seq()), // other [3]
      ],
    });
    expect(parseSignedData(der).otherCertificateCount).toBe(2);
    expect(judgePdf(der).verdict.indication).toBe('TOTAL_PASSED');
  });
});

describe('signed attributes not in DER order (RFC 5652 §5.4, X.690 §11.6)', () => {
  const unsorted = (mode: 'received-order' | 'sorted-when-signed') =>
    cms([
      rsa('sha256', {
        signedAttributes: mode,
        // content-type (30 18), message-digest (30 2f), signing-time (30 1c): not in DER order
        extraAttributes: [signingTimeAttribute(new Date()), essV2Attribute(idCert('rsa2048'))],
      }),
    ]);

  it('fails a signature over the attributes in their received, non-DER order with SIG_CRYPTO_FAILURE', () => {
    const der = unsorted('received-order');
    const v = verifySignerInfo({
      signedData: parseSignedData(der),
      content: { kind: 'detached-bytes', bytes: byteRange },
    });
    expect(v.intact).toBe('intact');
    expect(v.signature).toBe('invalid');
    expect(v.verdict).toMatchObject({
      indication: 'TOTAL_FAILED',
      subIndication: 'SIG_CRYPTO_FAILURE',
    });
    if (v.verdict.indication !== 'TOTAL_PASSED')
      expect(v.verdict.reason).toMatch(/only over the signed attributes in the order received/);
  });

  it('accepts attributes sent out of order when the signature is over their DER form', () => {
    const { verdict } = judgePdf(unsorted('sorted-when-signed'));
    expect(verdict.indication).toBe('TOTAL_PASSED');
  });

  it("leaves Sealdesk's own DER attributes byte for byte and sorts others", () => {
    const fields = readCertificateFields(idCert('rsa2048'));
    const own = encodeAttributeSet(
      padesSignedAttributes(fields, digest('sha256', byteRange), 'sha256'),
    );
    const form = derSignedAttributes(own);
    expect(form).toMatchObject({ ok: true, wasDer: true });
    if (form.ok) expect(Buffer.compare(Buffer.from(form.der), Buffer.from(own))).toBe(0);
    const si = parseSignedData(unsorted('received-order')).signerInfos[0]!;
    const re = derSignedAttributes(si.signedAttributesDer!);
    expect(re).toMatchObject({ ok: true, wasDer: false });
    if (re.ok) expect(re.der).toHaveLength(si.signedAttributesDer!.length);
  });
});

describe('revocation info in SignedData.crls (RFC 5652 §10.2.1, RFC 5940)', () => {
  let goodOcsp: Uint8Array;
  let revokedOcsp: Uint8Array;
  let crl: Uint8Array;
  beforeAll(async () => {
    const osslTime = (d: Date) => d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
    const serial = (hex: string) => (hex.length % 2 ? '0' : '') + hex.toUpperCase();
    const row = (id: 'rsa2048' | 'ecP256', revoked: boolean) =>
      [
        revoked ? 'R' : 'V',
        osslTime(f.cert(id).notAfter),
        revoked ? `${osslTime(new Date(Date.now() - 3600_000))},keyCompromise` : '',
        serial(f.cert(id).serialHex),
        'unknown',
        '/CN=x',
      ].join('\t');
    const idx = f.file('v-index.txt', `${row('rsa2048', false)}\n${row('ecP256', true)}\n`);
    f.file('v-crlnumber', '01\n');
    const ocsp = async (id: 'rsa2048' | 'ecP256') => {
      const req = join(f.dir, `v-req-${id}.der`);
      const resp = join(f.dir, `v-resp-${id}.der`);
      await f.openssl([
        'ocsp',
        '-issuer',
        f.intermediatePath,
        '-cert',
        f.pki.ids[id].certPath,
        '-reqout',
        req,
        '-no_nonce',
      ]);
      await f.openssl([
        'ocsp',
        '-index',
        idx,
        '-rsigner',
        f.pki.ids.ocspResponder.certPath,
        '-rkey',
        f.pki.ids.ocspResponder.keyPath,
        '-CA',
        f.intermediatePath,
        '-reqin',
        req,
        '-respout',
        resp,
        '-ndays',
        '1',
      ]);
      return new Uint8Array(readFileSync(resp));
    };
    goodOcsp = await ocsp('rsa2048');
    revokedOcsp = await ocsp('ecP256');
    const cnf = f.file(
      'v-ca.cnf',
      [
        '[ ca ]',
        'default_ca = CA_default',
        '[ CA_default ]',
        `database = ${idx}`,
        `crlnumber = ${join(f.dir, 'v-crlnumber')}`,
        'default_md = sha256',
        'default_crl_days = 7',
        'crl_extensions = crl_ext',
        '[ crl_ext ]',
        'authorityKeyIdentifier = keyid:always',
      ].join('\n'),
    );
    const pem = join(f.dir, 'v-crl.pem');
    const out = join(f.dir, 'v-crl.der');
    await f.openssl([
      'ca',
      '-gencrl',
      '-config',
      cnf,
      '-keyfile',
      f.intermediateKeyPath,
      '-cert',
      f.intermediatePath,
      '-out',
      pem,
    ]);
    await f.openssl(['crl', '-in', pem, '-outform', 'DER', '-out', out]);
    crl = new Uint8Array(readFileSync(out));
  });

  // other [1] IMPLICIT OtherRevocationInfoFormat, and the same without its tag (as iText wrote)
  const tagged = (ocsp: Uint8Array) => tlv(0xa1, oid(CMS_OID.riOcspResponse), ocsp);
  const untagged = (ocsp: Uint8Array) => seq(oid(CMS_OID.riOcspResponse), ocsp);

  it('reads a CRL and OCSP responses written with or without the [1] tag, and says so', () => {
    const der = cms([rsa('sha256')], {
      revocationInfo: [crl, tagged(goodOcsp), untagged(goodOcsp)],
    });
    const sd = parseSignedData(der);
    expect(sd.crls).toHaveLength(1);
    expect(sd.otherRevocationInfo.map((o) => o.format)).toEqual([
      CMS_OID.riOcspResponse,
      CMS_OID.riOcspResponse,
    ]);
    expect(Buffer.compare(Buffer.from(sd.otherRevocationInfo[1]!.der), Buffer.from(goodOcsp))).toBe(
      0,
    );
    expect(sd.notes.join('\n')).toMatch(/without its \[1\] tag/);
  });

  it('uses the OCSP responses found there: good passes, revoked does not', () => {
    const good = judgePdf(
      cms([rsa('sha256', { extraAttributes: [essV2Attribute(idCert('rsa2048'))] })], {
        revocationInfo: [untagged(goodOcsp)],
      }),
    );
    expect(good.verdict.indication).toBe('TOTAL_PASSED');
    const evidence = good.judgement!.revocation.flatMap((r) => r.evidence);
    expect(evidence).toContainEqual(
      expect.objectContaining({ source: 'ocsp', status: 'good', origin: 'CMS RFC 5940' }),
    );
    const revoked = judgePdf(
      cms([ecdsaSigner(idCert('ecP256'), idKey('ecP256'))], {
        revocationInfo: [untagged(revokedOcsp)],
      }),
    );
    expect(revoked.verdict.indication).not.toBe('TOTAL_PASSED');
    expect(revoked.judgement!.revocation.map((r) => r.status)).toContain('revoked');
  });
});

describe('timestamp tokens whose own CMS is not valid (RFC 3161 §2.4.1)', () => {
  const tsaToken = (stamped: Uint8Array, mode: 'der' | 'received-order') =>
    buildSignedData({
      content: tstInfo({ stamped, hash: 'sha256', genTime: new Date(Date.now() - 60_000) }),
      encapsulate: true,
      eContentType: CMS_OID.tstInfo,
      signers: [
        rsaSigner(idCert('tsa'), idKey('tsa'), 'sha256', {
          signedAttributes: mode,
          // both signing-certificate attributes, the longer v2 before v1: not DER order (the
          // dss-sigtst-invalid.pdf token has v1 first, whose long issuer makes it the longer one)
          extraAttributes: [essV2Attribute(idCert('tsa')), essV1Attribute(idCert('tsa'))],
        }),
      ],
      certificates: [idCert('tsa'), interDer],
    });
  const check = (token: Uint8Array, stamped: Uint8Array) =>
    verifyTimestampToken({
      token,
      stamped: { bytes: stamped },
      trustAnchors: [f.root],
      validationTime: new Date(),
      policy: loadAlgorithmPolicy(),
    });

  it('gives no proof of existence from a token with two signing-certificate attributes signed out of DER order', () => {
    const r = check(tsaToken(byteRange, 'received-order'), byteRange);
    expect(r.imprint).toBe('matches');
    expect(r.verdict).toMatchObject({
      indication: 'TOTAL_FAILED',
      subIndication: 'SIG_CRYPTO_FAILURE',
    });
    expect(r.proofOfExistence).toBeUndefined();
  });

  it('accepts the same two signing-certificate attributes when the token is signed over their DER form', () => {
    const r = check(tsaToken(byteRange, 'der'), byteRange);
    expect(r.verdict.indication).toBe('TOTAL_PASSED');
    expect(r.proofOfExistence).toBeInstanceOf(Date);
  });

  it('leaves a signature at B-B when its signature timestamp is such a token', () => {
    const signer = rsa('sha256', { extraAttributes: [essV2Attribute(idCert('rsa2048'))] });
    const value = parseSignedData(cms([signer])).signerInfos[0]!.signature; // PKCS#1 v1.5: deterministic
    const level = (mode: 'der' | 'received-order') => {
      const tst: Attribute = {
        type: CMS_OID.signatureTimeStampToken,
        values: [tsaToken(value, mode)],
      };
      const { judgement } = judgePdf(cms([{ ...signer, unsignedAttributes: [tst] }]));
      return {
        level: levelOf({
          judgement: judgement!,
          coveredByIntactDocTimestamp: false,
          docTimestampAfterDss: false,
        }),
        indication: judgement!.verdict.indication,
        timestamp: judgement!.timestamps[0]?.indication,
      };
    };
    expect(level('received-order')).toEqual({
      level: 'B-B',
      indication: 'TOTAL_PASSED',
      timestamp: 'TOTAL_FAILED',
    });
    expect(level('der')).toEqual({
      level: 'B-T',
      indication: 'TOTAL_PASSED',
      timestamp: 'TOTAL_PASSED',
    });
  });
});

describe('CMS that is not valid is TOTAL_FAILED', () => {
  it.each([
    ['bytes that are not ASN.1', () => new Uint8Array([0x13, 0x37, 0x00, 0x42])],
    ['a CMS cut short', () => cms([rsa('sha256')]).subarray(0, 300)],
    [
      'a ContentInfo of another type',
      () => seq(oid(CMS_OID.data), tlv(0xa0, tlv(0x04, Uint8Array.of(1)))),
    ],
    ['only the zero padding of an empty hole', () => new Uint8Array(64)],
  ])('gives TOTAL_FAILED / FORMAT_FAILURE for %s', (_, make) => {
    expect(judgePdf(make()).verdict).toMatchObject({
      indication: 'TOTAL_FAILED',
      subIndication: 'FORMAT_FAILURE',
    });
  });

  it('keeps an encapsulated, even empty, eContent in a detached signature TOTAL_FAILED', () => {
    const der = buildSignedData({
      content: new Uint8Array(0),
      encapsulate: true,
      signers: [rsa('sha256', { messageDigest: digest('sha256', byteRange) })],
      certificates: [idCert('rsa2048'), interDer],
    });
    expect(judgePdf(der).verdict).toMatchObject({
      indication: 'TOTAL_FAILED',
      subIndication: 'FORMAT_FAILURE',
    });
  });
});
