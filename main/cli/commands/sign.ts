/**
 * `sealdesk sign`: parses arguments, gathers secrets (environment variable, keychain, or a prompt
 * on a terminal), calls main/host, prints the result. One document, or a batch (--batch, see
 * ./sign-batch). No signing logic lives here.
 */
import { parseArgs } from 'node:util';
import { needsOpenPassword } from '../../host/documents';
import { isKeyFailure, signDocument } from '../../host/signing';
import type { SignAtLevelResult } from '../../ltv/sign-at-level';
import type { SignProgress } from '../../sign/pades-signer';
import { t, type CliIo } from '../cli-io';
import { cliErrors } from './cli-errors';
import {
  keyFromArgs,
  signatureOptions,
  signingDepsFor,
  signUsage,
  SIGN_OPTIONS,
  tokenArgs,
  type SignCommandDeps,
} from './sign-shared';
import { signBatch } from './sign-batch';
import {
  appearanceFromArgs,
  SIGN_SEAL_OPTIONS,
  SIGN_SEAL_USAGE_EN,
  SIGN_SEAL_USAGE_ZH,
} from './seal';
import { tokenIdentity, withFinalTryQuestion } from './token-identity';

export { cliErrors };

export const SIGN_USAGE_EN = `Usage: sealdesk sign IN.pdf -o OUT.pdf (--p12 FILE | --pkcs11 --token LABEL) [options]
       sealdesk sign --batch FILE...|DIR -o OUTDIR (--p12 FILE | --pkcs11 --token LABEL) [options]

Signs IN.pdf as PAdES B-B by incremental update into OUT.pdf. IN.pdf is never modified.

Key (one of):
  --p12 FILE               PKCS#12 (.p12/.pfx) file holding the key and certificate
    --passphrase-env VAR   read its passphrase from environment variable VAR
    --passphrase-from-keychain NAME   read its passphrase from the OS keychain
    --remember-passphrase  after a successful open, keep the passphrase in the OS keychain
                           under the file's absolute path
                           (without these, Sealdesk asks on the terminal)
  --pkcs11                 a key on a PKCS#11 token (USB key, smart card)
    --token LABEL          the token's label (see "sealdesk tokens")
    --module PATH          the token driver (default: the known driver that sees the token)
    --key LABEL | --key-id HEX   the key (default: the only key on the token)
    --pin-env VAR          read the PIN from environment variable VAR (without it, Sealdesk
                           shows the token's PIN state and asks on the terminal)
    --confirm-final-try    allow the last PIN try when nobody can be asked

Batch:
  --batch                  sign every FILE, and every *.pdf in each DIR, into OUTDIR; shows
                           the list with SHA-256s and asks one confirmation, logs in once
  --recursive              also look into sub-folders of DIR
  -y, --yes                confirm the batch without asking (scripts)
  The options below and the seal flags apply to every document; one without a page a seal
  is placed on is reported and not signed. Exit code 0 when all were signed, 6 when some
  were not.

Options:
  -o, --output PATH        the signed copy (one document) or the output folder (--batch)
  --password-env VAR       open password of an encrypted PDF, from environment variable VAR
  --field NAME             sign this empty signature field, or create a field with this name
  --reason TEXT            reason for signing (/Reason)
  --location TEXT          where it was signed (/Location)
  --contact TEXT           signer contact information (/ContactInfo)
  --certify 1|2|3          certification signature (DocMDP): 1 no changes, 2 form filling
                           and signing, 3 also annotations
  --hash sha256|sha384|sha512   digest algorithm (default sha256)
  --pss                    use RSA-PSS with an RSA key
  --level B-B|B-T|B-LT|B-LTA   PAdES level (default B-B). Above B-B a time-stamp authority is
                           used; when none answers, the document is signed at the level
                           reached now and queued (sealdesk ltv augment --queue raises it)
  --tsa URL                an RFC 3161 time-stamp authority (repeat for failover); the
                           configured ones (ltv-settings.json in the data folder) follow
  --json                   print the result (or the batch summary) as JSON on stdout
  --lang zh-CN|en          message language (default: from the locale)
`;

export const SIGN_USAGE_ZH = `用法：sealdesk sign 输入.pdf -o 输出.pdf (--p12 文件 | --pkcs11 --token 标签) [选项]
      sealdesk sign --batch 文件...|文件夹 -o 输出文件夹 (--p12 文件 | --pkcs11 --token 标签) [选项]

以增量更新方式对 输入.pdf 进行 PAdES B-B 签名，写入 输出.pdf。输入文件不会被修改。

密钥（任选其一）：
  --p12 文件               存放私钥和证书的 PKCS#12（.p12/.pfx）文件
    --passphrase-env 变量  从环境变量读取其口令
    --passphrase-from-keychain 名称   从系统钥匙串读取其口令
    --remember-passphrase  成功打开后，以该文件的绝对路径为名称把口令保存到系统钥匙串
                           （均未提供时在终端询问）
  --pkcs11                 使用 PKCS#11 令牌（USB Key、智能卡）上的密钥
    --token 标签           令牌标签（参见“sealdesk tokens”）
    --module 路径          令牌驱动（默认：能发现该令牌的已知驱动）
    --key 标签 | --key-id 十六进制   密钥（默认：令牌上唯一的密钥）
    --pin-env 变量         从环境变量读取 PIN（不提供时显示令牌 PIN 状态并在终端询问）
    --confirm-final-try    无人可询问时，允许使用最后一次 PIN 尝试

批量：
  --batch                  把每个文件及每个文件夹中的 *.pdf 签入输出文件夹；先列出清单及
                           SHA-256 并只确认一次，只登录一次
  --recursive              同时查找文件夹的子文件夹
  -y, --yes                不询问直接确认（用于脚本）
  以下选项及盖章选项对每份文档相同；没有盖章所在页的文档会被报告且不签署。
  全部签署成功时退出码为 0，部分未签署时为 6。

选项：
  -o, --output 路径        已签名副本（单个文档）或输出文件夹（--batch）
  --password-env 变量      加密 PDF 的打开密码，从环境变量读取
  --field 名称             签入此空白签名域，或以此名称新建签名域
  --reason 文本            签署理由（/Reason）
  --location 文本          签署地点（/Location）
  --contact 文本           签署人联系方式（/ContactInfo）
  --certify 1|2|3          认证签名（DocMDP）：1 禁止更改；2 允许填表和签名；3 另允许注释
  --hash sha256|sha384|sha512   摘要算法（默认 sha256）
  --pss                    RSA 密钥使用 RSA-PSS
  --level B-B|B-T|B-LT|B-LTA   PAdES 级别（默认 B-B）。高于 B-B 时使用时间戳服务；若无服务应答，
                           先按当前可达级别签署并加入队列（sealdesk ltv augment --queue 提升级别）
  --tsa 网址               RFC 3161 时间戳服务（可重复，依次尝试）；其后尝试数据目录中
                           ltv-settings.json 配置的服务
  --json                   以 JSON 格式在标准输出打印结果（或批量汇总）
  --lang zh-CN|en          消息语言（默认跟随系统区域设置）
`;

const PROGRESS_THRESHOLD = 32 * 1024 * 1024;

export async function signCommand(
  args: string[],
  io: CliIo,
  deps: SignCommandDeps = {},
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      tokens: true,
      options: { ...SIGN_OPTIONS, ...SIGN_SEAL_OPTIONS },
    });
  } catch (e) {
    throw cliErrors('CLI_USAGE', {
      problem: e instanceof Error ? e.message : String(e),
      command: 'sign',
    });
  }
  const v = parsed.values;
  if (v.help) {
    io.stdout.write(
      io.lang === 'en'
        ? `${SIGN_USAGE_EN}\n${SIGN_SEAL_USAGE_EN}`
        : `${SIGN_USAGE_ZH}\n${SIGN_SEAL_USAGE_ZH}`,
    );
    return 0;
  }
  if (v.batch) return signBatch(parsed.positionals, v, parsed.tokens, io, deps);
  if (parsed.positionals.length !== 1) {
    throw signUsage(io, 'Give exactly one input PDF', '请指定且只指定一个输入 PDF');
  }
  const input = parsed.positionals[0]!;
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
  const appearance = await appearanceFromArgs(io, parsed.tokens, v);
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
