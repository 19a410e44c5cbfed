/**
 * One contiguous span of a document for pdf.js, read from main in pieces of at most `maxRead`
 * bytes (the contract's MAX_READ_RANGE). The pieces of one span are asked for together (at
 * most SPAN_READS at a time), so a 3 MB image costs one round trip to main, not three.
 *
 * Owns: splitting, the concurrency bound and reassembly (pure, unit tested).
 * Must never: ask for more than `maxRead` bytes in one read, or return bytes past a short read
 * (the end of the file: pdf.js sees a short chunk).
 */

/** Reads bytes [offset, offset + length) of a document (length <= maxRead). */
export type RangeReader = (offset: number, length: number) => Promise<Uint8Array>;

/** Reads of one span in flight at once: enough to hide the round trip, few enough for main. */
export const SPAN_READS = 4;

export async function readSpan(
  read: RangeReader,
  maxRead: number,
  begin: number,
  end: number,
): Promise<Uint8Array> {
  const out = new Uint8Array(Math.max(0, end - begin));
  const starts: number[] = [];
  for (let at = begin; at < end; at += maxRead) starts.push(at);
  const lengths = new Array<number>(starts.length).fill(-1);
  let next = 0;
  let short = Number.POSITIVE_INFINITY;
  const worker = async (): Promise<void> => {
    while (next < starts.length) {
      const i = next++;
      if (i > short) continue; // past a short read: the file ended before this piece
      const at = starts[i]!;
      const want = Math.min(maxRead, end - at);
      const got = await read(at, want);
      const n = Math.min(got.byteLength, want);
      out.set(got.subarray(0, n), at - begin);
      lengths[i] = n;
      if (n < want) short = Math.min(short, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(SPAN_READS, starts.length) }, worker));
  let filled = 0;
  for (const [i, n] of lengths.entries()) {
    if (n < 0) break;
    filled += n;
    if (n < Math.min(maxRead, end - starts[i]!)) break;
  }
  return filled === out.byteLength ? out : out.subarray(0, filled);
}
