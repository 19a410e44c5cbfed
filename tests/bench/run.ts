/**
 * `npm run bench`: speed and memory against the physical limit measured in the same run.
 *
 * Signing: large image-heavy PDFs (about 300 MB and 1 GB) signed by Sealdesk, each next to one
 * read + SHA-256 + write of the same file (the limit) and, at 300 MB, the peer
 * @signpdf/signpdf with its pdf-lib placeholder. Targets: ratio <= 1.3, peak RSS <= 150 MB.
 * `npm run bench -- --json` prints the figures as JSON; `--sizes 300` limits the sizes (MB).
 * The other parts follow (batch, verify, ltv, ui, startup; docs/benchmarks.md), each also
 * runnable alone.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bundledEntry } from './bundle';
import { writeLargeImagePdf } from '../fixtures/pdfs/large-image-pdf';
import { ensureTestPki } from '../fixtures/pki/make-pki';
import { testPki } from '../support/pki';
import { runBatchBench } from './batch';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean' },
    sizes: { type: 'string' },
    'no-peer': { type: 'boolean' },
  },
});
const sizesMB = (values.sizes ?? '300,1024').split(',').map(Number);
const log = (s: string) => {
  if (!values.json) process.stdout.write(s + '\n');
  else process.stderr.write(s + '\n');
};

interface Measure {
  ms: number;
  peakRssMB: number;
  setupMs?: number;
}

const measureScript = await bundledEntry(join(import.meta.dirname, 'measure.ts'));

function measure(mode: string, input: string, output: string, extra: string[] = []): Measure {
  const out = execFileSync(process.execPath, [measureScript, mode, input, output, ...extra], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  rmSync(output, { force: true });
  return JSON.parse(out.trim().split('\n').pop()!) as Measure;
}

/**
 * Runs each measurement `runs` times, interleaved (a, b, a, b, ...) so that page-cache and
 * background-load effects hit both alike, and keeps the fastest of each (peak RSS: the highest).
 */
function interleavedBest(runs: number, fs: Array<() => Measure>): Measure[] {
  const best: Array<Measure | undefined> = fs.map(() => undefined);
  for (let i = 0; i < runs; i++) {
    fs.forEach((f, k) => {
      const m = f();
      const b = best[k];
      if (!b || m.ms < b.ms)
        best[k] = { ...m, peakRssMB: Math.max(m.peakRssMB, b?.peakRssMB ?? 0) };
      else b.peakRssMB = Math.max(b.peakRssMB, m.peakRssMB);
    });
  }
  return best.map((b) => b!);
}

await ensureTestPki();
const id = testPki().ids.rsa2048;
const work = mkdtempSync(join(process.env.SEALDESK_BENCH_DIR ?? tmpdir(), 'sealdesk-bench-'));
interface SignRow {
  task: 'sign';
  sizeMB: number;
  limitMs: number;
  sealdeskMs: number;
  ratio: number;
  sealdeskPeakRssMB: number;
  keyUnlockMs: number;
  limitPeakRssMB: number;
  targetRatio: number;
  targetRssMB: number;
  peerMs?: number;
  peerRatio?: number;
  peerPeakRssMB?: number;
  peerError?: string;
}
const results: SignRow[] = [];
try {
  for (const mb of sizesMB) {
    const input = join(work, `large-${mb}MB.pdf`);
    log(`Generating ${mb} MB image-heavy PDF ...`);
    await writeLargeImagePdf(input, mb * 1024 * 1024);
    const bytes = statSync(input).size;
    const out = join(work, 'out.pdf');
    const [limit, ours] = interleavedBest(3, [
      () => measure('limit-sign', input, out),
      () => measure('sealdesk-sign', input, out, [id.p12Path, id.p12Passphrase]),
    ]) as [Measure, Measure];
    const row: SignRow = {
      task: 'sign',
      sizeMB: +(bytes / 1048576).toFixed(1),
      limitMs: Math.round(limit.ms),
      sealdeskMs: Math.round(ours.ms),
      ratio: +(ours.ms / limit.ms).toFixed(2),
      sealdeskPeakRssMB: Math.round(ours.peakRssMB),
      keyUnlockMs: Math.round(ours.setupMs ?? 0),
      limitPeakRssMB: Math.round(limit.peakRssMB),
      targetRatio: 1.3,
      targetRssMB: 150,
    };
    if (!values['no-peer'] && mb <= 400) {
      try {
        const peer = measure('signpdf-sign', input, out, [
          testPki().rsa2048LegacyP12Path,
          id.p12Passphrase,
        ]);
        row.peerMs = Math.round(peer.ms);
        row.peerRatio = +(peer.ms / limit.ms).toFixed(2);
        row.peerPeakRssMB = Math.round(peer.peakRssMB);
      } catch (e) {
        row.peerError = e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e);
      }
    }
    results.push(row);
    rmSync(input, { force: true });
    log(
      `sign ${row.sizeMB} MB: limit ${row.limitMs} ms | Sealdesk ${row.sealdeskMs} ms, ratio ${row.ratio} (target <= 1.3), peak RSS ${row.sealdeskPeakRssMB} MB (target <= 150), key unlock ${row.keyUnlockMs} ms apart` +
        (row.peerMs !== undefined
          ? ` | @signpdf ${row.peerMs} ms, ratio ${row.peerRatio}, peak RSS ${row.peerPeakRssMB} MB`
          : row.peerError
            ? ` | @signpdf failed: ${row.peerError}`
            : ''),
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
// ---------------------------------------------------------------------------------------------
// The other issues' benchmarks, each also runnable on its own (npx tsx tests/bench/<name>.ts).
const batch = await runBatchBench({ count: 500, log }); // issue 4: batch signing on a token
const verify = await (await import('./verify')).runVerifyBench({ log }); // issue 3
const ltv = await (await import('./ltv')).runLtvBench({ log }); // issue 5: augment to B-LTA
const ui = await (await import('./ui')).runUiBench({ log }); // issue 7: viewer
// issue 13: start-up of `sealdesk --version` / `verify` next to node -e 0 / pdfsig, and the web door
const startup = await (await import('./startup')).runStartupBench({ log });

if (values.json) {
  process.stdout.write(
    JSON.stringify({ sign: results, batch, verify, ltv, ui, startup }, null, 2) + '\n',
  );
}
