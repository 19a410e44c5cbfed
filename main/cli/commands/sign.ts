/**
 * `sealdesk sign`: parses arguments, gathers secrets (environment variable, keychain, or a prompt
 * on a terminal), calls main/host, prints the result. One document, or a batch (--batch, see
 * ./sign-batch). No signing logic lives here; the options and --help text are in
 * ../command-table.ts.
 */
import { needsOpenPassword } from '../../host/documents';
import { isKeyFailure, signDocument } from '../../host/signing';
import type { SignAtLevelResult } from '../../ltv/sign-at-level';
import type { SignProgress } from '../../sign/pades-signer';
import { t, type CliIo } from '../cli-io';
import type { ParsedCommand, SIGN_OPTIONS } from '../command-table';
import {
  keyFromArgs,
  signatureOptions,
  signingDepsFor,
  signUsage,
  tokenArgs,
  type SignCommandDeps,
} from './sign-shared';
import { signBatch } from './sign-batch';
import { appearanceFromArgs } from './seal';
import { tokenIdentity, withFinalTryQuestion } from './token-identity';

const PROGRESS_THRESHOLD = 32 * 1024 * 1024;

export async function signCommand(
  cmd: ParsedCommand<typeof SIGN_OPTIONS>,
  io: CliIo,
  deps: SignCommandDeps = {},
): Promise<number> {
  const v = cmd.values;
  if (v.batch) return signBatch(cmd.positionals, v, cmd.tokens, io, deps);
  if (cmd.positionals.length !== 1) {
    throw signUsage(io, 'Give exactly one input PDF', '请指定且只指定一个输入 PDF');
  }
  const input = cmd.positionals[0]!;
  const output = v.output;
  if (!output) throw signUsage(io, 'Missing -o OUT.pdf', '缺少 -o 输出.pdf');
  if (!v.p12 && !v.pkcs11) {
    throw signUsage(
      io,
      'Missing the signing key: --p12 FILE or --pkcs11 --token LABEL',
      '缺少签名密钥：--p12 文件 或 --pkcs11 --token 令牌标签',
    );
  }
  let options = signatureOptions(io, v);
  // An encrypted PDF that needs its open password: ask for it before any key is used.
  if (options.password === undefined && io.interactive && io.promptSecret) {
    if (await needsOpenPassword(input)) {
      const password = await io.promptSecret(
        t(io, `${input} 需要打开密码，请输入：`, `${input} needs its open password: `),
      );
      options = { ...options, password };
    }
  }
  // Seals on pages (./seal): parsed and checked before any key is opened.
  const appearance = await appearanceFromArgs(io, cmd.tokens, v);
  const { location, remember } = await keyFromArgs(io, v, deps);

  const common = {
    input,
    output,
    ...options,
    ...(v.field !== undefined ? { fieldName: v.field } : {}),
    ...(appearance ? { appearance } : {}),
    signal: io.signal,
    onProgress: makeProgress(io, !!v.json),
  };
  // Library seals record each use (seal.used) in the user's seal library.
  const signingDeps = signingDepsFor(io, deps);
  let result: SignAtLevelResult;
  if (location.kind === 'p12') {
    try {
      result = await signDocument({ ...common, identity: location }, signingDeps);
    } catch (e) {
      // The passphrase opened the file when the failure came later (from the document).
      if (!isKeyFailure(e)) await remember();
      throw e;
    }
    await remember();
  } else {
    const identity = tokenIdentity(io, location, tokenArgs(v));
    result = await withFinalTryQuestion(io, identity, (id) =>
      signDocument({ ...common, identity: id }, signingDeps),
    );
  }
  if (v.json) {
    io.stdout.write(
      JSON.stringify(
        {
          ok: true,
          input: result.input,
          output: result.output,
          inputSha256: result.inputSha256,
          field: result.fieldName,
          level: result.level,
          requestedLevel: result.requestedLevel,
          queued: result.queued,
          pendingReason: result.pendingReason ?? null,
          subFilter: result.subFilter,
          byteRange: result.byteRange,
          certified: result.certified ?? null,
          signingTime: result.signingTime.toISOString(),
          signatureBytes: result.signatureBytes,
          outputBytes: result.outputBytes,
          warnings: result.warnings.map((w) => ({ code: w.code, message: w.message })),
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    io.stdout.write(
      t(
        io,
        `已签署：${result.output}\n  签名域：${result.fieldName}  级别：PAdES ${result.level}\n  原文件 SHA-256：${result.inputSha256}\n`,
        `Signed: ${result.output}\n  field: ${result.fieldName}  level: PAdES ${result.level}\n  original SHA-256: ${result.inputSha256}\n`,
      ),
    );
    if (result.queued) {
      io.stdout.write(
        t(
          io,
          `  暂未达到 ${result.requestedLevel}（${result.pendingReason ?? '时间戳或吊销信息服务不可用'}）；已加入队列，联网后运行 sealdesk ltv augment --queue 即可提升级别。\n`,
          `  Not yet ${result.requestedLevel} (${result.pendingReason ?? 'no time-stamp or revocation service answered'}); queued: it is raised when online (sealdesk ltv augment --queue).\n`,
        ),
      );
    }
  }
  for (const w of result.warnings)
    io.stderr.write(`${t(io, '警告', 'Warning')} [${w.code}]: ${t(io, w.messageZh, w.message)}\n`);
  return 0;
}

/** Progress on stderr for large files: a rewriting line on a terminal, tenths otherwise. */
function makeProgress(io: CliIo, quiet: boolean): (p: SignProgress) => void {
  let lastShown = -1;
  return (p) => {
    if (quiet && !io.stderr.isTTY) return;
    if (p.bytesTotal < PROGRESS_THRESHOLD) return;
    const pct = Math.floor((p.bytesDone / p.bytesTotal) * 100);
    const step = io.stderr.isTTY ? pct : Math.floor(pct / 10) * 10;
    if (step === lastShown && p.phase === 'copy') return;
    lastShown = step;
    const mb = (n: number) => (n / 1048576).toFixed(0);
    const phase =
      p.phase === 'copy'
        ? t(io, '复制并计算摘要', 'copying and hashing')
        : p.phase === 'sign'
          ? t(io, '签名', 'signing')
          : t(io, '写入', 'writing');
    const line = `${phase} ${step}% (${mb(p.bytesDone)}/${mb(p.bytesTotal)} MB)`;
    io.stderr.write(io.stderr.isTTY ? `\r${line}   ` : `${line}\n`);
    if (io.stderr.isTTY && p.phase === 'write') io.stderr.write('\n');
  };
}
