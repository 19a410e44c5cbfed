/**
 * How the viewer reads a span of a document for pdf.js (renderer/src/features/viewer/
 * read-span.ts): pieces of at most the contract's read limit, asked together but no more than
 * SPAN_READS at a time, reassembled in file order whatever order they arrive in, and cut short
 * where the file ends.
 */
import { describe, expect, it } from 'vitest';
import { SPAN_READS, readSpan } from '../../../renderer/src/features/viewer/read-span';

/** A file of `size` bytes whose byte i is i % 251, read with a delay that varies per piece. */
function fakeFile(size: number, delay: (offset: number) => number = () => 0) {
  const asked: { offset: number; length: number }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const read = async (offset: number, length: number) => {
    asked.push({ offset, length });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, delay(offset)));
    inFlight--;
    const end = Math.min(size, offset + length);
    return Uint8Array.from({ length: Math.max(0, end - offset) }, (_, i) => (offset + i) % 251);
  };
  return { read, asked, maxInFlight: () => maxInFlight };
}

const expected = (begin: number, end: number) =>
  Uint8Array.from({ length: end - begin }, (_, i) => (begin + i) % 251);

describe('reading a span for pdf.js', () => {
  it('asks for pieces of at most the read limit and puts them back in file order', async () => {
    // Later pieces answer first.
    const f = fakeFile(10_000, (offset) => 30 - offset / 500);
    const bytes = await readSpan(f.read, 1000, 1500, 7250);
    expect(bytes).toEqual(expected(1500, 7250));
    expect(Math.max(...f.asked.map((a) => a.length))).toBeLessThanOrEqual(1000);
    expect(f.asked.reduce((n, a) => n + a.length, 0)).toBe(7250 - 1500);
  });

  it('keeps several pieces in flight, but never more than SPAN_READS', async () => {
    const f = fakeFile(100_000, () => 5);
    await readSpan(f.read, 1000, 0, 20_000);
    expect(f.maxInFlight()).toBe(SPAN_READS);
    expect(f.asked).toHaveLength(20);
  });

  it('returns a short span when the file ends inside it', async () => {
    const f = fakeFile(4500);
    const bytes = await readSpan(f.read, 1000, 2000, 8000);
    expect(bytes).toEqual(expected(2000, 4500));
    expect(await readSpan(f.read, 1000, 5000, 6000)).toHaveLength(0);
  });
});
