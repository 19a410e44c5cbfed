/**
 * Batch-signing benchmark (issue 4): N small contracts signed on a SoftHSM2 token with one
 * login for the whole batch (main/host/batch-signing.ts), next to the same batch with one login
 * per document (open, C_Login, sign, log out, close: what a naive client does; the driver stays
 * loaded so that only the login cycle differs), and next to PKCS#12 signing of the same batch.
 * Prints documents per second and the ratios.
 *
 * Standalone: `npx tsx tests/bench/batch.ts [--count 500] [--json]`; run.ts calls runBatchBench.
 * Uses a private SoftHSM2 (tests/support/softhsm.ts) and the test PKI; writes only to a temp dir.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { prepareBatch, runBatch, type BatchIntent } from '../../main/host/batch-signing';
import { signDocument, type Pkcs11Identity } from '../../main/host/signing';
import { acquireModule } from '../../main/pkcs11/loaded-modules';
import { makeClassicPdf } from '../fixtures/pdfs/classic-pdf';
import { ensureTestPki } from '../fixtures/pki/make-pki';
import { testPki } from '../support/pki';
import { createSoftHsm, TEST_USER_PIN } from '../support/softhsm';

export interface BatchBenchResult {
  task: 'batch';
  documents: number;
  tokenOneLoginDocsPerSec: number;
  tokenLoginPerDocDocsPerSec: number;
  p12DocsPerSec: number;
  /** one-login / login-per-document: how much one login for the batch buys. */
  oneLoginVsLoginPerDoc: number;
  /** token one-login / PKCS#12: what the token costs against a software key. */
  tokenVsP12: number;
}

const TOKEN = 'Bench Seal';

function contracts(dir: string, count: number): string[] {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let i = 1; i <= count; i++) {
    const file = join(dir, `contract-${String(i).padStart(4, '0')}.pdf`);
    writeFileSync(file, makeClassicPdf({ pages: 2, text: `Service contract no. ${i}` }));
    files.push(file);
  }
  return files;
}

const rate = (count: number, ms: number): number => +((count * 1000) / ms).toFixed(1);

export async function runBatchBench(
  options: { count?: number; log?: (s: string) => void } = {},
): Promise<BatchBenchResult> {
  const count = options.count ?? 500;
  const log = options.log ?? ((s: string) => process.stdout.write(s + '\n'));
  await ensureTestPki();
  const { ids } = testPki();
  const hsm = createSoftHsm();
  const work = mkdtempSync(join(process.env.SEALDESK_BENCH_DIR ?? tmpdir(), 'sealdesk-batch-'));
  try {
    hsm.initToken(TOKEN);
    hsm.importIdentity({
      tokenLabel: TOKEN,
      keyPem: ids.rsa2048.keyPem,
      certDer: ids.rsa2048.certDer,
      label: 'seal',
      idHex: '01',
    });
    const location = {
      kind: 'pkcs11',
      modulePath: hsm.modulePath,
      tokenLabel: TOKEN,
      key: { label: 'seal' },
    } as const;
    const identity = (): Pkcs11Identity => ({
      ...location,
      pin: Buffer.from(TEST_USER_PIN),
      confirmFinalTry: false,
    });
    log(`Batch: generating ${count} small contracts ...`);
    const files = contracts(join(work, 'in'), count);

    const timed = async (label: string, run: () => Promise<number>): Promise<number> => {
      const t0 = performance.now();
      const signed = await run();
      const ms = performance.now() - t0;
      if (signed !== count) throw new Error(`${label}: signed ${signed} of ${count}`);
      return ms;
    };
    const batchOf = async (name: string, key: Parameters<typeof prepareBatch>[0]['key']) =>
      prepareBatch({ inputs: files, outputDir: join(work, name), key });
    const signedIn = async (intent: BatchIntent, id: Parameters<typeof runBatch>[1]['identity']) =>
      (await runBatch(intent, { identity: id })).signed.length;

    // Intents are prepared outside the timing: the confirmation step is the same for all three.
    const tokenIntent = await batchOf('token-one-login', location);
    const oneLoginMs = await timed('token, one login', () => signedIn(tokenIntent, identity()));

    const lease = acquireModule(hsm.modulePath); // keeps the driver loaded between documents
    let perDocMs: number;
    try {
      const outDir = join(work, 'token-login-per-doc');
      mkdirSync(outDir);
      perDocMs = await timed('token, login per document', async () => {
        let n = 0;
        for (const doc of tokenIntent.documents) {
          await signDocument({
            input: doc.file,
            output: join(outDir, `${doc.index}.pdf`),
            expectedSha256: doc.sha256,
            identity: identity(),
          });
          n++;
        }
        return n;
      });
    } finally {
      lease.release();
    }

    const p12 = {
      kind: 'p12',
      path: ids.rsa2048.p12Path,
      passphrase: ids.rsa2048.p12Passphrase,
    } as const;
    const p12Intent = await batchOf('p12', p12);
    const p12Ms = await timed('PKCS#12', () => signedIn(p12Intent, p12));

    const result: BatchBenchResult = {
      task: 'batch',
      documents: count,
      tokenOneLoginDocsPerSec: rate(count, oneLoginMs),
      tokenLoginPerDocDocsPerSec: rate(count, perDocMs),
      p12DocsPerSec: rate(count, p12Ms),
      oneLoginVsLoginPerDoc: +(perDocMs / oneLoginMs).toFixed(2),
      tokenVsP12: +(p12Ms / oneLoginMs).toFixed(2),
    };
    log(
      `batch ${count} contracts: SoftHSM2 one login ${result.tokenOneLoginDocsPerSec} docs/s | ` +
        `login per document ${result.tokenLoginPerDocDocsPerSec} docs/s (one login is ` +
        `${result.oneLoginVsLoginPerDoc}x as fast) | PKCS#12 ${result.p12DocsPerSec} docs/s ` +
        `(token runs at ${result.tokenVsP12}x the PKCS#12 speed)`,
    );
    return result;
  } finally {
    rmSync(work, { recursive: true, force: true });
    hsm.cleanup();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { count: { type: 'string' }, json: { type: 'boolean' } },
  });
  const log = (s: string) => (values.json ? process.stderr : process.stdout).write(s + '\n');
  const result = await runBatchBench({ count: Number(values.count ?? 500), log });
  if (values.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}
