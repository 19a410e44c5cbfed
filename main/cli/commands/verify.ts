/**
 * `sealdesk verify`: parses arguments, calls main/host, prints each signature's verdict (or
 * the stable JSON), a summary table in directory mode, writes the report, and maps outcomes to
 * exit codes (docs/verification.md "Exit codes").
 * Owns: presentation only; no verification logic lives here. Its options and --help text are
 * in the command table (../command-table.ts).
 */
import { defineErrors, SealdeskError } from '../../errors/sealdesk-error';
import {
  documentOutcome,
  toVerificationJson,
  verifyFiles,
  writeVerificationReport,
  type DocumentOutcome,
  type DocumentVerification,
} from '../../host/verification';
import { t, type CliIo } from '../cli-io';
import type { ParsedCommand, VERIFY_OPTIONS } from '../command-table';
import { cliErrors } from './cli-errors';

const cancelled = defineErrors({
  VERIFY_CANCELLED: {
    category: 'cancelled',
    en: 'Verification was cancelled; no report was written.',
    zh: '验证已取消，未生成报告。',
  },
});

/** Exit codes of `sealdesk verify`; the worst outcome over all files wins (order below). */
export const VERIFY_EXIT = {
  passed: 0,
  failed: 10,
  unreadable: 3,
  indeterminate: 11,
  unsigned: 12,
} as const;
const SEVERITY: readonly DocumentOutcome[] = [
  'failed',
  'unreadable',
  'indeterminate',
  'unsigned',
  'passed',
];

export function verifyExitCode(results: readonly DocumentVerification[]): number {
  const outcomes = new Set(results.map(documentOutcome));
  for (const o of SEVERITY) if (outcomes.has(o)) return VERIFY_EXIT[o];
  return VERIFY_EXIT.passed;
}

const OUTCOME_WORDS: Record<DocumentOutcome, { zh: string; en: string }> = {
  passed: { zh: '有效', en: 'VALID' },
  failed: { zh: '无效', en: 'FAILED' },
  indeterminate: { zh: '无法确认', en: 'INDETERMINATE' },
  unreadable: { zh: '无法读取', en: 'UNREADABLE' },
  unsigned: { zh: '未签名', en: 'UNSIGNED' },
};

function parseTime(s: string, io: CliIo): Date {
  const d = new Date(s);
  if (!/^\d{4}-\d{2}-\d{2}/.test(s) || Number.isNaN(d.getTime())) {
    throw cliErrors('CLI_USAGE', {
      problem: t(io, `--at 的时间无法识别：${s}`, `--at: cannot read the time "${s}"`),
      command: 'verify',
    });
  }
  return d;
}

function printDocument(io: CliIo, d: DocumentVerification): void {
  const o = documentOutcome(d);
  io.stdout.write(`${d.file}\n  SHA-256: ${d.sha256 ?? '-'}\n`);
  if (d.error) {
    io.stdout.write(`  ${io.lang === 'en' ? d.error.messageEn : d.error.messageZh}\n\n`);
    return;
  }
  if (o === 'unsigned')
    io.stdout.write(`  ${t(io, '此文件中没有签名。', 'No signature in this file.')}\n`);
  d.signatures.forEach((s, i) => {
    const head = `${s.kind === 'timestamp' ? t(io, '文档时间戳', 'Timestamp') : t(io, '签名', 'Signature')} ${i + 1}${s.field ? ` (${s.field})` : ''}`;
    io.stdout.write(
      `  ${head}: ${s.indication}${s.subIndication ? `/${s.subIndication}` : ''}${s.level ? `  PAdES ${s.level}` : ''}\n    ${io.lang === 'en' ? s.messageEn : s.messageZh}\n`,
    );
    if (s.reason) io.stdout.write(`    ${t(io, '原因', 'Reason')}: ${s.reason}\n`);
  });
  io.stdout.write('\n');
}

function printSummary(io: CliIo, results: readonly DocumentVerification[], workers: number): void {
  const counts = new Map<DocumentOutcome, number>();
  io.stdout.write(
    `${t(io, '结果', 'Result').padEnd(14)} ${t(io, '签名数', 'Sigs').padEnd(5)} ${t(io, '文件', 'File')}\n`,
  );
  for (const d of results) {
    const o = documentOutcome(d);
    counts.set(o, (counts.get(o) ?? 0) + 1);
    const word = t(io, OUTCOME_WORDS[o].zh, OUTCOME_WORDS[o].en);
    const sub =
      d.error?.subIndication ??
      d.signatures.find((s) => s.indication !== 'TOTAL_PASSED')?.subIndication ??
      '';
    io.stdout.write(
      `${word.padEnd(14)} ${String(d.signatures.length).padEnd(5)} ${d.file}${sub ? `  [${sub}]` : ''}\n`,
    );
  }
  const parts = SEVERITY.filter((o) => counts.has(o)).map(
    (o) => `${t(io, OUTCOME_WORDS[o].zh, OUTCOME_WORDS[o].en)} ${counts.get(o)}`,
  );
  io.stdout.write(
    t(
      io,
      `\n共 ${results.length} 个文件：${parts.join('，')}（${workers} 个工作线程）\n`,
      `\n${results.length} files: ${parts.join(', ')} (${workers} worker threads)\n`,
    ),
  );
}

export async function verifyCommand(
  cmd: ParsedCommand<typeof VERIFY_OPTIONS>,
  io: CliIo,
): Promise<number> {
  const v = cmd.values;
  if (cmd.positionals.length === 0) {
    throw cliErrors('CLI_USAGE', {
      problem: t(io, '请指定要验证的 PDF 文件或文件夹', 'Give the PDF files or folders to verify'),
      command: 'verify',
    });
  }
  const at = v.at !== undefined ? parseTime(v.at, io) : undefined;
  let workers: number | undefined;
  if (v.workers !== undefined) {
    workers = Number(v.workers);
    if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
      throw cliErrors('CLI_USAGE', {
        problem: t(
          io,
          '--workers 必须是 1 到 64 的整数',
          '--workers must be an integer from 1 to 64',
        ),
        command: 'verify',
      });
    }
  }
  const many = cmd.positionals.length > 1;
  const run = verifyFiles({
    inputs: cmd.positionals,
    recursive: v.recursive ?? false,
    trust: v.trust ?? [],
    ...(at ? { at } : {}),
    online: v.online ?? false,
    ...(v.policy !== undefined ? { policyFile: v.policy } : {}),
    env: io.env,
    signal: io.signal,
    ...(workers !== undefined ? { workers } : {}),
    onResult: (r, done, total) => {
      if (total > 1) {
        const o = documentOutcome(r);
        io.stderr.write(
          `[${done}/${total}] ${t(io, OUTCOME_WORDS[o].zh, OUTCOME_WORDS[o].en)} ${r.file}\n`,
        );
      }
    },
  });
  const { results, workersUsed } = await run.catch((e: unknown) => {
    // Ctrl-C: the pool rejects with the signal's reason; report it as a cancellation (exit 130).
    if (io.signal.aborted && !(e instanceof SealdeskError)) throw cancelled('VERIFY_CANCELLED');
    throw e;
  });
  if (v.json) {
    const objs = results.map((r) => toVerificationJson(r, io.lang));
    io.stdout.write(JSON.stringify(objs.length === 1 && !many ? objs[0] : objs, null, 2) + '\n');
  } else {
    for (const r of results) printDocument(io, r);
    if (results.length > 1) printSummary(io, results, workersUsed);
  }
  if (v.report !== undefined) {
    await writeVerificationReport(results, v.report, io.lang);
    io.stderr.write(t(io, `报告已写入：${v.report}\n`, `Report written: ${v.report}\n`));
  }
  return verifyExitCode(results);
}
