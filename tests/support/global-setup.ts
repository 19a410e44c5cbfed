// Runs once before the test files: makes the test PKI (by code, see tests/fixtures/pki/README.md)
// into .cache/ so that every test file reads the same identities, then starts the loopback
// OCSP / CRL / CA-certificate / TSA services (tests/support/README.md) on the port the PKI's
// AIA and CRL DP URLs name, for the whole run: pdfsig checks OCSP online and says "Unknown issue
// with Certificate" while nothing answers there. The returned function stops them.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTestPki, testPkiPort } from '../fixtures/pki/make-pki';
import {
  IDENTITY_PATH,
  IDENTITY_SERVICE,
  PortInUseError,
  startRevocationServer,
  type RevocationServer,
} from './revocation-server';
import { TEST_SERVICES_URL_ENV } from './test-services';

/** How long to wait for another Sealdesk test run (same machine) to release the port. */
const WAIT_FOR_OTHER_RUN_MS = 90_000;

type Holder = { kind: 'test-run'; pid: number } | { kind: 'other' } | { kind: 'gone' };

/** Who holds the port: another Sealdesk test run, something else, or (now) nobody. */
async function holderOf(port: number): Promise<Holder> {
  let res: Response;
  try {
    res = await fetch(`http://127.0.0.1:${port}${IDENTITY_PATH}`, {
      signal: AbortSignal.timeout(2_000),
    });
  } catch (e) {
    // Refused: the holder exited between our listen() and this probe (a run finishing).
    const code = (e as { cause?: { code?: unknown } }).cause?.code;
    return code === 'ECONNREFUSED' ? { kind: 'gone' } : { kind: 'other' };
  }
  try {
    const body = (await res.json()) as { service?: unknown; pid?: unknown };
    return body.service === IDENTITY_SERVICE && typeof body.pid === 'number'
      ? { kind: 'test-run', pid: body.pid }
      : { kind: 'other' };
  } catch {
    return { kind: 'other' };
  }
}

function portTakenMessage(port: number, holder: string): string {
  return (
    `The test services cannot listen on 127.0.0.1:${port}: ${holder} holds it. ` +
    'The test PKI names this port in every certificate (AIA/CRL DP), so pdfsig and the OCSP ' +
    `tests need it. Stop that process (see: ss -ltnp 'sport = :${port}'), or run with ` +
    'SEALDESK_TEST_PKI_PORT=<another port> (the test PKI is regenerated for that port).'
  );
}

async function startOnSharedPort(port: number): Promise<RevocationServer> {
  const deadline = Date.now() + WAIT_FOR_OTHER_RUN_MS;
  let told = false;
  for (;;) {
    try {
      return await startRevocationServer({ port });
    } catch (e) {
      if (!(e instanceof PortInUseError)) throw e;
      const holder = await holderOf(port);
      // Another test run on this machine (e.g. a parallel `vitest run <folder>`) holds it:
      // wait for it to finish, bounded. Anything else holding it is an error now.
      if (holder.kind === 'other') {
        throw new Error(portTakenMessage(port, 'a process that is not a Sealdesk test run'));
      }
      if (Date.now() > deadline) {
        const who = holder.kind === 'test-run' ? `pid ${holder.pid}` : 'now gone';
        throw new Error(portTakenMessage(port, `a Sealdesk test run (${who}) that has not exited`));
      }
      if (holder.kind === 'gone') continue;
      if (!told) {
        process.stderr.write(
          `[test services] 127.0.0.1:${port} is held by test run pid ${holder.pid}; waiting ` +
            `up to ${WAIT_FOR_OTHER_RUN_MS / 1000} s for it to finish\n`,
        );
        told = true;
      }
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}

interface RunServices {
  readonly ready: Promise<{ readonly services: RevocationServer; readonly dataDir: string }>;
  users: number;
}

/**
 * Each vitest project (core, e2e) runs this setup, in the same process: the first starts the
 * services and the data folder, the others share them, the last teardown stops them.
 */
const SHARED = Symbol.for('sealdesk.test-services');
const registry = globalThis as typeof globalThis & { [SHARED]?: RunServices };

async function start(): Promise<{ services: RevocationServer; dataDir: string }> {
  await ensureTestPki();
  const services = await startOnSharedPort(testPkiPort());
  // Whatever falls back to the user's data folder (settings, queues, caches, seal library)
  // writes into a throwaway one for this run, never into the developer's own.
  const dataDir = await mkdtemp(join(tmpdir(), 'sealdesk-test-data-'));
  return { services, dataDir };
}

export default async function setup(): Promise<() => Promise<void>> {
  const run = (registry[SHARED] ??= { ready: start(), users: 0 });
  run.users++;
  const { services, dataDir } = await run.ready;
  // Set before any test worker forks, so every worker inherits it (see test-services.ts).
  process.env[TEST_SERVICES_URL_ENV] = services.url;
  process.env.SEALDESK_DATA_DIR = dataDir;
  return async () => {
    if (--run.users > 0) return;
    delete registry[SHARED];
    await services.close();
    await rm(dataDir, { recursive: true, force: true });
  };
}
