/**
 * The `sealdesk` command table (main/cli/command-table.ts): unknown commands and options,
 * every command's --help and usage errors in both languages, the language rule, and what a
 * command loads — checked on a build of the CLI made for this file (scripts/build.mjs
 * --cli-only --outdir), with a module-load recorder (./load-recorder.mjs) in a child process.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, VERSION } from '../../../main/cli/command-table';
import { EXIT } from '../../../main/cli/exit-codes';
import { langFromEnv } from '../../../main/i18n/locale';
import { makeClassicPdf } from '../../fixtures/pdfs/classic-pdf';
import { testPki } from '../../support/pki';
import { workspace } from '../sign/sign-helpers';
import { cli } from './cli-harness';

const REPO = resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);
const NAMES = COMMANDS.map((c) => c.name);
const WITH_SUBCOMMANDS = COMMANDS.filter((c) => c.subcommands);

describe('the command table', () => {
  it('answers an unknown command with exit 2 and the list of commands, in either language', async () => {
    const zh = await cli(['frobnicate'], { lang: 'zh-CN' });
    expect(zh.code).toBe(EXIT.usage);
    expect(zh.stderr).toContain('未知命令“frobnicate”');
    const en = await cli(['frobnicate', '--lang', 'en'], { lang: 'zh-CN' });
    expect(en.code).toBe(EXIT.usage);
    expect(en.stderr).toContain('Unknown command "frobnicate"');
    for (const name of NAMES) expect(en.stderr).toContain(`  ${name} `);
    expect(en.stdout).toBe('');
  });

  it('prints the list of commands for no command (exit 2) and for --help (exit 0)', async () => {
    const none = await cli([], { lang: 'zh-CN' });
    expect(none.code).toBe(EXIT.usage);
    expect(none.stderr).toContain('用法：sealdesk <命令>');
    const help = await cli(['--help'], { lang: 'en' });
    expect(help.code).toBe(EXIT.ok);
    expect(help.stdout).toContain('Usage: sealdesk <command>');
  });

  it('prints the version of package.json', async () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(VERSION).toBe(pkg.version);
    const r = await cli(['--version']);
    expect(r).toEqual({ code: EXIT.ok, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it.each(NAMES)(
    'prints the --help of %s in Chinese, and in English with --lang en',
    async (name) => {
      const zh = await cli([name, '--help'], { lang: 'zh-CN' });
      expect(zh.code).toBe(EXIT.ok);
      expect(zh.stdout).toMatch(/^用法：/);
      expect(zh.stdout).toContain(`sealdesk ${name}`);
      const en = await cli([name, '--help', '--lang', 'en'], { lang: 'zh-CN' });
      expect(en.code).toBe(EXIT.ok);
      expect(en.stdout).toMatch(/^Usage:/);
      expect(en.stdout).toContain(`sealdesk ${name}`);
      // `sealdesk help NAME` says the same.
      expect((await cli(['help', name], { lang: 'en' })).stdout).toBe(en.stdout);
    },
  );

  it.each(NAMES)(
    'refuses an unknown option of %s with exit 2, in either language',
    async (name) => {
      const zh = await cli([name, '--no-such-option'], { lang: 'zh-CN' });
      expect(zh.code).toBe(EXIT.usage);
      expect(zh.stderr).toBe(
        `错误 [CLI_USAGE]: 未知选项“--no-such-option”。运行“sealdesk ${name} --help”查看用法。\n`,
      );
      const en = await cli([name, '--no-such-option', '--json'], { lang: 'en' });
      expect(en.code).toBe(EXIT.usage);
      expect(en.stderr).toContain(
        `Unknown option "--no-such-option". Run "sealdesk ${name} --help"`,
      );
      expect(JSON.parse(en.stdout)).toMatchObject({ ok: false, error: { code: 'CLI_USAGE' } });
    },
  );

  it.each(WITH_SUBCOMMANDS.map((c) => [c.name, c.subcommands!] as const))(
    'names the sub-commands of %s when given an unknown one, and shows its usage without one',
    async (name, subs) => {
      const en = await cli([name, 'nonsense'], { lang: 'en' });
      expect(en.code).toBe(EXIT.usage);
      const list = `${subs.slice(0, -1).join(', ')} or ${subs.at(-1)!}`;
      expect(en.stderr).toContain(`Unknown ${name} command "nonsense": use ${list}.`);
      const zh = await cli([name, 'nonsense'], { lang: 'zh-CN' });
      expect(zh.stderr).toContain(`未知的 ${name} 子命令“nonsense”`);
      const bare = await cli([name], { lang: 'zh-CN' });
      expect(bare.code).toBe(EXIT.usage);
      expect(bare.stderr).toMatch(/^用法：/);
    },
  );

  it('says which option lacks its value, and refuses values for flags', async () => {
    const missing = await cli(['sign', 'in.pdf', '-o'], { lang: 'en' });
    expect(missing.stderr).toContain('Option --output needs a value');
    const extra = await cli(['verify', 'in.pdf', '--json=yes'], { lang: 'zh-CN' });
    expect(extra.stderr).toContain('选项 --json 不接受取值');
    const positional = await cli(['tokens', 'extra'], { lang: 'en' });
    expect(positional.code).toBe(EXIT.usage);
    expect(positional.stderr).toContain('Unexpected argument "extra"');
  });

  it('refuses a --lang it does not speak, and takes --lang before the command too', async () => {
    const bad = await cli(['verify', '--lang', 'fr'], { lang: 'en' });
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toContain('--lang must be zh-CN or en');
    const before = await cli(['--lang', 'en', 'trust', '--help'], { lang: 'zh-CN' });
    expect(before.code).toBe(EXIT.ok);
    expect(before.stdout).toMatch(/^Usage:/);
  });

  it('speaks the ltv command in both languages', async () => {
    const zh = await cli(['ltv', 'augment', '--level', 'B-X'], { lang: 'zh-CN' });
    expect(zh.code).toBe(EXIT.usage);
    expect(zh.stderr).toContain('--level 只能是 B-T、B-LT 或 B-LTA');
    const en = await cli(['ltv', 'renew'], { lang: 'en' });
    expect(en.code).toBe(EXIT.usage);
    expect(en.stderr).toContain('Give the PDF files or folders');
    const missing = await cli(['ltv', 'augment', join(workspace(), 'nothing.pdf')], {
      lang: 'zh-CN',
    });
    expect(missing.code).toBe(EXIT.input);
    expect(missing.stderr).toContain('无法读取');
  });

  it('picks Chinese where the locale is Chinese, unset or unknown, English for en_* and C', () => {
    expect(langFromEnv({})).toBe('zh-CN');
    expect(langFromEnv({ LANG: 'zh_CN.UTF-8' })).toBe('zh-CN');
    expect(langFromEnv({ LANG: 'fr_FR.UTF-8' })).toBe('zh-CN');
    expect(langFromEnv({ LANG: 'en_US.UTF-8' })).toBe('en');
    expect(langFromEnv({ LANG: 'C.UTF-8' })).toBe('en');
    expect(langFromEnv({ LANG: 'en_US.UTF-8', LC_ALL: 'zh_TW.UTF-8' })).toBe('zh-CN');
    expect(langFromEnv({ LANG: 'zh_CN.UTF-8', LC_MESSAGES: 'en_GB.UTF-8' })).toBe('en');
  });
});

describe('what a command loads (a built CLI in a child process)', () => {
  let outdir: string;
  let recorder: string;
  let signed: string;

  beforeAll(async () => {
    outdir = mkdtempSync(join(REPO, '.cache', 'cli-build-'));
    await run(process.execPath, ['scripts/build.mjs', '--cli-only', '--outdir', outdir], {
      cwd: REPO,
    });
    recorder = fileURLToPath(new URL('./load-recorder.mjs', import.meta.url));
    const dir = workspace();
    const input = join(dir, 'one-page.pdf');
    writeFileSync(input, makeClassicPdf({ pages: 1 }));
    signed = join(dir, 'one-page.signed.pdf');
    const id = testPki().ids.rsa2048;
    const r = await cli(
      ['sign', input, '-o', signed, '--p12', id.p12Path, '--passphrase-env', 'P'],
      { env: { P: id.p12Passphrase } },
    );
    expect(r.code, r.stderr).toBe(EXIT.ok);
  }, 180_000);

  afterAll(() => {
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  /** Runs the built CLI; returns its output and the code each loaded file bundles. */
  async function loads(args: string[], env: NodeJS.ProcessEnv = {}) {
    const scratch = workspace();
    const record = join(scratch, 'loaded.txt');
    const data = join(scratch, 'data');
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', recorder, join(outdir, 'sealdesk.js'), ...args],
      {
        env: {
          PATH: process.env.PATH,
          SEALDESK_DATA_DIR: data,
          ...env,
          SEALDESK_LOAD_RECORD: record,
        },
        cwd: REPO,
      },
    ).catch((e: { stdout: string; stderr: string; code: number }) => e);
    const urls = existsSync(record) ? readFileSync(record, 'utf8').split('\n') : [];
    const builtins = new Set(urls.filter((u) => u.startsWith('node:')));
    const files = [...new Set(urls.filter((u) => u.startsWith('file:')))];
    // esbuild marks each bundled module with a "// path" line: what the loaded files hold.
    const modules = files.flatMap((u) =>
      [...readFileSync(fileURLToPath(u), 'utf8').matchAll(/^\/\/ (\S+\.[cm]?[jt]s)$/gm)].map(
        (m) => m[1]!,
      ),
    );
    // A package's path may have a prefix (node_modules linked from elsewhere: ../x/node_modules/).
    const has = (prefix: string) =>
      modules.some((m) =>
        prefix.startsWith('node_modules/') ? m.includes(prefix) : m.startsWith(prefix),
      );
    return { stdout, stderr, builtins, has };
  }

  const HEAVY = [
    'node_modules/pkijs/',
    'node_modules/asn1js/',
    'node_modules/node-forge/',
    'node_modules/fontkit/',
    'node_modules/zod/',
    'main/pdf/',
    'main/verify/',
    'main/sign/',
    'main/host/',
    'main/seals/',
  ];

  it('loads no PKI library, font, PDF or host code for --version', async () => {
    const r = await loads(['--version']);
    expect(r.stdout).toBe(`${VERSION}\n`);
    for (const prefix of HEAVY) expect(r.has(prefix), prefix).toBe(false);
    expect(r.has('main/cli/run-cli.ts')).toBe(true);
  });

  it('loads none of it for a command help or a usage error either', async () => {
    const help = await loads(['verify', '--help']);
    expect(help.stdout).toMatch(/^用法：sealdesk verify/);
    for (const prefix of HEAVY) expect(help.has(prefix), prefix).toBe(false);
    const usage = await loads(['sign', '--no-such-option'], { LANG: 'en_US.UTF-8' });
    expect(usage.stderr).toContain('Unknown option "--no-such-option"');
    for (const prefix of HEAVY) expect(usage.has(prefix), prefix).toBe(false);
  });

  it('loads verification for verify, but not the report writers, fonts, signing or the network', async () => {
    const r = await loads(['verify', signed, '--trust', testPki().rootPath], {
      LANG: 'en_US.UTF-8',
    });
    expect(r.stdout).toContain('TOTAL_PASSED');
    expect(r.has('node_modules/pkijs/')).toBe(true);
    expect(r.has('main/verify/verify-document.ts')).toBe(true);
    for (const prefix of [
      'main/verify/report-',
      'main/verify/worker-pool.ts',
      'node_modules/fontkit/',
      'node_modules/node-forge/',
      'node_modules/zod/',
      'main/sign/',
      'main/seals/',
    ])
      expect(r.has(prefix), prefix).toBe(false);
    expect(r.builtins.has('node:https')).toBe(false);
    expect(r.builtins.has('node:worker_threads')).toBe(false);
  });

  it('says why a file needs renewal in the session language', async () => {
    const env = { SEALDESK_DATA_DIR: join(workspace(), 'data') };
    const zh = await cli(['ltv', 'renew', '--check', signed], { lang: 'zh-CN', env });
    expect(zh.code, zh.stderr).toBe(EXIT.ok);
    expect(zh.stdout).toContain('需要续期');
    expect(zh.stdout).toContain('签名尚无时间戳保护');
    const en = await cli(['ltv', 'renew', '--check', signed, '--lang', 'en'], { env });
    expect(en.stdout).toContain('no timestamp protects the signatures yet');
  });

  it('speaks Chinese where LANG is unset or Chinese, and English for en_US and C', async () => {
    const unset = await loads(['trust', '--help']);
    expect(unset.stdout).toMatch(/^用法：/);
    const zh = await loads(['trust', '--help'], { LANG: 'zh_CN.UTF-8' });
    expect(zh.stdout).toMatch(/^用法：/);
    const en = await loads(['trust', '--help'], { LANG: 'en_US.UTF-8' });
    expect(en.stdout).toMatch(/^Usage:/);
    const c = await loads(['trust', '--help'], { LANG: 'C.UTF-8' });
    expect(c.stdout).toMatch(/^Usage:/);
  });
});
