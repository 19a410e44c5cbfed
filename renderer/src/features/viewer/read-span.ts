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

/** A file up to this size is read whole on pdf.js's first request: round trips cost more. */
export const WHOLE_FILE_MAX = 2 * 1024 * 1024;
/** Read-ahead on sequential requests: the first extension, doubled each time up to the most. */
export const READ_AHEAD_MIN = 64 * 1024;
export const READ_AHEAD_MAX = 1024 * 1024;

/**
 * How far to read for one pdf.js request, so that a parser walking a file forwards (an xref
 * table, a content stream read piecemeal) costs a few round trips, not one per chunk: a small
 * file is read whole at the first request; a request that starts where the previous read ended
 * is extended, by READ_AHEAD_MIN and then twice as much each time up to READ_AHEAD_MAX; any
 * other request reads what was asked (objects scattered through a large file). pdf.js accepts
 * more than it asked for when it ends on a chunk boundary or at the end of the file.
 */
export class ReadAhead {
  private lastEnd = -1;
  private ahead = 0;
  private first = true;

  constructor(
    private readonly size: number,
    private readonly chunk: number,
  ) {}

  /** The end of the read for pdf.js's request [begin, end). */
  end(begin: number, end: number): number {
    const asked = Math.min(end, this.size);
    let to = asked;
    if (this.first && this.size <= WHOLE_FILE_MAX) to = this.size;
    else if (begin === this.lastEnd) {
      this.ahead = Math.min(READ_AHEAD_MAX, Math.max(READ_AHEAD_MIN, this.ahead * 2));
      to = Math.min(this.size, Math.ceil((asked + this.ahead) / this.chunk) * this.chunk);
    } else this.ahead = 0;
    this.first = false;
    this.lastEnd = to;
    return to;
  }
}
