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
}

const DAY = 86_400_000;

export async function checkRenewal(
  file: string,
  opts: { readonly withinDays: number; readonly policy: AlgorithmPolicy; readonly now?: Date },
): Promise<RenewalCheck> {
  const now = opts.now ?? new Date();
  const horizon = new Date(now.getTime() + opts.withinDays * DAY);
  const doc = await PdfDocument.open(file);
  const reasons: string[] = [];
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
          reasons.push(`signature ${s.fieldName} cannot be read`);
        }
      }
    if (sigs.length === 0) reasons.push('the file has no signature');
    else if (tokens.length === 0) reasons.push('no timestamp protects the signatures yet');
    for (const token of tokens) {
      let sd;
      try {
        sd = parseSignedData(token, { what: 'timestamp token', allowZeroPadding: true });
      } catch (e) {
        reasons.push(`the newest timestamp cannot be read (${(e as Error).message})`);
        continue;
      }
      for (const c of sd.certificates) {
        if (c.notAfter <= horizon)
          reasons.push(
            `timestamp certificate "${c.subject}" expires on ${c.notAfter.toISOString().slice(0, 10)}, within ${opts.withinDays} days`,
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
          reasons.push(`algorithms near their sunset within ${opts.withinDays} days: ${v.reason}`);
      }
    }
  } finally {
    await doc.close();
  }
  return { file, needsRenewal: reasons.length > 0, reasons: [...new Set(reasons)] };
}
