/** Runs the `sealdesk` CLI in-process with captured streams, as a script or a person would. */
import type { CliIo } from '../../../main/cli/cli-io';
import { runCli } from '../../../main/cli/run-cli';
import type { Lang } from '../../../main/i18n/locale';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(
  argv: string[],
  opts: { env?: NodeJS.ProcessEnv; lang?: Lang; signal?: AbortSignal; prompt?: string } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env: opts.env ?? {},
    lang: opts.lang ?? 'en',
    interactive: opts.prompt !== undefined,
    ...(opts.prompt !== undefined ? { promptSecret: () => Promise.resolve(opts.prompt!) } : {}),
    signal: opts.signal ?? new AbortController().signal,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
