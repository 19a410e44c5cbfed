/**
 * judgeSignature's time rule (ETSI EN 319 102-1 §5.3.4, §5.5.4, §5.6.2.4): a claimed signing
 * time (CMS signing-time, /M) proves nothing, a POE bounds the signing time from above only.
 * The signatures are real `openssl cms -sign -cades` signatures (signing-time = now) by a
 * signer whose certificate expired ten days ago, made in code under a root of its own.
 */
import { createHash, webcrypto } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAlgorithmPolicy } from '../../../main/verify/algorithm-policy';
import { emptyPool } from '../../../main/verify/verify-dss';
import { judgeSignature, planSignature } from '../../../main/verify/verify-signature';
import { node, type Node } from './chain-fixtures';
import { fixtures, opensslCms, type Fixtures } from './verify-fixtures';

const DAY = 86_400_000;
const content = new TextEncoder().encode('the ByteRange of a contract');
let f: Fixtures;
let root: Node;
let signer: Node;
let cms: Uint8Array;

const pem = (label: string, der: ArrayBuffer | Uint8Array) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der as ArrayBuffer)
    .toString('base64')
    .replace(/.{64}/g, '$&\n')}\n-----END ${label}-----\n`;

beforeAll(async () => {
  f = fixtures();
  const now = Date.now();
  root = await node({ subject: 'CN=Time Rule Root', notBefore: new Date(now - 1000 * DAY) });
  signer = await node({
    subject: 'CN=Time Rule Signer',
    issuer: root,
    ca: false,
    notBefore: new Date(now - 400 * DAY),
    notAfter: new Date(now - 10 * DAY),
  });
  const certPath = f.file('time-rule.cert.pem', pem('CERTIFICATE', signer.cert.der));
  const keyPath = f.file(
    'time-rule.key.pem',
    pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', signer.keys.privateKey)),
  );
  cms = await opensslCms(f, 'rsa2048', content, { certPath, keyPath, extra: ['-cades'] });
});

function judge(laterPoe: Date | undefined, claimedTime: Date | undefined) {
  const plan = planSignature('signature', 'ETSI.CAdES.detached', cms);
  if (!plan.ok) throw new Error(JSON.stringify(plan.verdict));
  const digest = createHash('sha256').update(content).digest();
  return judgeSignature(
    plan,
    digest,
    {
      trustAnchors: [root.cert],
      validationTime: new Date(),
      policy: loadAlgorithmPolicy(),
      dss: emptyPool(),
      dssPresent: false,
    },
    laterPoe,
    claimedTime,
  );
}

describe('judgeSignature: a claimed time proves nothing', () => {
  it('says OUT_OF_BOUNDS_NO_POE, not EXPIRED, for an expired signer that claims it signed after the expiry', () => {
    const j = judge(undefined, new Date());
    expect(j.claimedTime!.getTime()).toBeGreaterThan(signer.cert.notAfter.getTime());
    expect(j.verdict).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'OUT_OF_BOUNDS_NO_POE',
    });
  });

  it('passes it with a proof of existence inside the validity, and notes the claim outside it', () => {
    const j = judge(new Date(Date.now() - 20 * DAY), new Date());
    expect(j.verdict.indication, JSON.stringify(j.verdict)).toBe('TOTAL_PASSED');
    expect(j.verdict.notes.join(' ')).toMatch(
      /claims it signed at .* a claimed time proves nothing/,
    );
  });

  it('stays OUT_OF_BOUNDS_NO_POE with a proof of existence after the expiry', () => {
    expect(judge(new Date(Date.now() - 5 * DAY), new Date()).verdict).toMatchObject({
      indication: 'INDETERMINATE',
      subIndication: 'OUT_OF_BOUNDS_NO_POE',
    });
  });
});
