/**
 * Shared steps of the signing tests: a temp workspace, signing a fixture with a test identity,
 * and the independent verdicts (pdfsig with an NSS db trusting the test root, mutool, qpdf).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { Pkcs12Signer } from '../../../main/sign/pkcs12-signer';
import { signPdf, type SignPdfOptions, type SignPdfResult } from '../../../main/sign/pades-signer';
import { mutoolVerify, pdfsig, qpdfCheck, type PdfsigResult } from '../../support/external-tools';
import { makeNssDb } from '../../support/nss-db';
import { testPki, type TestIdentity } from '../../support/pki';

export function workspace(): string {
  return mkdtempSync(join(tmpdir(), 'sealdesk-sign-'));
}

let nssDir: Promise<string> | undefined;
export function trustingNssDb(): Promise<string> {
  nssDir ??= makeNssDb([testPki().rootPath]);
  return nssDir;
}

export const sha256File = (path: string): string =>
  createHash('sha256').update(readFileSync(path)).digest('hex');

export async function signBytes(
  dir: string,
  name: string,
  pdf: Buffer,
  id: TestIdentity,
  options: Partial<Omit<SignPdfOptions, 'input' | 'output' | 'signer'>> = {},
): Promise<{ input: string; output: string; result: SignPdfResult }> {
  const input = join(dir, `${name}.pdf`);
  writeFileSync(input, pdf);
  return signFile(input, join(dir, `${name}.signed.pdf`), id, options);
}

export async function signFile(
  input: string,
  output: string,
  id: TestIdentity,
  options: Partial<Omit<SignPdfOptions, 'input' | 'output' | 'signer'>> = {},
): Promise<{ input: string; output: string; result: SignPdfResult }> {
  const before = sha256File(input);
  const signer = await Pkcs12Signer.fromFile(id.p12Path, id.p12Passphrase);
  const result = await signPdf({ ...options, input, output, signer });
  expect(sha256File(input), 'the input must never change').toBe(before);
  return { input, output, result };
}

/** pdfsig, mutool and qpdf all agree that every signature is intact (and, for pdfsig, trusted). */
export async function expectAllValid(
  file: string,
  count: number,
  opts: { password?: string; trusted?: boolean } = {},
): Promise<PdfsigResult> {
  const ps = await pdfsig(file, { nssDir: await trustingNssDb() });
  expect(ps.signatures, ps.raw).toHaveLength(count);
  for (const s of ps.signatures) {
    expect(s.signatureValid, ps.raw).toBe(true);
    if (opts.trusted !== false) expect(s.certificateTrusted, ps.raw).toBe(true);
  }
  if (!opts.password) {
    const mu = await mutoolVerify(file);
    expect(mu.signatures, mu.raw).toHaveLength(count);
    for (const s of mu.signatures) expect(s.digestOk, mu.raw).toBe(true);
  }
  const q = await qpdfCheck(file, opts.password ? { password: opts.password } : {});
  expect(q.ok, q.raw).toBe(true);
  return ps;
}

/** No temp or partial file is left beside an output that failed. */
export function expectNoLeftovers(dir: string, allowed: readonly string[]): void {
  expect(readdirSync(dir).sort()).toEqual([...allowed].sort());
}
