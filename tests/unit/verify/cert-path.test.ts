import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { validateCertificatePath, type PathValidationInput } from '../../../main/verify/cert-path';
import { ParsedCertificate } from '../../../main/verify/parsed-certificate';
import { pemBlocks } from '../../../main/verify/der';
import * as x509 from '@peculiar/x509';
import {
  inhibitAnyPolicy,
  node,
  policies,
  policyConstraints,
  policyMappings,
} from './chain-fixtures';
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

describe('path building (RFC 4158) with several candidates of one name', () => {
  it('trusts the chain under the one of several same-named anchors whose key signed it', async () => {
    const roots = await Promise.all([1, 2, 3].map(() => node({ subject: 'CN=Same Root' })));
    const ca = await node({ subject: 'CN=Issuing CA', issuer: roots[1]! });
    const leaf = await node({ subject: 'CN=Signer', issuer: ca, ca: false });
    // the right root is offered last, and the document carries a wrong one too
    const r = validate(leaf.cert, {
      candidates: [ca.cert, roots[2]!.cert],
      trustAnchors: [roots[0]!.cert, roots[2]!.cert, roots[1]!.cert],
    });
    expect(r.verdict.indication, JSON.stringify(r.verdict)).toBe('TOTAL_PASSED');
    expect(r.anchor?.fingerprint).toBe(roots[1]!.cert.fingerprint);
  });

  it('reports the expiry of the chain that verifies, not the broken link to a same-named anchor', async () => {
    const now = Date.now();
    const [wrong, right] = await Promise.all([1, 2].map(() => node({ subject: 'CN=Same Root' })));
    const leaf = await node({
      subject: 'CN=Expired Signer',
      issuer: right!,
      ca: false,
      notBefore: new Date(now - 400 * DAY),
      notAfter: new Date(now - 10 * DAY),
    });
    const r = validate(leaf.cert, { candidates: [], trustAnchors: [wrong!.cert, right!.cert] });
    expect(r.verdict).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'OUT_OF_BOUNDS_NO_POE',
    });
    expect(r.anchor?.fingerprint).toBe(right!.cert.fingerprint);
  });

  it('reports a broken link when no candidate key verifies the certificate', async () => {
    const [signerRoot, trusted] = await Promise.all(
      [1, 2].map(() => node({ subject: 'CN=Same Root' })),
    );
    const leaf = await node({ subject: 'CN=Signer', issuer: signerRoot!, ca: false });
    const r = validate(leaf.cert, { candidates: [], trustAnchors: [trusted!.cert] });
    expect(r.verdict).toMatchObject({ subIndication: 'CERTIFICATE_CHAIN_GENERAL_FAILURE' });
  });

  it('does not loop between two CAs that certify each other', async () => {
    const a0 = await node({ subject: 'CN=CA A' });
    const b = await node({ subject: 'CN=CA B', issuer: a0 });
    const a = await node({ subject: 'CN=CA A', issuer: b, keys: a0.keys });
    const leaf = await node({ subject: 'CN=Signer', issuer: a, ca: false });
    const other = await node({ subject: 'CN=Unrelated Root' });
    const r = validate(leaf.cert, { candidates: [a.cert, b.cert], trustAnchors: [other.cert] });
    expect(r.verdict).toMatchObject({ subIndication: 'NO_CERTIFICATE_CHAIN_FOUND' });
    // with B trusted the cross-certified path is found
    const t = validate(leaf.cert, { candidates: [a.cert, b.cert], trustAnchors: [b.cert] });
    expect(t.verdict.indication).toBe('TOTAL_PASSED');
    expect(t.chain.map((c) => c.subject)).toEqual(['CN=Signer', 'CN=CA A', 'CN=CA B']);
  });

  it('stays bounded among hundreds of certificates that carry the issuer name', async () => {
    const crowd = await Promise.all(
      Array.from({ length: 300 }, () => node({ subject: 'CN=Crowd' })),
    );
    const leaf = await node({ subject: 'CN=Signer', issuer: crowd[0]!, ca: false });
    const other = await node({ subject: 'CN=Unrelated Root' });
    const started = performance.now();
    const r = validate(leaf.cert, {
      candidates: crowd.slice(1).map((c) => c.cert),
      trustAnchors: [other.cert],
    });
    expect(r.verdict).toMatchObject({ subIndication: 'NO_CERTIFICATE_CHAIN_FOUND' });
    const ms = performance.now() - started;
    expect(ms).toBeLessThan(3000);
  }, 30_000);
});

describe('certificate policies (RFC 5280 §6.1 with any-policy as the initial set)', () => {
  const P = '1.3.6.1.4.1.55555.7.1';
  const Q = '1.3.6.1.4.1.55555.7.2';
  const ANY = '2.5.29.32.0';
  const chainWith = async (
    caExt: Parameters<typeof node>[0]['extensions'],
    leafPolicies?: string[],
  ) => {
    const root = await node({ subject: 'CN=Policy Root' });
    const ca = await node({ subject: 'CN=Policy CA', issuer: root, extensions: caExt ?? [] });
    const leaf = await node({
      subject: 'CN=Policy Signer',
      issuer: ca,
      ca: false,
      extensions: leafPolicies ? [policies(leafPolicies)] : [],
    });
    return validate(leaf.cert, { candidates: [ca.cert], trustAnchors: [root.cert] }).verdict;
  };

  it('accepts a critical requireExplicitPolicy when the policy reaches the signer through a mapping', async () => {
    const v = await chainWith(
      [
        policies([P], true),
        policyMappings([[P, Q]]),
        policyConstraints({ requireExplicitPolicy: 0 }),
      ],
      [Q],
    );
    expect(v.indication, JSON.stringify(v)).toBe('TOTAL_PASSED');
  });

  it('fails a path whose CA requires an explicit policy that the signer does not carry', async () => {
    const caExt = [policies([P], true), policyConstraints({ requireExplicitPolicy: 0 })];
    for (const leafPolicies of [undefined, [Q]]) {
      const v = await chainWith(caExt, leafPolicies);
      expect(v).toMatchObject({
        indication: 'INDETERMINATE',
        subIndication: 'CHAIN_CONSTRAINTS_FAILURE',
      });
      expect(v.indication !== 'TOTAL_PASSED' && v.reason).toMatch(/explicit certificate policy/);
    }
  });

  it('stops mapping below a CA whose inhibitPolicyMapping is 0', async () => {
    const root = await node({ subject: 'CN=Policy Root' });
    const path = async (inhibit: boolean) => {
      const upper = await node({
        subject: 'CN=Upper CA',
        issuer: root,
        extensions: [
          policies([P]),
          policyConstraints({
            requireExplicitPolicy: 0,
            ...(inhibit ? { inhibitPolicyMapping: 0 } : {}),
          }),
        ],
      });
      const lower = await node({
        subject: 'CN=Lower CA',
        issuer: upper,
        extensions: [policies([P]), policyMappings([[P, Q]])],
      });
      const leaf = await node({
        subject: 'CN=Policy Signer',
        issuer: lower,
        ca: false,
        extensions: [policies([Q])],
      });
      return validate(leaf.cert, {
        candidates: [upper.cert, lower.cert],
        trustAnchors: [root.cert],
      }).verdict;
    };
    expect((await path(false)).indication).toBe('TOTAL_PASSED');
    expect(await path(true)).toMatchObject({ subIndication: 'CHAIN_CONSTRAINTS_FAILURE' });
  });

  it('honours a critical inhibitAnyPolicy: anyPolicy in the signer no longer satisfies a required policy', async () => {
    const required = policyConstraints({ requireExplicitPolicy: 0 });
    expect((await chainWith([policies([P]), required], [ANY])).indication).toBe('TOTAL_PASSED');
    const inhibited = [policies([P]), required, inhibitAnyPolicy(0)];
    expect(await chainWith(inhibited, [ANY])).toMatchObject({
      subIndication: 'CHAIN_CONSTRAINTS_FAILURE',
    });
    expect((await chainWith(inhibited, [P])).indication).toBe('TOTAL_PASSED');
  });

  it('passes policy extensions that require nothing, and keeps rejecting a critical nameConstraints', async () => {
    expect((await chainWith([policyConstraints({ inhibitPolicyMapping: 1 })])).indication).toBe(
      'TOTAL_PASSED',
    );
    const nc = new x509.Extension('2.5.29.30', true, new Uint8Array([0x30, 0x00]));
    expect(await chainWith([nc])).toMatchObject({ subIndication: 'CHAIN_CONSTRAINTS_FAILURE' });
  });
});
