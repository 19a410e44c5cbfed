import { describe, expect, it } from 'vitest';
import { ParsedCertificate } from '../../../main/verify/parsed-certificate';
import { verifyDocument } from '../../../main/verify/verify-document';
import { makeClassicPdf } from '../../fixtures/pdfs/classic-pdf';
import { testPki } from '../../support/pki';
import { signBytes, workspace } from '../sign/sign-helpers';

const root = () => ParsedCertificate.fromDer(new Uint8Array(testPki().rootDer), 'test root');

describe('verification online (--online)', () => {
  it('checks revocation with the OCSP responder named in the certificate, only when asked', async () => {
    const dir = workspace();
    const { output } = await signBytes(
      dir,
      'online',
      makeClassicPdf({ pages: 1 }),
      testPki().ids.rsa2048,
    );

    const offline = await verifyDocument(output, { trustAnchors: [root()] });
    const off = offline.signatures[0]!;
    expect(off.indication).toBe('TOTAL_PASSED');
    expect(off.revocation.every((r) => r.evidence.every((e) => e.origin !== 'online'))).toBe(true);

    const online = await verifyDocument(output, { trustAnchors: [root()], online: true });
    const on = online.signatures[0]!;
    expect(on.indication, JSON.stringify(on)).toBe('TOTAL_PASSED');
    const leaf = on.revocation[0]!;
    expect(leaf.status).toBe('good');
    expect(leaf.evidence.some((e) => e.origin === 'online')).toBe(true);
  });

  it('still answers, with a note, when the revocation sources do not answer', async () => {
    const dir = workspace();
    const { output } = await signBytes(
      dir,
      'down',
      makeClassicPdf({ pages: 1 }),
      testPki().ids.ecP256,
    );
    const v = await verifyDocument(output, {
      trustAnchors: [root()],
      online: true,
      fetchRevocation: () => Promise.reject(new Error('network is unreachable')),
    });
    expect(v.signatures[0]!.indication).toBe('TOTAL_PASSED');
  });
});
