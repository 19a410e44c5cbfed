/**
 * The `sealdesk` command table: for every command its name, one-line summary and usage in both
 * languages, its options (node:util parseArgs), its sub-commands, and a lazy `import()` of the
 * module that runs it.
 *
 * Owns: what the command line accepts. run-cli.ts parses, answers `--help`, `--version` and
 * usage errors from this table alone; a command's module (and with it main/host, the PKI
 * libraries, fonts and PDF code) is loaded only when that command runs.
 * Must never: import a command module or main/host statically (only `import()` in `load`), or
 * hold behaviour beyond describing the commands: that is what keeps `sealdesk --version` and
 * `--help` as fast as starting node.
 */
import type { parseArgs, ParseArgsConfig } from 'node:util';
import type { CliIo } from './cli-io';
import {
  KEYCHAIN_USAGE,
  LTV_USAGE,
  SEAL_USAGE,
  SIGN_USAGE,
  TOKENS_USAGE,
  TRUST_USAGE,
  VERIFY_USAGE,
  type Texts,
} from './usage-texts';

export const VERSION = '0.1.0';

/** parseArgs's options object. */
export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** Options every command accepts; run-cli.ts handles them before the command runs. */
export const COMMON_OPTIONS = {
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionsConfig;

/** A command line as parsed for a command: values, positionals and the tokens (in order). */
export type ParsedCommand<O extends OptionsConfig> = ReturnType<
  typeof parseArgs<{
    args: string[];
    options: O & typeof COMMON_OPTIONS;
    strict: true;
    allowPositionals: true;
    tokens: true;
  }>
>;

/** What a command's module exports for the table: runs the parsed command, returns the exit code. */
export type CommandHandler<O extends OptionsConfig> = (
  cmd: ParsedCommand<O>,
  io: CliIo,
) => Promise<number>;

export interface CommandEntry<O extends OptionsConfig = OptionsConfig> {
  readonly name: string;
  readonly summary: Texts;
  /** The `--help` text. */
  readonly usage: Texts;
  /** The command's own options; COMMON_OPTIONS are added by the parser. */
  readonly options: O;
  /** False when the command takes no positional argument. */
  readonly positionals?: boolean;
  /** When set, the first positional must be one of these (`help` is always accepted too). */
  readonly subcommands?: readonly string[];
  readonly load: () => Promise<CommandHandler<O>>;
}

export const SEAL_OPTIONS = {
  type: { type: 'string' },
  org: { type: 'string' },
  title: { type: 'string' },
  code: { type: 'string' },
  size: { type: 'string' },
  name: { type: 'string' },
  output: { type: 'string', short: 'o' },
  svg: { type: 'string' },
  png: { type: 'string' },
  'width-mm': { type: 'string' },
  library: { type: 'string' },
  json: { type: 'boolean' },
} as const satisfies OptionsConfig;

/** The seal flags of `sealdesk sign` (seals on pages). */
export const SIGN_SEAL_OPTIONS = {
  seal: { type: 'string' },
  page: { type: 'string', multiple: true },
  at: { type: 'string', multiple: true },
  'paging-seal': { type: 'boolean' },
  pages: { type: 'string' },
  'date-stamp': { type: 'boolean' },
  'date-format': { type: 'string' },
  'time-zone': { type: 'string' },
  'seal-text': { type: 'boolean' },
} as const satisfies OptionsConfig;

export const SIGN_OPTIONS = {
  output: { type: 'string', short: 'o' },
  p12: { type: 'string' },
  'passphrase-env': { type: 'string' },
  'passphrase-from-keychain': { type: 'string' },
  'remember-passphrase': { type: 'boolean' },
  pkcs11: { type: 'boolean' },
  module: { type: 'string' },
  token: { type: 'string' },
  key: { type: 'string' },
  'key-id': { type: 'string' },
  'pin-env': { type: 'string' },
  'confirm-final-try': { type: 'boolean' },
  batch: { type: 'boolean' },
  recursive: { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  'password-env': { type: 'string' },
  field: { type: 'string' },
  reason: { type: 'string' },
  location: { type: 'string' },
  contact: { type: 'string' },
  certify: { type: 'string' },
  hash: { type: 'string' },
  pss: { type: 'boolean' },
  level: { type: 'string' },
  tsa: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  ...SIGN_SEAL_OPTIONS,
} as const satisfies OptionsConfig;

export const TOKENS_OPTIONS = {
  module: { type: 'string', multiple: true },
  json: { type: 'boolean' },
} as const satisfies OptionsConfig;

export const KEYCHAIN_OPTIONS = {
  kind: { type: 'string' },
  show: { type: 'boolean' },
  'allow-token-pin': { type: 'boolean' },
  json: { type: 'boolean' },
} as const satisfies OptionsConfig;

export const VERIFY_OPTIONS = {
  recursive: { type: 'boolean', short: 'r' },
  trust: { type: 'string', multiple: true },
  at: { type: 'string' },
  online: { type: 'boolean' },
  policy: { type: 'string' },
  json: { type: 'boolean' },
  report: { type: 'string' },
  workers: { type: 'string' },
} as const satisfies OptionsConfig;

export const LTV_OPTIONS = {
  level: { type: 'string' },
  tsa: { type: 'string', multiple: true },
  queue: { type: 'boolean' },
  check: { type: 'boolean' },
  within: { type: 'string' },
  json: { type: 'boolean' },
} as const satisfies OptionsConfig;

export const TRUST_OPTIONS = {
  json: { type: 'boolean' },
} as const satisfies OptionsConfig;

/** Keeps each entry's own option types while the table holds them side by side. */
const entry = <O extends OptionsConfig>(e: CommandEntry<O>): CommandEntry =>
  e as unknown as CommandEntry;

export const COMMANDS: readonly CommandEntry[] = [
  entry({
    name: 'seal',
    summary: {
      zh: '生成、导入、列出、重命名、删除和导出印章',
      en: 'create, import, list, rename, delete and export seals (印章)',
    },
    usage: SEAL_USAGE,
    options: SEAL_OPTIONS,
    subcommands: ['create', 'import', 'list', 'add', 'rename', 'delete', 'export'],
    load: () => import('./commands/seal').then((m) => m.sealCommand),
  }),
  entry({
    name: 'sign',
    summary: {
      zh: '使用 PKCS#12 密钥或令牌签署 PDF（PAdES），或批量签署',
      en: 'sign a PDF (PAdES) with a PKCS#12 key or a token, or a batch',
    },
    usage: SIGN_USAGE,
    options: SIGN_OPTIONS,
    load: () => import('./commands/sign').then((m) => m.signCommand),
  }),
  entry({
    name: 'tokens',
    summary: {
      zh: '列出令牌驱动、令牌、PIN 状态和证书',
      en: 'list token drivers, tokens, PIN state and certificates',
    },
    usage: TOKENS_USAGE,
    options: TOKENS_OPTIONS,
    positionals: false,
    load: () => import('./commands/tokens').then((m) => m.tokensCommand),
  }),
  entry({
    name: 'keychain',
    summary: {
      zh: '在系统钥匙串中保存、查看或删除机密',
      en: 'store, check or delete secrets in the OS keychain',
    },
    usage: KEYCHAIN_USAGE,
    options: KEYCHAIN_OPTIONS,
    subcommands: ['set', 'get', 'delete'],
    load: () => import('./commands/keychain').then((m) => m.keychainCommand),
  }),
  entry({
    name: 'verify',
    summary: {
      zh: '验证 PDF（或文件夹中所有 PDF）的签名',
      en: 'verify the signatures of PDFs or folders of PDFs',
    },
    usage: VERIFY_USAGE,
    options: VERIFY_OPTIONS,
    load: () => import('./commands/verify').then((m) => m.verifyCommand),
  }),
  entry({
    name: 'ltv',
    summary: {
      zh: '将已签署的 PDF 提升到 PAdES B-LT/B-LTA（增强、队列），并为归档续期',
      en: 'raise signed PDFs to PAdES B-LT/B-LTA (augment, queue) and renew archives',
    },
    usage: LTV_USAGE,
    options: LTV_OPTIONS,
    subcommands: ['augment', 'renew'],
    load: () => import('./commands/ltv').then((m) => m.ltvCommand),
  }),
  entry({
    name: 'trust',
    summary: {
      zh: '管理信任的根证书（导入、列出、删除）',
      en: 'manage trusted root certificates (import, list, remove)',
    },
    usage: TRUST_USAGE,
    options: TRUST_OPTIONS,
    subcommands: ['import', 'list', 'remove'],
    load: () => import('./commands/trust').then((m) => m.trustCommand),
  }),
];

export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name);
}
