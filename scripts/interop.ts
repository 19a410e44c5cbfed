/**
 * `npm run interop [-- DIR] [--json] [--only NAME]`: verifies other tools' signed PDFs with
 * their projects' expected verdicts and prints expected vs got per file, then the score.
 *
 * Owns: reading the corpus manifest (`MANIFEST.tsv`: file, class, detail, validation_time, ...),
 * running the same verification `sealdesk verify --json --trust DIR/anchors [--at T]` runs, and
 * scoring each file by its class. Must never: copy anything from the corpus into the repository
 * (those files are other projects' material), or take part in `npm test`.
 *
 * Classes (the corpus README):
 * - GOOD: no signature TOTAL_FAILED and no change after signing that is not allowed;
 * - FLAG: a change after signing named as not allowed, or a signature cryptographically broken
 *   (HASH_FAILURE / SIG_CRYPTO_FAILURE);
 * - FAIL: some signature or timestamp TOTAL_FAILED;
 * - SUB X: some signature with sub-indication X;
 * - LEVEL L: the first (approval) signature reaches exactly level L.
 * Documented exceptions (docs/verification.md, "Interoperability") are listed in EXCEPTIONS with
 * the reason; they are printed as such and count as agreeing only when the result is the one
 * the exception describes.
 *
 * Exit 0 when every file agrees (or is a documented exception), 1 otherwise, 2 on usage errors.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadExtraAnchors } from '../main/verify/certificate-files';
import { verifyDocument } from '../main/verify/verify-document';
import type { DocumentVerification, SignatureVerification } from '../main/verify/verdict-model';

interface Row {
  readonly file: string;
  readonly cls: string;
  readonly detail: string;
  readonly validationTime: string;
}

/** Files where Sealdesk deliberately answers otherwise; each must say what it answers. */
const EXCEPTIONS: Record<
  string,
  { readonly expect: (d: DocumentVerification) => boolean; readonly why: string }
> = {
  // docs/verification.md "Interoperability": node-signpdf 1.x (node-forge) signed its signed
  // attributes in the order it wrote them, not their DER encoding (RFC 5652 §5.4, X.690 §11.6).
  // DSS refuses such signatures (dss-unsorted-attrs-*, ETSI plugtest files named HASH_FAILURE);
  // NSS and Acrobat accept them. Sealdesk follows the standard and DSS; @signpdf 3.x writes DER.
  'signpdf-signed.pdf': {
    why: 'signed attributes not in DER order: TOTAL_FAILED/SIG_CRYPTO_FAILURE by RFC 5652 §5.4, as DSS answers for the same fault',
    expect: (d) =>
      d.signatures.length === 1 &&
      d.signatures[0]!.indication === 'TOTAL_FAILED' &&
      d.signatures[0]!.subIndication === 'SIG_CRYPTO_FAILURE' &&
      /not DER/.test(d.signatures[0]!.reason ?? ''),
  },
};

function readManifest(dir: string): Row[] {
  const text = readFileSync(join(dir, 'MANIFEST.tsv'), 'utf8');
  const [head, ...lines] = text.split('\n').filter((l) => l.trim() !== '');
  const cols = head!.split('\t');
  const at = (name: string): number => {
    const i = cols.indexOf(name);
    if (i < 0) throw new Error(`MANIFEST.tsv has no column "${name}"`);
    return i;
  };
  const [f, c, d, v] = [at('file'), at('class'), at('detail'), at('validation_time')];
  return lines.map((l) => {
    const x = l.split('\t');
    return { file: x[f]!, cls: x[c]!, detail: x[d] ?? '', validationTime: x[v] ?? '' };
  });
}

const failedAny = (d: DocumentVerification): boolean =>
  d.error !== null || d.signatures.some((s) => s.indication === 'TOTAL_FAILED');
const disallowed = (s: SignatureVerification): boolean =>
  s.modificationsAfter.some((m) => !m.allowed);
const broken = (s: SignatureVerification): boolean =>
  s.indication === 'TOTAL_FAILED' &&
  (s.subIndication === 'HASH_FAILURE' || s.subIndication === 'SIG_CRYPTO_FAILURE');

/** Whether the result agrees with the class. */
export function agrees(cls: string, d: DocumentVerification): boolean {
  const [kind, arg] = cls.split(' ');
  switch (kind) {
    case 'GOOD':
      return (
        d.error === null &&
        d.signatures.length > 0 &&
        !failedAny(d) &&
        !d.signatures.some(disallowed)
      );
    case 'FLAG':
      return d.signatures.some((s) => disallowed(s) || broken(s));
    case 'FAIL':
      return failedAny(d);
    case 'SUB':
      return d.signatures.some((s) => s.subIndication === arg);
    case 'LEVEL': {
      const first = d.signatures.find((s) => s.kind === 'signature');
      return first?.level === arg;
    }
    default:
      throw new Error(`unknown class "${cls}"`);
  }
}

function summary(d: DocumentVerification): string {
  if (d.error) return `unreadable: ${d.error.code} ${d.error.messageEn}`;
  if (d.signatures.length === 0) return 'no signature';
  return d.signatures
    .map((s) => {
      const mods = s.modificationsAfter
        .filter((m) => m.kind !== 'none')
        .map((m) => `${m.revision}:${m.kind}${m.allowed ? '' : '!'}`)
        .join(',');
      const head = `${s.kind === 'timestamp' ? 'ts' : 'sig'}[${s.field ?? '?'}] ${s.indication}${s.subIndication ? `/${s.subIndication}` : ''}${s.level ? ` ${s.level}` : ''}`;
      return `${head}${mods ? ` after{${mods}}` : ''}${s.indication !== 'TOTAL_PASSED' && s.reason ? ` (${s.reason.slice(0, 160)})` : ''}`;
    })
    .join('\n      ');
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? args[onlyAt + 1] : undefined;
  const positional = args.filter((a, i) => !a.startsWith('--') && (onlyAt < 0 || i !== onlyAt + 1));
  const dir = resolve(positional[0] ?? join(import.meta.dirname, '..', '..', 'shared', 'interop'));
  if (!existsSync(join(dir, 'MANIFEST.tsv'))) {
    process.stderr.write(
      `interop: no MANIFEST.tsv in ${dir}. Give the corpus folder: npm run interop -- DIR\n`,
    );
    return 2;
  }
  const anchors = loadExtraAnchors([join(dir, 'anchors')]);
  const rows = readManifest(dir).filter((r) => !only || r.file.includes(only));
  let agreeing = 0;
  let excepted = 0;
  const out: unknown[] = [];
  for (const r of rows) {
    const d = await verifyDocument(join(dir, r.file), {
      trustAnchors: anchors,
      ...(r.validationTime ? { at: new Date(r.validationTime) } : {}),
    });
    const exception = EXCEPTIONS[r.file];
    const ok = agrees(r.cls, d) || (exception !== undefined && exception.expect(d));
    if (ok) agreeing++;
    if (ok && !agrees(r.cls, d)) excepted++;
    if (json) out.push({ file: r.file, expected: r.cls, agrees: ok, result: d });
    else {
      const mark = ok ? (agrees(r.cls, d) ? 'ok  ' : 'exc ') : 'DIFF';
      process.stdout.write(`${mark} ${r.file}  expected ${r.cls}\n      ${summary(d)}\n`);
      if (exception && !agrees(r.cls, d))
        process.stdout.write(`      exception: ${exception.why}\n`);
    }
  }
  const pct = rows.length ? (100 * agreeing) / rows.length : 0;
  if (json)
    process.stdout.write(
      `${JSON.stringify({ agreeing, total: rows.length, files: out }, null, 1)}\n`,
    );
  else
    process.stdout.write(
      `\ninterop: ${agreeing} of ${rows.length} agree (${pct.toFixed(1)} %)${excepted ? `, ${excepted} of them a documented exception` : ''}\n`,
    );
  return agreeing === rows.length ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`interop: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(2);
  },
);
