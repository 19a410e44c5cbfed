import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyTimestampToken } from '../../../main/verify/timestamp';
import { loadAlgorithmPolicy } from '../../../main/verify/algorithm-policy';
import { digest } from '../../../main/verify/der';
import { fixtures, flip, type Fixtures } from './verify-fixtures';

let f: Fixtures;
const data = new TextEncoder().encode('the signature value being stamped');

beforeAll(() => {
  f = fixtures();
  f.file('tsaserial', '01\n');
  f.file(
    'tsa.cnf',
    [
      '[ tsa ]',
      'default_tsa = tsa1',
      '[ tsa1 ]',
      `serial = ${join(f.dir, 'tsaserial')}`,
      'crypto_device = builtin',
      `signer_cert = ${f.pki.ids.tsa.certPath}`,
      `certs = ${f.intermediatePath}`,
      `signer_key = ${f.pki.ids.tsa.keyPath}`,
      'signer_digest = sha256',
      'default_policy = 1.2.3.4.1',
      'digests = sha256, sha384, sha512',
      'accuracy = secs:1',
      'ess_cert_id_alg = sha256',
    ].join('\n'),
  );
});

/** `openssl ts -query` then `openssl ts -reply -token_out` over `stamped`. */
async function tsToken(
  stamped: Uint8Array,
  hash = 'sha256',
  includeCerts = true,
): Promise<Uint8Array> {
  const n = Math.random().toString(36).slice(2);
  const dataPath = f.file(`tsdata-${n}.bin`, stamped);
  const q = join(f.dir, `q-${n}.tsq`);
  const tok = join(f.dir, `tok-${n}.der`);
  await f.openssl([
    'ts',
    '-query',
    '-data',
    dataPath,
    `-${hash}`,
    ...(includeCerts ? ['-cert'] : []),
    '-no_nonce',
    '-out',
    q,
  ]);
  await f.openssl([
    'ts',
    '-reply',
    '-config',
    join(f.dir, 'tsa.cnf'),
    '-queryfile',
    q,
    '-token_out',
    '-out',
    tok,
  ]);
  return new Uint8Array(readFileSync(tok));
}

describe('verifyTimestampToken (openssl ts)', () => {
  it('verifies a token over the data and gives genTime as proof of existence', async () => {
    const before = Date.now() - 2000;
    const token = await tsToken(data);
    const r = verifyTimestampToken({
      token,
      stamped: { bytes: data },
      trustAnchors: [f.root],
      validationTime: new Date(),
      policy: loadAlgorithmPolicy(),
    });
    expect(r.verdict.indication).toBe('TOTAL_PASSED');
    expect(r.imprint).toBe('matches');
    expect(r.tstInfo?.policy).toBe('1.2.3.4.1');
    expect(r.proofOfExistence?.getTime()).toBeGreaterThanOrEqual(before);
    expect(r.path?.chain.map((c) => c.fingerprint)).toEqual([
      f.cert('tsa').fingerprint,
      f.intermediate.fingerprint,
      f.root.fingerprint,
    ]);
  });

  it('accepts the stamped digest instead of the bytes', async () => {
    const token = await tsToken(data, 'sha384');
    const r = verifyTimestampToken({
      token,
      stamped: { hash: 'sha384', digest: digest('sha384', data) },
      trustAnchors: [f.root],
      validationTime: new Date(),
    });
    expect(r.verdict.indication).toBe('TOTAL_PASSED');
  });

  it('gives HASH_FAILURE and no POE for a token over other data', async () => {
    const token = await tsToken(data);
    const r = verifyTimestampToken({
      token,
      stamped: { bytes: flip(data, 0) },
      trustAnchors: [f.root],
      validationTime: new Date(),
    });
    expect(r.verdict).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' });
    expect(r.proofOfExistence).toBeUndefined();
  });

  it('gives no POE when the TSA is not trusted', async () => {
    const token = await tsToken(data);
    const r = verifyTimestampToken({
      token,
      stamped: { bytes: data },
      trustAnchors: [],
      validationTime: new Date(),
    });
    expect(r.verdict).toMatchObject({ subIndication: 'NO_CERTIFICATE_CHAIN_FOUND' });
    expect(r.proofOfExistence).toBeUndefined();
  });

  it('gives SIG_CRYPTO_FAILURE for a token whose signature was tampered with', async () => {
    const token = await tsToken(data, 'sha256', false);
    const r = verifyTimestampToken({
      token: flip(token, token.length - 10),
      stamped: { bytes: data },
      trustAnchors: [f.root],
      candidates: [f.cert('tsa'), f.intermediate],
      validationTime: new Date(),
    });
    expect(r.verdict).toMatchObject({ subIndication: 'SIG_CRYPTO_FAILURE' });
  });

  it('refuses a token that is not CMS at all', () => {
    expect(() =>
      verifyTimestampToken({
        token: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]),
        stamped: { bytes: data },
        trustAnchors: [f.root],
        validationTime: new Date(),
      }),
    ).toThrow(/CMS/);
  });
});
