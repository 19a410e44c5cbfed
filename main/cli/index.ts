/**
 * Entry point of the `sealdesk` binary: wires the real process (argv, streams, environment,
 * terminal prompt, Ctrl-C as cancel) into runCli and exits with its code.
 */
import { langFromEnv } from '../i18n/locale';
import { promptSecret } from './prompt';
import { runCli, sessionLang } from './run-cli';

const argv = process.argv.slice(2);
const lang = langFromEnv(process.env);
const controller = new AbortController();
let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  process.stderr.write(
    sessionLang(argv, lang) === 'en'
      ? '\nCancelling... (press Ctrl-C again to force)\n'
      : '\n正在取消……（再按一次 Ctrl-C 强制退出）\n',
  );
  controller.abort();
});

const interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY);
const code = await runCli(argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  lang,
  interactive,
  ...(interactive ? { promptSecret } : {}),
  signal: controller.signal,
});
process.exitCode = code;
