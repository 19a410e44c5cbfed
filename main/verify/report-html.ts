/**
 * The HTML verification report: one self-contained file (inline CSS, no script, no external
 * resource), every text escaped, zh-CN or en.
 *
 * Owns: rendering report-model blocks as HTML and writing the file atomically.
 * Must never: put document-controlled text (field names, subjects, reasons) into the page
 * unescaped, or reference anything outside the file.
 */
import { rename, writeFile } from 'node:fs/promises';
import type { Lang } from '../i18n/locale';
import type { DocumentVerification } from './verdict-model';
import { buildReport, type ReportBlock } from './report-model';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
  );
}

const CSS = `body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111}
h1{font-size:1.6rem}h2{font-size:1.2rem;border-bottom:1px solid #999;margin-top:2rem;word-break:break-all}h3{font-size:1.05rem}
table{border-collapse:collapse;margin:.3rem 0 .8rem;width:100%}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top;word-break:break-all}
th{width:14rem;background:#f4f4f4;font-weight:normal}.verdict{padding:.6rem .8rem;border-left:6px solid;margin:.5rem 0}
.ok{border-color:#1a7f37;background:#eef8f0}.bad{border-color:#c62828;background:#fdeeee}.unknown{border-color:#b26a00;background:#fff6e5}`;

function renderBlock(b: ReportBlock): string {
  switch (b.kind) {
    case 'title':
      return `<h1>${escapeHtml(b.text)}</h1>`;
    case 'heading':
      return `<h2>${escapeHtml(b.text)}</h2>`;
    case 'subheading':
      return `<h3>${escapeHtml(b.text)}</h3>`;
    case 'verdict':
      return `<p class="verdict ${b.tone}">${escapeHtml(b.text)}</p>`;
    case 'text':
      return `<p>${escapeHtml(b.text)}</p>`;
    case 'fields':
      return `<table>${b.rows
        .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
        .join('')}</table>`;
  }
}

export function renderHtmlReport(docs: readonly DocumentVerification[], lang: Lang): string {
  const blocks = buildReport(docs, lang);
  const title = blocks[0]?.kind === 'title' ? blocks[0].text : 'Report';
  return `<!DOCTYPE html>
<html lang="${lang === 'en' ? 'en' : 'zh-CN'}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title><style>${CSS}</style></head><body>
${blocks.map(renderBlock).join('\n')}
</body></html>
`;
}

export async function writeHtmlReport(
  docs: readonly DocumentVerification[],
  out: string,
  lang: Lang,
): Promise<void> {
  const tmp = `${out}.${process.pid}.tmp`;
  await writeFile(tmp, renderHtmlReport(docs, lang), 'utf8');
  await rename(tmp, out);
}
