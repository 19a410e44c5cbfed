/**
 * Runs the `sealdesk` CLI in-process like cli-harness.ts, with a scripted person: queued
 * answers to hidden prompts (PINs, passphrases) and to yes/no questions, piped stdin, and a
 * record of every question asked. A run may also call a command directly with its deps.
 */
import type { CliIo } from '../../../main/cli/cli-io';
import { runCli } from '../../../main/cli/run-cli';
import type { Lang } from '../../../main/i18n/locale';

export interface ScriptedRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Every hidden prompt and every question, in order. */
  asked: string[];
}

export interface Script {
  env?: NodeJS.ProcessEnv;
  lang?: Lang;
  signal?: AbortSignal;
  /** Answers to hidden prompts, in order; a person is present when this or `answers` is set. */
  secrets?: string[];
  /** Answers to yes/no questions, in order. */
  answers?: string[];
  /** What arrives on stdin when it is piped. */
  stdin?: string;
}

export function scriptedIo(script: Script): { io: CliIo; result: () => Omit<ScriptedRun, 'code'> } {
  let stdout = '';
  let stderr = '';
  const asked: string[] = [];
  const secrets = [...(script.secrets ?? [])];
  const answers = [...(script.answers ?? [])];
  const interactive = script.secrets !== undefined || script.answers !== undefined;
  const io: CliIo & {
    ask?: (q: string) => Promise<string>;
    readStdin?: () => Promise<string>;
  } = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env: script.env ?? {},
    lang: script.lang ?? 'en',
    interactive,
    signal: script.signal ?? new AbortController().signal,
    ...(interactive
      ? {
          promptSecret: (q: string) => {
            asked.push(q);
            const next = secrets.shift();
            return next === undefined
              ? Promise.reject(new Error(`unexpected prompt: ${q}`))
              : Promise.resolve(next);
          },
          ask: (q: string) => {
            asked.push(q);
            const next = answers.shift();
            return next === undefined
              ? Promise.reject(new Error(`unexpected question: ${q}`))
              : Promise.resolve(next);
          },
        }
      : {}),
    ...(script.stdin !== undefined ? { readStdin: () => Promise.resolve(script.stdin!) } : {}),
  };
  return { io, result: () => ({ stdout, stderr, asked }) };
}

export async function scriptedCli(argv: string[], script: Script = {}): Promise<ScriptedRun> {
  const { io, result } = scriptedIo(script);
  const code = await runCli(argv, io);
  return { code, ...result() };
}
