import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkOcspResponse } from '../../../main/verify/ocsp';
import { checkCrl } from '../../../main/verify/crl';
import { checkRevocation } from '../../../main/verify/revocation';
import { validateCertificatePath } from '../../../main/verify/cert-path';
import type { ParsedCertificate } from '../../../main/verify/parsed-certificate';
import { fixtures, flip, type Fixtures } from './verify-fixtures';

const DAY = 86_400_000;
let f: Fixtures;
let revokedAt: Date;
let idx: string;

/** openssl index.txt time: YYMMDDHHMMSSZ. */
const osslTime = (d: Date) => d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
const serial = (c: ParsedCertificate) =>
  (c.serialHex.length % 2 ? '0' : '') + c.serialHex.toUpperCase();

beforeAll(() => {
  f = fixtures();
  revokedAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 3600_000);
  const row = (c: ParsedCertificate, revoked: boolean) =>
    [
      revoked ? 'R' : 'V',
      osslTime(c.notAfter),
      revoked ? `${osslTime(revokedAt)},keyCompromise` : '',
      serial(c),
      'unknown',
      '/CN=x',
    ].join('\t');
  idx = f.file('index.txt', `${row(f.cert('rsa2048'), false)}\n${row(f.cert('ecP256'), true)}\n`);
  f.file('crlnumber', '01\n');
});

async function ocsp(
  target: 'rsa2048' | 'ecP256' | 'rsa3072',
  signer: { cert: string; key: string },
  ndays?: number,
): Promise<Uint8Array> {
  const n = Math.random().toString(36).slice(2);
  const req = join(f.dir, `req-${n}.der`);
  const resp = join(f.dir, `resp-${n}.der`);
  await f.openssl([
    'ocsp',
    '-issuer',
    f.intermediatePath,
    '-cert',
    f.pki.ids[target].certPath,
    '-reqout',
    req,
    '-no_nonce',
  ]);
  await f.openssl([
    'ocsp',
    '-index',
    idx,
    '-rsigner',
    signer.cert,
    '-rkey',
    signer.key,
    '-CA',
    f.intermediatePath,
    '-reqin',
    req,
    '-respout',
    resp,
    ...(ndays ? ['-ndays', String(ndays)] : []),
  ]);
  return new Uint8Array(readFileSync(resp));
}

const responder = () => ({
  cert: f.pki.ids.ocspResponder.certPath,
  key: f.pki.ids.ocspResponder.keyPath,
});
const times = (controlTime = new Date(), validationTime = controlTime) => ({
  controlTime,
  validationTime,
});

/**
 * A CRL from the issuing CA over index.txt, or (root: true) one from the root over `rootIndex`
 * (empty by default).
 */
async function gencrl(root = false, rootIndex = ''): Promise<Uint8Array> {
  const db = root ? f.file('root-index.txt', rootIndex) : idx;
  const cnf = f.file(
    'ca.cnf',
    [
      '[ ca ]',
      'default_ca = CA_default',
      '[ CA_default ]',
      `database = ${db}`,
      `crlnumber = ${join(f.dir, 'crlnumber')}`,
      'default_md = sha256',
      'default_crl_days = 7',
      'crl_extensions = crl_ext',
      '[ crl_ext ]',
      'authorityKeyIdentifier = keyid:always',
    ].join('\n'),
  );
  const pem = join(f.dir, 'crl.pem');
  const der = join(f.dir, 'crl.der');
  const [key, cert] = root
    ? [f.file('root.key.pem', f.pki.rootKeyPem), f.pki.rootPath]
    : [f.intermediateKeyPath, f.intermediatePath];
  await f.openssl(['ca', '-gencrl', '-config', cnf, '-keyfile', key, '-cert', cert, '-out', pem]);
  await f.openssl(['crl', '-in', pem, '-outform', 'DER', '-out', der]);
  return new Uint8Array(readFileSync(der));
}

describe('OCSP responses (openssl ocsp)', () => {
  it('accepts a good answer from the delegated responder and says which evidence it used', async () => {
    const resp = await ocsp('rsa2048', responder(), 1);
    const r = checkOcspResponse({
      response: resp,
      certificate: f.cert('rsa2048'),
      issuer: f.intermediate,
      times: times(),
    });
    expect(r.outcome).toBe('evidence');
    if (r.outcome !== 'evidence') return;
    expect(r.evidence).toMatchObject({ source: 'ocsp', status: 'good', fresh: true });
    expect(r.evidence.signedBy).toMatch(/OCSP Responder/);
    expect(r.evidence.dataFingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reports a revoked certificate with its revocation time and reason', async () => {
    const resp = await ocsp('ecP256', responder(), 1);
    const r = checkRevocation(
      f.cert('ecP256'),
      f.intermediate,
      { ocspResponses: [resp], crls: [] },
      times(),
    );
    expect(r.answer).toEqual({ status: 'revoked', revokedAt, reason: 'keyCompromise' });
  });

  it('accepts an answer signed by the CA itself', async () => {
    const resp = await ocsp('rsa2048', { cert: f.intermediatePath, key: f.intermediateKeyPath }, 1);
    const r = checkOcspResponse({
      response: resp,
      certificate: f.cert('rsa2048'),
      issuer: f.intermediate,
      times: times(),
    });
    expect(r).toMatchObject({ outcome: 'evidence', evidence: { status: 'good' } });
  });

  it('rejects an answer signed by a certificate the CA did not authorise for OCSP', async () => {
    const resp = await ocsp(
      'ecP256',
      { cert: f.pki.ids.rsa2048.certPath, key: f.pki.ids.rsa2048.keyPath },
      1,
    );
    const r = checkOcspResponse({
      response: resp,
      certificate: f.cert('ecP256'),
      issuer: f.intermediate,
      times: times(),
    });
    expect(r.outcome).toBe('rejected');
    if (r.outcome === 'rejected') expect(r.rejected.reason).toMatch(/OCSPSigning|not authorised/);
    const all = checkRevocation(
      f.cert('ecP256'),
      f.intermediate,
      { ocspResponses: [resp], crls: [] },
      times(),
    );
    expect(all.answer.status).toBe('no-data');
  });

  it('rejects an answer whose signature was tampered with', async () => {
    const resp = await ocsp('rsa2048', responder(), 1);
    const r = checkOcspResponse({
      response: flip(resp, resp.length - 300),
      certificate: f.cert('rsa2048'),
      issuer: f.intermediate,
      times: times(),
    });
    expect(r.outcome).toBe('rejected');
  });

  it('does not let a stale answer say good', async () => {
    const resp = await ocsp('rsa2048', responder(), 1);
    const later = new Date(Date.now() + 5 * DAY);
    const r = checkRevocation(
      f.cert('rsa2048'),
      f.intermediate,
      { ocspResponses: [resp], crls: [] },
      times(later),
    );
    expect(r.answer.status).toBe('no-data');
    expect(r.evidence[0]?.fresh).toBe(false);
  });

  it('ignores an answer about another certificate', async () => {
    const resp = await ocsp('rsa2048', responder(), 1);
    expect(
      checkOcspResponse({
        response: resp,
        certificate: f.cert('ecP256'),
        issuer: f.intermediate,
        times: times(),
      }).outcome,
    ).toBe('not-about-this-certificate');
  });
});

describe('CRLs (openssl ca -gencrl)', () => {
  it('finds a revoked entry with date and reason, and good for a listed-absent certificate', async () => {
    const crl = await gencrl();
    const revoked = checkCrl({
      crl,
      certificate: f.cert('ecP256'),
      issuer: f.intermediate,
      times: times(),
    });
    expect(revoked).toMatchObject({
      outcome: 'evidence',
      evidence: {
        source: 'crl',
        status: 'revoked',
        revokedAt,
        reason: 'keyCompromise',
        fresh: true,
      },
    });
    const good = checkCrl({
      crl,
      certificate: f.cert('rsa2048'),
      issuer: f.intermediate,
      times: times(),
    });
    expect(good).toMatchObject({ outcome: 'evidence', evidence: { status: 'good' } });
  });

  it('rejects a CRL with a broken signature and ignores one from another issuer', async () => {
    const crl = await gencrl();
    const bad = checkCrl({
      crl: flip(crl, crl.length - 20),
      certificate: f.cert('rsa2048'),
      issuer: f.intermediate,
      times: times(),
    });
    expect(bad.outcome).toBe('rejected');
    const other = checkCrl({ crl, certificate: f.intermediate, issuer: f.root, times: times() });
    expect(other.outcome).toBe('not-about-this-certificate');
  });

  it('judges freshness against the control time', async () => {
    const crl = await gencrl();
    const stale = checkRevocation(
      f.cert('rsa2048'),
      f.intermediate,
      { ocspResponses: [], crls: [crl] },
      times(new Date(Date.now() + 30 * DAY)),
    );
    expect(stale.answer.status).toBe('no-data');
  });
});

describe('revocation in path validation', () => {
  it('passes with fresh good data, and says TRY_LATER when required data is missing or stale', async () => {
    const resp = await ocsp('rsa2048', responder(), 1);
    const crl = await gencrl(true);
    const base = {
      target: f.cert('rsa2048'),
      candidates: [f.intermediate],
      trustAnchors: [f.root],
      usage: 'signature' as const,
    };
    const ok = validateCertificatePath({
      ...base,
      validationTime: new Date(),
      revocation: { data: { ocspResponses: [resp], crls: [crl] }, required: true },
    });
    expect(ok.verdict.indication).toBe('TOTAL_PASSED');
    expect(
      ok.revocation.map((r) => [r.certificate.subject, r.answer.status, r.evidence[0]?.source]),
    ).toEqual([
      [f.cert('rsa2048').subject, 'good', 'ocsp'],
      [f.intermediate.subject, 'good', 'crl'],
    ]);
    const missing = validateCertificatePath({
      ...base,
      validationTime: new Date(),
      revocation: { data: { ocspResponses: [], crls: [] }, required: true },
    });
    expect(missing.verdict).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'TRY_LATER',
    });
    const later = new Date(Date.now() + 30 * DAY);
    const stale = validateCertificatePath({
      ...base,
      validationTime: later,
      revocation: { data: { ocspResponses: [resp], crls: [crl] }, required: true },
    });
    expect(stale.verdict).toMatchObject({ subIndication: 'TRY_LATER' });
  });

  it('says REVOKED_NO_POE for a revoked signer, passes with a POE before the revocation, and REVOKED only when proven made after it', async () => {
    const resp = await ocsp('ecP256', responder(), 1);
    const base = {
      target: f.cert('ecP256'),
      candidates: [f.intermediate],
      trustAnchors: [f.root],
      usage: 'signature' as const,
      validationTime: new Date(),
      revocation: { data: { ocspResponses: [resp], crls: [] }, required: false },
    };
    expect(validateCertificatePath(base).verdict).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'REVOKED_NO_POE',
    });
    const before = new Date(revokedAt.getTime() - 60_000);
    if (before.getTime() > f.cert('ecP256').notBefore.getTime()) {
      expect(validateCertificatePath({ ...base, poe: before }).verdict.indication).toBe(
        'TOTAL_PASSED',
      );
    }
    expect(
      validateCertificatePath({
        ...base,
        producedNotBefore: new Date(revokedAt.getTime() + 60_000),
      }).verdict,
    ).toMatchObject({
      indication: 'TOTAL_FAILED',
      subIndication: 'REVOKED',
    });
  });

  it('says REVOKED_CA_NO_POE for a revoked issuing CA, even when the signature is proven made after the revocation', async () => {
    const revokedCa = [
      'R',
      osslTime(f.intermediate.notAfter),
      `${osslTime(revokedAt)},cACompromise`,
      serial(f.intermediate),
      'unknown',
      '/CN=x',
    ].join('\t');
    const rootCrl = await gencrl(true, `${revokedCa}\n`);
    const base = {
      target: f.cert('rsa2048'),
      candidates: [f.intermediate],
      trustAnchors: [f.root],
      usage: 'signature' as const,
      validationTime: new Date(),
      revocation: { data: { ocspResponses: [], crls: [rootCrl] }, required: false },
    };
    const expected = { indication: 'INDETERMINATE', subIndication: 'REVOKED_CA_NO_POE' };
    expect(validateCertificatePath(base).verdict).toMatchObject(expected);
    const proven = new Date(revokedAt.getTime() + 60_000);
    expect(validateCertificatePath({ ...base, producedNotBefore: proven }).verdict).toMatchObject(
      expected,
    );
  });
});
