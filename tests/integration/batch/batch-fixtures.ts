/**
 * Shared set-up of the batch tests: a folder of small contracts (one may be corrupt), and a
 * SoftHSM2 token holding the test-PKI RSA-2048 key under label "seal", id 01.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { garbagePdf } from '../../fixtures/pdfs/broken-pdfs';
import { makeClassicPdf } from '../../fixtures/pdfs/classic-pdf';
import { testPki } from '../../support/pki';
import type { SoftHsm } from '../../support/softhsm';
import { workspace } from '../sign/sign-helpers';

export interface BatchFolder {
  readonly dir: string;
  readonly inDir: string;
  readonly outDir: string;
  readonly files: string[];
}

/** `count` contracts named contract-1.pdf ...; `corrupt` lists 1-based numbers made garbage. */
export function contractFolder(count: number, corrupt: readonly number[] = []): BatchFolder {
  const dir = workspace();
  const inDir = join(dir, 'in');
  mkdirSync(inDir);
  const files: string[] = [];
  for (let i = 1; i <= count; i++) {
    const file = join(inDir, `contract-${i}.pdf`);
    writeFileSync(
      file,
      corrupt.includes(i)
        ? garbagePdf(4096, i)
        : makeClassicPdf({ pages: 1 + (i % 3), text: `Contract ${i}` }),
    );
    files.push(file);
  }
  return { dir, inDir, outDir: join(dir, 'out'), files };
}

export function tokenWithRsaKey(hsm: SoftHsm, label: string): void {
  hsm.initToken(label);
  hsm.importIdentity({
    tokenLabel: label,
    keyPem: testPki().ids.rsa2048.keyPem,
    certDer: testPki().ids.rsa2048.certDer,
    label: 'seal',
    idHex: '01',
  });
  chainOnToken(hsm, label);
}

/** The issuing CA's certificate on the token, so the signer sends the whole chain. */
export function chainOnToken(hsm: SoftHsm, label: string): void {
  const pem = testPki().intermediatePem;
  hsm.importCertificate({
    tokenLabel: label,
    certDer: Buffer.from(pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64'),
    label: 'issuing CA',
    idHex: 'ca',
  });
}
