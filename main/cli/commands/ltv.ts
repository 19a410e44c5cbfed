/**
 * `sealdesk ltv augment FILE|DIR...|--queue` and `sealdesk ltv renew FILE|DIR... [--check]`:
 * long-term validation from the command line (main/host/ltv.ts does the work).
 * Owns: presentation only (lines in zh-CN/en, exit codes); options, sub-commands and --help
 * are in ../command-table.ts.
 */
import { asSealdeskError, defineErrors } from '../../errors/sealdesk-error';
import { defaultDataDir } from '../../host/data-dir';
import {
  augmentFiles,
  augmentQueued,
  checkRenewals,
  pdfFilesIn,
  type LtvHostOptions,
} from '../../host/ltv';
import { t, type CliIo } from '../cli-io';
import type { LTV_OPTIONS, ParsedCommand } from '../command-table';
import { EXIT } from '../exit-codes';
import { cliErrors } from './cli-errors';

const ltvCliErrors = defineErrors({
  LTV_INPUT_UNREADABLE: {
    category: 'input',
    en: 'Cannot read {file} ({reason}). Check the path.',
    zh: '无法读取 {file}（{reason}）。请检查路径。',
  },
});

export async function ltvCommand(
  cmd: ParsedCommand<typeof LTV_OPTIONS>,
  io: CliIo,
): Promise<number> {
  const { values } = cmd;
  const [sub, ...paths] = cmd.positionals;
  const usage = (zh: string, en: string) =>
    cliErrors('CLI_USAGE', { problem: t(io, zh, en), command: 'ltv' });
  const level = values.level ?? 'B-LTA';
  if (level !== 'B-T' && level !== 'B-LT' && level !== 'B-LTA') {
    throw usage('--level 只能是 B-T、B-LT 或 B-LTA', '--level must be B-T, B-LT or B-LTA');
  }
  if (values.queue && sub !== 'augment') {
    throw usage('--queue 只能与 augment 同用', '--queue goes with augment');
  }
  if (values.check && sub !== 'renew') {
    throw usage('--check 只能与 renew 同用', '--check goes with renew');
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
        io.stdout.write(
          `${t(io, '仍在队列中', 'still queued')}: ${r.entry.file}: ${t(io, r.reasonZh, r.reason)}\n`,
        );
      }
    }
    if (results.length === 0) io.stdout.write(t(io, '队列为空。\n', 'The queue is empty.\n'));
    return failed > 0 ? EXIT.batchIncomplete : EXIT.ok;
  }
  if (paths.length === 0) {
    throw usage('请指定要处理的 PDF 文件或文件夹', 'Give the PDF files or folders');
  }
  let files: string[];
  try {
    files = await pdfFilesIn(paths);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw ltvCliErrors(
      'LTV_INPUT_UNREADABLE',
      { file: err.path ?? paths.join(', '), reason: err.code ?? err.message },
      e,
    );
  }
  if (sub === 'renew') {
    const within = values.within !== undefined ? Number(values.within) : undefined;
    if (within !== undefined && !(within > 0)) {
      throw usage('--within 必须是正的天数', '--within must be a positive number of days');
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
            ? `${t(io, '需要续期', 'needs renewal')}: ${c.file}\n${(io.lang === 'en' ? c.reasons : c.reasonsZh).map((r) => `  - ${r}\n`).join('')}`
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
