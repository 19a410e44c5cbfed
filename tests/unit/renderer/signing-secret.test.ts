/**
 * The PIN never enters renderer state: after a run (and after a failed run) through the
 * signing flow, no store holds the secret; the api saw it exactly once per attempt.
 */
import { describe, expect, it } from 'vitest';
import type { Input, SignIntent, SignResult } from '../../../preload/contract';
import { useDocumentsStore } from '../../../renderer/src/features/documents/documents-store';
import {
  prepareIntent,
  runWithSecret,
  type SignFlowApi,
} from '../../../renderer/src/features/signing/sign-flow';
import { useSigningStore } from '../../../renderer/src/features/signing/signing-store';
import { useVerificationStore } from '../../../renderer/src/features/verification/verification-store';
import { useLangStore } from '../../../renderer/src/i18n/i18n';

const PIN = '4711-secret-pin';

const intent: SignIntent = {
  intentId: 'intent-0123456789abcdef',
  documents: [
    {
      file: '/tmp/a.pdf',
      name: 'a.pdf',
      output: '/tmp/a.signed.pdf',
      sha256: 'ab'.repeat(32),
      size: 10,
      pageCount: 1,
      problem: null,
    },
  ],
  placements: [{ page: 1, xMm: 100, yMm: 200, sizeMm: 40 }],
  seal: null,
  pagingSeal: null,
  dateStamp: null,
  certificate: {
    subject: 'CN=Test',
    issuer: 'CN=CA',
    serialHex: '01',
    notBefore: '2026-01-01T00:00:00Z',
    notAfter: '2030-01-01T00:00:00Z',
    fingerprintSha256: 'cd'.repeat(32),
    isCa: false,
  },
  identity: { kind: 'pkcs11', label: 'Token / key' },
  level: 'B-B',
  reason: null,
  pin: {
    loginRequired: true,
    protectedAuthenticationPath: false,
    countLow: false,
    finalTry: false,
    locked: false,
  },
  secretKind: 'pin',
  expiresAt: '2030-01-01T00:00:00Z',
};

function fakeApi(failFirst: boolean) {
  const secrets: (string | undefined)[] = [];
  const opened: string[] = [];
  let calls = 0;
  const api: SignFlowApi = {
    prepare: (_input: Input<'sign.prepare'>) => Promise.resolve(intent),
    run: (intentId, secret): Promise<SignResult> => {
      secrets.push(secret);
      if (failFirst && calls++ === 0) return Promise.reject(new Error('The PIN is wrong.'));
      return Promise.resolve({
        intentId,
        documents: [
          {
            file: '/tmp/a.pdf',
            output: '/tmp/a.signed.pdf',
            status: 'signed',
            message: null,
            level: 'B-B',
            pending: null,
          },
        ],
        warnings: [],
        cancelled: false,
      });
    },
    discard: () => Promise.resolve({}),
    openSigned: (p) => {
      opened.push(p);
      return Promise.resolve();
    },
  };
  return { api, secrets, opened };
}

/** Every store's state, serialised (functions dropped): what a crash report could capture. */
const allState = () =>
  JSON.stringify([
    useSigningStore.getState(),
    useDocumentsStore.getState(),
    useVerificationStore.getState(),
    useLangStore.getState(),
  ]);

describe('the signing flow and the secret', () => {
  it('passes the PIN to sign.run once and leaves it in no store after a run', async () => {
    const { api, secrets, opened } = fakeApi(false);
    await prepareIntent(api, {
      documents: [{ docId: 'doc-0000000000000001' }],
      identity: { kind: 'p12', path: '/x.p12' },
      placements: [],
      level: 'B-B',
    });
    expect(useSigningStore.getState().step).toBe('confirm');
    const result = await runWithSecret(api, intent.intentId, PIN, false);
    expect(result.documents[0]?.status).toBe('signed');
    expect(secrets).toEqual([PIN]);
    expect(opened).toEqual(['/tmp/a.signed.pdf']);
    expect(useSigningStore.getState().step).toBe('done');
    expect(allState()).not.toContain(PIN);
  });

  it('returns to the secret step on a wrong PIN and keeps the PIN nowhere', async () => {
    const { api, secrets } = fakeApi(true);
    await prepareIntent(api, {
      documents: [{ docId: 'doc-0000000000000001' }],
      identity: { kind: 'p12', path: '/x.p12' },
      placements: [],
      level: 'B-B',
    });
    useSigningStore.getState().setStep('secret');
    await expect(runWithSecret(api, intent.intentId, PIN, false)).rejects.toThrow(/PIN is wrong/);
    expect(useSigningStore.getState().step).toBe('secret');
    expect(useSigningStore.getState().result).toBeUndefined();
    expect(allState()).not.toContain(PIN);
    await runWithSecret(api, intent.intentId, `${PIN}-2`, false);
    expect(secrets).toEqual([PIN, `${PIN}-2`]);
    expect(allState()).not.toContain(PIN);
  });
});
