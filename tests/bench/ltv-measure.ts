/**
 * One measured LTV operation in its own process, with nothing but the product code it needs
 * loaded, so peak RSS belongs to augmentation alone (not to the benchmark's PDF generator, test
 * PKI or loopback services). Usage: ltv-measure.ts <limit-read|augment> <file> <tsaUrl>
 * [revocation cache folder].
 * Prints one JSON line: { ms, peakRssMB }.
 */
import { statSync, truncateSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { augmentPdf } from '../../main/ltv/augment';
import { readHashWrite } from './physical-limit';

const [mode, file, tsaUrl, cacheDir] = process.argv.slice(2);
if (!mode || !file || !tsaUrl) throw new Error('usage: ltv-measure.ts mode file tsaUrl');
const size = statSync(file).size;
const t0 = performance.now();
if (mode === 'limit-read') await readHashWrite(file, undefined);
// In place, as `sealdesk ltv augment FILE` and the queue do it (main/ltv/augment.ts).
else if (mode === 'augment')
  // With the revocation cache the CLI keeps in the data folder (revocationOptionsFor).
  await augmentPdf({
    input: file,
    level: 'B-LTA',
    tsa: { tsas: [tsaUrl] },
    ...(cacheDir ? { revocation: { cacheDir } } : {}),
  });
else throw new Error(`unknown mode ${mode}`);
const ms = performance.now() - t0;
// Untimed: cut the appended updates off so the next round augments the same signed file.
if (mode === 'augment') truncateSync(file, size);
process.stdout.write(
  JSON.stringify({ ms, peakRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n',
);
