// `sealdesk sign --pkcs11` and `sealdesk tokens` against a real SoftHSM2 token filled with
// test-PKI keys (RSA-2048, EC P-256, and an EC P-384 key with CKA_ALWAYS_AUTHENTICATE).
// Signatures are judged by pdfsig, mutool and qpdf; failures by code, exit code and leftovers.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../main/cli/exit-codes';
import type { CliIo } from '../../../main/cli/cli-io';
import { findCommand, type SIGN_OPTIONS } from '../../../main/cli/command-table';
import { signCommand } from '../../../main/cli/commands/sign';
import type { SignCommandDeps } from '../../../main/cli/commands/sign-shared';
import { parseCommandArgs } from '../../../main/cli/run-cli';
import { isSealdeskError } from '../../../main/errors/sealdesk-error';
import { CKF_TOKEN } from '../../../main/pkcs11/token-flags';
import { makeClassicPdf } from '../../fixtures/pdfs/classic-pdf';
import { testPki } from '../../support/pki';
import { createSoftHsm, TEST_USER_PIN, type SoftHsm } from '../../support/softhsm';
import { chainOnToken } from '../batch/batch-fixtures';
import { expectAllValid, expectNoLeftovers, sha256File, workspace } from '../sign/sign-helpers';
import { scriptedCli, scriptedIo } from './scripted-cli';

const TOKEN = 'CLI Seal';
const ENV = { TOKEN_PIN: TEST_USER_PIN, BAD_PIN: '999999' };
let hsm: SoftHsm;

beforeAll(() => {
  const { ids } = testPki();
  hsm = createSoftHsm();
  hsm.initToken(TOKEN);
  hsm.importIdentity({
    tokenLabel: TOKEN,
    keyPem: ids.rsa2048.keyPem,
    certDer: ids.rsa2048.certDer,
    label: 'rsa seal',
    idHex: '01',
  });
  hsm.importIdentity({
    tokenLabel: TOKEN,
    keyPem: ids.ecP256.keyPem,
    certDer: ids.ecP256.certDer,
    label: 'ec seal',
    idHex: '02',
  });
  hsm.importIdentity({
    tokenLabel: TOKEN,
    keyPem: ids.ecP384.keyPem,
    certDer: ids.ecP384.certDer,
    label: 'always auth',
    idHex: 'a1b2',
    alwaysAuthenticate: true,
  });
  chainOnToken(hsm, TOKEN);
});
afterAll(() => hsm.cleanup());

function setup() {
  const dir = workspace();
  const input = join(dir, 'in.pdf');
  writeFileSync(input, makeClassicPdf({ pages: 2 }));
  return { dir, input, output: join(dir, 'out.pdf') };
}

/** `sealdesk sign ARGS` with test deps: the command module called directly, as the table would. */
const signDirect = (args: string[], io: CliIo, deps: SignCommandDeps) =>
  signCommand(parseCommandArgs<typeof SIGN_OPTIONS>(findCommand('sign')!, args, io), io, deps);

const tokenArgs = (input: string, output: string, extra: string[]) => [
  'sign',
  input,
  '-o',
  output,
  '--pkcs11',
  '--module',
  hsm.modulePath,
  '--token',
  TOKEN,
  ...extra,
];

describe('sealdesk sign --pkcs11', () => {
  it.each([
    ['an RSA-2048 key chosen by label', ['--key', 'rsa seal']],
    ['an EC P-256 key chosen by id', ['--key-id', '02']],
    ['a key that asks for the PIN at every signature', ['--key', 'always auth']],
  ])('signs with %s, with the PIN from a variable', async (_what, key) => {
    const { input, output } = setup();
    const r = await scriptedCli(
      tokenArgs(input, output, [...key, '--pin-env', 'TOKEN_PIN', '--json']),
      {
        env: ENV,
      },
    );
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect((JSON.parse(r.stdout) as { inputSha256: string }).inputSha256).toBe(sha256File(input));
    await expectAllValid(output, 1);
  });

  it('shows the PIN state in words before asking for the PIN on a terminal', async () => {
    const { input, output } = setup();
    const r = await scriptedCli(tokenArgs(input, output, ['--key', 'ec seal']), {
      secrets: [TEST_USER_PIN],
    });
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(r.stderr).toContain(`Token "${TOKEN}": login required`);
    expect(r.asked).toEqual([`PIN for token "${TOKEN}": `]);
    expect(r.stdout + r.stderr).not.toContain(TEST_USER_PIN);
    await expectAllValid(output, 1);
  });

  it('asks the PIN again for each signature of an always-authenticate key on a terminal', async () => {
    const { input, output } = setup();
    const r = await scriptedCli(tokenArgs(input, output, ['--key', 'always auth']), {
      secrets: [TEST_USER_PIN, TEST_USER_PIN],
    });
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(r.asked).toHaveLength(2);
    expect(r.asked[1]).toContain('asks for the PIN at every signature');
  });

  type Case = { what: string; extra: string[]; code: number; error: string; message: RegExp };
  const cases: Case[] = [
    {
      what: 'a wrong PIN',
      extra: ['--key', 'rsa seal', '--pin-env', 'BAD_PIN'],
      code: EXIT.key,
      error: 'PKCS11_PIN_INCORRECT',
      message: /PIN for token "CLI Seal" is incorrect/,
    },
    {
      what: 'an unknown token label',
      extra: ['--key', 'rsa seal', '--pin-env', 'TOKEN_PIN', '--token', 'No Such Token'],
      code: EXIT.key,
      error: 'PKCS11_TOKEN_NOT_FOUND',
      message: /No token labelled "No Such Token".*"CLI Seal"/,
    },
    {
      what: 'a key that is not on the token',
      extra: ['--key', 'missing seal', '--pin-env', 'TOKEN_PIN'],
      code: EXIT.key,
      error: 'PKCS11_KEY_NOT_FOUND',
      message: /no signing key "missing seal".*rsa seal/,
    },
    {
      what: 'a driver path that does not exist',
      extra: ['--key', 'rsa seal', '--pin-env', 'TOKEN_PIN', '--module', '/opt/none/libvendor.so'],
      code: EXIT.key,
      error: 'PKCS11_MODULE_LOAD_FAILED',
      message: /\/opt\/none\/libvendor\.so: the file does not exist/,
    },
    {
      what: 'no PIN and no terminal',
      extra: ['--key', 'rsa seal'],
      code: EXIT.usage,
      error: 'CLI_SECRET_MISSING',
      message: /--pin-env/,
    },
  ];

  it.each(cases)('gives a clear error for $what, its exit code, and writes nothing', async (c) => {
    const { dir, input, output } = setup();
    // Later flags win in parseArgs, so a case may override --token / --module.
    const r = await scriptedCli([...tokenArgs(input, output, c.extra), '--json'], { env: ENV });
    expect(r.code, r.stderr).toBe(c.code);
    const json = JSON.parse(r.stdout) as { ok: boolean; error: { code: string } };
    expect(json).toMatchObject({ ok: false, error: { code: c.error } });
    expect(r.stderr).toMatch(c.message);
    expect(r.stdout + r.stderr).not.toContain('999999');
    expect(r.stdout + r.stderr).not.toContain(TEST_USER_PIN);
    expectNoLeftovers(dir, ['in.pdf']);
  });

  describe('at the final PIN try (flags shown through the test seam)', () => {
    const deps = {
      signing: { pkcs11: { viewTokenFlags: (f: number) => f | CKF_TOKEN.USER_PIN_FINAL_TRY } },
    };

    it('refuses without --confirm-final-try when nobody can be asked, and tries nothing', async () => {
      const { dir, input, output } = setup();
      const { io } = scriptedIo({ env: ENV });
      const error = await signDirect(
        tokenArgs(input, output, ['--key', 'rsa seal', '--pin-env', 'TOKEN_PIN']).slice(1),
        io,
        deps,
      ).catch((e: unknown) => e);
      expect(isSealdeskError(error, 'PKCS11_PIN_FINAL_TRY_UNCONFIRMED')).toBe(true);
      expectNoLeftovers(dir, ['in.pdf']);
      const confirmed = await signDirect(
        tokenArgs(input, output, [
          '--key',
          'rsa seal',
          '--pin-env',
          'TOKEN_PIN',
          '--confirm-final-try',
        ]).slice(1),
        io,
        deps,
      );
      expect(confirmed).toBe(EXIT.ok);
    });

    it('asks an explicit yes/no on a terminal before asking the PIN, and stops at "no"', async () => {
      const { dir, input, output } = setup();
      const no = scriptedIo({ answers: ['n'], secrets: [] });
      const refused = await signDirect(
        tokenArgs(input, output, ['--key', 'rsa seal']).slice(1),
        no.io,
        deps,
      ).catch((e: unknown) => e);
      expect(isSealdeskError(refused, 'PKCS11_PIN_FINAL_TRY_UNCONFIRMED')).toBe(true);
      expect(no.result().asked).toEqual([expect.stringContaining('Use the last try?')]);
      expectNoLeftovers(dir, ['in.pdf']);

      const yes = scriptedIo({ answers: ['yes'], secrets: [TEST_USER_PIN] });
      const code = await signDirect(
        tokenArgs(input, output, ['--key', 'rsa seal']).slice(1),
        yes.io,
        deps,
      );
      expect(code).toBe(EXIT.ok);
      expect(yes.result().asked).toEqual([
        expect.stringContaining('Use the last try?'),
        `PIN for token "${TOKEN}": `,
      ]);
      expect(yes.result().stderr).toContain('final PIN try');
    });
  });
});

describe('sealdesk tokens', () => {
  it('lists the driver, the token, its PIN state in words and the certified keys', async () => {
    const r = await scriptedCli(['tokens', '--module', hsm.modulePath]);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(r.stdout).toContain(`Driver ${hsm.modulePath} (named, present)`);
    expect(r.stdout).toMatch(
      /Slot 0x[0-9a-f]+: token "CLI Seal" SoftHSM project SoftHSM v2, serial [0-9a-f]{16}/,
    );
    expect(r.stdout).toContain('state: login required');
    expect(r.stdout).toContain('Key "rsa seal" (id 01, rsa; CKM_RSA_PKCS, CKM_RSA_PKCS_PSS)');
    expect(r.stdout).toMatch(
      /subject: .*CN=Sealdesk Test Signer RSA 2048\n\s+issuer: .*CN=Sealdesk Test Issuing CA/,
    );
    expect(r.stdout).toMatch(/Slot 0x[0-9a-f]+: an empty token \(not initialised\)/);
    expect(r.stdout).toMatch(/key usage: digitalSignature/);
    expect(r.stdout).not.toContain('issuing CA');
  });

  it('prints JSON with flags and certificates, and speaks Chinese', async () => {
    const r = await scriptedCli(['tokens', '--module', hsm.modulePath, '--json']);
    const json = JSON.parse(r.stdout) as {
      modules: {
        present: boolean;
        tokens: { label: string; flagWords: string[]; keys: { keyIdHex: string }[] }[];
      }[];
    };
    const token = json.modules[0]!.tokens.find((t) => t.label === TOKEN)!;
    expect(token.flagWords).toContain('login required');
    expect(token.keys.map((k) => k.keyIdHex).sort()).toEqual(['01', '02', 'a1b2']);
    const zh = await scriptedCli(['tokens', '--module', hsm.modulePath], { lang: 'zh-CN' });
    expect(zh.stdout).toContain('状态：需要登录');
  });

  it('reports a driver that does not exist in its row and exits with the key code', async () => {
    const r = await scriptedCli([
      'tokens',
      '--module',
      '/opt/none/libvendor.so',
      '--module',
      hsm.modulePath,
    ]);
    expect(r.code).toBe(EXIT.key);
    expect(r.stdout).toContain('Driver /opt/none/libvendor.so (named, absent)');
    expect(r.stdout).toMatch(/cannot be used: .*the file does not exist/);
    expect(r.stdout).toContain('token "CLI Seal"');
  });
});
