/**
 * `sealdesk keychain set|get|delete NAME [--kind KIND] [--show] [--allow-token-pin]`: the
 * secrets Sealdesk keeps in the OS keychain. `set` reads the value from a hidden prompt or from
 * piped stdin (never from an argument, which other users could see in the process list); `get`
 * says "stored" / "not stored" and prints the value only with --show.
 * Must never: print a secret without --show, or keep one after the call.
 */
import { parseArgs } from 'node:util';
import {
  KIND_NAMES,
  SECRET_KINDS,
  keychainErrors,
  openSecretStore,
  type SecretKind,
  type SecretRef,
  type SecretStore,
} from '../../host/secrets';
import { EXIT } from '../exit-codes';
import { t, type CliIo } from '../cli-io';
import { cliErrors } from './cli-errors';
import { readPipedStdin } from './interaction';

export const KEYCHAIN_USAGE_EN = `Usage: sealdesk keychain set|get|delete NAME [--kind KIND] [options]

Keeps Sealdesk's secrets in the OS keychain (macOS Keychain, Windows Credential Manager, Secret
Service on Linux). Where no keychain runs, Sealdesk says so and never writes a file instead.

  set NAME                 store a secret: typed at a hidden prompt, or piped on stdin
  get NAME                 say whether it is stored ("stored" / "not stored")
  delete NAME              remove it

Options:
  --kind KIND              p12-passphrase (default), cloud-credential, tsa-credential, token-pin
  --show                   with get: print the secret itself
  --allow-token-pin        needed for --kind token-pin (token PINs are not kept by default)
  --json                   print the result as JSON on stdout
  --lang zh-CN|en          message language (default: from the locale)
A PKCS#12 passphrase remembered by "sign --remember-passphrase" is named by the file's
absolute path.
`;

export const KEYCHAIN_USAGE_ZH = `用法：sealdesk keychain set|get|delete 名称 [--kind 类型] [选项]

把 Sealdesk 的机密保存在系统钥匙串中（macOS 钥匙串、Windows 凭据管理器、Linux 上的 Secret
Service）。没有钥匙串服务时会明确说明，且绝不改为写入文件。

  set 名称                 保存机密：在隐藏输入的提示中键入，或经标准输入管道传入
  get 名称                 说明是否已保存（“已保存”/“未保存”）
  delete 名称              删除

选项：
  --kind 类型              p12-passphrase（默认）、cloud-credential、tsa-credential、token-pin
  --show                   与 get 同用：打印机密本身
  --allow-token-pin        使用 --kind token-pin 时必需（默认不保存令牌 PIN）
  --json                   以 JSON 格式在标准输出打印结果
  --lang zh-CN|en          消息语言（默认跟随系统区域设置）
由“sign --remember-passphrase”保存的 PKCS#12 口令以该文件的绝对路径命名。
`;

export interface KeychainCommandDeps {
  readonly store?: (options: { allowTokenPins: boolean }) => SecretStore;
}

export async function keychainCommand(
  args: string[],
  io: CliIo,
  deps: KeychainCommandDeps = {},
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        kind: { type: 'string' },
        show: { type: 'boolean' },
        'allow-token-pin': { type: 'boolean' },
        json: { type: 'boolean' },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw cliErrors('CLI_USAGE', {
      problem: e instanceof Error ? e.message : String(e),
      command: 'keychain',
    });
  }
  const v = parsed.values;
  if (v.help) {
    io.stdout.write(io.lang === 'en' ? KEYCHAIN_USAGE_EN : KEYCHAIN_USAGE_ZH);
    return EXIT.ok;
  }
  const usage = (en: string, zh: string) =>
    cliErrors('CLI_USAGE', { problem: t(io, zh, en), command: 'keychain' });
  const [action, name, ...extra] = parsed.positionals;
  if (action !== 'set' && action !== 'get' && action !== 'delete') {
    throw usage('Say set, get or delete', '请指定 set、get 或 delete');
  }
  if (name === undefined || extra.length > 0) {
    throw usage('Give exactly one secret NAME', '请指定且只指定一个机密名称');
  }
  const kind = (v.kind ?? 'p12-passphrase') as SecretKind;
  if (!SECRET_KINDS.includes(kind)) {
    throw usage(
      `--kind must be one of ${SECRET_KINDS.join(', ')}`,
      `--kind 只能是 ${SECRET_KINDS.join('、')}`,
    );
  }
  if (v.show && action !== 'get') throw usage('--show goes with get', '--show 只能与 get 同用');
  const allowTokenPins = v['allow-token-pin'] === true;
  if (kind === 'token-pin' && !allowTokenPins && action !== 'delete') {
    throw keychainErrors('KEYCHAIN_TOKEN_PIN_NOT_ALLOWED', { name });
  }
  const store = deps.store
    ? deps.store({ allowTokenPins })
    : openSecretStore({ allowTokenPins, env: io.env });
  const ref: SecretRef = { kind, name };
  const availability = await store.available();
  if (!availability.available) throw availability.reason;
  const what = t(io, KIND_NAMES[kind].zh, KIND_NAMES[kind].en);
  const report = (json: Record<string, unknown>, text: string) => {
    io.stdout.write(
      v.json ? JSON.stringify({ ok: true, kind, name, ...json }) + '\n' : text + '\n',
    );
  };

  switch (action) {
    case 'set': {
      let value: string | undefined;
      if (io.interactive && io.promptSecret) {
        value = await io.promptSecret(
          t(io, `请输入要保存的${what}“${name}”：`, `${what} "${name}" to store: `),
        );
      } else {
        const piped = await readPipedStdin(io);
        if (piped === undefined) {
          throw cliErrors('CLI_SECRET_MISSING', { what, flag: t(io, '标准输入', 'stdin') });
        }
        value = piped.replace(/\r?\n$/, '');
      }
      if (value === '') throw cliErrors('CLI_SECRET_EMPTY', { what });
      const secret = Buffer.from(value, 'utf8');
      try {
        await store.set(ref, secret);
      } finally {
        secret.fill(0);
      }
      report({ stored: true }, t(io, `已保存：${what}“${name}”`, `stored: ${what} "${name}"`));
      return EXIT.ok;
    }
    case 'get': {
      const secret = await store.get(ref);
      const stored = secret !== undefined;
      if (v.show && secret) {
        const value = secret.toString('utf8');
        secret.fill(0);
        report({ stored, value }, value);
        return EXIT.ok;
      }
      secret?.fill(0);
      report({ stored }, stored ? t(io, '已保存', 'stored') : t(io, '未保存', 'not stored'));
      return EXIT.ok;
    }
    case 'delete': {
      const removed = await store.delete(ref);
      report(
        { deleted: removed },
        removed
          ? t(io, `已删除：${what}“${name}”`, `deleted: ${what} "${name}"`)
          : t(io, '未保存，无需删除', 'not stored; nothing to delete'),
      );
      return EXIT.ok;
    }
  }
}
