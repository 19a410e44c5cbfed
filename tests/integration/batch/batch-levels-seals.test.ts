// Batch signing honours the PAdES level and the seal flags, as one document does
// (main/host/batch-signing.ts runBatch, and `sealdesk sign --batch`): B-LT through the run-wide
// TSA/OCSP test services, one appearance on every document with a too-short one reported and
// not signed, a library seal's use recorded under the final output, the queued wording when no
// TSA answers, and SIGN_NO_TSA before any key is used or any file is written.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BATCH_INCOMPLETE_EXIT } from '../../../main/cli/commands/sign-batch';
import { EXIT } from '../../../main/cli/exit-codes';
import { isSealdeskError } from '../../../main/errors/sealdesk-error';
import { prepareBatch, runBatch } from '../../../main/host/batch-signing';
import { openSigner, type Pkcs12Identity } from '../../../main/host/signing';
import { PdfDocument } from '../../../main/pdf/document';
import { PdfDict, PdfStream } from '../../../main/pdf/objects';
import { generateSeal } from '../../../main/seals';
import { testPki } from '../../support/pki';
import { testServicesUrl } from '../../support/test-services';
import { cli } from '../cli/cli-harness';
import { verifyWithTestRoot } from '../ltv/ltv-support';
import { expectAllValid } from '../sign/sign-helpers';
import { contractFolder } from './batch-fixtures';

// contractFolder(n): contract-i.pdf has 1 + (i % 3) pages, so contract-3.pdf has only one.
const id = () => testPki().ids.rsa2048;
const p12 = (): Pkcs12Identity => ({
  kind: 'p12',
  path: id().p12Path,
  passphrase: id().p12Passphrase,
});
const dataDir = () => mkdtempSync(join(tmpdir(), 'sealdesk-data-'));
const cliEnv = () => ({ P12_PASS: id().p12Passphrase, SEALDESK_DATA_DIR: dataDir() });
const p12Args = () => ['--p12', id().p12Path, '--passphrase-env', 'P12_PASS'];

/** The widgets on page `pageNo` (1-based) that have a normal appearance stream (/AP /N). */
async function widgetsWithAppearance(file: string, pageNo: number): Promise<number> {
  const doc = await PdfDocument.open(file);
  try {
    const page = await doc.page(pageNo - 1);
    const annots = await doc.resolve(page.dict.get('Annots'));
    let found = 0;
    for (const a of Array.isArray(annots) ? annots : []) {
      const annot = await doc.resolve(a);
      if (!(annot instanceof PdfDict) || annot.getName('Subtype') !== 'Widget') continue;
      const ap = await doc.resolve(annot.get('AP'));
      if (ap instanceof PdfDict && (await doc.resolve(ap.get('N'))) instanceof PdfStream) found++;
    }
    return found;
  } finally {
    await doc.close();
  }
}

interface CliSummary {
  ok: boolean;
  requestedLevel: string;
  signed: { file: string; output: string; level: string; queued: boolean }[];
  failed: { file: string; code: string; message: string }[];
}

describe('batch signing at a PAdES level', () => {
  it('signs every document at B-LT through the test TSA, and our verifier says B-LT', async () => {
    const folder = contractFolder(2);
    const intent = await prepareBatch({
      inputs: [folder.inDir],
      outputDir: folder.outDir,
      key: p12(),
    });
    const summary = await runBatch(
      intent,
      {
        identity: p12(),
        sign: { level: 'B-LT' },
        tsaUrls: [`${testServicesUrl()}/tsa`],
      },
      { dataDir: dataDir() },
    );
    expect(summary.failed).toEqual([]);
    expect(summary.signed.map((s) => [s.level, s.queued, s.pendingReason])).toEqual([
      ['B-LT', false, undefined],
      ['B-LT', false, undefined],
    ]);
    for (const s of summary.signed) {
      const v = await verifyWithTestRoot(s.output);
      expect(v.signatures.map((x) => [x.indication, x.level])).toEqual([['TOTAL_PASSED', 'B-LT']]);
    }
    // No staging file is left beside the outputs.
    expect(readdirSync(folder.outDir).sort()).toEqual(['contract-1.pdf', 'contract-2.pdf']);
  });

  it('refuses B-T with no time-stamp authority before the key is opened or anything written', async () => {
    const folder = contractFolder(2);
    const intent = await prepareBatch({
      inputs: folder.files,
      outputDir: folder.outDir,
      key: p12(),
    });
    let opened = 0;
    const error = await runBatch(
      intent,
      { identity: p12(), sign: { level: 'B-T' } },
      {
        dataDir: dataDir(),
        openSigner: (i) => {
          opened++;
          return openSigner(i);
        },
      },
    ).catch((e: unknown) => e);
    expect(isSealdeskError(error, 'SIGN_NO_TSA')).toBe(true);
    expect(opened).toBe(0);
    expect(existsSync(folder.outDir)).toBe(false);
  });

  it('from the command line: SIGN_NO_TSA at B-T without --tsa, and no output folder', async () => {
    const folder = contractFolder(2);
    const r = await cli(
      ['sign', '--batch', folder.inDir, '-o', folder.outDir, ...p12Args(), '--level', 'B-T'].concat(
        ['--yes', '--json'],
      ),
      { env: cliEnv() },
    );
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/SIGN_NO_TSA/);
    expect(existsSync(folder.outDir)).toBe(false);
  });

  it('from the command line: says which level each document reached and that it was queued', async () => {
    const folder = contractFolder(2);
    // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    const args = ['sign', '--batch', folder.inDir, '-o', folder.outDir, ...p12Args()];
    const r = await cli([...args, '--level', 'B-T', '--tsa', 'http://127.0.0.1:9/tsa', '--yes'], {
      env: cliEnv(),
    });
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(r.stdout).toContain('Level: PAdES B-T');
    expect(r.stdout).toContain(
      `signed: ${join(folder.outDir, 'contract-1.pdf')}  level: PAdES B-B`,
    );
    expect(r.stdout.match(/Not yet B-T \(.+\); queued: it is raised when online/g)).toHaveLength(2);
    await expectAllValid(join(folder.outDir, 'contract-2.pdf'), 1);
  });
});

describe('batch signing with seals', () => {
  it('stamps every document, reports the one without the page, and records each use of the seal', async () => {
    const folder = contractFolder(3);
    const intent = await prepareBatch({
      inputs: [folder.inDir],
      outputDir: folder.outDir,
      key: p12(),
    });
    const seal = generateSeal({ type: 'round', organisation: '示例公司', title: '合同专用章' });
    const used: { id: string; output: unknown }[] = [];
    const summary = await runBatch(
      intent,
      {
        identity: p12(),
        sign: { appearance: { seal, placements: [{ page: 2, xMm: 50, yMm: 60 }] } },
      },
      {
        sealLibrary: {
          markUsed: (sealId, context) => {
            used.push({ id: sealId, output: context.output });
            return Promise.resolve();
          },
        },
      },
    );
    expect(summary.signed.map((s) => s.file)).toEqual(folder.files.slice(0, 2));
    expect(summary.failed).toEqual([
      expect.objectContaining({ file: folder.files[2], code: 'APPEARANCE_PAGE_OUT_OF_RANGE' }),
    ]);
    expect(summary.failed[0]!.message).toContain('it has 1 page(s)');
    expect(summary.failed[0]!.message).toContain(folder.files[2]);
    for (const s of summary.signed) expect(await widgetsWithAppearance(s.output, 2)).toBe(1);
    expect(used).toEqual(summary.signed.map((s) => ({ id: seal.id, output: s.output })));
    expect(readdirSync(folder.outDir).sort()).toEqual(['contract-1.pdf', 'contract-2.pdf']);
  });

  it('from the command line: the seal flags on every document, the short one listed as not signed', async () => {
    const folder = contractFolder(3);
    const env = cliEnv();
    const sealFile = join(folder.dir, 'seal.json');
    const made = await cli(
      ['seal', 'create', '--org', '示例公司', '--title', '公章', '-o', sealFile],
      {
        env,
      },
    );
    expect(made.code, made.stderr).toBe(EXIT.ok);
    const r = await cli(
      [
        'sign',
        '--batch',
        folder.inDir,
        '-o',
        folder.outDir,
        ...p12Args(),
        '--seal',
        sealFile,
      ].concat(['--page', '2', '--at', '50,60', '--yes', '--json']),
      { env },
    );
    expect(r.code, r.stderr).toBe(BATCH_INCOMPLETE_EXIT);
    expect(r.stderr).toMatch(
      /contract-3\.pdf\n.*\n\s+will not be signed: Page 2 does not exist in .*contract-3\.pdf: it has 1 page\(s\)/,
    );
    const summary = JSON.parse(r.stdout) as CliSummary;
    expect(summary.requestedLevel).toBe('B-B');
    expect(summary.signed.map((s) => [s.file, s.level, s.queued])).toEqual([
      [folder.files[0], 'B-B', false],
      [folder.files[1], 'B-B', false],
    ]);
    expect(summary.failed.map((f) => [f.file, f.code])).toEqual([
      [folder.files[2], 'APPEARANCE_PAGE_OUT_OF_RANGE'],
    ]);
    for (const s of summary.signed) {
      expect(await widgetsWithAppearance(s.output, 2)).toBe(1);
      await expectAllValid(s.output, 1);
    }
  });
});
