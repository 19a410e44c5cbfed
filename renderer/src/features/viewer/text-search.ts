/**
 * Text search over a pdf.js document, page by page (getTextContent), with progress and cancel.
 * Each page's text is its text items joined (no separator between items, so CJK words split
 * across items are found; a line break where pdf.js marks an end of line, which matching skips).
 *
 * Owns: finding matches and their snippets. Must never: keep pages loaded (cleanup after each),
 * or run on after it was cancelled.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist';

export interface TextHit {
  readonly page: number;
  readonly snippet: string;
}

export interface SearchProgress {
  readonly done: number;
  readonly total: number;
  readonly hits: readonly TextHit[];
}

/** Most hits kept (the list says when there were more). */
export const MAX_HITS = 1000;
const CONTEXT = 16;

/** NFKC: compatibility characters (Kangxi radicals, full-width Latin) to their usual form. */
export const fold = (s: string): string => s.normalize('NFKC');

const escape = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The matches of `query` in `text`, case-insensitive, white space ignored on both sides. Both
 * should be NFKC-normalised (fold): fonts often map CJK glyphs to compatibility code points,
 * e.g. the Kangxi radical U+2F12 "⼒" for U+529B "力" (the cjk-contract fixture does).
 */
export function matchesOf(text: string, query: string): RegExpExecArray[] {
  const chars = [...fold(query).replace(/\s+/g, '')];
  if (chars.length === 0) return [];
  return [...text.matchAll(new RegExp(chars.map(escape).join('\\s*'), 'giu'))];
}

/**
 * Case-insensitive matches of `query` in `text`, each as a snippet with context. White space is
 * ignored on both sides (a line break may fall inside a CJK word: "不可\n抗力" is "不可抗力").
 */
export function findInText(raw: string, query: string): string[] {
  const text = fold(raw);
  const out: string[] = [];
  for (const m of matchesOf(text, query)) {
    const at = m.index;
    const from = Math.max(0, at - CONTEXT);
    const to = Math.min(text.length, at + m[0].length + CONTEXT);
    const snippet = text.slice(from, to).replace(/\s+/g, ' ');
    out.push(`${from > 0 ? '…' : ''}${snippet}${to < text.length ? '…' : ''}`);
  }
  return out;
}

export async function searchDocument(
  pdf: PDFDocumentProxy,
  query: string,
  signal: AbortSignal,
  onProgress: (p: SearchProgress) => void,
): Promise<SearchProgress> {
  const total = pdf.numPages;
  const hits: TextHit[] = [];
  let last = 0;
  let done = 0;
  for (let n = 1; n <= total && !signal.aborted && hits.length < MAX_HITS; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    let text = '';
    for (const item of content.items) {
      if ('str' in item) text += item.str + (item.hasEOL ? '\n' : '');
    }
    page.cleanup();
    for (const snippet of findInText(text, query)) hits.push({ page: n, snippet });
    done = n;
    const now = performance.now();
    if (now - last > 100) {
      last = now;
      onProgress({ done, total, hits: [...hits] });
    }
  }
  const result = { done, total, hits: hits.slice(0, MAX_HITS) };
  onProgress(result);
  return result;
}
