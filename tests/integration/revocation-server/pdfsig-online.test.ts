// The run-wide services started by tests/support/global-setup.ts, seen from a test worker:
// pdfsig checks OCSP online at the URL in each test certificate's AIA, so with the services up
// it trusts signatures made by Sealdesk's own signer (without them it says "Unknown issue with
// Certificate or corrupted data.").
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signPdf } from '../../../main/sign/pades-signer';
import { Pkcs12Signer } from '../../../main/sign/pkcs12-signer';
import { makeClassicPdf } from '../../fixtures/pdfs/classic-pdf';
import { testPkiBaseUrl } from '../../fixtures/pki/make-pki';
import { pdfsig } from '../../support/external-tools';
import { makeNssDb } from '../../support/nss-db';
import { testPki } from '../../support/pki';
import { IDENTITY_PATH, IDENTITY_SERVICE } from '../../support/revocation-server';
import { testServicesUrl } from '../../support/test-services';

/** OCSP requests the run-wide services have answered so far (they run in another process). */
async function ocspRequestsServed(): Promise<number> {
  const res = await fetch(`${testServicesUrl()}${IDENTITY_PATH}`);
  return ((await res.json()) as { requests: { ocsp: number } }).requests.ocsp;
}

describe('run-wide loopback services', () => {
  it('are announced to test workers at the port the test PKI names in its certificates', async () => {
    const url = testServicesUrl();
    expect(url).toBe(testPkiBaseUrl());
    const res = await fetch(`${url}${IDENTITY_PATH}`);
    const body = (await res.json()) as { service: string; pid: number };
    expect(body.service).toBe(IDENTITY_SERVICE);
    // Started once by vitest's main process, not by this worker.
    expect(body.pid).not.toBe(process.pid);
  });

  it.each(['rsa2048', 'ecP256'] as const)(
    'make pdfsig report "Certificate is Trusted." for a PDF signed with the %s identity',
    async (name) => {
      const dir = mkdtempSync(join(tmpdir(), 'sealdesk-pdfsig-online-'));
      const input = join(dir, 'in.pdf');
      const output = join(dir, 'signed.pdf');
      writeFileSync(input, makeClassicPdf({ pages: 1 }));
      const id = testPki().ids[name];
      const signer = await Pkcs12Signer.fromFile(id.p12Path, id.p12Passphrase);
      await signPdf({ input, output, signer });

      const nssDir = await makeNssDb([testPki().rootPath], dir);
      const ocspBefore = await ocspRequestsServed();
      const ps = await pdfsig(output, { nssDir });
      expect(ps.signatures, ps.raw).toHaveLength(1);
      expect(ps.signatures[0]!.signatureStatus, ps.raw).toBe('Signature is Valid.');
      expect(ps.signatures[0]!.certificateStatus, ps.raw).toBe('Certificate is Trusted.');
      // pdfsig really asked the responder (it was not answered from a cache or skipped).
      expect(await ocspRequestsServed()).toBeGreaterThan(ocspBefore);
      rmSync(dir, { recursive: true, force: true });
    },
  );
});
