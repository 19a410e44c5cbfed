/**
 * The RFC 3161 client against the loopback TSA (openssl ts -reply, tests/support/README.md).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestTimestamp, timestampSignatureValue } from '../../../main/cms/tsa-client';
import { isSealdeskError } from '../../../main/errors/sealdesk-error';
import { ParsedCertificate } from '../../../main/verify/parsed-certificate';
import { verifyTimestampToken } from '../../../main/verify/timestamp';
import { testPki } from '../../support/pki';
import { startRevocationServer, type RevocationServer } from '../../support/revocation-server';
import { testServicesUrl } from '../../support/test-services';

const digestOf = (s: string): Uint8Array => new Uint8Array(createHash('sha256').update(s).digest());

function anchors() {
  const pki = testPki();
  return {
    trustAnchors: [ParsedCertificate.fromDer(new Uint8Array(pki.rootDer), 'root')],
  };
}

describe('TSA client', () => {
  let privateServer: RevocationServer;
  beforeAll(async () => {
    privateServer = await startRevocationServer({ port: 0 });
  });
  afterAll(async () => {
    await privateServer.close();
  });

  it('gets a token from the test TSA that verifyTimestampToken accepts', async () => {
    const digest = digestOf('contract v1');
    const r = await requestTimestamp(digest, { tsas: [`${testServicesUrl()}/tsa`] });
    expect(r.attempts).toEqual([]);
    expect(Math.abs(r.genTime.getTime() - Date.now())).toBeLessThan(5 * 60_000);
    expect(r.policy).toBe('1.3.6.1.4.1.58888.1.1');
    const v = verifyTimestampToken({
      token: r.token,
      stamped: { hash: 'sha256', digest },
      ...anchors(),
      validationTime: new Date(),
    });
    expect(v.imprint).toBe('matches');
    expect(v.verdict.indication, JSON.stringify(v.verdict)).toBe('TOTAL_PASSED');
    expect(v.proofOfExistence?.getTime()).toBe(r.genTime.getTime());
  });

  it('stamps a signature value for B-T as an id-aa-signatureTimeStampToken attribute', async () => {
    const signatureValue = new Uint8Array(256).fill(7);
    const r = await timestampSignatureValue(signatureValue, {
      tsas: [`${testServicesUrl()}/tsa`],
      hash: 'sha384',
    });
    expect(r.attribute.type).toBe('1.2.840.113549.1.9.16.2.14');
    expect(r.attribute.values).toEqual([r.token]);
    const v = verifyTimestampToken({
      token: r.token,
      stamped: { bytes: signatureValue },
      ...anchors(),
      validationTime: new Date(),
    });
    expect(v.verdict.indication, JSON.stringify(v.verdict)).toBe('TOTAL_PASSED');
  });

  it('fails over from a TSA that is down to the next one and records why', async () => {
    privateServer.setTsaMode('down');
    try {
      const r = await requestTimestamp(digestOf('x'), {
        tsas: [`${privateServer.url}/tsa`, `${testServicesUrl()}/tsa`],
        timeoutMs: 5000,
      });
      expect(r.url).toBe(`${testServicesUrl()}/tsa`);
      expect(r.attempts).toHaveLength(1);
      expect(r.attempts[0]).toMatchObject({
        url: `${privateServer.url}/tsa`,
        outcome: 'unreachable',
      });
    } finally {
      privateServer.setTsaMode('good');
    }
  });

  it('says TSA_UNREACHABLE with every URL and reason when no TSA answers', async () => {
    privateServer.setTsaMode('down');
    try {
      const err = await requestTimestamp(digestOf('x'), {
        tsas: [`${privateServer.url}/tsa`, 'http://127.0.0.1:1/tsa'],
        timeoutMs: 5000,
      }).catch((e: unknown) => e);
      expect(isSealdeskError(err, 'TSA_UNREACHABLE')).toBe(true);
      const msg = (err as Error).message;
      expect(msg).toContain(`${privateServer.url}/tsa`);
      expect(msg).toContain('http://127.0.0.1:1/tsa');
      expect(msg.match(/connection failed|closed without an answer/g)?.length).toBe(2);
    } finally {
      privateServer.setTsaMode('good');
    }
  });

  it('is refused without basic credentials (401) and answered with them', async () => {
    privateServer.setTsaAuth({ user: 'clerk', password: 'test-only-secret' });
    try {
      const url = `${privateServer.url}/tsa`;
      const err = await requestTimestamp(digestOf('y'), { tsas: [url] }).catch((e: unknown) => e);
      expect(isSealdeskError(err, 'TSA_UNAUTHORISED')).toBe(true);
      expect((err as Error).message).toContain('401');
      const wrong = await requestTimestamp(digestOf('y'), {
        tsas: [{ url, credentials: { user: 'clerk', password: 'nope' } }],
      }).catch((e: unknown) => e);
      expect(isSealdeskError(wrong, 'TSA_UNAUTHORISED')).toBe(true);
      expect((wrong as Error).message).not.toContain('nope');
      const r = await requestTimestamp(digestOf('y'), {
        tsas: [{ url, credentials: { user: 'clerk', password: 'test-only-secret' } }],
      });
      expect(r.token.length).toBeGreaterThan(500);
    } finally {
      privateServer.setTsaAuth(undefined);
    }
  });

  it('rejects a reply whose nonce is not the one sent', async () => {
    const url = `${testServicesUrl()}/tsa`;
    // A transport that replays the answer to an earlier request (another nonce).
    let saved: Uint8Array | undefined;
    const recorder = await requestTimestamp(digestOf('z'), {
      tsas: [url],
      transport: async (req) => {
        const res = await fetch(req.url, {
          method: 'POST',
          headers: req.headers ?? {},
          ...(req.body ? { body: req.body } : {}),
        });
        const body = new Uint8Array(await res.arrayBuffer());
        saved = body;
        return { status: res.status, contentType: 'application/timestamp-reply', body };
      },
    });
    expect(recorder.token.length).toBeGreaterThan(0);
    const err = await requestTimestamp(digestOf('z'), {
      tsas: [url],
      transport: () =>
        Promise.resolve({ status: 200, contentType: 'application/timestamp-reply', body: saved! }),
    }).catch((e: unknown) => e);
    expect(isSealdeskError(err, 'TSA_BAD_RESPONSE')).toBe(true);
    expect((err as Error).message).toContain('nonce');
  });

  it('says TSA_REJECTED with the status and failInfo in words', async () => {
    // TimeStampResp { PKIStatusInfo { rejection(2), failInfo badAlg } } (RFC 3161 §2.4.2).
    const body = Uint8Array.from([
      0x30, 0x09, 0x30, 0x07, 0x02, 0x01, 0x02, 0x03, 0x02, 0x07, 0x80,
    ]);
    const err = await requestTimestamp(digestOf('w'), {
      tsas: ['http://tsa.invalid/'],
      transport: () =>
        Promise.resolve({ status: 200, contentType: 'application/timestamp-reply', body }),
    }).catch((e: unknown) => e);
    expect(isSealdeskError(err, 'TSA_REJECTED')).toBe(true);
    expect((err as Error).message).toContain('rejection');
    expect((err as Error).message).toContain('badAlg');
  });
});
