/**
 * Archive renewal check (ETSI EN 319 142-1 §5.4.3; EN 319 102-1 §5.6.2.4): does a file's
 * newest timestamp still carry its signatures far enough into the future?
 *
 * Owns: finding the newest timestamp (the last document timestamp, else the signature
 * timestamps), and saying why it needs renewal: a certificate of its chain expires within the
 * horizon, or its hash or key reaches its sunset in the algorithm policy within the horizon.
 * Must never: write anything (./augment renews), or call a file fine when it has no timestamp.
 */
import { PdfDocument } from '../pdf/document';
import { checkAlgorithms, type AlgorithmPolicy } from '../verify/algorithm-policy';
import { findSignatures } from '../verify/pdf-signatures';
import { parseSignedData } from '../verify/signed-data';
import { signatureTimestampTokens } from '../verify/timestamp';

export interface RenewalCheck {
  readonly file: string;
  readonly needsRenewal: boolean;
  /** English reasons, one per finding. */
  readonly reasons: readonly string[];
  /** The same reasons in Chinese (zh-CN), in the same order. */
  readonly reasonsZh: readonly string[];
}

const DAY = 86_400_000;

export async function checkRenewal(
  file: string,
  opts: { readonly withinDays: number; readonly policy: AlgorithmPolicy; readonly now?: Date },
): Promise<RenewalCheck> {
  const now = opts.now ?? new Date();
  const horizon = new Date(now.getTime() + opts.withinDays * DAY);
  const doc = await PdfDocument.open(file);
  const found = new Map<string, string>();
  const reason = (en: string, zh: string) => {
    if (!found.has(en)) found.set(en, zh);
  };
  try {
    const sigs = await findSignatures(doc);
    const docTs = sigs.filter((s) => s.kind === 'timestamp' && s.contents).at(-1);
    let tokens: Uint8Array[] = [];
    if (docTs?.contents) tokens = [docTs.contents];
    else
      for (const s of sigs) {
        if (!s.contents) continue;
        try {
          const sd = parseSignedData(s.contents, { what: 'signature', allowZeroPadding: true });
          tokens.push(...signatureTimestampTokens(sd, 0));
        } catch {
          reason(`signature ${s.fieldName} cannot be read`, `签名 ${s.fieldName} 无法读取`);
        }
      }
    if (sigs.length === 0) reason('the file has no signature', '文件中没有签名');
    else if (tokens.length === 0)
      reason('no timestamp protects the signatures yet', '签名尚无时间戳保护');
    for (const token of tokens) {
      let sd;
      try {
        sd = parseSignedData(token, { what: 'timestamp token', allowZeroPadding: true });
      } catch (e) {
        const why = (e as Error).message;
        reason(`the newest timestamp cannot be read (${why})`, `最新的时间戳无法读取（${why}）`);
        continue;
      }
      for (const c of sd.certificates) {
        const day = c.notAfter.toISOString().slice(0, 10);
        if (c.notAfter <= horizon)
          reason(
            `timestamp certificate "${c.subject}" expires on ${day}, within ${opts.withinDays} days`,
            `时间戳证书“${c.subject}”将于 ${day} 到期（${opts.withinDays} 天内）`,
          );
      }
      const hash = sd.signerInfos[0]?.digestAlgorithm.hash;
      const tsaCert = sd.certificates[0];
      if (tsaCert) {
        const v = checkAlgorithms(
          opts.policy,
          {
            what: 'the newest timestamp',
            ...(hash ? { hash } : {}),
            key: tsaCert.keyDescription(),
          },
          { validationTime: horizon },
        );
        if (v.indication !== 'TOTAL_PASSED')
          reason(
            `algorithms near their sunset within ${opts.withinDays} days: ${v.reason}`,
            `所用算法将在 ${opts.withinDays} 天内到达停用期限：${v.reason}`,
          );
      }
    }
  } finally {
    await doc.close();
  }
  return {
    file,
    needsRenewal: found.size > 0,
    reasons: [...found.keys()],
    reasonsZh: [...found.values()],
  };
}
