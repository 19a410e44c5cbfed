import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { validateCertificatePath, type PathValidationInput } from '../../../main/verify/cert-path';
import { ParsedCertificate } from '../../../main/verify/parsed-certificate';
import { pemBlocks } from '../../../main/verify/der';
import {
  datedHierarchy,
  fixtures,
  opensslIssue,
  type Fixtures,
  type IdName,
} from './verify-fixtures';

let f: Fixtures;
beforeAll(() => {
  f = fixtures();
});

const DAY = 86_400_000;

function validate(id: IdName | ParsedCertificate, more: Partial<PathValidationInput> = {}) {
  return validateCertificatePath({
    target: typeof id === 'string' ? f.cert(id) : id,
    candidates: [f.intermediate],
    trustAnchors: [f.root],
    validationTime: new Date(),
    usage: 'signature',
    ...more,
  });
}

describe('validateCertificatePath', () => {
  it('builds leaf -> issuing CA -> root and trusts it', () => {
    const r = validate('rsa2048');
    expect(r.verdict.indication).toBe('TOTAL_PASSED');
    expect(r.trust).toBe('trusted');
    expect(r.anchor?.fingerprint).toBe(f.root.fingerprint);
  });

  it('finds no chain without the trust store root, even when the document carries the root', () => {
    const noAnchor = validate('rsa2048', {
      trustAnchors: [],
      candidates: [f.intermediate, f.root],
    });
    expect(noAnchor.verdict).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'NO_CERTIFICATE_CHAIN_FOUND',
    });
    expect(noAnchor.trust).toBe('no-chain');
  });

  it('finds no chain for a signer under an untrusted root the document supplies', () => {
    const untrustedRoot = ParsedCertificate.fromDer(
      readFileSync(f.pki.untrustedRootPath.replace(/\.pem$/, '.der')),
    );
    const r = validate('untrusted', { candidates: [untrustedRoot, f.intermediate] });
    expect(r.verdict).toMatchObject({ subIndication: 'NO_CERTIFICATE_CHAIN_FOUND' });
    expect(r.verdict.indication === 'INDETERMINATE' && r.verdict.reason).toMatch(/Untrusted/);
  });

  it('reports an expired signer as OUT_OF_BOUNDS_NO_POE now, and passes it with a POE inside its validity', async () => {
    const now = Date.now();
    const h = await datedHierarchy({
      rootFrom: new Date(now - 3000 * DAY),
      rootTo: new Date(now + 3000 * DAY),
      leafFrom: new Date(now - 800 * DAY),
      leafTo: new Date(now - 100 * DAY),
    });
    const at = (more: Partial<PathValidationInput>) =>
      validate(h.leaf, { candidates: [], trustAnchors: [h.root], ...more }).verdict;
    expect(at({})).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'OUT_OF_BOUNDS_NO_POE',
    });
    const passedWithPoe = at({ poe: new Date(now - 200 * DAY) });
    expect(passedWithPoe.indication).toBe('TOTAL_PASSED');
    expect(passedWithPoe.notes.join(' ')).toMatch(/expired/);
    // a POE after expiry proves nothing about when it was signed
    expect(at({ poe: new Date(now - 50 * DAY) })).toMatchObject({
      subIndication: 'OUT_OF_BOUNDS_NO_POE',
    });
    // a signature proven made after expiry fails outright
    expect(at({ producedNotBefore: new Date(now - 50 * DAY) })).toMatchObject({
      indication: 'TOTAL_FAILED',
      subIndication: 'EXPIRED',
    });
    // a POE before the certificate was issued: the signature cannot be by this certificate
    expect(at({ poe: new Date(now - 900 * DAY) })).toMatchObject({
      indication: 'TOTAL_FAILED',
      subIndication: 'NOT_YET_VALID',
    });
  });

  it('does not rescue the shared expired signer with a POE at which its issuing CA was not yet valid', () => {
    const expired = f.cert('expired');
    expect(validate('expired').verdict).toMatchObject({ subIndication: 'OUT_OF_BOUNDS_NO_POE' });
    const poe = new Date(expired.notAfter.getTime() - 10 * DAY);
    if (poe.getTime() < f.intermediate.notBefore.getTime()) {
      expect(validate('expired', { poe }).verdict).toMatchObject({
        subIndication: 'CHAIN_CONSTRAINTS_FAILURE',
      });
    } else {
      expect(validate('expired', { poe }).verdict.indication).toBe('TOTAL_PASSED');
    }
  });

  it('fails a signer that is not yet valid with NOT_YET_VALID', () => {
    expect(validate('notYetValid').verdict).toMatchObject({
      indication: 'TOTAL_FAILED',
      subIndication: 'NOT_YET_VALID',
    });
  });

  it('gives CHAIN_CONSTRAINTS_FAILURE for a signer whose key usage forbids signing', () => {
    expect(validate('wrongKeyUsage').verdict).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'CHAIN_CONSTRAINTS_FAILURE',
    });
  });

  it('gives CHAIN_CONSTRAINTS_FAILURE when an end-entity certificate acts as a CA', async () => {
    const leafKey = f.file('rsa2048.key.pem', f.pki.ids.rsa2048.keyPem);
    const sub = await opensslIssue(f, {
      name: 'sub-of-leaf',
      keyAlg: 'ed25519',
      subject: '/CN=Issued By A Leaf',
      ext: ['keyUsage=critical,digitalSignature'],
    });
    // re-issue the same request under the rsa2048 leaf instead of the CA
    const csr = `${f.dir}/sub-of-leaf.csr`;
    const out = `${f.dir}/sub-by-leaf.pem`;
    await f.openssl([
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      f.pki.ids.rsa2048.certPath,
      '-CAkey',
      leafKey,
      '-set_serial',
      '7',
      '-days',
      '5',
      '-extfile',
      `${f.dir}/sub-of-leaf.ext`,
      '-out',
      out,
    ]);
    const byLeaf = ParsedCertificate.fromDer(pemBlocks(readFileSync(out, 'utf8'))[0]!.der);
    expect(sub.cert.issuer).not.toBe(byLeaf.issuer);
    const r = validate(byLeaf, { candidates: [f.cert('rsa2048'), f.intermediate] });
    expect(r.verdict).toMatchObject({ subIndication: 'CHAIN_CONSTRAINTS_FAILURE' });
    expect(r.verdict.indication === 'INDETERMINATE' && r.verdict.reason).toMatch(/not a CA/);
  });

  it('rejects a certificate with an unknown critical extension', async () => {
    const c = await opensslIssue(f, {
      name: 'crit',
      keyAlg: 'ed25519',
      subject: '/CN=Unknown Critical',
      ext: ['keyUsage=critical,digitalSignature', '1.3.6.1.4.1.55555.1=critical,ASN1:NULL'],
    });
    expect(validate(c.cert).verdict).toMatchObject({ subIndication: 'CHAIN_CONSTRAINTS_FAILURE' });
  });

  it('requires a critical timeStamping-only EKU for TSA certificates', async () => {
    expect(validate('tsa', { usage: 'timestamping' }).verdict.indication).toBe('TOTAL_PASSED');
    expect(validate('rsa2048', { usage: 'timestamping' }).verdict).toMatchObject({
      subIndication: 'CHAIN_CONSTRAINTS_FAILURE',
    });
    const soft = await opensslIssue(f, {
      name: 'tsa-soft',
      keyAlg: 'ed25519',
      subject: '/CN=TSA With Non-Critical EKU',
      ext: ['keyUsage=critical,digitalSignature', 'extendedKeyUsage=timeStamping'],
    });
    expect(validate(soft.cert, { usage: 'timestamping' }).verdict).toMatchObject({
      subIndication: 'CHAIN_CONSTRAINTS_FAILURE',
    });
  });

  it('fails a chain whose certificate signature was tampered with', () => {
    const der = f.cert('rsa2048').der.slice();
    der[der.length - 5] = der[der.length - 5]! ^ 0x01;
    const r = validate(ParsedCertificate.fromDer(der));
    expect(r.verdict).toMatchObject({ subIndication: 'CERTIFICATE_CHAIN_GENERAL_FAILURE' });
  });
});
