/**
 * Deterministic fuzzing of the reader: small valid PDFs (classic table, xref stream with object
 * streams, hybrid, an incremental update) mutated thousands of times with a seeded PRNG. Every
 * mutant must open and walk, or fail with a SealdeskError, quickly.
 */
import { describe, expect, it } from 'vitest';
import { isSealdeskError } from '../../../main/errors/sealdesk-error';
import { PdfDocument } from '../../../main/pdf/document';
import { BufferSource } from '../../../main/pdf/file-source';
import { PdfRef, isStream } from '../../../main/pdf/objects';
import { buildPdf, simpleObjects, stream } from './helpers/build-pdf';

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

function seeds(): Uint8Array[] {
  const objs = () => {
    const o = simpleObjects(3, '/Info 20 0 R');
    o.push({ num: 20, body: '<< /Title (t) /Kids [1 0 R] >>' });
    o.push({
      num: 21,
      body: stream(
        '/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 4 >>',
        Buffer.from('789c63600000000400 01', 'hex'),
      ),
    });
    return o;
  };
  const table = buildPdf({ objects: objs(), trailer: '/Root 1 0 R' });
  const xs = buildPdf({
    objects: objs(),
    trailer: '/Root 1 0 R',
    xref: 'stream',
    predictor: true,
    objStm: { num: 30, members: [1, 2, 3, 20] },
  });
  const hybrid = buildPdf({
    objects: objs(),
    trailer: '/Root 1 0 R',
    xref: 'hybrid',
    objStm: { num: 30, members: [2, 4] },
  });
  const update = buildPdf({
    base: table.bytes,
    prev: table.startxref,
    objects: [{ num: 1, body: '<< /Type /Catalog /Pages 2 0 R /Lang (x) >>' }],
    trailer: '/Root 1 0 R',
  });
  return [table.bytes, xs.bytes, hybrid.bytes, update.bytes];
}

const INTERESTING = Buffer.from('0123456789 \n\r<>[]()/%RobjendstreamxrefR-99999999999');

function mutate(src: Uint8Array, rnd: () => number): Uint8Array {
  const b = Buffer.from(src);
  const at = (): number => Math.floor(rnd() * b.length);
  switch (Math.floor(rnd() * 6)) {
    case 0: {
      const n = 1 + Math.floor(rnd() * 8);
      for (let i = 0; i < n; i++) b[at()] = Math.floor(rnd() * 256);
      return b;
    }
    case 1: {
      const n = 1 + Math.floor(rnd() * 4);
      for (let i = 0; i < n; i++) b[at()] = INTERESTING[Math.floor(rnd() * INTERESTING.length)]!;
      return b;
    }
    case 2:
      return b.subarray(0, at());
    case 3: {
      const p = at();
      const junk = Buffer.from(
        Array.from({ length: 1 + Math.floor(rnd() * 40) }, () => Math.floor(rnd() * 256)),
      );
      return Buffer.concat([b.subarray(0, p), junk, b.subarray(p)]);
    }
    case 4: {
      const p = at();
      const len = Math.floor(rnd() * 200);
      const q = at();
      return Buffer.concat([b.subarray(0, q), b.subarray(p, p + len), b.subarray(q)]);
    }
    default: {
      // Replace a number with an absurd one.
      const s = b.toString('latin1');
      const nums = [...s.matchAll(/\d+/g)];
      const m = nums[Math.floor(rnd() * nums.length)];
      if (!m || m.index === undefined) return b;
      const big = ['0', '4294967296', '99999999999999', '-1', '65535'][Math.floor(rnd() * 5)]!;
      return Buffer.from(s.slice(0, m.index) + big + s.slice(m.index + m[0].length), 'latin1');
    }
  }
}

async function openAndWalk(bytes: Uint8Array): Promise<void> {
  const doc = await PdfDocument.fromSource(new BufferSource(bytes), {
    fileName: 'fuzz.pdf',
    limits: { maxDecodedStreamBytes: 2_000_000 },
  });
  await doc.catalog();
  const n = await doc.pageCount();
  for (let i = 0; i < Math.min(n, 20); i++) await doc.page(i);
  for (let num = 1; num <= Math.min(doc.maxObjectNumber, 300); num++) {
    const o = await doc.get(new PdfRef(num, 0));
    if (isStream(o)) await doc.streamData(o);
  }
  for (let r = 0; r < doc.revisions.length; r++) await doc.atRevision(r).catalog();
}

describe('reader fuzzing', () => {
  it('opens and walks each seed without error', async () => {
    for (const s of seeds()) await openAndWalk(s);
  });

  it('ends every mutated file with a result or a SealdeskError, quickly', async () => {
    const bases = seeds();
    const rnd = prng(20240611);
    const escaped: string[] = [];
    let slowest = 0;
    const started = Date.now();
    for (let i = 0; i < 3000; i++) {
      const base = bases[i % bases.length]!;
      let m = mutate(base, rnd);
      if (rnd() < 0.3) m = mutate(m, rnd);
      const t = Date.now();
      try {
        await openAndWalk(m);
      } catch (e) {
        if (!isSealdeskError(e)) escaped.push(`#${i}: ${e instanceof Error ? e.stack : String(e)}`);
      }
      slowest = Math.max(slowest, Date.now() - t);
    }
    expect(escaped.slice(0, 5)).toEqual([]);
    expect(slowest).toBeLessThan(2000);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
