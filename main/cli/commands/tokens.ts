/**
 * `sealdesk tokens [--module PATH]... [--json]`: the token drivers Sealdesk knows (present or
 * absent), and per driver the slots with tokens, their PIN flags in words, and the certificates
 * paired with keys (subject, issuer, validity, key usage, key id).
 * Owns: presenting main/host's token listing. Must never: log in or ask for a PIN.
 */
import { defaultDataDir } from '../../host/data-dir';
import { listTokenModules, type ModuleReport } from '../../host/tokens';
import { EXIT } from '../exit-codes';
import { t, type CliIo } from '../cli-io';
import type { ParsedCommand, TOKENS_OPTIONS } from '../command-table';
import { pinFlagsInWords } from './interaction';

function moduleText(io: CliIo, m: ModuleReport): string {
  const source = {
    default: t(io, '默认', 'default'),
    user: t(io, '用户添加', 'added by user'),
    given: t(io, '命令行指定', 'named'),
  }[m.source];
  const state = m.present ? t(io, '已安装', 'present') : t(io, '未安装', 'absent');
  const lines = [
    t(io, `驱动 ${m.path}（${source}，${state}）`, `Driver ${m.path} (${source}, ${state})`),
  ];
  if (m.error) {
    lines.push(t(io, `  无法使用：${m.error.messageZh}`, `  cannot be used: ${m.error.message}`));
  } else if (m.present && m.tokens.length === 0) {
    lines.push(t(io, '  没有令牌', '  no tokens'));
  }
  for (const tok of m.tokens) {
    if (!tok.flags.tokenInitialized) {
      lines.push(
        t(
          io,
          `  插槽 0x${tok.slotIdHex}：空白令牌（未初始化）`,
          `  Slot 0x${tok.slotIdHex}: an empty token (not initialised)`,
        ),
      );
      continue;
    }
    lines.push(
      t(
        io,
        `  插槽 0x${tok.slotIdHex}：令牌“${tok.label}” ${tok.manufacturer} ${tok.model}，序列号 ${tok.serial}`,
        `  Slot 0x${tok.slotIdHex}: token "${tok.label}" ${tok.manufacturer} ${tok.model}, serial ${tok.serial}`,
      ),
      t(io, `    状态：`, `    state: `) +
        (pinFlagsInWords(io, tok.flags).join(t(io, '；', '; ')) ||
          t(io, '无需登录', 'no login needed')),
    );
    if (tok.keys.length === 0) lines.push(t(io, '    没有带证书的密钥', '    no certified keys'));
    for (const k of tok.keys) {
      const c = k.certificate;
      const usage = c.keyUsage ? c.keyUsage.join(', ') : t(io, '不限', 'unrestricted');
      const always = k.alwaysAuthenticate
        ? t(io, '，每次签名需 PIN', ', PIN at every signature')
        : '';
      lines.push(
        t(
          io,
          `    密钥“${k.keyLabel ?? ''}”（ID ${k.keyIdHex}，${k.keyType}${always}；${k.mechanisms.join(', ')}）`,
          `    Key "${k.keyLabel ?? ''}" (id ${k.keyIdHex}, ${k.keyType}${always}; ${k.mechanisms.join(', ')})`,
        ),
        t(io, `      主体：${c.subject}`, `      subject: ${c.subject}`),
        t(io, `      颁发者：${c.issuer}`, `      issuer: ${c.issuer}`),
        t(
          io,
          `      有效期：${c.notBefore} 至 ${c.notAfter}`,
          `      valid: ${c.notBefore} to ${c.notAfter}`,
        ),
        t(io, `      密钥用途：${usage}`, `      key usage: ${usage}`),
      );
    }
  }
  return lines.join('\n');
}

export async function tokensCommand(
  cmd: ParsedCommand<typeof TOKENS_OPTIONS>,
  io: CliIo,
): Promise<number> {
  const v = cmd.values;
  const modules = await listTokenModules({
    ...(v.module ? { modules: v.module } : {}),
    dataDir: defaultDataDir(io.env),
  });
  if (v.json) {
    const withWords = modules.map((m) => ({
      ...m,
      tokens: m.tokens.map((tok) => ({
        ...tok,
        flagWords: pinFlagsInWords({ lang: 'en' }, tok.flags),
      })),
    }));
    io.stdout.write(JSON.stringify({ ok: true, modules: withWords }, null, 2) + '\n');
  } else if (modules.length === 0) {
    io.stdout.write(
      t(
        io,
        '未找到令牌驱动。请安装令牌厂商的软件，或用 --module 路径 指定驱动。\n',
        'No token drivers found. Install the token vendor software, or name a driver with --module PATH.\n',
      ),
    );
  } else {
    io.stdout.write(modules.map((m) => moduleText(io, m)).join('\n\n') + '\n');
  }
  const namedFailed = v.module !== undefined && modules.some((m) => m.error !== undefined);
  return namedFailed ? EXIT.key : EXIT.ok;
}
