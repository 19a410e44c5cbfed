// `sealdesk keychain` and the keychain options of `sealdesk sign`, against a real gnome-keyring
// in a private D-Bus session (tests/support/keyring-session.ts), and the refusal where no
// keychain service runs (no D-Bus session: nothing is ever written to a file instead).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../../main/cli/exit-codes';
import { testPki } from '../../support/pki';
import { runInKeyringSession } from '../../support/keyring-session';
import { expectAllValid, expectNoLeftovers, workspace } from '../sign/sign-helpers';
import { scriptedCli } from './scripted-cli';

type Step = { code: number; stdout: string; stderr: string };

describe('sealdesk keychain', () => {
  it('sets, gets, overwrites and deletes a secret in gnome-keyring, printing it only with --show', async () => {
    const run = await runInKeyringSession(join(import.meta.dirname, 'keychain-cli-driver.ts'), {
      keyring: true,
      timeoutMs: 60_000,
    });
    expect(run.exitCode, run.stderr).toBe(0);
    const { steps: s, outputs } = JSON.parse(run.stdout.trim().split('\n').pop()!) as {
      steps: Record<string, Step>;
      outputs: string[];
    };
    const ok = (name: string) => {
      expect(s[name]!.code, `${name}: ${s[name]!.stderr}`).toBe(EXIT.ok);
      return s[name]!.stdout.trim();
    };
    expect(ok('getMissing')).toBe('not stored');
    expect(ok('set')).toBe('stored: PKCS#12 passphrase "seal.p12"');
    expect(ok('get')).toBe('stored');
    expect(ok('show')).toBe('first 口令');
    ok('overwrite');
    expect(JSON.parse(ok('showAfterOverwrite'))).toMatchObject({ stored: true, value: 'second' });
    expect(s['tokenPinRefused']!.code).toBe(EXIT.usage);
    expect(s['tokenPinRefused']!.stderr).toContain('KEYCHAIN_TOKEN_PIN_NOT_ALLOWED');
    expect(ok('tokenPinAllowed')).toContain('stored: token PIN');
    expect(ok('tokenPinDelete')).toContain('deleted');
    expect(ok('delete')).toContain('deleted');
    expect(ok('getAfterDelete')).toBe('not stored');
    for (const name of Object.keys(s).filter((n) => n !== 'show' && n !== 'showAfterOverwrite')) {
      expect(s[name]!.stdout + s[name]!.stderr).not.toMatch(/first 口令|second|123456/);
    }

    // --remember-passphrase keeps the passphrase after a good open; the next run reads it.
    expect(s['signRemember']!.code, s['signRemember']!.stderr).toBe(EXIT.ok);
    expect(s['signRemember']!.stderr).toContain('Passphrase remembered in the keychain');
    expect(s['signFromKeychain']!.code, s['signFromKeychain']!.stderr).toBe(EXIT.ok);
    for (const out of outputs) await expectAllValid(out, 1);
    expect(s['signFromMissingEntry']!.code).toBe(EXIT.key);
    expect(s['signFromMissingEntry']!.stderr).toContain('CLI_KEYCHAIN_SECRET_MISSING');
  });

  it('refuses clearly where no keychain service runs, and writes no file instead', async () => {
    const home = workspace();
    const env = { HOME: home };
    const set = await scriptedCli(['keychain', 'set', 'seal.p12'], { env, stdin: 'secret' });
    expect(set.code).toBe(EXIT.io);
    expect(set.stderr).toContain('KEYCHAIN_UNAVAILABLE');
    expect(set.stderr).toContain('never writes secrets to a file');
    const zh = await scriptedCli(['keychain', 'get', 'seal.p12'], { env, lang: 'zh-CN' });
    expect(zh.stderr).toContain('没有正在运行的钥匙串服务');
    const dir = workspace();
    const sign = await scriptedCli(
      [
        'sign',
        join(dir, 'in.pdf'),
        '-o',
        join(dir, 'out.pdf'),
        '--p12',
        testPki().ids.rsa2048.p12Path,
        '--passphrase-from-keychain',
        'x',
      ],
      { env },
    );
    expect(sign.code).toBe(EXIT.io);
    expect(sign.stderr).toContain('KEYCHAIN_UNAVAILABLE');
    expectNoLeftovers(home, []);
    expect(existsSync(join(dir, 'out.pdf'))).toBe(false);
  });

  it('asks for token-pin secrets to be allowed explicitly, and says how to use the command', async () => {
    const r = await scriptedCli(['keychain', 'set', 'token', '--kind', 'token-pin'], {
      stdin: '1',
    });
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain('Remember token PINs');
    const bad = await scriptedCli(['keychain', 'list']);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toContain('Unknown keychain command "list": use set, get or delete');
  });
});
