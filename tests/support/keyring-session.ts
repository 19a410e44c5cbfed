/**
 * Runs a script inside a private D-Bus session with a real gnome-keyring (Secret Service), or
 * deliberately outside any D-Bus session.
 *
 * Owns: a temp HOME with private XDG dirs, `dbus-run-session` around a shell that unlocks
 * `gnome-keyring-daemon --unlock --components=secrets` with a password on stdin and then execs
 * the script (with tsx), and collecting the script's stdout. The session bus, and with it the
 * keyring daemon, ends when the script ends.
 * Must never: touch the user's real keyring, HOME or session bus; be imported by product code.
 * Tools: dbus-run-session (Debian dbus / dbus-x11), gnome-keyring-daemon (gnome-keyring).
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '..', '..');
const TSX = join(REPO, 'node_modules', '.bin', 'tsx');

function requireBinary(name: string, pkg: string): string {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not here
    }
  }
  throw new Error(`Required tool '${name}' is missing: apt-get install -y ${pkg}`);
}

export interface ScriptRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface KeyringSessionOptions {
  /** true: inside dbus-run-session with an unlocked gnome-keyring; false: no D-Bus at all. */
  readonly keyring: boolean;
  readonly args?: readonly string[];
  readonly timeoutMs?: number;
}

/** Runs `node <tsx> script args...` in a fresh private HOME, with or without a keyring. */
export async function runInKeyringSession(
  script: string,
  options: KeyringSessionOptions,
): Promise<ScriptRun> {
  const home = mkdtempSync(join(tmpdir(), 'sealdesk-keyring-'));
  const runtime = join(home, 'run');
  mkdirSync(runtime, { mode: 0o700 });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: home,
    XDG_RUNTIME_DIR: runtime,
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    LANG: 'C.UTF-8',
    KEYRING_TEST_PASSWORD: 'sealdesk-test-keyring',
    // The run's test PKI and services (another port: another PKI folder, see make-pki.ts).
    ...Object.fromEntries(
      ['SEALDESK_TEST_PKI_PORT', 'SEALDESK_TEST_SERVICES_URL', 'SEALDESK_DATA_DIR'].flatMap((k) =>
        process.env[k] === undefined ? [] : [[k, process.env[k]]],
      ),
    ),
  };
  const command = [process.execPath, TSX, script, ...(options.args ?? [])];
  let file: string;
  let args: string[];
  if (options.keyring) {
    file = requireBinary('dbus-run-session', 'dbus-x11');
    requireBinary('gnome-keyring-daemon', 'gnome-keyring');
    const unlockThenRun =
      'printf %s "$KEYRING_TEST_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"';
    args = ['--', 'sh', '-c', unlockThenRun, 'sh', ...command];
  } else {
    [file, ...args] = command as [string, ...string[]];
  }
  try {
    return await new Promise<ScriptRun>((done, fail) => {
      const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
      child.on('error', fail);
      child.on('close', (code) => {
        clearTimeout(timer);
        done({ exitCode: code ?? -1, stdout, stderr });
      });
    });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
