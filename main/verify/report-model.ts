/**
 * The content of a verification report, independent of its format: what a legal department
 * hands over (document hash, each verdict in words, certificate chain, timestamps, revocation
 * evidence, changes after signing with their pages, validation time and policy), as blocks
 * that report-html.ts and report-pdf.ts render.
 *
 * Owns: choosing and ordering the facts and their zh-CN / en labels.
 * Must never: compute a verdict (it reports verdict-model data as it is) or escape for a
 * format (the renderers do).
 */
import type { Lang } from '../i18n/locale';
import { documentOutcome, type DocumentVerification } from './verdict-model';

export type ReportBlock =
  | { readonly kind: 'title'; readonly text: string }
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'subheading'; readonly text: string }
  | { readonly kind: 'verdict'; readonly text: string; readonly tone: 'ok' | 'bad' | 'unknown' }
  | { readonly kind: 'fields'; readonly rows: readonly (readonly [string, string])[] }
  | { readonly kind: 'text'; readonly text: string };

const L = {
  title: { zh: 'PDF 电子签名验证报告', en: 'PDF Signature Verification Report' },
  generated: { zh: '生成时间', en: 'Generated' },
  validationTime: { zh: '验证时间', en: 'Validation time' },
  policy: { zh: '算法策略', en: 'Algorithm policy' },
  online: { zh: '吊销信息来源', en: 'Revocation sources' },
  offline: { zh: '仅使用文件内嵌数据（离线）', en: 'embedded data only (offline)' },
  onlineYes: { zh: '内嵌数据，并允许联网获取', en: 'embedded data, network fetching allowed' },
  file: { zh: '文件', en: 'File' },
  sha256: { zh: 'SHA-256 摘要', en: 'SHA-256' },
  size: { zh: '大小（字节）', en: 'Size (bytes)' },
  revisions: { zh: '修订版本数', en: 'Revisions' },
  outcome: { zh: '总体结论', en: 'Overall result' },
  noSignatures: { zh: '此文件中没有签名。', en: 'This file holds no signature.' },
  signature: { zh: '签名', en: 'Signature' },
  timestamp: { zh: '文档时间戳', en: 'Document timestamp' },
  field: { zh: '签名域', en: 'Field' },
  indication: { zh: '结论（ETSI EN 319 102-1）', en: 'Indication (ETSI EN 319 102-1)' },
  level: { zh: 'PAdES 级别', en: 'PAdES level' },
  signer: { zh: '签署人', en: 'Signer' },
  claimed: { zh: '声称的签署时间', en: 'Claimed signing time' },
  proven: { zh: '经证明的存在时间', en: 'Proven existence time' },
  revision: { zh: '签署的版本', en: 'Signed revision' },
  whole: { zh: '覆盖整个文件', en: 'Covers the whole file' },
  algorithms: { zh: '算法', en: 'Algorithms' },
  reason: { zh: '技术原因', en: 'Technical reason' },
  chain: { zh: '证书链', en: 'Certificate chain' },
  subject: { zh: '主体', en: 'Subject' },
  issuer: { zh: '签发者', en: 'Issuer' },
  serial: { zh: '序列号', en: 'Serial number' },
  validity: { zh: '有效期', en: 'Validity' },
  fingerprint: { zh: 'SHA-256 指纹', en: 'SHA-256 fingerprint' },
  timestamps: { zh: '时间戳', en: 'Timestamps' },
  revocation: { zh: '吊销检查证据', en: 'Revocation evidence' },
  changes: { zh: '签署后的更改', en: 'Changes after signing' },
  noChanges: { zh: '签署后没有任何更改。', en: 'No change after signing.' },
  notes: { zh: '备注', en: 'Notes' },
  yes: { zh: '是', en: 'yes' },
  no: { zh: '否', en: 'no' },
  none: { zh: '无', en: 'none' },
  allowed: { zh: '允许', en: 'allowed' },
  notAllowed: { zh: '不允许', en: 'NOT allowed' },
  pages: { zh: '页', en: 'pages' },
  roles: {
    signer: { zh: '签署人证书', en: 'Signer certificate' },
    intermediate: { zh: '中间 CA', en: 'Intermediate CA' },
    anchor: { zh: '信任锚（根）', en: 'Trust anchor (root)' },
    tsa: { zh: '时间戳机构证书', en: 'TSA certificate' },
  },
  outcomes: {
    passed: { zh: '全部签名有效', en: 'All signatures valid' },
    failed: { zh: '存在无效签名', en: 'At least one signature is NOT valid' },
    indeterminate: { zh: '存在无法确认的签名', en: 'At least one signature cannot be confirmed' },
    unreadable: { zh: '文件无法验证', en: 'The file cannot be verified' },
    unsigned: { zh: '文件未签名', en: 'The file is not signed' },
  },
} as const;

/** Builds the report blocks for the given documents in one language. */
export function buildReport(
  docs: readonly DocumentVerification[],
  lang: Lang,
  now: Date = new Date(),
): ReportBlock[] {
  const t = (p: { readonly zh: string; readonly en: string }) => (lang === 'en' ? p.en : p.zh);
  const yn = (b: boolean) => t(b ? L.yes : L.no);
  const out: ReportBlock[] = [{ kind: 'title', text: t(L.title) }];
  const first = docs[0];
  out.push({
    kind: 'fields',
    rows: [
      [t(L.generated), now.toISOString()],
      [t(L.validationTime), first?.validationTime ?? now.toISOString()],
      [t(L.policy), first?.policy ?? '—'],
      [t(L.online), t(first?.online ? L.onlineYes : L.offline)],
    ],
  });
  for (const d of docs) {
    out.push({ kind: 'heading', text: `${t(L.file)}: ${d.file}` });
    const outcome = documentOutcome(d);
    out.push({
      kind: 'fields',
      rows: [
        [t(L.sha256), d.sha256 ?? '—'],
        [t(L.size), d.size === null ? '—' : String(d.size)],
        [t(L.revisions), d.revisions === null ? '—' : String(d.revisions)],
        [t(L.outcome), t(L.outcomes[outcome])],
      ],
    });
    if (d.error) {
      out.push({
        kind: 'verdict',
        text: lang === 'en' ? d.error.messageEn : d.error.messageZh,
        tone: 'bad',
      });
      continue;
    }
    if (d.signatures.length === 0) out.push({ kind: 'text', text: t(L.noSignatures) });
    d.signatures.forEach((s, i) => {
      out.push({
        kind: 'subheading',
        text: `${t(s.kind === 'timestamp' ? L.timestamp : L.signature)} ${i + 1}${s.field ? ` — ${s.field}` : ''}`,
      });
      out.push({
        kind: 'verdict',
        text: lang === 'en' ? s.messageEn : s.messageZh,
        tone:
          s.indication === 'TOTAL_PASSED'
            ? 'ok'
            : s.indication === 'TOTAL_FAILED'
              ? 'bad'
              : 'unknown',
      });
      out.push({
        kind: 'fields',
        rows: [
          [t(L.indication), `${s.indication}${s.subIndication ? ` / ${s.subIndication}` : ''}`],
          [t(L.level), s.level ?? '—'],
          [t(L.signer), s.signerSubject ?? s.signer ?? '—'],
          [t(L.claimed), s.claimedTime ?? '—'],
          [t(L.proven), s.provenTime ?? '—'],
          [t(L.revision), s.revision === null ? '—' : String(s.revision)],
          [t(L.whole), yn(s.coversWholeFile)],
          [
            t(L.algorithms),
            [s.subFilter, s.digestAlgorithm, s.signatureAlgorithm].filter(Boolean).join(', ') ||
              '—',
          ],
          ...(s.reason ? [[t(L.reason), s.reason] as const] : []),
        ],
      });
      if (s.chain.length > 0) {
        out.push({ kind: 'text', text: `${t(L.chain)}:` });
        for (const c of s.chain) {
          out.push({
            kind: 'fields',
            rows: [
              [t(L.roles[c.role]), c.subject],
              [t(L.issuer), c.issuer],
              [t(L.serial), c.serialHex],
              [t(L.validity), `${c.notBefore} — ${c.notAfter}`],
              [t(L.fingerprint), c.fingerprint],
            ],
          });
        }
      }
      out.push({ kind: 'text', text: `${t(L.timestamps)}:` });
      if (s.timestamps.length === 0) out.push({ kind: 'text', text: t(L.none) });
      for (const ts of s.timestamps) {
        out.push({
          kind: 'fields',
          rows: [
            [ts.kind, `${ts.genTime ?? '—'} (${ts.tsa ?? '—'})`],
            [
              t(L.indication),
              `${ts.indication}${ts.subIndication ? ` / ${ts.subIndication}` : ''}`,
            ],
            ...(ts.reason ? [[t(L.reason), ts.reason] as const] : []),
          ],
        });
      }
      out.push({ kind: 'text', text: `${t(L.revocation)}:` });
      if (s.revocation.length === 0) out.push({ kind: 'text', text: t(L.none) });
      for (const r of s.revocation) {
        const ev = r.evidence
          .map(
            (e) =>
              `${e.source.toUpperCase()} ${e.status} (${e.signedBy}, ${e.thisUpdate}, ${e.origin}${e.fresh ? '' : ', stale'})`,
          )
          .join('; ');
        out.push({
          kind: 'fields',
          rows: [
            [
              r.certificate,
              `${r.status}${r.detail ? ` — ${r.detail}` : ''}${ev ? ` — ${ev}` : ''}`,
            ],
          ],
        });
      }
      out.push({ kind: 'text', text: `${t(L.changes)}:` });
      if (s.modificationsAfter.length === 0) out.push({ kind: 'text', text: t(L.noChanges) });
      for (const m of s.modificationsAfter) {
        out.push({
          kind: 'fields',
          rows: [
            [
              `${t(L.revision)} ${m.revision}`,
              `${m.kind} — ${t(m.allowed ? L.allowed : L.notAllowed)}${m.pages.length ? ` — ${t(L.pages)} ${m.pages.join(', ')}` : ''}${m.details.length ? ` — ${m.details.join('; ')}` : ''}`,
            ],
          ],
        });
      }
      if (s.notes.length > 0) {
        out.push({ kind: 'text', text: `${t(L.notes)}:` });
        for (const n of s.notes) out.push({ kind: 'text', text: `• ${n}` });
      }
    });
  }
  return out;
}
