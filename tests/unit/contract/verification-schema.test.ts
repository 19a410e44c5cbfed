/**
 * What the UI contract carries of a verification (preload/contract VerificationSchema, parsed
 * by the host from main/verify's toVerificationJson): each later revision's annotations, with
 * page, kind, rectangle, change and whether it is allowed, reach the renderer unchanged.
 */
import { describe, expect, it } from 'vitest';
import { toVerificationJson, type DocumentVerification } from '../../../main/verify/verdict-model';
import { VerificationSchema } from '../../../preload/contract';

const square = {
  page: 1,
  subtype: 'Square',
  rect: [100, 500, 300, 600] as const,
  change: 'added' as const,
  allowed: true,
};

const verification = (
  annotations: DocumentVerification['signatures'][number]['modificationsAfter'][number]['annotations'],
): DocumentVerification => ({
  file: '/tmp/a.pdf',
  sha256: null,
  size: 1,
  revisions: 2,
  validationTime: '2026-01-01T00:00:00.000Z',
  policy: 'default',
  online: false,
  error: null,
  signatures: [
    {
      field: 'Signature1',
      kind: 'signature',
      indication: 'TOTAL_PASSED',
      subIndication: null,
      level: 'B-B',
      signer: 'A',
      signerSubject: 'CN=A',
      claimedTime: null,
      provenTime: null,
      coversWholeFile: false,
      revision: 0,
      subFilter: null,
      certified: null,
      modificationsAfter: [
        {
          revision: 1,
          kind: 'annotation',
          allowed: true,
          pages: [1],
          details: ['page 1: a /Square annotation was added'],
          annotations,
        },
      ],
      reason: null,
      notes: [],
      chain: [],
      timestamps: [],
      revocation: [],
      digestAlgorithm: null,
      signatureAlgorithm: null,
      messageZh: '有效',
      messageEn: 'Valid',
    },
  ],
});

describe('the verification contract', () => {
  it("carries each later revision's annotations to the renderer", () => {
    const parsed = VerificationSchema.parse(
      toVerificationJson(
        verification([
          square,
          { ...square, page: null, rect: null, change: 'removed', allowed: false },
        ]),
        'en',
      ),
    );
    expect(parsed.signatures[0]!.modificationsAfter[0]!.annotations).toEqual([
      { page: 1, subtype: 'Square', rect: [100, 500, 300, 600], change: 'added', allowed: true },
      { page: null, subtype: 'Square', rect: null, change: 'removed', allowed: false },
    ]);
  });

  it('refuses an annotation whose rectangle is not four numbers', () => {
    const json = toVerificationJson(verification([square]), 'en') as {
      signatures: { modificationsAfter: { annotations: { rect: unknown }[] }[] }[];
    };
    json.signatures[0]!.modificationsAfter[0]!.annotations[0]!.rect = [1, 2, 3];
    expect(VerificationSchema.safeParse(json).success).toBe(false);
  });
});
