/**
 * `sealdesk keychain set|get|delete NAME [--kind KIND] [--show] [--allow-token-pin]`: the
 * secrets Sealdesk keeps in the OS keychain. `set` reads the value from a hidden prompt or from
 * piped stdin (never from an argument, which other users could see in the process list); `get`
 * says "stored" / "not stored" and prints the value only with --show.
 * Must never: print a secret without --show, or keep one after the call.
 */
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
import type { KEYCHAIN_OPTIONS, ParsedCommand } from '../command-table';
import { cliErrors } from './cli-errors';
import { readPipedStdin } from './interaction';

export interface KeychainCommandDeps {
  readonly store?: (options: { allowTokenPins: boolean }) => SecretStore;
}

export async function keychainCommand(
  cmd: ParsedCommand<typeof KEYCHAIN_OPTIONS>,
  io: CliIo,
  deps: KeychainCommandDeps = {},
): Promise<number> {
  const v = cmd.values;
  const usage = (en: string, zh: string) =>
    cliErrors('CLI_USAGE', { problem: t(io, zh, en), command: 'keychain' });
  const [action, name, ...extra] = cmd.positionals;
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
