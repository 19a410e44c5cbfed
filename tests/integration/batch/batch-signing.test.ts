// Batch signing as a host use case (main/host/batch-signing.ts) against real files and a real
// SoftHSM2 token: one intent, one login, per-document progress, bad documents skipped, a token
// deleted mid-batch (softhsm2-util --delete-token between documents), and cancel.
import { existsSync, mkdirSync, readdirSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSealdeskError } from '../../../main/errors/sealdesk-error';
import { prepareBatch, runBatch, type BatchProgress } from '../../../main/host/batch-signing';
import { openSigner, type Pkcs11Identity, type Pkcs12Identity } from '../../../main/host/signing';
import { moduleUsers } from '../../../main/pkcs11/loaded-modules';
import { CKF_TOKEN } from '../../../main/pkcs11/token-flags';
import { makeClassicPdf } from '../../fixtures/pdfs/classic-pdf';
import { testPki } from '../../support/pki';
import { createSoftHsm, TEST_USER_PIN, type SoftHsm } from '../../support/softhsm';
import { expectAllValid, sha256File } from '../sign/sign-helpers';
import { contractFolder, tokenWithRsaKey } from './batch-fixtures';

let hsm: SoftHsm;
beforeAll(() => {
  hsm = createSoftHsm();
});
afterAll(() => hsm.cleanup());

const tokenKey = (tokenLabel: string) =>
  ({ kind: 'pkcs11', modulePath: hsm.modulePath, tokenLabel, key: { label: 'seal' } }) as const;
const tokenIdentity = (tokenLabel: string, pin = TEST_USER_PIN): Pkcs11Identity => ({
  ...tokenKey(tokenLabel),
  pin: Buffer.from(pin),
  confirmFinalTry: false,
});
const p12 = (): Pkcs12Identity => ({
  kind: 'p12',
  path: testPki().ids.ecP256.p12Path,
  passphrase: testPki().ids.ecP256.p12Passphrase,
});

describe('batch signing on a token', () => {
  it('signs every good document with one login, reports the corrupt one, and goes on', async () => {
    tokenWithRsaKey(hsm, 'Batch One');
    const folder = contractFolder(6, [3]);
    const intent = await prepareBatch({
      inputs: [folder.inDir],
      outputDir: folder.outDir,
      key: tokenKey('Batch One'),
    });
    expect(intent.documents.map((d) => d.file)).toEqual(folder.files);
    expect(intent.certificate.subject).toContain('CN=');
    for (const d of intent.documents) expect(d.sha256).toBe(sha256File(d.file));
    expect(intent.documents[0]!.pages).toBe(2);
    expect(intent.documents[2]!.problem?.code).toBe('PDF_NOT_A_PDF');
    expect(existsSync(folder.outDir), 'preparing writes nothing').toBe(false);

    let opened = 0;
    const events: BatchProgress[] = [];
    const summary = await runBatch(
      intent,
      { identity: tokenIdentity('Batch One'), onProgress: (p) => events.push(p) },
      {
        openSigner: (id) => {
          opened++;
          return openSigner(id);
        },
      },
    );
    expect(opened).toBe(1);
    expect(summary.signed.map((s) => s.file)).toEqual(folder.files.filter((_, i) => i !== 2));
    expect(summary.failed).toEqual([
      expect.objectContaining({ file: folder.files[2], code: 'PDF_NOT_A_PDF' }),
    ]);
    expect(summary.skipped).toEqual([]);
    expect(summary.cancelled).toBe(false);
    expect(events.filter((e) => e.phase === 'signed').map((e) => e.index)).toEqual([0, 1, 3, 4, 5]);
    const copy = events.find((e) => e.phase === 'copy' && e.index === 0)!;
    expect(copy.total).toBe(6);
    expect(copy.bytesDone).toBe(copy.bytesTotal);
    expect(readdirSync(folder.outDir).sort()).toEqual([
      'contract-1.pdf',
      'contract-2.pdf',
      'contract-4.pdf',
      'contract-5.pdf',
      'contract-6.pdf',
    ]);
    for (const s of summary.signed) await expectAllValid(s.output, 1);
    expect(moduleUsers(hsm.modulePath)).toBe(0);
  });

  it('stops at a token deleted between documents: completed outputs stay valid, the rest are not signed', async () => {
    tokenWithRsaKey(hsm, 'Batch Gone');
    const folder = contractFolder(5);
    const intent = await prepareBatch({
      inputs: folder.files,
      outputDir: folder.outDir,
      key: tokenKey('Batch Gone'),
    });
    const summary = await runBatch(intent, {
      identity: tokenIdentity('Batch Gone'),
      onProgress: (p) => {
        if (p.phase === 'signed' && p.index === 1) hsm.deleteToken('Batch Gone');
      },
    });
    expect(summary.signed.map((s) => s.file)).toEqual(folder.files.slice(0, 2));
    expect(summary.failed).toEqual([
      expect.objectContaining({ file: folder.files[2], code: 'PKCS11_TOKEN_REMOVED' }),
    ]);
    expect(summary.skipped.map((s) => [s.file, s.code])).toEqual(
      folder.files.slice(3).map((f) => [f, 'BATCH_NOT_SIGNED_KEY_FAILED']),
    );
    expect(summary.skipped[0]!.message).toContain('removed');
    expect(summary.stoppedBy?.code).toBe('PKCS11_TOKEN_REMOVED');
    // No partial or temp file: exactly the two completed outputs.
    expect(readdirSync(folder.outDir).sort()).toEqual(['contract-1.pdf', 'contract-2.pdf']);
    for (const s of summary.signed) await expectAllValid(s.output, 1);
    expect(moduleUsers(hsm.modulePath)).toBe(0);
  });

  it('refuses a wrong PIN before signing anything, and zeroes the PIN', async () => {
    tokenWithRsaKey(hsm, 'Batch Pin');
    const folder = contractFolder(2);
    const intent = await prepareBatch({
      inputs: folder.files,
      outputDir: folder.outDir,
      key: tokenKey('Batch Pin'),
    });
    const pin = Buffer.from('000000');
    const error = await runBatch(intent, {
      identity: { ...tokenKey('Batch Pin'), pin, confirmFinalTry: false },
    }).catch((e: unknown) => e);
    expect(isSealdeskError(error, 'PKCS11_PIN_INCORRECT')).toBe(true);
    expect(String((error as Error).message)).not.toContain('000000');
    expect(pin.every((b) => b === 0)).toBe(true);
    expect(existsSync(folder.outDir)).toBe(false);
  });

  it('asks no PIN and tries none at the final try unless confirmed, nor when locked', async () => {
    tokenWithRsaKey(hsm, 'Batch Final');
    let asked = 0;
    const identity = (confirmFinalTry: boolean): Pkcs11Identity => ({
      ...tokenKey('Batch Final'),
      confirmFinalTry,
      pin: () => {
        asked++;
        return Promise.resolve(Buffer.from(TEST_USER_PIN));
      },
    });
    const finalTry = {
      pkcs11: { viewTokenFlags: (f: number) => f | CKF_TOKEN.USER_PIN_FINAL_TRY },
    };
    const refused = await openSigner(identity(false), finalTry).catch((e: unknown) => e);
    expect(isSealdeskError(refused, 'PKCS11_PIN_FINAL_TRY_UNCONFIRMED')).toBe(true);
    expect(asked).toBe(0);
    const locked = { pkcs11: { viewTokenFlags: (f: number) => f | CKF_TOKEN.USER_PIN_LOCKED } };
    const lockedError = await openSigner(identity(true), locked).catch((e: unknown) => e);
    expect(isSealdeskError(lockedError, 'PKCS11_PIN_LOCKED')).toBe(true);
    expect(asked).toBe(0);
    const signer = await openSigner(identity(true), finalTry);
    await signer.close?.();
    expect(asked).toBe(1);
    expect(moduleUsers(hsm.modulePath)).toBe(0);
  });
});

describe('batch signing, documents and cancel', () => {
  it('expands a folder to its *.pdf files, non-recursive unless asked, leaving the output folder out', async () => {
    const folder = contractFolder(2);
    mkdirSync(join(folder.inDir, 'sub'));
    writeFileSync(join(folder.inDir, 'sub', 'annex.PDF'), makeClassicPdf({ pages: 1 }));
    writeFileSync(join(folder.inDir, 'notes.txt'), 'not a pdf');
    const flat = await prepareBatch({
      inputs: [folder.inDir],
      outputDir: folder.outDir,
      key: p12(),
    });
    expect(flat.documents.map((d) => d.file)).toEqual(folder.files);
    const outInside = join(folder.inDir, 'signed');
    mkdirSync(outInside);
    writeFileSync(join(outInside, 'old.pdf'), makeClassicPdf({ pages: 1 }));
    const deep = await prepareBatch({
      inputs: [folder.inDir],
      outputDir: outInside,
      recursive: true,
      key: p12(),
    });
    expect(deep.documents.map((d) => d.file)).toEqual([
      ...folder.files,
      join(folder.inDir, 'sub', 'annex.PDF'),
    ]);
    expect(deep.documents[2]!.output).toBe(join(outInside, 'sub', 'annex.PDF'));
    const summary = await runBatch(deep, { identity: p12() });
    expect(summary.signed).toHaveLength(3);
    await expectAllValid(join(outInside, 'sub', 'annex.PDF'), 1);
  });

  it('never overwrites an existing output, and skips a document changed after the confirmation', async () => {
    const folder = contractFolder(3);
    mkdirSync(folder.outDir);
    writeFileSync(join(folder.outDir, 'contract-1.pdf'), 'precious');
    const intent = await prepareBatch({
      inputs: folder.files,
      outputDir: folder.outDir,
      key: p12(),
    });
    expect(intent.documents[0]!.problem?.code).toBe('BATCH_OUTPUT_EXISTS');
    appendFileSync(folder.files[1]!, '\n% changed after the intent was shown\n');
    const summary = await runBatch(intent, { identity: p12() });
    expect(summary.failed.map((f) => f.code)).toEqual([
      'BATCH_OUTPUT_EXISTS',
      'SIGN_INPUT_CHANGED',
    ]);
    expect(summary.signed.map((s) => s.file)).toEqual([folder.files[2]]);
    expect(readdirSync(folder.outDir).sort()).toEqual(['contract-1.pdf', 'contract-3.pdf']);
  });

  it('stops after the current document when cancelled and keeps what was completed', async () => {
    const folder = contractFolder(5);
    const intent = await prepareBatch({
      inputs: [folder.inDir],
      outputDir: folder.outDir,
      key: p12(),
    });
    const controller = new AbortController();
    const summary = await runBatch(intent, {
      identity: p12(),
      signal: controller.signal,
      onProgress: (p) => {
        // Cancelled while document 2 is being signed: document 2 still completes.
        if (p.phase === 'sign' && p.index === 1) controller.abort();
      },
    });
    expect(summary.cancelled).toBe(true);
    expect(summary.signed).toHaveLength(2);
    expect(summary.skipped.map((s) => s.code)).toEqual(Array(3).fill('BATCH_NOT_SIGNED_CANCELLED'));
    expect(readdirSync(folder.outDir).sort()).toEqual(['contract-1.pdf', 'contract-2.pdf']);
    for (const s of summary.signed) await expectAllValid(s.output, 1);
  });
});
