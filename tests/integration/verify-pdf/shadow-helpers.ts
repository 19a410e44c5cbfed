/**
 * Steps of the shadow-attack tests: raw incremental updates the project's writer would never
 * make (an xref section alone, free entries, objects without an xref), and assertions on the
 * first signature's modification analysis.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';
import type {
  ModificationAnalysis,
  RevisionModification,
} from '../../../main/verify/modification-analysis';
import { lastStartxref } from '../../fixtures/pdfs/incremental-pdf';
import { RawPdfWriter, fileId, xrefEntry } from '../../fixtures/pdfs/raw-pdf-writer';
import { verifyPdfHalf } from './verify-pdf-helpers';

export interface RawUpdate {
  /** Object bodies written in the update (`N 0 obj <body> endobj`). */
  readonly objects?: Readonly<Record<number, string>>;
  /** Xref entries pointing at bytes already in the file (e.g. a prepared body), by number. */
  readonly pointAt?: Readonly<Record<number, number>>;
  /** Object numbers listed as free (`f`) entries. */
  readonly free?: readonly number[];
  /** Trailer entries replacing the previous trailer's (e.g. { Info: '46 0 R' }). */
  readonly trailer?: Readonly<Record<string, string>>;
  /** false: no xref section; the trailer follows the objects and startxref points at it. */
  readonly xref?: boolean;
}

/** The last trailer's entries of a classic-xref file, as written. */
function lastTrailer(pdf: Buffer): Record<string, string> {
  const text = pdf.subarray(lastStartxref(pdf)).toString('latin1');
  const out: Record<string, string> = {};
  for (const key of ['Root', 'Info', 'Size', 'Encrypt']) {
    const m = new RegExp(`/${key}\\s+(\\d+\\s+\\d+\\s+R|\\d+)`).exec(text);
    if (m) out[key] = m[1]!;
  }
  const id = /\/ID\s*\[\s*(<[0-9a-fA-F]+>)/.exec(text);
  if (id) out.ID = `[${id[1]} ${fileId(`raw-update:${pdf.length}`)}]`;
  return out;
}

/** Appends `update` to `input` byte by byte (ISO 32000-2 §7.5.6 layout), written to `output`. */
export function appendRaw(input: string, output: string, update: RawUpdate): string {
  const base = readFileSync(input);
  const prev = lastStartxref(base);
  const w = RawPdfWriter.appendingTo(base);
  if (base[base.length - 1] !== 0x0a) w.write('\n');
  for (const [num, body] of Object.entries(update.objects ?? {})) w.object(Number(num), body);
  const entries = new Map<number, string>();
  for (const num of Object.keys(update.objects ?? {}).map(Number))
    entries.set(num, xrefEntry(w.offsets.get(num)!, 0, 'n'));
  for (const [num, at] of Object.entries(update.pointAt ?? {}))
    entries.set(Number(num), xrefEntry(at, 0, 'n'));
  for (const num of update.free ?? []) entries.set(num, xrefEntry(0, 1, 'f'));
  const trailer = { ...lastTrailer(base), ...(update.trailer ?? {}), Prev: String(prev) };
  const trailerText = `trailer\n<< ${Object.entries(trailer)
    .map(([k, v]) => `/${k} ${v}`)
    .join(' ')} >>\n`;
  let start = w.position;
  if (update.xref !== false) {
    let table = 'xref\n0 1\n' + xrefEntry(0, 65535, 'f');
    for (const num of [...entries.keys()].sort((a, b) => a - b))
      table += `${num} 1\n${entries.get(num)!}`;
    w.write(table);
  }
  if (update.xref === false) start = w.position;
  w.write(`${trailerText}startxref\n${start}\n%%EOF\n`);
  writeFileSync(output, w.toBuffer());
  return output;
}

/** The first signature's modification analysis of `file` (its structure must be intact). */
export async function firstAnalysis(file: string): Promise<ModificationAnalysis> {
  const half = await verifyPdfHalf(file);
  expect(half.structures[0]!.problems).toEqual([]);
  const a = half.modifications[0];
  expect(a, 'the first signature has a signed revision').toBeDefined();
  return a!;
}

/** The revisions not allowed, with every detail they give. */
export function disallowed(a: ModificationAnalysis): {
  revisions: RevisionModification[];
  details: string;
} {
  const revisions = a.revisions.filter((r) => !r.allowed);
  return { revisions, details: revisions.flatMap((r) => r.details).join('\n') };
}

/** Asserts the analysis names a change not allowed whose details match `named`. */
export function expectNamedAsNotAllowed(a: ModificationAnalysis, named: RegExp): void {
  const d = disallowed(a);
  expect(a.verdict).toBe('disallowed-changes');
  expect(d.revisions.length).toBeGreaterThan(0);
  expect(d.details).toMatch(named);
}
