/**
 * `sealdesk sign --batch FILE...|DIR -o OUTDIR`: the intent list (every document with its
 * SHA-256), one confirmation (a question on a terminal, or --yes), one login, progress per
 * document on stderr, and a summary (text, or a JSON object with --json) with the PAdES level
 * each document reached. The signature options, --level/--tsa and the seal flags (./seal) are
 * the same for every document, parsed and checked before any key is opened.
 * Exit codes: 0 when every document was signed; BATCH_INCOMPLETE_EXIT when some were not;
 * 130 when cancelled (by the person, or by not confirming).
 * Must never: print a PIN or passphrase; sign anything before the confirmation.
 */
import {
  prepareBatch,
  runBatch,
  type BatchIntent,
  type BatchProgress,
  type BatchSummary,
} from '../../host/batch-signing';
import { isKeyFailure, type SigningIdentity } from '../../host/signing';
import type { SignatureAppearance } from '../../sign/appearance-plan';
import { EXIT } from '../exit-codes';
import { t, type CliIo } from '../cli-io';
import { cliErrors } from './cli-errors';
import { confirm } from './interaction';
import { appearanceFromArgs } from './seal';
import {
  keyFromArgs,
  signatureOptions,
  signingDepsFor,
  signUsage,
  tokenArgs,
  type SignCommandDeps,
  type SignValues,
} from './sign-shared';
import { tokenIdentity, withFinalTryQuestion } from './token-identity';

type SealValues = Parameters<typeof appearanceFromArgs>[2];

/** Some documents of a batch were not signed (distinct from every failure category). */
export const BATCH_INCOMPLETE_EXIT = EXIT.batchIncomplete;

const size = (bytes: number): string =>
  bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`;

interface IntentExtras {
  readonly level: string;
  readonly appearance: SignatureAppearance | undefined;
}

function intentText(io: CliIo, intent: BatchIntent, extras: IntentExtras): string {
  const c = intent.certificate;
  const usage = c.keyUsage ? c.keyUsage.join(', ') : t(io, '不限', 'unrestricted');
  const lines = [
    t(
      io,
      `将签署 ${intent.documents.length} 份文档（共 ${size(intent.totalBytes)}），签名副本写入 ${intent.outputDir}`,
      `About to sign ${intent.documents.length} documents (${size(intent.totalBytes)} in all) into ${intent.outputDir}`,
    ),
    t(io, `证书：${c.subject}`, `Certificate: ${c.subject}`),
    t(io, `  颁发者：${c.issuer}`, `  issuer: ${c.issuer}`),
    t(io, `  有效期：${c.notBefore} 至 ${c.notAfter}`, `  valid: ${c.notBefore} to ${c.notAfter}`),
    t(io, `  密钥用途：${usage}`, `  key usage: ${usage}`),
    t(io, `级别：PAdES ${extras.level}`, `Level: PAdES ${extras.level}`),
    ...(extras.appearance?.seal
      ? [t(io, `印章：${extras.appearance.seal.name}`, `Seal: ${extras.appearance.seal.name}`)]
      : []),
    '',
  ];
  for (const d of intent.documents) {
    const pages = d.pages === undefined ? '?' : String(d.pages);
    lines.push(
      `${String(d.index + 1).padStart(3)}. ${d.file}`,
      t(
        io,
        `     ${pages} 页，${size(d.bytes)}，SHA-256 ${d.sha256}`,
        `     ${pages} pages, ${size(d.bytes)}, SHA-256 ${d.sha256}`,
      ),
    );
    if (d.problem) {
      const message = io.lang === 'en' ? d.problem.message : d.problem.messageZh;
      lines.push(t(io, `     不会签署：${message}`, `     will not be signed: ${message}`));
    }
  }
  return lines.join('\n') + '\n';
}

function progressPrinter(io: CliIo): (p: BatchProgress) => void {
  return (p) => {
    const at = `[${p.index + 1}/${p.total}]`;
    if (p.phase === 'start')
      io.stderr.write(t(io, `${at} 正在签署 ${p.file}\n`, `${at} signing ${p.file}\n`));
    else if (p.phase === 'signed') io.stderr.write(t(io, `${at} 已签署\n`, `${at} signed\n`));
    else if (p.phase === 'failed') io.stderr.write(t(io, `${at} 失败\n`, `${at} failed\n`));
  };
}

function summaryText(io: CliIo, s: BatchSummary, requested: string): string {
  const msg = (f: { message: string; messageZh: string }) =>
    io.lang === 'en' ? f.message : f.messageZh;
  const lines = [
    t(
      io,
      `已签署 ${s.signed.length} 份，失败 ${s.failed.length} 份，未签署 ${s.skipped.length} 份${s.cancelled ? '（已取消）' : ''}。`,
      `Signed ${s.signed.length}, failed ${s.failed.length}, not signed ${s.skipped.length}${s.cancelled ? ' (cancelled)' : ''}.`,
    ),
  ];
  for (const d of s.signed) {
    lines.push(
      t(
        io,
        `  已签署：${d.output}  级别：PAdES ${d.level}`,
        `  signed: ${d.output}  level: PAdES ${d.level}`,
      ),
    );
    if (d.queued)
      lines.push(
        t(
          io,
          `    暂未达到 ${requested}（${d.pendingReason ?? '时间戳或吊销信息服务不可用'}）；已加入队列，联网后运行 sealdesk ltv augment --queue 即可提升级别。`,
          `    Not yet ${requested} (${d.pendingReason ?? 'no time-stamp or revocation service answered'}); queued: it is raised when online (sealdesk ltv augment --queue).`,
        ),
      );
  }
  for (const f of s.failed)
    lines.push(
      t(io, `  失败：${f.file} [${f.code}] ${msg(f)}`, `  failed: ${f.file} [${f.code}] ${msg(f)}`),
    );
  for (const f of s.skipped)
    lines.push(t(io, `  未签署：${f.file} ${msg(f)}`, `  not signed: ${f.file} ${msg(f)}`));
  return lines.join('\n') + '\n';
}

export async function signBatch(
  inputs: string[],
  v: SignValues & SealValues,
  tokens: Parameters<typeof appearanceFromArgs>[1],
  io: CliIo,
  deps: SignCommandDeps,
): Promise<number> {
  if (inputs.length === 0) {
    throw signUsage(io, 'Give the files or folders to sign', '请指定要签署的文件或文件夹');
  }
  if (!v.output) throw signUsage(io, 'Missing -o OUTDIR', '缺少 -o 输出文件夹');
  if (v.field !== undefined) {
    throw signUsage(io, '--field cannot be used with --batch', '--field 不能与 --batch 同时使用');
  }
  const { tsaUrls, ...options } = signatureOptions(io, v);
  const level = options.level ?? 'B-B';
  // Seals on pages (./seal): one appearance for every document, checked before any key is used.
  const appearance = await appearanceFromArgs(io, tokens, v);
  const { location, remember } = await keyFromArgs(io, v, deps);
  const signingDeps = signingDepsFor(io, deps);
  const intent = await prepareBatch(
    {
      inputs,
      outputDir: v.output,
      recursive: v.recursive === true,
      key: location,
      ...(appearance ? { appearance } : {}),
    },
    signingDeps,
  );
  // With --json, stdout carries only the summary object; the list goes to stderr.
  (v.json ? io.stderr : io.stdout).write(intentText(io, intent, { level, appearance }));

  if (!v.yes) {
    if (!io.interactive) {
      throw cliErrors('CLI_CONFIRMATION_NEEDED', { count: intent.documents.length });
    }
    const ok = await confirm(
      io,
      t(
        io,
        `确认签署以上 ${intent.documents.length} 份文档？`,
        `Sign these ${intent.documents.length} documents?`,
      ),
    );
    if (!ok) throw cliErrors('CLI_DECLINED');
  }

  const run = (identity: SigningIdentity) =>
    runBatch(
      intent,
      {
        identity,
        sign: { ...options, ...(appearance ? { appearance } : {}) },
        ...(tsaUrls ? { tsaUrls } : {}),
        signal: io.signal,
        onProgress: progressPrinter(io),
      },
      signingDeps,
    );
  let summary: BatchSummary;
  if (location.kind === 'p12') {
    summary = await run(location).catch(async (e: unknown) => {
      if (!isKeyFailure(e)) await remember();
      throw e;
    });
    await remember();
  } else {
    summary = await withFinalTryQuestion(io, tokenIdentity(io, location, tokenArgs(v)), run);
  }

  if (v.json) {
    io.stdout.write(
      JSON.stringify(
        {
          ok: summary.failed.length === 0 && summary.skipped.length === 0 && !summary.cancelled,
          requestedLevel: level,
          ...summary,
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    io.stdout.write(summaryText(io, summary, level));
  }
  if (summary.cancelled) return EXIT.cancelled;
  return summary.failed.length + summary.skipped.length > 0 ? BATCH_INCOMPLETE_EXIT : EXIT.ok;
}
