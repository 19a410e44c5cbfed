/**
 * Start-up bench: how long a command takes from `exec` to exit, next to what it is compared
 * with, measured side by side in the same run (interleaved, so that background load hits
 * both alike):
 *
 * - `sealdesk --version` against `node -e 0` (the floor of any Node program); target <= 1.5x;
 * - `sealdesk verify` of a one-page signed contract against poppler `pdfsig` on the same file
 *   (pdfsig with an NSS database trusting the same root, `-no-ocsp`: both offline); target <= 4x;
 * - the web door (`node out/web/index.js`): from exec to the first page (index.html) served.
 *
 * The CLI is built for the run (scripts/build.mjs --cli-only into .cache/bench/cli) and run as
 * `node .cache/bench/cli/sealdesk.js`, which is what bin/sealdesk.js imports. The web door needs
 * `npm run build` (out/web, out/renderer); without it that row is skipped.
 *
 * Standalone: `npx tsx tests/bench/startup.ts [--runs 15] [--json]`; from run.ts:
 * runStartupBench(). Each figure is the fastest of its runs (the median is printed too).
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { makeClassicPdf } from '../fixtures/pdfs/classic-pdf';
import { ensureTestPki } from '../fixtures/pki/make-pki';
import { makeNssDb } from '../support/nss-db';
import { testPki } from '../support/pki';

const REPO = resolve(import.meta.dirname, '../..');

export interface StartupFigure {
  readonly bestMs: number;
  readonly medianMs: number;
  /** CPU time (user + system) of the fastest run by CPU; null without /usr/bin/time. */
  readonly cpuBestMs: number | null;
}

export interface StartupBenchResult {
  readonly task: 'startup';
  readonly runs: number;
  readonly nodeBare: StartupFigure;
  readonly version: StartupFigure;
  readonly versionRatio: number;
  readonly versionTarget: 1.5;
  /** The same ratio in CPU time (null without /usr/bin/time). */
  readonly versionCpuRatio: number | null;
  readonly pdfsig: StartupFigure;
  readonly verify: StartupFigure;
  readonly verifyRatio: number;
  readonly verifyTarget: 4;
  readonly verifyCpuRatio: number | null;
  /** null when out/web or out/renderer is missing (run `npm run build`). */
  readonly webFirstPage: StartupFigure | null;
}

interface Sample {
  readonly ms: number;
  readonly cpuMs: number | null;
}

/** GNU time, to read a child's CPU time (user + system); wall time is taken here either way. */
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/**
 * Wall time of one command, from spawn to exit, and its CPU time (which background load
 * changes less than wall time on a busy machine); throws when it fails.
 */
function timed(cmd: string, args: readonly string[]): Sample {
  const cpuFile = join(benchWork, 'cpu.txt');
  const argv = GNU_TIME ? ['-f', '%U %S', '-o', cpuFile, cmd, ...args] : args;
  const t0 = performance.now();
  const r = spawnSync(GNU_TIME ?? cmd, argv, { cwd: REPO, encoding: 'utf8', env: benchEnv });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  let cpuMs: number | null = null;
  if (GNU_TIME) {
    const [user, system] = readFileSync(cpuFile, 'utf8').trim().split(/\s+/).map(Number);
    cpuMs = Math.round(((user ?? 0) + (system ?? 0)) * 1000);
  }
  return { ms, cpuMs };
}

/** The web door, from spawn to the first GET of its page answered 200. */
function webFirstPageMs(): Promise<number> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['out/web/index.js'], {
      cwd: REPO,
      env: benchEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let asked = false;
    const finish = (e: Error | null, ms?: number) => {
      child.kill();
      if (e) fail(e);
      else done(ms!);
    };
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (!m || asked) return;
      asked = true;
      get(m[1]!, (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200
            ? finish(null, performance.now() - t0)
            : finish(new Error(`web door answered ${res.statusCode}`)),
        );
      }).on('error', (e) => finish(e));
    });
    child.on('exit', (code) => {
      if (!asked) finish(new Error(`web door exited ${code} before serving: ${out}`));
    });
  });
}

let benchEnv: NodeJS.ProcessEnv = process.env;
let benchWork = tmpdir();

const figure = (samples: readonly Sample[]): StartupFigure => {
  const wall = samples.map((s) => s.ms).sort((a, b) => a - b);
  const cpu = samples.map((s) => s.cpuMs).filter((c): c is number => c !== null);
  return {
    bestMs: Math.round(wall[0]!),
    medianMs: Math.round(wall[Math.floor(wall.length / 2)]!),
    cpuBestMs: cpu.length > 0 ? Math.min(...cpu) : null,
  };
};

const ratio = (a: number | null, b: number | null): number | null =>
  a !== null && b !== null && b > 0 ? +(a / b).toFixed(2) : null;

export async function runStartupBench(
  opts: { log?: (s: string) => void; runs?: number } = {},
): Promise<StartupBenchResult> {
  const log = opts.log ?? ((x: string) => process.stdout.write(x + '\n'));
  const runs = opts.runs ?? 15;
  const work = mkdtempSync(join(tmpdir(), 'sealdesk-startup-bench-'));
  benchWork = work;
  // Each run's own data folder: the user's trust store and settings play no part.
  benchEnv = { ...process.env, SEALDESK_DATA_DIR: join(work, 'data'), LANG: 'en_US.UTF-8' };
  try {
    log('Building the CLI for the start-up bench ...');
    const cliDir = join(REPO, '.cache', 'bench', 'cli');
    await promisify(execFile)(
      process.execPath,
      ['scripts/build.mjs', '--cli-only', '--outdir', cliDir],
      { cwd: REPO },
    );
    const sealdesk = join(cliDir, 'sealdesk.js');

    await ensureTestPki();
    const pki = testPki();
    const id = pki.ids.rsa2048;
    const input = join(work, 'contract.pdf');
    const signed = join(work, 'contract.signed.pdf');
    writeFileSync(input, makeClassicPdf({ pages: 1 }));
    const sign = spawnSync(
      process.execPath,
      [sealdesk, 'sign', input, '-o', signed, '--p12', id.p12Path, '--passphrase-env', 'P'],
      { env: { ...benchEnv, P: id.p12Passphrase }, encoding: 'utf8' },
    );
    if (sign.status !== 0) throw new Error(`sealdesk sign failed: ${sign.stderr}`);
    const nss = await makeNssDb([pki.rootPath], work);

    const jobs: Array<() => Sample> = [
      () => timed(process.execPath, ['-e', '0']),
      () => timed(process.execPath, [sealdesk, '--version']),
      () => timed('pdfsig', ['-nssdir', `sql:${nss}`, '-no-ocsp', signed]),
      () => timed(process.execPath, [sealdesk, 'verify', signed, '--trust', pki.rootPath]),
    ];
    const samples: Sample[][] = jobs.map(() => []);
    // One untimed round warms the page cache for every program alike.
    for (const job of jobs) job();
    for (let i = 0; i < runs; i++) jobs.forEach((job, k) => samples[k]!.push(job()));
    const [nodeBare, version, pdfsig, verify] = samples.map(figure) as [
      StartupFigure,
      StartupFigure,
      StartupFigure,
      StartupFigure,
    ];

    let webFirstPage: StartupFigure | null = null;
    if (existsSync(join(REPO, 'out/web/index.js')) && existsSync(join(REPO, 'out/renderer'))) {
      const web: Sample[] = [];
      await webFirstPageMs(); // warm-up
      for (let i = 0; i < Math.min(runs, 5); i++)
        web.push({ ms: await webFirstPageMs(), cpuMs: null });
      webFirstPage = figure(web);
    } else log('web door: out/web or out/renderer is missing (npm run build); skipped');

    const result: StartupBenchResult = {
      task: 'startup',
      runs,
      nodeBare,
      version,
      versionRatio: +(version.bestMs / nodeBare.bestMs).toFixed(2),
      versionCpuRatio: ratio(version.cpuBestMs, nodeBare.cpuBestMs),
      versionTarget: 1.5,
      pdfsig,
      verify,
      verifyRatio: +(verify.bestMs / pdfsig.bestMs).toFixed(2),
      verifyCpuRatio: ratio(verify.cpuBestMs, pdfsig.cpuBestMs),
      verifyTarget: 4,
      webFirstPage,
    };
    const f = (x: StartupFigure) =>
      `${x.bestMs} ms (median ${x.medianMs}${x.cpuBestMs !== null ? `, CPU ${x.cpuBestMs}` : ''})`;
    log(
      `startup: sealdesk --version ${f(version)} | node -e 0 ${f(nodeBare)} | ratio ${result.versionRatio} (target <= 1.5; CPU ${result.versionCpuRatio ?? '-'})`,
    );
    log(
      `startup: sealdesk verify (1 page) ${f(verify)} | pdfsig ${f(pdfsig)} | ratio ${result.verifyRatio} (target <= 4; CPU ${result.verifyCpuRatio ?? '-'})`,
    );
    if (webFirstPage) log(`startup: web door, exec to first page served ${f(webFirstPage)}`);
    return result;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { runs: { type: 'string' }, json: { type: 'boolean' } },
  });
  const log = (s: string) => (values.json ? process.stderr : process.stdout).write(s + '\n');
  const r = await runStartupBench({ log, ...(values.runs ? { runs: Number(values.runs) } : {}) });
  if (values.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
}
