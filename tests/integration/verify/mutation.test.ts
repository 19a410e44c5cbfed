/**
 * Seeded mutation test (issue 12): files signed by the project's own signer (one approval
 * signature; a signature followed by a document timestamp from the run-wide TSA) are mutated
 * with a fixed seed (byte flips, a non-hex byte inside /Contents including its zero padding,
 * truncation, deleted and inserted bytes, a changed /ByteRange digit, a changed /MediaBox with
 * a stray byte in the padding) and every mutant is verified. A mutant must never read as
 * unsigned while it still has a signature field with a value, never make verification throw,
 * and never pass a signature whose signed bytes changed.
 *
 * "Still has a signature field with a value": the mutation left the `/FT /Sig` and `/V` tokens
 * of some signature field as they were and, when it changed the file's length (so that the xref
 * is rebuilt by scanning), left that field's object whole, with the EOL before its header. A
 * mutant that renames /FT or /V, or whose rebuilt xref cannot see the field's object, has no
 * signed field any more (ISO 32000-2 §12.7.5.5, §7.3.10; pdfsig reads it so too).
 *
 * The seed is fixed; a longer hunt with another one: SEALDESK_MUTATION_SEED=42
 * SEALDESK_MUTATION_COUNT=2500 (mutants per file) npx vitest run <this file> --testTimeout=0.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { docTimestampStep } from '../../../main/ltv/doc-timestamp';
import { PdfDocument } from '../../../main/pdf/document';
import { writeUpdateChain } from '../../../main/sign/update-chain-writer';
import type { DocumentVerification } from '../../../main/verify/verdict-model';
import { verifyDocument } from '../../../main/verify/verify-document';
import { runWideTsa } from '../ltv/ltv-support';
import { signedPdf } from '../verify-pdf/verify-pdf-helpers';
import { rootAnchor, workspace } from './verify-helpers';

const SEED = Number(process.env.SEALDESK_MUTATION_SEED ?? 0x5ea1_0012);
const MUTANTS_PER_FILE = Number(process.env.SEALDESK_MUTATION_COUNT ?? 120);

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface SignedRange {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly kind: 'signature' | 'timestamp';
}

interface SigField {
  /** The field (widget) object, `N G obj` to `endobj`. */
  readonly objStart: number;
  readonly objEnd: number;
  /** The `/FT /Sig` token and the `/V` key. */
  readonly tokens: readonly (readonly [number, number])[];
}

interface Base {
  readonly label: string;
  readonly bytes: Buffer;
  readonly ranges: readonly SignedRange[];
  readonly fields: readonly SigField[];
  /** The /MediaBox of the page version the first signature covers. */
  readonly mediaBox: number;
}

/** Where the signatures, their fields and the first page's /MediaBox lie in a signed file. */
function describeBase(label: string, bytes: Buffer): Base {
  const text = bytes.toString('latin1');
  const ranges: SignedRange[] = [];
  for (const m of text.matchAll(/\/ByteRange \[0 (\d+) (\d+) (\d+) *\]/g)) {
    const dictStart = text.lastIndexOf(' obj', m.index);
    const kind = text.slice(dictStart, m.index).includes('/DocTimeStamp')
      ? 'timestamp'
      : 'signature';
    ranges.push({ a: Number(m[1]), b: Number(m[2]), c: Number(m[3]), kind });
  }
  const fields: SigField[] = [];
  for (const m of text.matchAll(/\/FT \/Sig/g)) {
    const objStart = text.lastIndexOf('\n', text.lastIndexOf(' obj', m.index)) + 1;
    const objEnd = text.indexOf('endobj', m.index) + 'endobj'.length;
    const v = text.indexOf('/V ', objStart);
    expect(v > objStart && v < objEnd, `${label}: the field at ${objStart} has /V`).toBe(true);
    fields.push({
      objStart,
      objEnd,
      tokens: [
        [m.index, m.index + m[0].length],
        [v, v + 2],
      ],
    });
  }
  expect(ranges.length, `${label}: signatures`).toBeGreaterThan(0);
  expect(fields.length, `${label}: one field per signature`).toBe(ranges.length);
  const mediaBox = text.lastIndexOf('/MediaBox [', ranges[0]!.a);
  expect(mediaBox, `${label}: a /MediaBox before the first signature`).toBeGreaterThan(0);
  return { label, bytes, ranges, fields, mediaBox };
}

type Change =
  | { readonly op: 'replace'; readonly at: number; readonly bytes: Buffer }
  | { readonly op: 'delete'; readonly at: number; readonly length: number }
  | { readonly op: 'insert'; readonly at: number; readonly bytes: Buffer }
  | { readonly op: 'truncate'; readonly at: number };

interface Mutant {
  readonly name: string;
  readonly changes: readonly Change[];
}

const NON_HEX = Buffer.from(
  'ghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZ!#$&*+,-.:;=?@^_|~"\'()[]{}/%',
  'latin1',
);

/** N seeded mutants of `base`. */
function mutantsOf(base: Base, rnd: () => number, n: number): Mutant[] {
  const size = base.bytes.length;
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length)]!;
  const byte = (v: number): Buffer => Buffer.from([v & 0xff]);
  const flip = (at: number): Change => ({
    op: 'replace',
    at,
    bytes: byte(base.bytes[at]! ^ int(1, 256)),
  });
  const strayIn = (r: SignedRange, from: number): Change => ({
    op: 'replace',
    at: int(from, r.b - 1),
    bytes: byte(pick([...NON_HEX])),
  });
  /** A non-hex byte in the zero padding after the CMS of `r`. */
  const strayInPadding = (r: SignedRange): Change => {
    const hex = base.bytes.toString('latin1', r.a + 1, r.b - 1);
    const padding = r.a + 1 + hex.search(/0*$/);
    return strayIn(r, padding + ((padding - r.a - 1) % 2));
  };
  const signedOffset = (r: SignedRange): number => {
    const at = int(0, r.a + r.c);
    return at < r.a ? at : at - r.a + r.b;
  };
  const out: Mutant[] = [];
  for (let i = 0; i < n; i++) {
    const p = rnd();
    const r = pick(base.ranges);
    if (p < 0.3) {
      const at = int(0, size);
      out.push({ name: `flip byte ${at}`, changes: [flip(at)] });
    } else if (p < 0.48) {
      const c = strayIn(r, r.a + 1);
      out.push({ name: `non-hex byte at ${c.at} in /Contents [${r.a}, ${r.b})`, changes: [c] });
    } else if (p < 0.56) {
      const c = strayInPadding(r);
      out.push({
        name: `non-hex byte at ${c.at} in the padding of [${r.a}, ${r.b})`,
        changes: [c],
      });
    } else if (p < 0.63) {
      const at = int(1, size);
      out.push({ name: `truncated at ${at}`, changes: [{ op: 'truncate', at }] });
    } else if (p < 0.7) {
      const at = int(0, size - 16);
      const length = int(1, 17);
      out.push({
        name: `${length} bytes deleted at ${at}`,
        changes: [{ op: 'delete', at, length }],
      });
    } else if (p < 0.76) {
      const at = int(0, size);
      const bytes = Buffer.from(Array.from({ length: int(1, 17) }, () => int(0, 256)));
      out.push({
        name: `${bytes.length} bytes inserted at ${at}`,
        changes: [{ op: 'insert', at, bytes }],
      });
    } else if (p < 0.84) {
      const text = base.bytes.toString('latin1', r.a - 64, r.a);
      const open = r.a - 64 + text.lastIndexOf('/ByteRange [');
      const close = base.bytes.indexOf(']', open);
      const digits = [...base.bytes.toString('latin1', open, close).matchAll(/\d/g)];
      const at = open + pick(digits).index;
      const d = String.fromCharCode(0x30 + ((base.bytes[at]! - 0x30 + int(1, 10)) % 10));
      out.push({
        name: `ByteRange digit at ${at} of [${r.a}, ${r.b})`,
        changes: [{ op: 'replace', at, bytes: Buffer.from(d, 'latin1') }],
      });
    } else if (p < 0.9) {
      const at = base.mediaBox + '/MediaBox [0 0 '.length;
      const stray = strayInPadding(base.ranges[0]!);
      out.push({
        name: `MediaBox changed at ${at}, stray at ${stray.at}`,
        changes: [{ op: 'replace', at, bytes: Buffer.from('6', 'latin1') }, stray],
      });
    } else {
      const at = signedOffset(r);
      const stray = strayInPadding(r);
      out.push({
        name: `signed byte ${at} flipped, stray at ${stray.at}`,
        changes: [flip(at), stray],
      });
    }
  }
  return out;
}

function apply(bytes: Buffer, changes: readonly Change[]): Buffer {
  let out = Buffer.from(bytes);
  // Same-length replacements first (their offsets are the base's), then one length change.
  for (const c of changes) if (c.op === 'replace') c.bytes.copy(out, c.at);
  for (const c of changes) {
    if (c.op === 'delete')
      out = Buffer.concat([out.subarray(0, c.at), out.subarray(c.at + c.length)]);
    else if (c.op === 'insert')
      out = Buffer.concat([out.subarray(0, c.at), c.bytes, out.subarray(c.at)]);
    else if (c.op === 'truncate') out = out.subarray(0, c.at);
  }
  return out;
}

const overlaps = (s: number, e: number, [from, to]: readonly [number, number]): boolean =>
  s < to && from < e;

/** Whether the field keeps its /FT /Sig and /V (and, when the length changed, its object). */
function fieldSurvives(f: SigField, changes: readonly Change[]): boolean {
  return changes.every((c) => {
    switch (c.op) {
      case 'replace':
        return !f.tokens.some((t) => overlaps(c.at, c.at + c.bytes.length, t));
      // The EOL before `N G obj` belongs to the header: a scan finds no header without it.
      case 'delete':
        return !overlaps(c.at, c.at + c.length, [f.objStart - 1, f.objEnd]);
      case 'insert':
        return !(c.at >= f.objStart && c.at < f.objEnd);
      case 'truncate':
        return c.at >= f.objEnd;
    }
  });
}

/** Whether the bytes a signature covers are the same in `mutant` as in `base`. */
function signedBytesIntact(base: Buffer, mutant: Buffer, r: SignedRange): boolean {
  if (mutant.length < r.b + r.c) return false;
  return (
    base.subarray(0, r.a).equals(mutant.subarray(0, r.a)) &&
    base.subarray(r.b, r.b + r.c).equals(mutant.subarray(r.b, r.b + r.c))
  );
}

function summary(d: DocumentVerification): string {
  if (d.error) return `error ${d.error.code}`;
  if (d.signatures.length === 0) return 'unsigned';
  return d.signatures
    .map((s) => `${s.kind} ${s.indication}/${s.subIndication ?? '-'} ${s.reason ?? ''}`)
    .join('; ');
}

let dir: string;
const bases: Base[] = [];
let anchor: ReturnType<typeof rootAnchor>;

beforeAll(async () => {
  dir = workspace();
  anchor = rootAnchor();
  const signed = await signedPdf(dir, 'mutation-base');
  bases.push(describeBase('signature', readFileSync(signed)));
  const stamped = join(dir, 'mutation-stamped.pdf');
  const doc = await PdfDocument.open(signed);
  try {
    await writeUpdateChain({
      input: signed,
      output: stamped,
      doc,
      steps: [docTimestampStep({ tsa: runWideTsa() })],
      errors: {
        changed: () => new Error('changed while read'),
        cancelled: () => new Error('cancelled'),
        doesNotFit: () => new Error('the token does not fit'),
      },
    });
  } finally {
    await doc.close();
  }
  bases.push(describeBase('signature + document timestamp', readFileSync(stamped)));
});

describe(`seeded mutants of signed files (seed 0x${SEED.toString(16)})`, () => {
  it('verifies every base file as valid before mutating it', async () => {
    for (const base of bases) {
      const file = join(dir, 'base.pdf');
      writeFileSync(file, base.bytes);
      const d = await verifyDocument(file, { trustAnchors: [rootAnchor()] });
      expect(
        d.signatures.map((s) => [s.kind, s.indication]),
        `${base.label}: ${summary(d)}`,
      ).toEqual(base.ranges.map((r) => [r.kind, 'TOTAL_PASSED']));
    }
  });

  it('never reads a mutant as unsigned, never throws, and never passes a changed signed byte', async () => {
    const rnd = prng(SEED);
    const all = bases.flatMap((base) =>
      mutantsOf(base, rnd, MUTANTS_PER_FILE).map((m) => ({ base, m })),
    );
    const problems: string[][] = all.map(() => []);
    const check = async (i: number): Promise<void> => {
      const { base, m } = all[i]!;
      const bytes = apply(base.bytes, m.changes);
      const file = join(dir, `mutant-${i}.pdf`);
      writeFileSync(file, bytes);
      const where = `seed 0x${SEED.toString(16)}, mutant ${i} of "${base.label}": ${m.name}`;
      let d: DocumentVerification;
      try {
        d = await verifyDocument(file, { trustAnchors: [anchor] });
      } catch (e) {
        problems[i]!.push(`${where}: threw ${String(e)}`);
        return;
      }
      const stillSigned = base.fields.some((f) => fieldSurvives(f, m.changes));
      if (stillSigned && d.error === null && d.signatures.length === 0) {
        problems[i]!.push(`${where}: reads as unsigned`);
      }
      const intact = base.ranges.map((r) => signedBytesIntact(base.bytes, bytes, r));
      const passed = d.signatures.filter((s) => s.indication === 'TOTAL_PASSED');
      const changedKinds = new Set(base.ranges.filter((_, k) => !intact[k]).map((r) => r.kind));
      if (
        passed.length > intact.filter(Boolean).length ||
        (intact[0] === false && passed.length > 0) ||
        passed.some((s) => s.kind === 'timestamp' && changedKinds.has('timestamp'))
      ) {
        problems[i]!.push(
          `${where}: passes a signature whose signed bytes changed (${summary(d)})`,
        );
      }
    };
    for (let i = 0; i < all.length; i++) await check(i);
    expect(all).toHaveLength(bases.length * MUTANTS_PER_FILE);
    const found = problems.flat();
    expect(found, found.join('\n')).toEqual([]);
  });
});
