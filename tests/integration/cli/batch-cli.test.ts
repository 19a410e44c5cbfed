// `sealdesk sign --batch`: the intent list with SHA-256s, one confirmation (--yes, or a question
// on a terminal), one login, progress per document, the summary, and the exit codes.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_INCOMPLETE_EXIT } from '../../../main/cli/commands/sign-batch';
import { EXIT } from '../../../main/cli/exit-codes';
import { testPki } from '../../support/pki';
import { createSoftHsm, TEST_USER_PIN, type SoftHsm } from '../../support/softhsm';
import { contractFolder, tokenWithRsaKey } from '../batch/batch-fixtures';
import { expectAllValid, sha256File } from '../sign/sign-helpers';
import { scriptedCli } from './scripted-cli';

const ENV = { P12_PASS: 'sealdesk-test' };
const p12Args = () => ['--p12', testPki().ids.rsa2048.p12Path, '--passphrase-env', 'P12_PASS'];
let hsm: SoftHsm;
beforeAll(() => {
  hsm = createSoftHsm();
  tokenWithRsaKey(hsm, 'CLI Batch');
});
afterAll(() => hsm.cleanup());

interface Summary {
  ok: boolean;
  signed: { file: string; output: string }[];
  failed: { file: string; code: string; message: string }[];
  skipped: unknown[];
  cancelled: boolean;
}

describe('sealdesk sign --batch', () => {
  it('lists the intent with SHA-256s, signs the good documents, reports the corrupt one, and exits 6', async () => {
    const folder = contractFolder(6, [3]);
    const r = await scriptedCli(
      ['sign', '--batch', folder.inDir, '-o', folder.outDir, ...p12Args(), '--yes', '--json'],
      { env: ENV },
    );
    expect(r.code, r.stderr).toBe(BATCH_INCOMPLETE_EXIT);
    for (const f of folder.files) expect(r.stderr).toContain(`SHA-256 ${sha256File(f)}`);
    expect(r.stderr).toContain('About to sign 6 documents');
    expect(r.stderr).toMatch(/contract-3\.pdf\n.*\n\s+will not be signed: /);
    expect(r.stderr).toContain('[6/6] signed');
    const summary = JSON.parse(r.stdout) as Summary;
    expect(summary.ok).toBe(false);
    expect(summary.signed).toHaveLength(5);
    expect(summary.failed).toEqual([
      {
        file: folder.files[2],
        code: 'PDF_NOT_A_PDF',
        message: expect.any(String) as string,
        messageZh: expect.any(String) as string,
      },
    ]);
    expect(readdirSync(folder.outDir)).toHaveLength(5);
    for (const s of summary.signed) await expectAllValid(s.output, 1);
  });

  it('needs --yes when nobody can confirm, and writes nothing', async () => {
    const folder = contractFolder(2);
    const r = await scriptedCli(
      ['sign', '--batch', ...folder.files, '-o', folder.outDir, ...p12Args()],
      {
        env: ENV,
      },
    );
    expect(r.code).toBe(EXIT.usage);
    expect(r.stdout).toContain(`SHA-256 ${sha256File(folder.files[0]!)}`);
    expect(r.stderr).toMatch(/CLI_CONFIRMATION_NEEDED.*--yes/);
    expect(existsSync(folder.outDir)).toBe(false);
  });

  it('signs nothing when the person answers no', async () => {
    const folder = contractFolder(2);
    const r = await scriptedCli(
      ['sign', '--batch', folder.inDir, '-o', folder.outDir, ...p12Args()],
      {
        env: ENV,
        answers: ['n'],
      },
    );
    expect(r.code).toBe(EXIT.cancelled);
    expect(r.asked).toEqual(['Sign these 2 documents? [y/N] ']);
    expect(existsSync(folder.outDir)).toBe(false);
  });

  it('on a token: one confirmation, then one PIN entry, then every document', async () => {
    const folder = contractFolder(3);
    const r = await scriptedCli(
      [
        'sign',
        '--batch',
        folder.inDir,
        '-o',
        folder.outDir,
        '--pkcs11',
        '--module',
        hsm.modulePath,
        '--token',
        'CLI Batch',
      ],
      { answers: ['y'], secrets: [TEST_USER_PIN] },
    );
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(r.asked).toEqual(['Sign these 3 documents? [y/N] ', 'PIN for token "CLI Batch": ']);
    expect(r.stdout).toContain('Signed 3, failed 0, not signed 0.');
    expect(r.stdout).toContain('Certificate: C=CN');
    expect(r.stdout + r.stderr).not.toContain(TEST_USER_PIN);
    expect(readdirSync(folder.outDir).sort()).toEqual([
      'contract-1.pdf',
      'contract-2.pdf',
      'contract-3.pdf',
    ]);
    await expectAllValid(join(folder.outDir, 'contract-2.pdf'), 1);
  });

  it('signs nothing once cancelled, reports every document as not signed, and exits 130', async () => {
    // Mid-batch cancel (the current document finishes) is tested on the host use case.
    const folder = contractFolder(3);
    const controller = new AbortController();
    controller.abort();
    const r = await scriptedCli(
      ['sign', '--batch', folder.inDir, '-o', folder.outDir, ...p12Args(), '--yes', '--json'],
      { env: ENV, signal: controller.signal },
    );
    expect(r.code).toBe(EXIT.cancelled);
    const summary = JSON.parse(r.stdout) as Summary;
    expect(summary.cancelled).toBe(true);
    expect(summary.skipped).toHaveLength(3);
    expect(existsSync(folder.outDir)).toBe(false);
  });
});
