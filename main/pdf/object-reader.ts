/**
 * Reading one indirect object (ISO 32000-2 §7.3.10) or one direct object at a file offset, by
 * positioned reads: a small window first, a larger one only when the object does not fit.
 * Also finds where a stream's data ends (§7.3.8.1): /Length when it points at `endstream`,
 * else a chunked search for `endstream`.
 *
 * Owns: the window-growing loop and the `endstream` search.
 * Must never: read more than `MAX_WINDOW` bytes for one object, or hold stream data.
 */
import { pdfError } from './errors';
import type { RandomAccessSource } from './file-source';
import { NeedMoreData, Parser, type ParsedIndirect } from './parser';

export interface ReadContext {
  readonly source: RandomAccessSource;
  readonly file: string;
  readonly maxNestingDepth: number;
}

const FIRST_WINDOW = 4096;
/** The largest object (without stream data) we agree to parse. */
const MAX_WINDOW = 64 * 1024 * 1024;

/** Runs `fn` over a window at `offset`, growing it while the parser needs more data. */
export async function withWindow<T>(
  ctx: ReadContext,
  offset: number,
  fn: (parser: Parser) => T,
  firstWindow = FIRST_WINDOW,
): Promise<T> {
  const size = ctx.source.size;
  if (!Number.isFinite(offset) || offset < 0 || offset >= size) {
    throw pdfError('PDF_TRUNCATED', {
      file: ctx.file,
      offset: Number.isFinite(offset) ? offset : 0,
      reason: 'an offset points past the end of the file',
    });
  }
  let window = firstWindow;
  for (;;) {
    const bytes = await ctx.source.read(offset, window);
    const complete = offset + bytes.length >= size;
    const parser = new Parser(bytes, 0, {
      complete,
      base: offset,
      file: ctx.file,
      maxNestingDepth: ctx.maxNestingDepth,
    });
    try {
      return fn(parser);
    } catch (e) {
      if (!(e instanceof NeedMoreData)) throw e;
      if (window >= MAX_WINDOW) {
        throw pdfError('PDF_TOO_COMPLEX', {
          file: ctx.file,
          reason: `an object at byte ${offset} is larger than ${MAX_WINDOW} bytes`,
        });
      }
      window = Math.min(window * 8, MAX_WINDOW);
    }
  }
}

export interface IndirectAt extends Omit<ParsedIndirect, 'streamStart' | 'end'> {
  /** Absolute offset of the stream data, for streams. */
  readonly streamStart?: number;
  /** Absolute offset just past the object (or the stream keyword for streams). */
  readonly end: number;
}

export async function readIndirectAt(ctx: ReadContext, offset: number): Promise<IndirectAt> {
  const r = await withWindow(ctx, offset, (p) => p.parseIndirect());
  const base = { num: r.num, gen: r.gen, obj: r.obj, end: offset + r.end };
  return r.streamStart === undefined ? base : { ...base, streamStart: offset + r.streamStart };
}

const ENDSTREAM = Buffer.from('endstream', 'latin1');
const SEARCH_CHUNK = 1024 * 1024;

/**
 * The length of stream data starting at `start`: `declared` when `endstream` follows it
 * (after optional EOL), else the distance to the next `endstream` minus its preceding EOL.
 */
export async function streamExtent(
  ctx: ReadContext,
  start: number,
  declared: number | undefined,
): Promise<number> {
  const size = ctx.source.size;
  if (
    declared !== undefined &&
    Number.isInteger(declared) &&
    declared >= 0 &&
    start + declared <= size
  ) {
    const tail = Buffer.from(await ctx.source.read(start + declared, 32));
    let i = 0;
    while (i < tail.length && (tail[i] === 0x0d || tail[i] === 0x0a || tail[i] === 0x20)) i++;
    if (tail.indexOf(ENDSTREAM, i) === i) return declared;
  }
  // Fallback: the first `endstream` after the data start (fixes wrong or indirect /Length).
  for (let pos = start; pos < size; pos += SEARCH_CHUNK - ENDSTREAM.length) {
    const chunk = Buffer.from(await ctx.source.read(pos, SEARCH_CHUNK));
    const i = chunk.indexOf(ENDSTREAM);
    if (i >= 0) {
      let end = pos + i;
      const before = Buffer.from(
        await ctx.source.read(Math.max(start, end - 2), end - Math.max(start, end - 2)),
      );
      if (before.length === 2 && before[0] === 0x0d && before[1] === 0x0a) end -= 2;
      else if (
        before.length >= 1 &&
        (before[before.length - 1] === 0x0a || before[before.length - 1] === 0x0d)
      )
        end -= 1;
      return end - start;
    }
    if (chunk.length < SEARCH_CHUNK) break;
  }
  // No endstream at all: the data runs to the end of a truncated file.
  return size - start;
}
