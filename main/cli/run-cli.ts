/**
 * The `sealdesk` command dispatcher: picks the language, answers `--version` and `--help`,
 * parses the command's options from the command table (command-table.ts), loads the command's
 * module only then, runs it, and turns every failure into a localised message on stderr (and a
 * JSON error object on stdout with --json) and an exit code.
 * Owns: argument dispatch, usage errors and error presentation. Commands call main/host, never
 * the core.
 * Must never: import a command module or main/host statically: `--version`, `--help` and usage
 * errors load nothing but this file, the table and the texts.
 */
import { parseArgs } from 'node:util';
import { asSealdeskError } from '../errors/sealdesk-error';
import { parseLang, type Lang } from '../i18n/locale';
import { t, type CliIo } from './cli-io';
import {
  COMMANDS,
  COMMON_OPTIONS,
  findCommand,
  VERSION,
  type CommandEntry,
  type OptionsConfig,
  type ParsedCommand,
} from './command-table';
import { cliErrors } from './commands/cli-errors';
import { EXIT, exitCodeFor } from './exit-codes';

export { VERSION };

function overview(io: CliIo): string {
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${t(io, c.summary.zh, c.summary.en)}`);
  return t(
    io,
    `Sealdesk ${VERSION}：离线签署和验证 PDF 电子签章\n\n用法：sealdesk <命令> [参数]\n\n命令：\n${lines.join('\n')}\n\n选项：\n  --lang zh-CN|en  消息语言（默认跟随系统区域设置：中文或未设置时为中文）\n  --version        显示版本\n\n运行“sealdesk <命令> --help”查看各命令的用法。\n`,
    `Sealdesk ${VERSION}: sign and verify PDFs with electronic seals, offline\n\nUsage: sealdesk <command> [arguments]\n\nCommands:\n${lines.join('\n')}\n\nOptions:\n  --lang zh-CN|en  message language (default: from the locale; Chinese when it is Chinese or unset)\n  --version        print the version\n\nRun "sealdesk <command> --help" for a command's usage.\n`,
  );
}

/**
 * Finds `--lang X` / `--lang=X` anywhere in argv (before the command parses it). Undefined when
 * absent; null when given with a value that is neither Chinese nor English.
 */
function langFromArgs(argv: readonly string[]): Lang | null | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return undefined;
    if (a === '--lang') return parseLang(argv[i + 1]) ?? null;
    if (a.startsWith('--lang=')) return parseLang(a.slice(7)) ?? null;
  }
  return undefined;
}

/** The option named in one of node:util parseArgs's messages ('--p12', "'-x'"). */
const quoted = (message: string): string => /'([^']*)'/.exec(message)?.[1] ?? message;

/** node:util parseArgs's (English-only) errors, said in the session's language. */
function parseProblem(io: CliIo, e: unknown): string {
  const code = (e as { code?: string }).code;
  const message = e instanceof Error ? e.message : String(e);
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const opt = quoted(message);
      return t(io, `未知选项“${opt}”`, `Unknown option "${opt}"`);
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const inner = quoted(message);
      const opt = /--[\w-]+/.exec(inner)?.[0] ?? inner.split(' ')[0]!;
      return /argument missing/.test(message)
        ? t(io, `选项 ${opt} 缺少取值`, `Option ${opt} needs a value`)
        : t(io, `选项 ${opt} 不接受取值`, `Option ${opt} takes no value`);
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const arg = quoted(message);
      return t(io, `多余的参数“${arg}”`, `Unexpected argument "${arg}"`);
    }
    default:
      return message;
  }
}

/**
 * Parses a command's arguments with its table entry (strict: unknown options are usage
 * errors in the session's language). Exported for tests that call a command module directly.
 */
export function parseCommandArgs<O extends OptionsConfig = OptionsConfig>(
  entry: CommandEntry,
  args: readonly string[],
  io: CliIo,
): ParsedCommand<O> {
  try {
    const parsed = parseArgs({
      args: [...args],
      options: { ...entry.options, ...COMMON_OPTIONS },
      strict: true,
      allowPositionals: true,
      tokens: true,
    });
    if (entry.positionals === false && parsed.positionals.length > 0) {
      throw Object.assign(new Error(`Unexpected argument '${parsed.positionals[0]!}'`), {
        code: 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL',
      });
    }
    return parsed as unknown as ParsedCommand<O>;
  } catch (e) {
    throw cliErrors('CLI_USAGE', { problem: parseProblem(io, e), command: entry.name });
  }
}

/** "a, b or c" / "a、b 或 c". */
function choices(io: CliIo, names: readonly string[]): string {
  const last = names[names.length - 1]!;
  const rest = names.slice(0, -1);
  return t(io, `${rest.join('、')} 或 ${last}`, `${rest.join(', ')} or ${last}`);
}

/** The session's language: `--lang` on the command line, else the environment's choice. */
export function sessionLang(argv: readonly string[], fromEnv: Lang): Lang {
  return langFromArgs(argv) ?? fromEnv;
}

export async function runCli(argv: readonly string[], baseIo: CliIo): Promise<number> {
  const asked = langFromArgs(argv);
  const io: CliIo = { ...baseIo, lang: asked ?? baseIo.lang };
  const fail = (e: unknown, json: boolean): number => {
    const err = asSealdeskError(e);
    const message = err.localized(io.lang);
    io.stderr.write(`${t(io, '错误', 'Error')} [${err.code}]: ${message}\n`);
    if (json) {
      io.stdout.write(
        JSON.stringify({ ok: false, error: { code: err.code, message } }, null, 2) + '\n',
      );
    }
    if (err.category === 'internal' && io.env.SEALDESK_DEBUG)
      io.stderr.write(`${String(err.cause)}\n`);
    return exitCodeFor(err.category);
  };

  // `sealdesk --lang en verify ...`: a leading --lang belongs to no command.
  let args = argv;
  while (args[0] === '--lang' || args[0]?.startsWith('--lang=')) {
    args = args.slice(args[0] === '--lang' ? 2 : 1);
  }
  const [command, ...rest] = args;
  if (asked === null) {
    io.stderr.write(
      t(io, '--lang 只能是 zh-CN 或 en。\n\n', '--lang must be zh-CN or en.\n\n') + overview(io),
    );
    return EXIT.usage;
  }
  if (command === undefined) {
    io.stderr.write(overview(io));
    return EXIT.usage;
  }
  if (command === 'help' || command === '--help' || command === '-h') {
    const about = rest[0] !== undefined ? findCommand(rest[0]) : undefined;
    io.stdout.write(about ? t(io, about.usage.zh, about.usage.en) : overview(io));
    return EXIT.ok;
  }
  if (command === '--version' || command === 'version' || command === '-V') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  const entry = findCommand(command);
  if (!entry) {
    io.stderr.write(
      t(io, `未知命令“${command}”。\n\n`, `Unknown command "${command}".\n\n`) + overview(io),
    );
    return EXIT.usage;
  }
  const wantsJson = rest.includes('--json');
  let parsed: ParsedCommand<CommandEntry['options']>;
  try {
    parsed = parseCommandArgs(entry, rest, io);
  } catch (e) {
    return fail(e, wantsJson);
  }
  const usage = t(io, entry.usage.zh, entry.usage.en);
  const sub = parsed.positionals[0];
  if (parsed.values.help || (entry.subcommands && sub === 'help')) {
    io.stdout.write(usage);
    return EXIT.ok;
  }
  if (entry.subcommands) {
    if (sub === undefined) {
      io.stderr.write(usage);
      return EXIT.usage;
    }
    if (!entry.subcommands.includes(sub)) {
      const list = choices(io, entry.subcommands);
      return fail(
        cliErrors('CLI_USAGE', {
          problem: t(
            io,
            `未知的 ${entry.name} 子命令“${sub}”：请使用 ${list}`,
            `Unknown ${entry.name} command "${sub}": use ${list}`,
          ),
          command: entry.name,
        }),
        wantsJson,
      );
    }
  }
  try {
    const run = await entry.load();
    return await run(parsed, io);
  } catch (e) {
    return fail(e, wantsJson);
  }
}
