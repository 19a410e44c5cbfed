/**
 * `sealdesk ltv augment FILE|DIR...|--queue` and `sealdesk ltv renew FILE|DIR... [--check]`:
 * long-term validation from the command line (main/host/ltv.ts does the work).
 * Owns: presentation only (argument parsing, lines in zh-CN/en, exit codes).
 */
import { parseArgs } from 'node:util';
import { asSealdeskError } from '../../errors/sealdesk-error';
import { defaultDataDir } from '../../host/data-dir';
import {
  augmentFiles,
  augmentQueued,
  checkRenewals,
  pdfFilesIn,
  type LtvHostOptions,
} from '../../host/ltv';
import { t, type CliIo } from '../cli-io';
import { EXIT } from '../exit-codes';

const USAGE = `Usage:
  sealdesk ltv augment FILE|DIR... [--level B-T|B-LT|B-LTA] [--tsa URL]...
  sealdesk ltv augment --queue [--tsa URL]...      raise every queued document
  sealdesk ltv renew FILE|DIR... [--check] [--within DAYS] [--tsa URL]...
Files are replaced in place by atomic rename; earlier signatures are not touched.
TSAs: --tsa first, then <data folder>/ltv-settings.json ({"tsas":[{"url":"..."}]}).
`;

export async function ltvCommand(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        level: { type: 'string' },
        tsa: { type: 'string', multiple: true },
        queue: { type: 'boolean' },
        check: { type: 'boolean' },
        within: { type: 'string' },
        json: { type: 'boolean' },
        lang: { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (e) {
    io.stderr.write(`${(e as Error).message}\n${USAGE}`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const [sub, ...paths] = positionals;
  if (values.help || (sub !== 'augment' && sub !== 'renew')) {
    (values.help ? io.stdout : io.stderr).write(USAGE);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const level = values.level ?? 'B-LTA';
  if (level !== 'B-T' && level !== 'B-LT' && level !== 'B-LTA') {
    io.stderr.write(`--level must be B-T, B-LT or B-LTA\n${USAGE}`);
    return EXIT.usage;
  }
  const host: LtvHostOptions = {
    dataDir: defaultDataDir(io.env),
    ...(values.tsa ? { tsaUrls: values.tsa } : {}),
  };
  if (sub === 'augment' && values.queue) {
    const results = await augmentQueued(host);
    let failed = 0;
    for (const r of results) {
      if (r.ok)
        io.stdout.write(
          `${t(io, '已增强', 'augmented')}: ${r.entry.file} -> PAdES ${r.entry.level}\n`,
        );
      else {
        failed++;
        io.stdout.write(`${t(io, '仍在队列中', 'still queued')}: ${r.entry.file}: ${r.reason}\n`);
      }
    }
    if (results.length === 0) io.stdout.write(t(io, '队列为空。\n', 'The queue is empty.\n'));
    return failed > 0 ? EXIT.batchIncomplete : EXIT.ok;
  }
  if (paths.length === 0) {
    io.stderr.write(USAGE);
    return EXIT.usage;
  }
  let files: string[];
  try {
    files = await pdfFilesIn(paths);
  } catch (e) {
    io.stderr.write(`${(e as Error).message}\n`);
    return EXIT.input;
  }
  if (sub === 'renew') {
    const within = values.within !== undefined ? Number(values.within) : undefined;
    if (within !== undefined && !(within > 0)) {
      io.stderr.write(`--within must be a number of days\n${USAGE}`);
      return EXIT.usage;
    }
    const checks = await checkRenewals(files, {
      ...host,
      ...(within ? { withinDays: within } : {}),
    });
    if (values.json) io.stdout.write(JSON.stringify(checks, null, 2) + '\n');
    else
      for (const c of checks)
        io.stdout.write(
          c.needsRenewal
            ? `${t(io, '需要续期', 'needs renewal')}: ${c.file}\n${c.reasons.map((r) => `  - ${r}\n`).join('')}`
            : `${t(io, '无需续期', 'fine')}: ${c.file}\n`,
        );
    const due = checks.filter((c) => c.needsRenewal).map((c) => c.file);
    if (values.check || due.length === 0) return EXIT.ok;
    return report(io, await augmentFiles(due, 'B-LTA', { ...host, renew: true }));
  }
  return report(io, await augmentFiles(files, level, host));
}

function report(io: CliIo, results: Awaited<ReturnType<typeof augmentFiles>>): number {
  let failed = 0;
  for (const r of results) {
    if (r.ok)
      io.stdout.write(
        r.result.changed
          ? `${t(io, '已增强', 'augmented')}: ${r.file} -> PAdES ${r.result.level}\n`
          : `${t(io, '已达到', 'already at')} PAdES ${r.result.level}: ${r.file}\n`,
      );
    else {
      failed++;
      io.stderr.write(`${r.file}: ${asSealdeskError(r.error).localized(io.lang)}\n`);
    }
  }
  return failed > 0 ? EXIT.batchIncomplete : EXIT.ok;
}
