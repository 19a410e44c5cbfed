/**
 * Entry point of the `sealdesk` binary: wires the real process (argv, streams, environment,
 * terminal prompt, Ctrl-C as cancel) into runCli and exits with its code.
 */
import { langFromEnv } from '../i18n/locale';
import { promptSecret } from './prompt';
import { runCli } from './run-cli';

const controller = new AbortController();
let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  process.stderr.write('\nCancelling... (press Ctrl-C again to force)\n');
  controller.abort();
});

const interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY);
const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  lang: langFromEnv(process.env),
  interactive,
  ...(interactive ? { promptSecret } : {}),
  signal: controller.signal,
});
process.exitCode = code;
