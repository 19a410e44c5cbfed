/**
 * How the viewer reads a span of a document for pdf.js (renderer/src/features/viewer/
 * read-span.ts): pieces of at most the contract's read limit, asked together but no more than
 * SPAN_READS at a time, reassembled in file order whatever order they arrive in, and cut short
 * where the file ends; and how far a pdf.js request is read (ReadAhead).
 */
import { describe, expect, it } from 'vitest';
import {
  READ_AHEAD_MAX,
  READ_AHEAD_MIN,
  ReadAhead,
  SPAN_READS,
  WHOLE_FILE_MAX,
  readSpan,
} from '../../../renderer/src/features/viewer/read-span';

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

describe('reading ahead of pdf.js', () => {
  const CHUNK = 16 * 1024;
  const MB = 1024 * 1024;

  it('reads a small file whole at the first request, and only then', () => {
    const r = new ReadAhead(WHOLE_FILE_MAX, CHUNK);
    expect(r.end(0, CHUNK)).toBe(WHOLE_FILE_MAX);
    expect(r.end(5 * CHUNK, 6 * CHUNK)).toBe(6 * CHUNK);
    expect(new ReadAhead(WHOLE_FILE_MAX + 1, CHUNK).end(0, CHUNK)).toBe(CHUNK);
  });

  it('reads further and further ahead while pdf.js walks forwards, up to a limit', () => {
    const r = new ReadAhead(300 * MB, CHUNK);
    let end = r.end(100 * MB, 100 * MB + CHUNK); // the xref table's first chunk: as asked
    expect(end).toBe(100 * MB + CHUNK);
    const got: number[] = [];
    for (let i = 0; i < 6; i++) {
      const next = r.end(end, end + CHUNK);
      got.push(next - end);
      end = next;
    }
    expect(got).toEqual([
      CHUNK + READ_AHEAD_MIN,
      CHUNK + 2 * READ_AHEAD_MIN,
      CHUNK + 4 * READ_AHEAD_MIN,
      CHUNK + 8 * READ_AHEAD_MIN,
      CHUNK + READ_AHEAD_MAX,
      CHUNK + READ_AHEAD_MAX,
    ]);
  });

  it('reads only what was asked for objects scattered through a large file', () => {
    const r = new ReadAhead(300 * MB, CHUNK);
    r.end(0, CHUNK);
    r.end(CHUNK, 2 * CHUNK); // forwards: read ahead
    expect(r.end(200 * MB, 200 * MB + CHUNK)).toBe(200 * MB + CHUNK);
    expect(r.end(150 * MB, 150 * MB + CHUNK)).toBe(150 * MB + CHUNK);
  });

  it('never reads past the end of the file, and ends a read on a chunk boundary', () => {
    const size = 10 * MB + 123;
    const r = new ReadAhead(size, CHUNK);
    r.end(0, CHUNK);
    expect(r.end(CHUNK, 2 * CHUNK) % CHUNK).toBe(0);
    const tail = Math.floor(size / CHUNK) * CHUNK - CHUNK;
    r.end(tail - CHUNK, tail);
    expect(r.end(tail, tail + CHUNK)).toBe(size);
  });
});
