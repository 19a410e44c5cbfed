/**
 * `sealdesk sign`: parses arguments, gathers secrets (environment variable or a prompt on a
 * terminal), calls main/host, prints the result. No signing logic lives here.
 */
import { parseArgs } from 'node:util';
import { defineErrors } from '../../errors/sealdesk-error';
import { signDocument } from '../../host/signing';
import type { HashAlgorithm } from '../../sign/signer';
import type { SignProgress } from '../../sign/pades-signer';
import { t, type CliIo } from '../cli-io';

export const cliErrors = defineErrors({
  CLI_USAGE: {
    category: 'usage',
    en: '{problem}. Run "sealdesk {command} --help" for usage.',
    zh: '{problem}。运行“sealdesk {command} --help”查看用法。',
  },
  CLI_SECRET_MISSING: {
    category: 'usage',
    en: 'No {what} given and no terminal to ask on. Put it in an environment variable and pass {flag} VAR.',
    zh: '未提供{what}，且当前没有终端可以询问。请把它放进环境变量，并使用 {flag} 变量名。',
  },
  CLI_ENV_MISSING: {
    category: 'usage',
    en: 'The environment variable {name} named by {flag} is not set.',
    zh: '{flag} 指定的环境变量 {name} 未设置。',
  },
});

export const SIGN_USAGE_EN = `Usage: sealdesk sign IN.pdf -o OUT.pdf --p12 FILE [options]

Signs IN.pdf as PAdES B-B by incremental update into OUT.pdf. IN.pdf is never modified.

Options:
  -o, --output FILE        the signed copy to write (required; must differ from IN.pdf)
  --p12 FILE               PKCS#12 (.p12/.pfx) file holding the key and certificate
  --passphrase-env VAR     read the PKCS#12 passphrase from environment variable VAR
                           (without it, Sealdesk asks on the terminal)
  --password-env VAR       open password of an encrypted PDF, from environment variable VAR
  --field NAME             sign this empty signature field, or create a field with this name
  --reason TEXT            reason for signing (/Reason)
  --location TEXT          where it was signed (/Location)
  --contact TEXT           signer contact information (/ContactInfo)
  --certify 1|2|3          certification signature (DocMDP): 1 no changes, 2 form filling
                           and signing, 3 also annotations
  --hash sha256|sha384|sha512   digest algorithm (default sha256)
  --pss                    use RSA-PSS with an RSA key
  --json                   print the result as JSON on stdout
  --lang zh-CN|en          message language (default: from the locale)
`;

export const SIGN_USAGE_ZH = `用法：sealdesk sign 输入.pdf -o 输出.pdf --p12 文件 [选项]

以增量更新方式对 输入.pdf 进行 PAdES B-B 签名，写入 输出.pdf。输入文件不会被修改。

选项：
  -o, --output 文件        要写入的已签名副本（必填，且不能与输入文件相同）
  --p12 文件               存放私钥和证书的 PKCS#12（.p12/.pfx）文件
  --passphrase-env 变量    从环境变量读取 PKCS#12 口令（不提供时在终端询问）
  --password-env 变量      加密 PDF 的打开密码，从环境变量读取
  --field 名称             签入此空白签名域，或以此名称新建签名域
  --reason 文本            签署理由（/Reason）
  --location 文本          签署地点（/Location）
  --contact 文本           签署人联系方式（/ContactInfo）
  --certify 1|2|3          认证签名（DocMDP）：1 禁止更改；2 允许填表和签名；3 另允许注释
  --hash sha256|sha384|sha512   摘要算法（默认 sha256）
  --pss                    RSA 密钥使用 RSA-PSS
  --json                   以 JSON 格式在标准输出打印结果
  --lang zh-CN|en          消息语言（默认跟随系统区域设置）
`;

const PROGRESS_THRESHOLD = 32 * 1024 * 1024;

export async function signCommand(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        output: { type: 'string', short: 'o' },
        p12: { type: 'string' },
        'passphrase-env': { type: 'string' },
        'password-env': { type: 'string' },
        field: { type: 'string' },
        reason: { type: 'string' },
        location: { type: 'string' },
        contact: { type: 'string' },
        certify: { type: 'string' },
        hash: { type: 'string' },
        pss: { type: 'boolean' },
        json: { type: 'boolean' },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw cliErrors('CLI_USAGE', {
      problem: e instanceof Error ? e.message : String(e),
      command: 'sign',
    });
  }
  const v = parsed.values;
  if (v.help) {
    io.stdout.write(io.lang === 'en' ? SIGN_USAGE_EN : SIGN_USAGE_ZH);
    return 0;
  }
  const usage = (problemEn: string, problemZh: string) =>
    cliErrors('CLI_USAGE', { problem: t(io, problemZh, problemEn), command: 'sign' });
  if (parsed.positionals.length !== 1) {
    throw usage('Give exactly one input PDF', '请指定且只指定一个输入 PDF');
  }
  const input = parsed.positionals[0]!;
  if (!v.output) throw usage('Missing -o OUT.pdf', '缺少 -o 输出.pdf');
  if (!v.p12) throw usage('Missing the signing key: --p12 FILE', '缺少签名密钥：--p12 文件');
  const hash = v.hash ?? 'sha256';
  if (!['sha256', 'sha384', 'sha512'].includes(hash)) {
    throw usage(
      '--hash must be sha256, sha384 or sha512',
      '--hash 只能是 sha256、sha384 或 sha512',
    );
  }
  let certify: 1 | 2 | 3 | undefined;
  if (v.certify !== undefined) {
    if (!['1', '2', '3'].includes(v.certify))
      throw usage('--certify must be 1, 2 or 3', '--certify 只能是 1、2 或 3');
    certify = Number(v.certify) as 1 | 2 | 3;
  }

  const passphrase = await secretFrom(io, v['passphrase-env'], '--passphrase-env', {
    en: 'PKCS#12 passphrase',
    zh: 'PKCS#12 口令',
    prompt: t(io, `请输入 ${v.p12} 的口令：`, `Passphrase for ${v.p12}: `),
  });
  const password =
    v['password-env'] !== undefined
      ? envSecret(io, v['password-env'], '--password-env')
      : undefined;

  const showProgress = makeProgress(io, !!v.json);
  const result = await signDocument({
    input,
    output: v.output,
    identity: { kind: 'p12', path: v.p12, passphrase },
    hash: hash as HashAlgorithm,
    ...(v.field !== undefined ? { fieldName: v.field } : {}),
    ...(v.reason !== undefined ? { reason: v.reason } : {}),
    ...(v.location !== undefined ? { location: v.location } : {}),
    ...(v.contact !== undefined ? { contactInfo: v.contact } : {}),
    ...(certify !== undefined ? { certify } : {}),
    ...(v.pss ? { preferPss: true } : {}),
    ...(password !== undefined ? { password } : {}),
    signal: io.signal,
    onProgress: showProgress,
  });
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
          subFilter: result.subFilter,
          byteRange: result.byteRange,
          certified: result.certified ?? null,
          signingTime: result.signingTime.toISOString(),
          signatureBytes: result.signatureBytes,
          outputBytes: result.outputBytes,
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
  }
  return 0;
}

function envSecret(io: CliIo, name: string, flag: string): string {
  const value = io.env[name];
  if (value === undefined) throw cliErrors('CLI_ENV_MISSING', { name, flag });
  return value;
}

async function secretFrom(
  io: CliIo,
  envName: string | undefined,
  flag: string,
  what: { en: string; zh: string; prompt: string },
): Promise<string> {
  if (envName !== undefined) return envSecret(io, envName, flag);
  if (io.interactive && io.promptSecret) return io.promptSecret(what.prompt);
  throw cliErrors('CLI_SECRET_MISSING', { what: t(io, what.zh, what.en), flag });
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
