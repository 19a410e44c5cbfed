/**
 * CLI over the test-PDF generators, for demos and benchmarks:
 *
 *   npx tsx scripts/make-sample-contract.ts contract.pdf            # the Chinese sample contract
 *   npx tsx scripts/make-sample-contract.ts contract.pdf --lang en  # the same contract in English
 *   npx tsx scripts/make-sample-contract.ts contract.pdf --source other.zh.md
 *   npx tsx scripts/make-sample-contract.ts big.pdf --large-bytes 1000000000   # image-heavy, streamed
 *
 * Owns: argument parsing and progress printing only; the PDFs come from tests/fixtures/pdfs.
 * Must never: overwrite an input, or hold a large file in memory (the large writer streams).
 */
import { writeFile } from 'node:fs/promises';
import {
  cjkContractPdf,
  englishContractPdf,
  SAMPLE_CONTRACT,
  SAMPLE_CONTRACT_EN,
} from '../tests/fixtures/pdfs/cjk-contract-pdf';
import { writeLargeImagePdf } from '../tests/fixtures/pdfs/large-image-pdf';

function usage(): never {
  console.error(
    'usage: make-sample-contract.ts <out.pdf> [--lang zh|en] [--source <contract.md>] [--large-bytes <n>]',
  );
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  let out: string | undefined;
  let source: string | undefined;
  let english = false;
  let largeBytes: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--source') source = argv[++i] ?? usage();
    else if (a === '--lang') {
      const lang = argv[++i];
      if (lang !== 'zh' && lang !== 'en') usage();
      english = lang === 'en';
    } else if (a === '--large-bytes') {
      largeBytes = Number(argv[++i]);
      if (!Number.isFinite(largeBytes) || largeBytes <= 0) usage();
    } else if (a.startsWith('-') || out !== undefined) usage();
    else out = a;
  }
  if (out === undefined) usage();
  if (largeBytes !== undefined) {
    const t0 = performance.now();
    let lastPct = -1;
    const r = await writeLargeImagePdf(out, largeBytes, (written, target) => {
      const pct = Math.floor((100 * written) / target);
      if (pct >= lastPct + 10) {
        lastPct = pct;
        process.stderr.write(`  ${pct}%\n`);
      }
    });
    const s = (performance.now() - t0) / 1000;
    console.log(
      `${out}: ${r.bytes} bytes, ${r.pages} pages, ${(r.bytes / 1e6 / s).toFixed(0)} MB/s`,
    );
    return;
  }
  const from = source ?? (english ? SAMPLE_CONTRACT_EN : SAMPLE_CONTRACT);
  const pdf = english ? await englishContractPdf(from) : await cjkContractPdf(from);
  await writeFile(out, pdf);
  console.log(`${out}: ${pdf.length} bytes from ${from}`);
}

await main(process.argv.slice(2));
