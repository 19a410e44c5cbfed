/**
 * `sealdesk verify` and `sealdesk trust` driven in-process: exit codes, the JSON shape, the
 * directory mode (worker threads, progress, summary, never stopping at a bad file), the
 * trust store in $SEALDESK_DATA_DIR, and the HTML / PDF reports (embedded CJK font, text that
 * pdftotext can extract).
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdffonts, runToolOk } from '../../support/external-tools';
import { testPki } from '../../support/pki';
import { cli } from '../cli/cli-harness';
import { flipByte, signFile, signedContract, workspace } from './verify-helpers';

let dir: string;
let valid: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = workspace();
  valid = await signedContract(dir, 'valid');
  env = { SEALDESK_DATA_DIR: join(dir, 'data') };
});

const SIGNATURE_KEYS = [
  'field',
  'kind',
  'indication',
  'subIndication',
  'level',
  'signer',
  'claimedTime',
  'provenTime',
  'coversWholeFile',
  'revision',
  'modificationsAfter',
  'message',
  'messageZh',
  'messageEn',
].sort();

describe('sealdesk verify', () => {
  it('exits 0 for a valid file with --trust and prints the stable JSON shape', async () => {
    const r = await cli(['verify', valid, '--trust', testPki().rootPath, '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, unknown> & {
      signatures: Record<string, unknown>[];
    };
    expect(j.file).toBe(valid);
    expect(j.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(j.signatures).toHaveLength(1);
    const s = j.signatures[0]!;
    expect(Object.keys(s).sort()).toEqual(SIGNATURE_KEYS);
    expect(s).toMatchObject({
      kind: 'signature',
      indication: 'TOTAL_PASSED',
      subIndication: null,
      level: 'B-B',
      coversWholeFile: true,
      revision: 1,
      modificationsAfter: [],
    });
    expect(typeof s.claimedTime).toBe('string');
    expect(s.message).toBe(s.messageEn);
  });

  it('exits 11 (indeterminate) when the root is not trusted, and 10 when a byte was flipped', async () => {
    const untrusted = await cli(['verify', valid], {
      env: { SEALDESK_DATA_DIR: join(dir, 'empty') },
    });
    expect(untrusted.code).toBe(11);
    expect(untrusted.stdout).toContain('NO_CERTIFICATE_CHAIN_FOUND');
    const broken = flipByte(valid, join(dir, 'flipped.pdf'), 300);
    const failed = await cli(['verify', broken, '--trust', testPki().rootPath], { env });
    expect(failed.code).toBe(10);
    expect(failed.stdout).toContain('HASH_FAILURE');
  });

  it('exits 3 for an unreadable file and explains it in Chinese', async () => {
    const bad = join(dir, 'not-a.pdf');
    writeFileSync(bad, 'hello');
    const r = await cli(['verify', bad], { env, lang: 'zh-CN' });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('无法验证');
  });

  it('imports, lists and removes trust anchors in the data folder, and verify then trusts them', async () => {
    const data = { SEALDESK_DATA_DIR: join(dir, 'store') };
    const imp = await cli(['trust', 'import', testPki().rootPath, '--json'], { env: data });
    expect(imp.code, imp.stderr).toBe(0);
    const list = JSON.parse((await cli(['trust', 'list', '--json'], { env: data })).stdout) as {
      anchors: { fingerprint: string; subject: string }[];
    };
    expect(list.anchors).toHaveLength(1);
    expect(list.anchors[0]!.subject).toContain('Sealdesk Test Root CA');
    expect((await cli(['verify', valid], { env: data })).code).toBe(0);
    const rm = await cli(['trust', 'remove', list.anchors[0]!.fingerprint], { env: data });
    expect(rm.code).toBe(0);
    expect((await cli(['verify', valid], { env: data })).code).toBe(11);
  });

  it('verifies a folder with worker threads, shows progress and a summary, and does not stop at bad files', async () => {
    const folder = join(dir, 'archive');
    mkdirSync(join(folder, 'sub'), { recursive: true });
    copyFileSync(valid, join(folder, 'a-valid.pdf'));
    const second = join(folder, 'b-valid.pdf');
    await signFile(valid, second, testPki().ids.ecP256);
    flipByte(valid, join(folder, 'c-flipped.pdf'), 300);
    writeFileSync(join(folder, 'd-garbage.pdf'), 'not a pdf');
    copyFileSync(valid, join(folder, 'sub', 'e-nested.pdf'));
    const r = await cli(
      ['verify', folder, '--recursive', '--trust', testPki().rootPath, '--workers', '2'],
      {
        env,
      },
    );
    expect(r.code, r.stdout).toBe(10);
    expect(r.stderr).toMatch(/\[5\/5\]/);
    expect(r.stdout).toMatch(/5 files: FAILED 1, UNREADABLE 1, VALID 3 \(2 worker threads\)/);
    expect(r.stdout).toMatch(/FAILED\s+1\s+\S*c-flipped\.pdf\s+\[HASH_FAILURE\]/);
    expect(r.stdout).toMatch(/UNREADABLE\s+0\s+\S*d-garbage\.pdf\s+\[FORMAT_FAILURE\]/);
    const j = await cli(['verify', folder, '--trust', testPki().rootPath, '--json'], { env });
    const arr = JSON.parse(j.stdout) as { file: string; signatures: unknown[] }[];
    expect(arr.map((x) => x.file.split('/').pop())).toEqual([
      'a-valid.pdf',
      'b-valid.pdf',
      'c-flipped.pdf',
      'd-garbage.pdf',
    ]);
    expect(arr[1]!.signatures).toHaveLength(2);
  });

  it('writes an HTML report with the verdict sentences, escaped', async () => {
    const out = join(dir, 'report.html');
    const r = await cli(['verify', valid, '--trust', testPki().rootPath, '--report', out], {
      env,
      lang: 'zh-CN',
    });
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('有效：由 Sealdesk Test Signer RSA 2048（示例科技有限公司）');
    expect(html).toContain('SHA-256');
    expect(html).not.toMatch(/<script|src=|href=/i);
  });

  it('writes a PDF report with an embedded CJK font whose Chinese text pdftotext extracts', async () => {
    const out = join(dir, 'report.pdf');
    const r = await cli(['verify', valid, '--trust', testPki().rootPath, '--report', out], {
      env,
      lang: 'zh-CN',
    });
    expect(r.code, r.stderr).toBe(0);
    const fonts = await pdffonts(out);
    expect(fonts.fonts.length).toBeGreaterThan(0);
    for (const f of fonts.fonts) expect(f.embedded, fonts.raw).toBe(true);
    const text = (await runToolOk('pdftotext', [out, '-'])).stdout;
    expect(text).toContain('电子签名验证报告');
    expect(text).toContain('示例科技有限公司');
    expect(text.replace(/\s+/g, '')).toContain('签署后文档未被修改');
  });
});
