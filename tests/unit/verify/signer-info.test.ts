import { beforeAll, describe, expect, it } from 'vitest';
import { sign as nodeSign, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as pkijs from 'pkijs';
import { parseSignedData, type ParsedSignedData } from '../../../main/verify/signed-data';
import { certificateBindingVerdict, verifySignerInfo } from '../../../main/verify/signer-info';
import { validateCertificatePath } from '../../../main/verify/cert-path';
import { isSealdeskError } from '../../../main/errors/sealdesk-error';
import { digest } from '../../../main/verify/der';
import {
  fixtures,
  flip,
  indexOf,
  opensslCms,
  opensslIssue,
  type Fixtures,
} from './verify-fixtures';

const content: Uint8Array = new TextEncoder().encode(
  '%PDF-1.7 pretend byte range of a contract\n'.repeat(50),
);
let f: Fixtures;

beforeAll(() => {
  f = fixtures();
});

describe('parseSignedData', () => {
  it('reads an openssl detached CMS: digest algorithms, certificates, signer identifier', async () => {
    const der = await opensslCms(f, 'rsa2048', content);
    const sd = parseSignedData(der);
    expect(sd.encapContent).toBeUndefined();
    expect(sd.digestAlgorithms.map((d) => d.hash)).toContain('sha256');
    expect(sd.certificates.map((c) => c.fingerprint).sort()).toEqual(
      [f.cert('rsa2048').fingerprint, f.intermediate.fingerprint].sort(),
    );
    const si = sd.signerInfos[0]!;
    expect(si.sid.kind).toBe('issuer-serial');
    if (si.sid.kind === 'issuer-serial') expect(si.sid.serialHex).toBe(f.cert('rsa2048').serialHex);
    expect(si.signedAttributesDer?.[0]).toBe(0x31);
    expect(si.signedAttributes.map((a) => a.oid)).toContain('1.2.840.113549.1.9.4');
  });

  it('refuses garbage, a non-SignedData ContentInfo and trailing bytes with VERIFY_CMS_MALFORMED', async () => {
    const der = await opensslCms(f, 'rsa2048', content);
    const bad = [
      new Uint8Array([1, 2, 3, 4, 5]),
      new Uint8Array(0),
      new Uint8Array([
        0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01, 0xa0, 0x00,
      ]),
      new Uint8Array([...der, 0x41]),
    ];
    for (const b of bad) {
      let err: unknown;
      try {
        parseSignedData(b);
      } catch (e) {
        err = e;
      }
      expect(isSealdeskError(err, 'VERIFY_CMS_MALFORMED')).toBe(true);
    }
  });

  it('accepts the zero padding of a PDF /Contents hole only when asked', async () => {
    const der = await opensslCms(f, 'rsa2048', content);
    const padded = new Uint8Array([...der, 0, 0, 0, 0]);
    expect(parseSignedData(padded, { allowZeroPadding: true }).trailingZeroBytes).toBe(4);
    expect(() => parseSignedData(padded)).toThrow(/unexpected byte/);
  });
});

function verify(sd: ParsedSignedData, data = content) {
  return verifySignerInfo({ signedData: sd, content: { kind: 'detached-bytes', bytes: data } });
}

describe('verifySignerInfo', () => {
  it.each(['rsa2048', 'rsa3072', 'rsaPss', 'ecP256', 'ecP384'] as const)(
    'verifies an openssl signature by %s as intact and valid, and its chain as trusted',
    async (id) => {
      const pss = id === 'rsaPss' ? ['-keyopt', 'rsa_padding_mode:pss'] : [];
      const sd = parseSignedData(await opensslCms(f, id, content, { extra: ['-cades', ...pss] }));
      const r = verify(sd);
      expect(r.verdict.indication).toBe('TOTAL_PASSED');
      expect(r.intact).toBe('intact');
      expect(r.signature).toBe('valid');
      expect(r.signingCertificateReference).toBe('matches');
      expect(r.signerCertificate?.fingerprint).toBe(f.cert(id).fingerprint);
      if (id === 'rsaPss') expect(r.signatureAlgorithm?.scheme).toBe('rsa-pss');
      const path = validateCertificatePath({
        target: r.signerCertificate!,
        candidates: sd.certificates,
        trustAnchors: [f.root],
        validationTime: new Date(),
        usage: 'signature',
      });
      expect(path.verdict.indication).toBe('TOTAL_PASSED');
      expect(path.chain.map((c) => c.fingerprint)).toEqual([
        f.cert(id).fingerprint,
        f.intermediate.fingerprint,
        f.root.fingerprint,
      ]);
    },
  );

  it('verifies RSASSA-PSS with its parameters from an ordinary RSA key', async () => {
    const sd = parseSignedData(
      await opensslCms(f, 'rsa2048', content, {
        md: 'sha384',
        extra: ['-keyopt', 'rsa_padding_mode:pss', '-keyopt', 'rsa_pss_saltlen:20'],
      }),
    );
    const r = verify(sd);
    expect(r.signatureAlgorithm).toMatchObject({
      scheme: 'rsa-pss',
      hash: 'sha384',
      pss: { mgfHash: 'sha384', saltLength: 20 },
    });
    expect(r.verdict.indication).toBe('TOTAL_PASSED');
  });

  it('refuses a signature labelled PKCS#1 v1.5 from a key restricted to RSASSA-PSS', async () => {
    // OpenSSL 3.0 labels PSS signatures of a PSS-only key as rsaEncryption; the label is wrong
    // and the key cannot make what it claims, so the signature is not accepted.
    const sd = parseSignedData(await opensslCms(f, 'rsaPss', content));
    if (sd.signerInfos[0]!.signatureAlgorithm.algorithmId === '1.2.840.113549.1.1.1') {
      expect(verify(sd).verdict).toMatchObject({ subIndication: 'SIG_CRYPTO_FAILURE' });
    }
  });

  it('verifies an Ed25519 signature (RFC 8419)', async () => {
    // OpenSSL 3.0 cannot make Ed25519 CMS, so the SignerInfo of an openssl CMS is re-signed.
    const ed = await opensslIssue(f, {
      name: 'ed',
      subject: '/CN=Sealdesk Ed25519 Signer',
      ext: [
        'basicConstraints=critical,CA:FALSE',
        'keyUsage=critical,digitalSignature,nonRepudiation',
      ],
    });
    // RFC 8419 §3: Ed25519 with digestAlgorithm id-sha512.
    const sd = parseSignedData(
      await opensslCms(f, 'rsa2048', content, { md: 'sha512', extra: ['-nocerts'] }),
    );
    const si = sd.signerInfos[0]!;
    const sig = nodeSign(null, si.signedAttributesDer!, createPrivateKey(readFileSync(ed.keyPath)));
    const edSd: ParsedSignedData = {
      ...sd,
      certificates: [ed.cert],
      signerInfos: [
        {
          ...si,
          sid: {
            kind: 'issuer-serial',
            issuer: ed.cert.issuerName,
            issuerText: ed.cert.issuer,
            serialHex: ed.cert.serialHex,
          },
          signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: '1.3.101.112' }),
          signature: new Uint8Array(sig),
        },
      ],
    };
    const r = verify(edSd);
    expect(r.signatureAlgorithm?.scheme).toBe('ed25519');
    expect(r.verdict.indication).toBe('TOTAL_PASSED');
    const bad = verify({
      ...edSd,
      signerInfos: [{ ...edSd.signerInfos[0]!, signature: flip(new Uint8Array(sig), 3) }],
    });
    expect(bad.verdict).toMatchObject({ subIndication: 'SIG_CRYPTO_FAILURE' });
  });

  it('accepts an ECDSA signature written as raw r||s and says so', async () => {
    const sd = parseSignedData(await opensslCms(f, 'ecP256', content));
    const si = sd.signerInfos[0]!;
    const rawRs = nodeSign('sha256', si.signedAttributesDer!, {
      key: createPrivateKey(readFileSync(f.pki.ids.ecP256.keyPath)),
      dsaEncoding: 'ieee-p1363',
    });
    const patched: ParsedSignedData = {
      ...sd,
      signerInfos: [{ ...si, signature: new Uint8Array(rawRs) }],
    };
    const r = verify(patched);
    expect(r.verdict.indication).toBe('TOTAL_PASSED');
    expect(r.verdict.notes.join(' ')).toMatch(/r\|\|s/);
    const broken: ParsedSignedData = {
      ...sd,
      signerInfos: [{ ...si, signature: flip(new Uint8Array(rawRs), 40) }],
    };
    expect(verify(broken).verdict).toMatchObject({
      indication: 'TOTAL_FAILED',
      subIndication: 'SIG_CRYPTO_FAILURE',
    });
  });

  it('gives HASH_FAILURE when one byte of the signed content changed', async () => {
    const sd = parseSignedData(await opensslCms(f, 'rsa2048', content));
    const r = verify(sd, flip(content, 100));
    expect(r.verdict).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' });
    expect(r.intact).toBe('altered');
  });

  it('gives SIG_CRYPTO_FAILURE when one byte of the signature value changed', async () => {
    const der = await opensslCms(f, 'rsa2048', content);
    const sig = parseSignedData(der).signerInfos[0]!.signature;
    const r = verify(parseSignedData(flip(der, indexOf(der, sig) + 10)));
    expect(r.verdict).toMatchObject({
      indication: 'TOTAL_FAILED',
      subIndication: 'SIG_CRYPTO_FAILURE',
    });
    expect(r.intact).toBe('intact');
    expect(r.signature).toBe('invalid');
  });

  it('gives SIG_CRYPTO_FAILURE when the signing-time attribute was changed', async () => {
    const der = await opensslCms(f, 'rsa2048', content);
    const st = parseSignedData(der).signerInfos[0]!.signedAttributes.find(
      (a) => a.oid === '1.2.840.113549.1.9.5',
    )!;
    const at = indexOf(der, st.values[0]!.der) + 5; // a digit of the UTCTime
    const changed = der.slice();
    changed[at] = changed[at]! ^ 0x01;
    const r = verify(parseSignedData(changed));
    expect(r.verdict).toMatchObject({
      indication: 'TOTAL_FAILED',
      subIndication: 'SIG_CRYPTO_FAILURE',
    });
  });

  it('accepts a digest computed by the caller and refuses one made with another hash', async () => {
    const sd = parseSignedData(await opensslCms(f, 'rsa2048', content));
    const ok = verifySignerInfo({
      signedData: sd,
      content: { kind: 'detached-digest', hash: 'sha256', digest: digest('sha256', content) },
    });
    expect(ok.verdict.indication).toBe('TOTAL_PASSED');
    const other = verifySignerInfo({
      signedData: sd,
      content: { kind: 'detached-digest', hash: 'sha512', digest: digest('sha512', content) },
    });
    expect(other.verdict).toMatchObject({ subIndication: 'FORMAT_FAILURE' });
  });

  it('refuses encapsulated content where a detached PAdES signature is expected', async () => {
    const sd = parseSignedData(await opensslCms(f, 'rsa2048', content, { attached: true }));
    expect(sd.encapContent).toBeDefined();
    expect(verify(sd).verdict).toMatchObject({ subIndication: 'FORMAT_FAILURE' });
    const enc = verifySignerInfo({ signedData: sd, content: { kind: 'encapsulated' } });
    expect(enc.verdict.indication).toBe('TOTAL_PASSED');
  });

  it('verifies a signature without signed attributes over the content, and says it binds no certificate', async () => {
    const sd = parseSignedData(await opensslCms(f, 'rsa2048', content, { extra: ['-noattr'] }));
    const r = verify(sd);
    expect(r).toMatchObject({ intact: 'intact', signature: 'valid', signedAttributes: 'absent' });
    expect(certificateBindingVerdict(r)).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'SIG_CONSTRAINTS_FAILURE',
    });
    expect(verify(sd, flip(content, 5)).verdict.indication).toBe('TOTAL_FAILED');
  });

  it('reports NO_SIGNING_CERTIFICATE_FOUND when no candidate matches the signer identifier', async () => {
    const sd = parseSignedData(await opensslCms(f, 'rsa2048', content, { extra: ['-nocerts'] }));
    expect(verify(sd).verdict).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'NO_SIGNING_CERTIFICATE_FOUND',
    });
    const withExtra = verifySignerInfo({
      signedData: sd,
      content: { kind: 'detached-bytes', bytes: content },
      extraCertificates: [f.cert('rsa2048')],
    });
    expect(withExtra.verdict.indication).toBe('TOTAL_PASSED');
  });

  it('catches certificate substitution: same key and serial, other certificate, ESS reference differs', async () => {
    const real = f.cert('rsa2048');
    const sd = parseSignedData(await opensslCms(f, 'rsa2048', content, { extra: ['-cades'] }));
    const twin = await opensslIssue(f, {
      name: 'twin',
      keyPath: f.pki.ids.rsa2048.keyPath,
      subject: '/C=CN/O=Mallory/CN=Sealdesk Test Signer RSA-2048',
      serial: real.serialHex,
      ext: ['keyUsage=critical,digitalSignature,nonRepudiation'],
    });
    expect(twin.cert.serialHex).toBe(real.serialHex);
    const substituted: ParsedSignedData = { ...sd, certificates: [twin.cert, f.intermediate] };
    const r = verify(substituted);
    expect(r.signature).toBe('valid');
    expect(r.signingCertificateReference).toBe('mismatch');
    expect(r.verdict).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'NO_SIGNING_CERTIFICATE_FOUND',
    });
    // with both candidates present, the one the ESS attribute names is chosen
    const both = verify({ ...sd, certificates: [twin.cert, real, f.intermediate] });
    expect(both.signerCertificate?.fingerprint).toBe(real.fingerprint);
    expect(both.verdict.indication).toBe('TOTAL_PASSED');
  });
});
