/**
 * `sealdesk tokens [--module PATH]... [--json]`: the token drivers Sealdesk knows (present or
 * absent), and per driver the slots with tokens, their PIN flags in words, and the certificates
 * paired with keys (subject, issuer, validity, key usage, key id).
 * Owns: presenting main/host's token listing. Must never: log in or ask for a PIN.
 */
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../../host/data-dir';
import { listTokenModules, type ModuleReport } from '../../host/tokens';
import { EXIT } from '../exit-codes';
import { t, type CliIo } from '../cli-io';
import { cliErrors } from './cli-errors';
import { pinFlagsInWords } from './interaction';

export const TOKENS_USAGE_EN = `Usage: sealdesk tokens [--module PATH]... [--json]

Lists the token drivers (PKCS#11 modules) Sealdesk knows, whether each is installed, and for
each the tokens it sees: label, maker, model, serial, PIN state, and the certified keys on it.
No PIN is asked; keys hidden until login are listed from their certificates.

Options:
  --module PATH            look only at this driver (may be repeated)
  --json                   print the listing as JSON on stdout
  --lang zh-CN|en          message language (default: from the locale)
Exit code 4 when a driver named with --module cannot be used.
`;

export const TOKENS_USAGE_ZH = `用法：sealdesk tokens [--module 路径]... [--json]

列出 Sealdesk 已知的令牌驱动（PKCS#11 模块）及其是否已安装，并列出每个驱动发现的令牌：
标签、厂商、型号、序列号、PIN 状态，以及令牌上带证书的密钥。不会询问 PIN；登录前不可见的
密钥按其证书列出。

选项：
  --module 路径            只查看此驱动（可重复）
  --json                   以 JSON 格式在标准输出打印
  --lang zh-CN|en          消息语言（默认跟随系统区域设置）
用 --module 指定的驱动无法使用时，退出码为 4。
`;

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

export async function tokensCommand(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      options: {
        module: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw cliErrors('CLI_USAGE', {
      problem: e instanceof Error ? e.message : String(e),
      command: 'tokens',
    });
  }
  const v = parsed.values;
  if (v.help) {
    io.stdout.write(io.lang === 'en' ? TOKENS_USAGE_EN : TOKENS_USAGE_ZH);
    return EXIT.ok;
  }
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
