import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../../main/cli/exit-codes';
import { brokenXrefPdf, garbagePdf, truncatedPdf } from '../../fixtures/pdfs/broken-pdfs';
import { makeClassicPdf } from '../../fixtures/pdfs/classic-pdf';
import { encryptedUserPasswordPdf, USER_PASSWORD } from '../../fixtures/pdfs/qpdf-variants';
import { qpdfCheck } from '../../support/external-tools';
import { testPki, type TestIdentity } from '../../support/pki';
import { expectAllValid, expectNoLeftovers, sha256File, workspace } from '../sign/sign-helpers';
import { cli } from './cli-harness';

const ENV = { P12_PASS: 'sealdesk-test' };
const signArgs = (input: string, output: string, id: TestIdentity, extra: string[] = []) => [
  'sign',
  input,
  '-o',
  output,
  '--p12',
  id.p12Path,
  '--passphrase-env',
  'P12_PASS',
  ...extra,
];

function setup(pdf: Buffer = makeClassicPdf({ pages: 2 })): {
  dir: string;
  input: string;
  output: string;
} {
  const dir = workspace();
  const input = join(dir, 'in.pdf');
  writeFileSync(input, pdf);
  return { dir, input, output: join(dir, 'out.pdf') };
}

describe('sealdesk sign', () => {
  it('signs and prints a JSON result with --json', async () => {
    const { input, output } = setup();
    const r = await cli(
      signArgs(input, output, testPki().ids.rsa2048, ['--json', '--reason', 'OK']),
      { env: ENV },
    );
    expect(r.code, r.stderr).toBe(EXIT.ok);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({
      ok: true,
      level: 'B-B',
      subFilter: 'ETSI.CAdES.detached',
      field: 'Signature1',
    });
    expect(json.inputSha256).toBe(sha256File(input));
    await expectAllValid(output, 1);
  });

  it('asks for the passphrase on a terminal when no variable is given', async () => {
    const { input, output } = setup();
    const id = testPki().ids.ecP256;
    const r = await cli(['sign', input, '-o', output, '--p12', id.p12Path], {
      prompt: id.p12Passphrase,
    });
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(existsSync(output)).toBe(true);
  });

  it('refuses to run without a passphrase when nobody can be asked', async () => {
    const { dir, input, output } = setup();
    const id = testPki().ids.ecP256;
    const r = await cli(['sign', input, '-o', output, '--p12', id.p12Path]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/--passphrase-env/);
    expectNoLeftovers(dir, ['in.pdf']);
  });

  it('speaks Chinese by default and English with --lang en', async () => {
    const { input } = setup();
    const zh = await cli(['sign', input], { lang: 'zh-CN' });
    expect(zh.code).toBe(EXIT.usage);
    expect(zh.stderr).toMatch(/错误/);
    const en = await cli(['sign', input, '--lang', 'en'], { lang: 'zh-CN' });
    expect(en.stderr).toMatch(/Error \[CLI_USAGE\]: Missing -o OUT\.pdf/);
  });

  type Case = {
    what: string;
    prepare: (ws: { dir: string; input: string; output: string }) => {
      argv: string[];
      keep: string[];
    };
    code: number;
    error: string;
    message: RegExp;
  };
  const id = () => testPki().ids.rsa2048;
  const cases: Case[] = [
    {
      what: 'a file that is not a PDF',
      prepare: ({ dir, output }) => {
        writeFileSync(join(dir, 'notes.pdf'), garbagePdf());
        return {
          argv: signArgs(join(dir, 'notes.pdf'), output, id()),
          keep: ['in.pdf', 'notes.pdf'],
        };
      },
      code: EXIT.input,
      error: 'PDF_NOT_A_PDF',
      message: /notes\.pdf/,
    },
    {
      what: 'a truncated PDF',
      prepare: ({ dir, output }) => {
        writeFileSync(join(dir, 'cut.pdf'), truncatedPdf());
        return { argv: signArgs(join(dir, 'cut.pdf'), output, id()), keep: ['in.pdf', 'cut.pdf'] };
      },
      code: EXIT.input,
      error: 'SIGN_DAMAGED_PDF',
      message: /cut\.pdf.*damaged/,
    },
    {
      what: 'a PDF whose xref is garbage',
      prepare: ({ dir, output }) => {
        writeFileSync(join(dir, 'xref.pdf'), brokenXrefPdf());
        return {
          argv: signArgs(join(dir, 'xref.pdf'), output, id()),
          keep: ['in.pdf', 'xref.pdf'],
        };
      },
      code: EXIT.input,
      error: 'SIGN_DAMAGED_PDF',
      message: /xref\.pdf/,
    },
    {
      what: 'a directory as input',
      prepare: ({ dir, output }) => {
        mkdirSync(join(dir, 'folder'));
        return { argv: signArgs(join(dir, 'folder'), output, id()), keep: ['in.pdf', 'folder'] };
      },
      code: EXIT.input,
      error: 'SIGN_INPUT_IS_DIRECTORY',
      message: /folder/,
    },
    {
      what: 'a missing file',
      prepare: ({ dir, output }) => ({
        argv: signArgs(join(dir, 'nope.pdf'), output, id()),
        keep: ['in.pdf'],
      }),
      code: EXIT.input,
      error: 'SIGN_INPUT_NOT_FOUND',
      message: /nope\.pdf/,
    },
    {
      what: 'an output folder that does not exist',
      prepare: ({ dir, input }) => ({
        argv: signArgs(input, join(dir, 'missing', 'out.pdf'), id()),
        keep: ['in.pdf'],
      }),
      code: EXIT.io,
      error: 'OUTPUT_DIR_MISSING',
      message: /missing/,
    },
    {
      what: 'an output folder nobody can write to',
      prepare: ({ input }) => ({
        argv: signArgs(input, '/proc/sealdesk-out.pdf', id()),
        keep: ['in.pdf'],
      }),
      code: EXIT.io,
      error: 'OUTPUT_DIR_UNWRITABLE',
      message: /\/proc/,
    },
    {
      what: 'the output path equal to the input',
      prepare: ({ input }) => ({ argv: signArgs(input, input, id()), keep: ['in.pdf'] }),
      code: EXIT.usage,
      error: 'SIGN_OUTPUT_IS_INPUT',
      message: /never modifies an input/,
    },
    {
      what: 'a wrong passphrase',
      prepare: ({ input, output }) => ({
        argv: ['sign', input, '-o', output, '--p12', id().p12Path, '--passphrase-env', 'WRONG'],
        keep: ['in.pdf'],
      }),
      code: EXIT.key,
      error: 'P12_WRONG_PASSPHRASE',
      message: /passphrase/i,
    },
    ...(['expired', 'notYetValid', 'wrongKeyUsage', 'caLeaf'] as const).map((name): Case => ({
      what: `the ${name} certificate`,
      prepare: ({ input, output }) => ({
        argv: signArgs(input, output, testPki().ids[name]),
        keep: ['in.pdf'],
      }),
      code: EXIT.key,
      error: {
        expired: 'CERT_EXPIRED',
        notYetValid: 'CERT_NOT_YET_VALID',
        wrongKeyUsage: 'CERT_KEY_USAGE',
        caLeaf: 'CERT_IS_CA',
      }[name],
      message: /certificate/i,
    })),
  ];

  it.each(cases)(
    'gives a clear error for $what, the right exit code, and writes nothing',
    async (c) => {
      const ws = setup();
      const before = sha256File(ws.input);
      const { argv, keep } = c.prepare(ws);
      const r = await cli([...argv, '--json'], { env: { ...ENV, WRONG: 'not-the-passphrase' } });
      expect(r.code, r.stderr).toBe(c.code);
      const json = JSON.parse(r.stdout) as {
        ok: boolean;
        error: { code: string; message: string };
      };
      expect(json.ok).toBe(false);
      expect(json.error.code.startsWith(c.error), json.error.code).toBe(true);
      expect(r.stderr).toMatch(c.message);
      expect(r.stderr).not.toContain('sealdesk-test');
      expect(sha256File(ws.input)).toBe(before);
      expectNoLeftovers(ws.dir, keep);
    },
  );

  it('refuses to sign a document certified with no changes allowed, and says why', async () => {
    const { dir, input, output } = setup();
    const first = await cli(signArgs(input, output, id(), ['--certify', '1']), { env: ENV });
    expect(first.code, first.stderr).toBe(EXIT.ok);
    const again = await cli(signArgs(output, join(dir, 'again.pdf'), id()), { env: ENV });
    expect(again.code).toBe(EXIT.input);
    expect(again.stderr).toMatch(/SIGN_DOCMDP_FORBIDS/);
    expect(existsSync(join(dir, 'again.pdf'))).toBe(false);
  });

  it('lets a second party sign a document certified with form filling and signing allowed', async () => {
    const { dir, input, output } = setup();
    expect((await cli(signArgs(input, output, id(), ['--certify', '2']), { env: ENV })).code).toBe(
      EXIT.ok,
    );
    const second = join(dir, 'second.pdf');
    const r = await cli(signArgs(output, second, testPki().ids.ecP256), { env: ENV });
    expect(r.code, r.stderr).toBe(EXIT.ok);
    await expectAllValid(second, 2);
  });

  it('refuses to certify a document that is already signed', async () => {
    const { dir, input, output } = setup();
    expect((await cli(signArgs(input, output, id()), { env: ENV })).code).toBe(EXIT.ok);
    const r = await cli(signArgs(output, join(dir, 'c.pdf'), id(), ['--certify', '2']), {
      env: ENV,
    });
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/SIGN_CERTIFY_NOT_FIRST/);
  });

  it('stops when cancelled and leaves no partial output', async () => {
    const { dir, input, output } = setup();
    const controller = new AbortController();
    controller.abort();
    const r = await cli(signArgs(input, output, id()), { env: ENV, signal: controller.signal });
    expect(r.code).toBe(EXIT.cancelled);
    expect(readdirSync(dir)).toEqual(['in.pdf']);
  });

  it('asks for the open password of an encrypted PDF on a terminal, and refuses without one', async () => {
    const { dir, input, output } = setup(
      await encryptedUserPasswordPdf(makeClassicPdf({ pages: 1 })),
    );
    const refused = await cli(signArgs(input, output, id()), { env: ENV });
    expect(refused.code).toBe(EXIT.input);
    expect(refused.stderr).toMatch(/PDF_PASSWORD_REQUIRED/);
    expectNoLeftovers(dir, ['in.pdf']);
    const asked = await cli(signArgs(input, output, id()), { env: ENV, prompt: USER_PASSWORD });
    expect(asked.code, asked.stderr).toBe(EXIT.ok);
    expect((await qpdfCheck(output, { password: USER_PASSWORD })).ok).toBe(true);
  });
});
