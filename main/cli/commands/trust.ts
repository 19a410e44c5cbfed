/**
 * `sealdesk trust import|list|remove`: the user's trust anchors (main/verify/trust-store.ts in
 * the user data folder chosen by main/host/verification.ts).
 * Owns: presentation only (options, sub-commands and --help are in ../command-table.ts).
 */
import { openTrustStore, userDataDir } from '../../host/verification';
import { t, type CliIo } from '../cli-io';
import type { ParsedCommand, TRUST_OPTIONS } from '../command-table';
import { cliErrors } from './cli-errors';

/** Runs `sealdesk trust ...` (synchronous file work, wrapped for the command table). */
export function trustCommand(cmd: ParsedCommand<typeof TRUST_OPTIONS>, io: CliIo): Promise<number> {
  return Promise.resolve().then(() => trustSync(cmd, io));
}

function trustSync(cmd: ParsedCommand<typeof TRUST_OPTIONS>, io: CliIo): number {
  const [sub, arg, ...extra] = cmd.positionals;
  const usage = (zh: string, en: string) =>
    cliErrors('CLI_USAGE', { problem: t(io, zh, en), command: 'trust' });
  const store = openTrustStore(io.env);
  const json = cmd.values.json ?? false;
  const entryJson = (e: {
    fingerprint: string;
    subject: string;
    issuer: string;
    notBefore: Date;
    notAfter: Date;
  }) => ({
    fingerprint: e.fingerprint,
    subject: e.subject,
    issuer: e.issuer,
    notBefore: e.notBefore.toISOString(),
    notAfter: e.notAfter.toISOString(),
  });
  switch (sub) {
    case 'import': {
      if (arg === undefined || extra.length > 0)
        throw usage(
          '请指定且只指定一个证书文件或文件夹',
          'Give exactly one certificate file or folder',
        );
      const r = store.import(arg);
      if (json) {
        io.stdout.write(
          JSON.stringify(
            {
              ok: true,
              added: r.added.map(entryJson),
              alreadyTrusted: r.alreadyTrusted.map(entryJson),
              skipped: r.skipped,
            },
            null,
            2,
          ) + '\n',
        );
      } else {
        for (const e of r.added)
          io.stdout.write(`${t(io, '已信任', 'Trusted')}: ${e.subject}\n  ${e.fingerprint}\n`);
        for (const e of r.alreadyTrusted)
          io.stdout.write(`${t(io, '已在信任库中', 'Already trusted')}: ${e.subject}\n`);
        for (const s of r.skipped)
          io.stderr.write(`${t(io, '已跳过', 'Skipped')}: ${s.file} (${s.reason})\n`);
        if (r.added.length > 0 && r.added.some((e) => !e.selfSigned)) {
          io.stderr.write(
            t(
              io,
              '注意：导入的证书中有非自签名证书；信任它意味着信任它签发的一切。\n',
              'Note: some imported certificates are not self-signed; trusting one trusts everything it issues.\n',
            ),
          );
        }
      }
      return 0;
    }
    case 'list': {
      if (arg !== undefined) throw usage('list 不接受参数', 'list takes no argument');
      const list = store.list();
      if (json) {
        io.stdout.write(
          JSON.stringify({ folder: store.folder, anchors: list.map(entryJson) }, null, 2) + '\n',
        );
      } else {
        io.stdout.write(
          `${t(io, '信任库', 'Trust store')}: ${store.folder} (${userDataDir(io.env)})\n`,
        );
        if (list.length === 0) io.stdout.write(t(io, '（空）\n', '(empty)\n'));
        for (const e of list) {
          io.stdout.write(
            `${e.fingerprint}\n  ${e.subject}\n  ${e.notBefore.toISOString().slice(0, 10)} — ${e.notAfter.toISOString().slice(0, 10)}\n`,
          );
        }
      }
      return 0;
    }
    case 'remove': {
      if (arg === undefined || extra.length > 0)
        throw usage('请指定要删除的证书指纹', 'Give the fingerprint of the anchor to remove');
      const e = store.remove(arg);
      if (json)
        io.stdout.write(JSON.stringify({ ok: true, removed: entryJson(e) }, null, 2) + '\n');
      else io.stdout.write(`${t(io, '已删除', 'Removed')}: ${e.subject}\n`);
      return 0;
    }
    default:
      throw usage(`未知的子命令“${sub}”`, `Unknown subcommand "${sub}"`);
  }
}
