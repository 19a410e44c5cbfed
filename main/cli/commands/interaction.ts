/**
 * What the token, batch and keychain commands ask of a person: a yes/no answer and the value
 * piped on stdin, through CliIo's `ask` / `readStdin` when given (tests script them), else the
 * real terminal and stdin of the process.
 * Owns: the yes/no question, reading a piped secret, and PIN prompts that show the token's PIN
 * flags in words first. Must never: echo or keep a secret.
 */
import { createInterface } from 'node:readline/promises';
import type { TokenFlags } from '../../pkcs11/token-flags';
import { t, type CliIo } from '../cli-io';

async function askOnTerminal(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

/** A yes/no question on the terminal; false when nobody can answer. */
export async function confirm(io: CliIo, question: string): Promise<boolean> {
  if (!io.interactive) return false;
  const answer = await (io.ask ?? askOnTerminal)(`${question} ${t(io, '[是/否 y/N] ', '[y/N] ')}`);
  return /^\s*(y|yes|是|确认)\s*$/i.test(answer);
}

/** Reads piped stdin whole (for `keychain set` without a terminal). */
export async function readPipedStdin(io: CliIo): Promise<string | undefined> {
  if (io.readStdin) return io.readStdin();
  if (process.stdin.isTTY) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The PIN flags that matter, in words. */
export function pinFlagsInWords(io: Pick<CliIo, 'lang'>, flags: TokenFlags): string[] {
  const words: string[] = [];
  const say = (on: boolean, zh: string, en: string) => {
    if (on) words.push(t(io, zh, en));
  };
  say(flags.loginRequired, '需要登录', 'login required');
  say(
    flags.protectedAuthenticationPath,
    '在读卡器 PIN 键盘上输入 PIN',
    'PIN pad (enter the PIN on the reader)',
  );
  say(flags.userPinCountLow, 'PIN 剩余尝试次数不多', 'few PIN tries left');
  say(flags.userPinFinalTry, '只剩最后一次 PIN 尝试', 'final PIN try');
  say(flags.userPinLocked, 'PIN 已锁定', 'PIN locked');
  say(flags.userPinToBeChanged, 'PIN 需要修改', 'PIN must be changed');
  say(!flags.userPinInitialized, 'PIN 未设置', 'PIN not initialised');
  say(flags.writeProtected, '写保护', 'write-protected');
  return words;
}
