/**
 * `sealdesk trust import|list|remove`: the user's trust anchors (main/verify/trust-store.ts in
 * the user data folder chosen by main/host/verification.ts).
 * Owns: presentation only.
 */
import { parseArgs } from 'node:util';
import { openTrustStore, userDataDir } from '../../host/verification';
import { t, type CliIo } from '../cli-io';
import { cliErrors } from './sign';

const USAGE_EN = `Usage:
  sealdesk trust import FILE|DIR     trust the certificates in PEM/DER/P7B files
  sealdesk trust list [--json]       show the trusted anchors
  sealdesk trust remove FINGERPRINT  stop trusting an anchor (SHA-256 fingerprint)

The store lives in $SEALDESK_DATA_DIR, else $XDG_DATA_HOME/sealdesk (~/.local/share/sealdesk).
`;
const USAGE_ZH = `用法：
  sealdesk trust import 文件|文件夹   信任 PEM/DER/P7B 文件中的证书
  sealdesk trust list [--json]        列出信任的根证书
  sealdesk trust remove 指纹          不再信任某个证书（SHA-256 指纹）

信任库位于 $SEALDESK_DATA_DIR，否则为 $XDG_DATA_HOME/sealdesk（~/.local/share/sealdesk）。
`;

/** Runs `sealdesk trust ...` (synchronous file work, wrapped for the command table). */
export function trustCommand(args: string[], io: CliIo): Promise<number> {
  return Promise.resolve().then(() => trustSync(args, io));
}

function trustSync(args: string[], io: CliIo): number {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw cliErrors('CLI_USAGE', {
      problem: e instanceof Error ? e.message : String(e),
      command: 'trust',
    });
  }
  const [sub, arg, ...extra] = parsed.positionals;
  if (parsed.values.help || sub === undefined) {
    io.stdout.write(io.lang === 'en' ? USAGE_EN : USAGE_ZH);
    return parsed.values.help ? 0 : 2;
  }
  const usage = (zh: string, en: string) =>
    cliErrors('CLI_USAGE', { problem: t(io, zh, en), command: 'trust' });
  const store = openTrustStore(io.env);
  const json = parsed.values.json ?? false;
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
