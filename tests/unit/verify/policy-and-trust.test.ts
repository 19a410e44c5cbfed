import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkAlgorithms, loadAlgorithmPolicy } from '../../../main/verify/algorithm-policy';
import { parseSignedData } from '../../../main/verify/signed-data';
import { verifySignerInfo } from '../../../main/verify/signer-info';
import { TrustStore } from '../../../main/verify/trust-store';
import { loadExtraAnchors } from '../../../main/verify/certificate-files';
import { isSealdeskError } from '../../../main/errors/sealdesk-error';
import { fixtures, opensslCms, type Fixtures } from './verify-fixtures';

let f: Fixtures;
beforeAll(() => {
  f = fixtures();
});

const now = new Date();
const policy = () => loadAlgorithmPolicy();

describe('algorithm policy', () => {
  it('fails a real SHA-1 CMS signature made after the SHA-1 sunset with CRYPTO_CONSTRAINTS_FAILURE', async () => {
    const content = new TextEncoder().encode('sha-1 signed');
    const sd = parseSignedData(await opensslCms(f, 'rsa2048', content, { md: 'sha1' }));
    const r = verifySignerInfo({
      signedData: sd,
      content: { kind: 'detached-bytes', bytes: content },
    });
    expect(r.verdict.indication).toBe('TOTAL_PASSED'); // cryptographically sound ...
    const use = {
      what: 'signer 1',
      hash: r.signatureAlgorithm!.hash!,
      key: r.signerCertificate!.keyDescription(),
    };
    // ... but its certificate was issued after 2016, so the signature was made after the sunset
    const v = checkAlgorithms(policy(), use, {
      validationTime: now,
      producedNotBefore: r.signerCertificate!.notBefore,
    });
    expect(v).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'CRYPTO_CONSTRAINTS_FAILURE',
    });
    expect(v.indication !== 'TOTAL_PASSED' && v.reason).toMatch(/sha1/);
  });

  it('says CRYPTO_CONSTRAINTS_FAILURE_NO_POE past a sunset without proof, and passes with a POE before it', () => {
    const use = {
      what: 'signer',
      hash: 'sha1' as const,
      key: { type: 'rsa' as const, bits: 2048 },
    };
    expect(checkAlgorithms(policy(), use, { validationTime: now })).toMatchObject({
      subIndication: 'CRYPTO_CONSTRAINTS_FAILURE_NO_POE',
    });
    const old = checkAlgorithms(policy(), use, {
      validationTime: now,
      poe: new Date('2012-03-01'),
    });
    expect(old.indication).toBe('TOTAL_PASSED');
    expect(old.notes.join(' ')).toMatch(/sunset/);
  });

  it('judges key sizes and curves: RSA-1024 no longer, RSA-2048 until 2031, P-256 and Ed25519 fine, unknown curves never', () => {
    const at = (key: Parameters<typeof checkAlgorithms>[1]['key'], when = now) =>
      checkAlgorithms(policy(), { what: 'k', hash: 'sha256', key }, { validationTime: when })
        .indication;
    expect(at({ type: 'rsa', bits: 1024 })).toBe('INDETERMINATE');
    expect(at({ type: 'rsa', bits: 1024 }, new Date('2014-01-01'))).toBe('TOTAL_PASSED');
    expect(at({ type: 'rsa', bits: 2048 })).toBe('TOTAL_PASSED');
    expect(at({ type: 'rsa', bits: 2048 }, new Date('2032-01-01'))).toBe('INDETERMINATE');
    expect(at({ type: 'rsa', bits: 512 }, new Date('2000-01-01'))).toBe('INDETERMINATE');
    expect(at({ type: 'ec', curve: 'prime256v1', bits: 256 })).toBe('TOTAL_PASSED');
    expect(at({ type: 'ed25519', bits: 256 })).toBe('TOTAL_PASSED');
    expect(at({ type: 'ec', curve: 'secp112r1' })).toBe('INDETERMINATE');
    expect(at({ type: 'unknown' })).toBe('INDETERMINATE');
  });

  it('reads a user policy file instead of the default, and refuses a malformed one', () => {
    const strict = f.file(
      'strict.json',
      JSON.stringify({
        name: 'strict',
        digests: { sha512: null },
        rsa: [{ minBits: 4096, sunset: null }],
        ecCurves: {},
      }),
    );
    const p = loadAlgorithmPolicy(strict);
    expect(p.name).toBe('strict');
    expect(
      checkAlgorithms(
        p,
        { what: 'k', hash: 'sha256', key: { type: 'rsa', bits: 4096 } },
        { validationTime: now },
      ),
    ).toMatchObject({ subIndication: 'CRYPTO_CONSTRAINTS_FAILURE' });
    const broken = f.file('broken.json', JSON.stringify({ name: 'x', digests: { sha1: 'soon' } }));
    for (const file of [broken, join(f.dir, 'missing.json')]) {
      let err: unknown;
      try {
        loadAlgorithmPolicy(file);
      } catch (e) {
        err = e;
      }
      expect(isSealdeskError(err, 'VERIFY_POLICY_UNREADABLE')).toBe(true);
    }
  });
});

describe('TrustStore', () => {
  it('imports PEM, DER and P7B files and folders, lists, survives reopening, and removes by fingerprint', async () => {
    const data = join(f.dir, 'userdata');
    const store = new TrustStore(data);
    expect(store.list()).toEqual([]);

    const first = store.import(f.pki.rootPath);
    expect(first.added.map((e) => e.fingerprint)).toEqual([f.root.fingerprint]);
    expect(first.added[0]).toMatchObject({ isCa: true, selfSigned: true });
    expect(store.import(f.pki.rootPath).alreadyTrusted).toHaveLength(1);

    const folder = join(f.dir, 'anchors-in');
    mkdirSync(folder);
    writeFileSync(join(folder, 'inter.der'), f.intermediate.der);
    writeFileSync(join(folder, 'notes.txt'), 'not a certificate');
    await f.openssl([
      'crl2pkcs7',
      '-nocrl',
      '-certfile',
      f.pki.ids.tsa.certPath,
      '-certfile',
      f.pki.ids.ecP256.certPath,
      '-outform',
      'DER',
      '-out',
      join(folder, 'bundle.p7b'),
    ]);
    const second = store.import(folder);
    expect(second.added.map((e) => e.subject).sort()).toEqual(
      [f.intermediate.subject, f.cert('ecP256').subject, f.cert('tsa').subject].sort(),
    );
    expect(second.skipped.map((s) => s.file)).toEqual([join(folder, 'notes.txt')]);

    const reopened = new TrustStore(data);
    const listed = reopened.list();
    expect(listed).toHaveLength(4);
    const root = listed.find((e) => e.fingerprint === f.root.fingerprint)!;
    expect(root.subject).toBe(f.root.subject);
    expect(root.notAfter.getTime()).toBe(f.root.notAfter.getTime());

    const colons = f.intermediate.fingerprint.toUpperCase().match(/../g)!.join(':');
    expect(reopened.remove(colons).fingerprint).toBe(f.intermediate.fingerprint);
    expect(new TrustStore(data).list().map((e) => e.fingerprint)).not.toContain(
      f.intermediate.fingerprint,
    );
    expect(() => reopened.remove(f.intermediate.fingerprint)).toThrow(/fingerprint/);
    expect(readdirSync(reopened.folder).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a file that holds no certificate', () => {
    const store = new TrustStore(join(f.dir, 'userdata2'));
    const junk = f.file('junk.pem', 'hello');
    let err: unknown;
    try {
      store.import(junk);
    } catch (e) {
      err = e;
    }
    expect(isSealdeskError(err)).toBe(true);
    expect(store.list()).toEqual([]);
  });

  it('loads per-run extra anchors from files and folders', () => {
    const anchors = loadExtraAnchors([f.pki.rootPath, f.pki.intermediatePath]);
    expect(anchors.map((a) => a.fingerprint).sort()).toEqual(
      [f.root.fingerprint, f.intermediate.fingerprint].sort(),
    );
  });
});
