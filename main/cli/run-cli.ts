/**
 * The `sealdesk` command dispatcher: picks the command, runs it, turns every failure into a
 * localised message on stderr (and a JSON error object on stdout with --json) and an exit code.
 * Owns: argument dispatch and error presentation. Commands call main/host, never the core.
 */
import { asSealdeskError } from '../errors/sealdesk-error';
import { parseLang, type Lang } from '../i18n/locale';
import { t, type CliIo } from './cli-io';
import { keychainCommand } from './commands/keychain';
import { ltvCommand } from './commands/ltv';
import { sealCommand } from './commands/seal';
import { signCommand } from './commands/sign';
import { trustCommand } from './commands/trust';
import { verifyCommand } from './commands/verify';
import { tokensCommand } from './commands/tokens';
import { EXIT, exitCodeFor } from './exit-codes';

type Command = (args: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, { run: Command; en: string; zh: string }> = {
  seal: {
    run: sealCommand,
    en: 'create, import, list, rename, delete and export seals (印章)',
    zh: '生成、导入、列出、重命名、删除和导出印章',
  },
  sign: {
    run: signCommand,
    en: 'sign a PDF (PAdES) with a PKCS#12 key or a token, or a batch',
    zh: '使用 PKCS#12 密钥或令牌签署 PDF（PAdES），或批量签署',
  },
  tokens: {
    run: tokensCommand,
    en: 'list token drivers, tokens, PIN state and certificates',
    zh: '列出令牌驱动、令牌、PIN 状态和证书',
  },
  keychain: {
    run: keychainCommand,
    en: 'store, check or delete secrets in the OS keychain',
    zh: '在系统钥匙串中保存、查看或删除机密',
  },
  verify: {
    run: verifyCommand,
    en: 'verify the signatures of PDFs or folders of PDFs',
    zh: '验证 PDF（或文件夹中所有 PDF）的签名',
  },
  ltv: {
    run: ltvCommand,
    en: 'raise signed PDFs to PAdES B-LT/B-LTA (augment, queue) and renew archives',
    zh: '将已签署的 PDF 提升到 PAdES B-LT/B-LTA（增强、队列），并为归档续期',
  },
  trust: {
    run: trustCommand,
    en: 'manage trusted root certificates (import, list, remove)',
    zh: '管理信任的根证书（导入、列出、删除）',
  },
};

export const VERSION = '0.1.0';

function usage(io: CliIo): string {
  const lines = Object.entries(COMMANDS).map(
    ([name, c]) => `  ${name.padEnd(10)} ${t(io, c.zh, c.en)}`,
  );
  return t(
    io,
    `Sealdesk ${VERSION}：离线签署和验证 PDF 电子签章\n\n用法：sealdesk <命令> [参数]\n\n命令：\n${lines.join('\n')}\n\n运行“sealdesk <命令> --help”查看各命令的用法。\n`,
    `Sealdesk ${VERSION}: sign and verify PDFs with electronic seals, offline\n\nUsage: sealdesk <command> [arguments]\n\nCommands:\n${lines.join('\n')}\n\nRun "sealdesk <command> --help" for a command's usage.\n`,
  );
}

/** Finds `--lang X` / `--lang=X` anywhere in argv (before the command parses it). */
function langFromArgs(argv: readonly string[]): Lang | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--lang') return parseLang(argv[i + 1]);
    if (a.startsWith('--lang=')) return parseLang(a.slice(7));
  }
  return undefined;
}

export async function runCli(argv: readonly string[], baseIo: CliIo): Promise<number> {
  const io: CliIo = { ...baseIo, lang: langFromArgs(argv) ?? baseIo.lang };
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.stdout.write(usage(io));
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  if (command === '--version' || command === 'version') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  const entry = COMMANDS[command];
  if (!entry) {
    io.stderr.write(
      t(io, `未知命令“${command}”。\n\n`, `Unknown command "${command}".\n\n`) + usage(io),
    );
    return EXIT.usage;
  }
  try {
    return await entry.run(rest, io);
  } catch (e) {
    const err = asSealdeskError(e);
    const message = err.localized(io.lang);
    io.stderr.write(`${t(io, '错误', 'Error')} [${err.code}]: ${message}\n`);
    if (rest.includes('--json')) {
      io.stdout.write(
        JSON.stringify({ ok: false, error: { code: err.code, message } }, null, 2) + '\n',
      );
    }
    if (err.category === 'internal' && io.env.SEALDESK_DEBUG)
      io.stderr.write(`${String(err.cause)}\n`);
    return exitCodeFor(err.category);
  }
}
