/**
 * Shared steps of the long-term validation tests: signing at a level with a test identity,
 * verifying with our verifier against the test root, and the run-wide TSA options.
 */
import { writeFileSync } from 'node:fs';
import { expect } from 'vitest';
import { join } from 'node:path';
import type { TsaOptions } from '../../../main/cms/tsa-client';
import { signAtLevel, type SignAtLevelOptions } from '../../../main/ltv/sign-at-level';
import { Pkcs12Signer } from '../../../main/sign/pkcs12-signer';
import { ParsedCertificate } from '../../../main/verify/parsed-certificate';
import type { DocumentVerification } from '../../../main/verify/verdict-model';
import { verifyDocument } from '../../../main/verify/verify-document';
import { makeClassicPdf } from '../../fixtures/pdfs/classic-pdf';
import { mutoolVerify, pdfsig, qpdfCheck } from '../../support/external-tools';
import { testPki } from '../../support/pki';
import { trustingNssDb } from '../sign/sign-helpers';
import { testServicesUrl } from '../../support/test-services';

export const runWideTsa = (): TsaOptions => ({ tsas: [`${testServicesUrl()}/tsa`] });

export async function signFixture(
  dir: string,
  name: string,
  p12: { p12Path: string; p12Passphrase: string },
  options: Partial<Omit<SignAtLevelOptions, 'input' | 'output' | 'signer'>>,
) {
  const input = join(dir, `${name}.pdf`);
  writeFileSync(input, makeClassicPdf({ pages: 2 }));
  const signer = await Pkcs12Signer.fromFile(p12.p12Path, p12.p12Passphrase);
  return signAtLevel({ ...options, input, output: join(dir, `${name}.signed.pdf`), signer });
}

export function verifyWithTestRoot(file: string, at?: Date): Promise<DocumentVerification> {
  const root = ParsedCertificate.fromDer(new Uint8Array(testPki().rootDer), 'test root');
  return verifyDocument(file, { trustAnchors: [root], ...(at ? { at } : {}) });
}

/**
 * A signed file with a document timestamp as its last update: pdfsig says the signature is
 * valid and trusted and lists the timestamp (poppler 22 and MuPDF 1.21 cannot validate
 * ETSI.RFC3161 themselves: pdfsig prints "Unimplemented Feature", mutool "not signed"), mutool
 * finds the signature's digest intact, qpdf finds the structure sound.
 */
export async function expectLtaIntact(file: string, signatures = 1): Promise<void> {
  const ps = await pdfsig(file, { nssDir: await trustingNssDb() });
  const sigs = ps.signatures.slice(0, signatures);
  for (const s of sigs) {
    expect(s.signatureValid, ps.raw).toBe(true);
    expect(s.certificateTrusted, ps.raw).toBe(true);
  }
  const ts = ps.signatures.at(-1)!;
  expect(ts.fieldName, ps.raw).toMatch(/^DocTimeStamp\d+$/);
  expect(ts.signerName, ps.raw).toBe('Sealdesk Test TSA');
  expect(ts.totalDocumentSigned, ps.raw).toBe(true);
  const mu = await mutoolVerify(file);
  for (const s of mu.signatures.slice(0, signatures)) expect(s.digestOk, mu.raw).toBe(true);
  const q = await qpdfCheck(file);
  expect(q.ok, q.raw).toBe(true);
}
