/**
 * The shared engine for appending incremental updates (ISO 32000-2 §7.5.6), some of which hold
 * a signature-like /Contents hole covered by a /ByteRange (§12.8.1: signatures; §12.8.5:
 * document timestamps, ETSI EN 319 142-1 §5.4.3).
 *
 * Owns: one streaming copy of the input into an atomic output beside the target, keeping the
 * running hashes of everything written so far; then each step in order: build its update
 * against the file as written so far, hash its ByteRange from a copy of the running hash (the
 * prefix is never read twice), ask the step to fill the hole, retry once with a larger hole if
 * the value does not fit, write it; finally an optional check of the finished temp file and
 * fsync + rename. So a signature, a DSS and a document timestamp stacked on each other cost one
 * read and one write of the original.
 * In place (`inPlace: true`, output = input; used by main/ltv for documents it raises in place):
 * the original is only read once for the hashes (../library/stream-copy PrefixHasher, which
 * keeps the running hashes and which the caller may start early so the read overlaps its own
 * work; the first step's update is built meanwhile, since it depends on the document and not on
 * its digest) and the steps are appended to the file itself behind a
 * journal (../library/in-place-append, written while the first step's request is out): a
 * failure or cancel cuts the file back to its original bytes, a crash leaves a journal the
 * next run rolls back. Later steps reopen the file reusing the cross-reference sections already
 * parsed. Signing never uses it.
 * Must never: modify the input (in place: its original bytes), load it whole, leave a partial
 * output (a failure anywhere removes the temp file or cuts the appended bytes off), or write a
 * value larger than its hole.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AtomicOutput } from '../library/atomic-output';
import { InPlaceAppend, type OriginalState } from '../library/in-place-append';
import { copyPrefix, PrefixHasher, RunningHashes } from '../library/stream-copy';
import { PdfDocument } from '../pdf/document';
import type { UpdateBytes } from '../pdf/incremental-writer';
import type { HashAlgorithm } from './signer';

/** ByteRange numbers are written 10 digits wide, so they can be patched in place. */
export const BYTERANGE_WIDTH = 10;
export const BYTERANGE_MAX = 10 ** BYTERANGE_WIDTH - 1;

/** An update with a /Contents hole and its ByteRange already patched in. */
export interface HoleUpdate {
  readonly bytes: Buffer;
  /** Offsets in `bytes` of the '<' and just past the '>' of /Contents. */
  readonly holeStart: number;
  readonly holeEnd: number;
  readonly byteRange: readonly [number, number, number, number];
}

export interface PlainStep {
  readonly kind: 'plain';
  /** The update bytes against `doc` (the file as written so far); undefined adds nothing. */
  build(doc: PdfDocument): Promise<Buffer | undefined>;
}

export interface HoleStep {
  readonly kind: 'hole';
  /** The digest of the ByteRange handed to `fill`. */
  readonly hash: HashAlgorithm;
  /** First hole size in bytes (an estimate with a margin). */
  readonly placeholderBytes: number;
  build(doc: PdfDocument, placeholderBytes: number): Promise<HoleUpdate>;
  /** The DER value for the hole, made over the ByteRange digest. */
  fill(digest: Uint8Array, update: HoleUpdate): Promise<Uint8Array>;
}

export type UpdateStep = PlainStep | HoleStep;

export interface StepResult {
  readonly kind: 'plain' | 'hole';
  /** Where the step's update starts in the output, and its length (0: nothing added). */
  readonly offset: number;
  readonly length: number;
  /** Hole steps: the final update, the value written and the hole size. */
  readonly hole?: HoleUpdate;
  readonly value?: Uint8Array;
  readonly placeholderBytes?: number;
}

export interface UpdateChainOptions {
  readonly input: string;
  readonly output: string;
  /**
   * Append to `input` itself (which must equal `output`) instead of writing a copy: one read
   * of the original, a journal before the first appended byte, the file cut back on failure.
   */
  readonly inPlace?: boolean | undefined;
  /** The input, opened; used for the first step (later steps see the temp file). */
  readonly doc: PdfDocument;
  readonly steps: readonly UpdateStep[];
  readonly signal?: AbortSignal | undefined;
  readonly onCopy?: ((bytesDone: number, bytesTotal: number) => void) | undefined;
  /**
   * In place: the read of the input already started by the caller (PrefixHasher.start over
   * `doc.size` bytes with sha256 and every hole step's hash), so it overlaps the caller's own
   * work; closed by the writer. Without it the writer starts one.
   */
  readonly prefix?: PrefixHasher | undefined;
  /** Awaited once the input is read, before the first step (work overlapping the read). */
  readonly ready?: Promise<unknown> | undefined;
  /** Called with the input's SHA-256 once it is copied (intent check); may throw. */
  readonly afterCopy?: ((inputSha256: string) => void) | undefined;
  /** Called before `steps[i]` runs with the results so far (steps may depend on earlier ones). */
  readonly beforeStep?: ((index: number, done: readonly StepResult[]) => void) | undefined;
  /** Checks the finished temp file (in place: the file itself) before it is committed; may throw. */
  readonly check?:
    ((tempPath: string, results: readonly StepResult[]) => Promise<void>) | undefined;
  readonly errors: {
    readonly changed: () => Error;
    readonly cancelled: () => Error;
    readonly doesNotFit: (bytes: number, hole: number) => Error;
  };
}

export interface UpdateChainResult {
  readonly inputSha256: string;
  readonly outputBytes: number;
  readonly steps: readonly StepResult[];
}

/**
 * Patches the ByteRange of an update built with a /ByteRange placeholder of full width and a
 * /Contents string placeholder, both tracked. Returns undefined when the file would be too
 * large for a 10-digit ByteRange.
 */
export function patchByteRange(
  built: UpdateBytes,
  contentsPlaceholder: object,
  byteRangePlaceholder: object,
): HoleUpdate | undefined {
  const hole = built.spans.get(contentsPlaceholder);
  const br = built.spans.get(byteRangePlaceholder);
  if (!hole || !br) throw new Error('signature placeholders were not written');
  const start = built.startOffset;
  const total = start + built.bytes.length;
  if (total > BYTERANGE_MAX) return undefined;
  const byteRange = [0, start + hole.start, start + hole.end, total - (start + hole.end)] as const;
  const text = `[${byteRange.join(' ')}]`;
  const width = br.end - br.start;
  // Pad inside the brackets so the array keeps its width: "[0 123 456 789      ]".
  const patched = text.slice(0, -1).padEnd(width - 1, ' ') + ']';
  built.bytes.write(patched, br.start, 'latin1');
  return { bytes: built.bytes, holeStart: hole.start, holeEnd: hole.end, byteRange };
}

/** A full-width ByteRange placeholder array (patched by patchByteRange). */
export const byteRangePlaceholder = (): number[] => [
  0,
  BYTERANGE_MAX,
  BYTERANGE_MAX,
  BYTERANGE_MAX,
];

/** Copies `input` once and appends every step's update; see the module charter. */
export async function writeUpdateChain(opts: UpdateChainOptions): Promise<UpdateChainResult> {
  const { input, doc } = opts;
  const algorithms = new Set<HashAlgorithm>(['sha256']);
  for (const s of opts.steps) if (s.kind === 'hole') algorithms.add(s.hash);
  const read = {
    signal: opts.signal,
    onProgress: opts.onCopy,
    changed: opts.errors.changed,
    cancelled: opts.errors.cancelled,
  };
  let out: AtomicOutput | InPlaceSink;
  let prefix = opts.prefix;
  try {
    if (opts.inPlace) {
      if (resolve(opts.output) !== resolve(input))
        throw new TypeError('an in-place update chain writes to its input');
      if (
        prefix &&
        (prefix.size !== doc.size || [...algorithms].some((a) => !prefix!.algorithms.includes(a)))
      )
        throw new TypeError('the started prefix read does not match the update chain');
      out = new InPlaceSink(input, opts.errors.changed);
    } else {
      if (prefix) throw new TypeError('a started prefix read is for in-place chains only');
      out = await AtomicOutput.create(opts.output);
    }
  } catch (e) {
    await prefix?.close();
    throw e;
  }
  const opened: PdfDocument[] = [];
  try {
    let running: RunningHashes;
    let inputSha256: string;
    let early: Promise<BuiltStep> | undefined;
    if (out instanceof AtomicOutput) {
      running = new RunningHashes([...algorithms]);
      await copyPrefix(input, out, doc.size, { ...read, hashes: running.hashes });
      inputSha256 = Buffer.from(running.digest('sha256')).toString('hex');
      opts.afterCopy?.(inputSha256);
      const st = await stat(input);
      if (st.size !== doc.size) throw opts.errors.changed();
    } else {
      // In place: the read was started early by the caller (or starts now).
      prefix ??= await PrefixHasher.start(input, doc.size, [...algorithms], read);
      prefix.begin();
      // The first step's update depends on the document only, not on its digest: it is built
      // while the file is read (a hole step's first attempt).
      const step = opts.steps[0];
      if (step) {
        opts.beforeStep?.(0, []);
        early = buildStep(step, doc);
        // Awaited in the loop; this only keeps an early failure from going unhandled.
        early.catch(() => undefined);
      }
      running = await prefix.hashes();
      inputSha256 = Buffer.from(running.digest('sha256')).toString('hex');
      opts.afterCopy?.(inputSha256);
      const st = await stat(input);
      const before = prefix.before;
      // Appending needs the file exactly as it was read (checked again before the first byte).
      if (st.size !== doc.size || before.size !== doc.size || st.mtimeMs !== before.mtimeMs)
        throw opts.errors.changed();
      out.original = { size: doc.size, mtimeMs: st.mtimeMs, sha256: inputSha256 };
    }
    await opts.ready;
    // In place: the journal's fsyncs overlap the first step's work (a timestamp request).
    if (out instanceof InPlaceSink) out.prepare();

    let pos = doc.size;
    let current = doc;
    const results: StepResult[] = [];
    for (const [index, step] of opts.steps.entries()) {
      if (opts.signal?.aborted) throw opts.errors.cancelled();
      const prebuilt = index === 0 ? await early : undefined;
      if (index > 0 || !early) opts.beforeStep?.(index, results);
      if (index > 0 && results.at(-1)!.length > 0) {
        // Later steps build against the file as written so far (its new xref and trailer).
        current = await PdfDocument.open(out.tempPath, { fileName: opts.output, extends: current });
        opened.push(current);
      }
      if (step.kind === 'plain') {
        const bytes = prebuilt?.kind === 'plain' ? prebuilt.bytes : await step.build(current);
        if (!bytes || bytes.length === 0) {
          results.push({ kind: 'plain', offset: pos, length: 0 });
          continue;
        }
        await out.writeAt(bytes, pos);
        running.update(bytes);
        results.push({ kind: 'plain', offset: pos, length: bytes.length });
        pos += bytes.length;
        continue;
      }
      let placeholder = step.placeholderBytes;
      for (let attempt = 0; ; attempt++) {
        const built =
          attempt === 0 && prebuilt?.kind === 'hole'
            ? prebuilt.update
            : await step.build(current, placeholder);
        const digest = running.digest(step.hash, [
          built.bytes.subarray(0, built.holeStart),
          built.bytes.subarray(built.holeEnd),
        ]);
        const value = await step.fill(digest, built);
        if (value.length > placeholder) {
          // The estimate was short: redo with room, once (the digest changes with the hole).
          if (attempt > 0) throw opts.errors.doesNotFit(value.length, placeholder);
          placeholder = value.length + 512;
          continue;
        }
        const hex = Buffer.from(value)
          .toString('hex')
          .toUpperCase()
          .padEnd(placeholder * 2, '0');
        built.bytes.write(hex, built.holeStart + 1, 'latin1');
        if (opts.signal?.aborted) throw opts.errors.cancelled();
        await out.writeAt(built.bytes, pos);
        running.update(built.bytes);
        results.push({
          kind: 'hole',
          offset: pos,
          length: built.bytes.length,
          hole: built,
          value,
          placeholderBytes: placeholder,
        });
        pos += built.bytes.length;
        break;
      }
    }
    for (const d of opened.splice(0)) await d.close();
    // Every hash is taken: the worker's memory goes before the check reads the result back.
    const stopping = prefix?.close();
    // In place, the appended bytes go to disk while the check reads them back.
    if (out instanceof InPlaceSink) out.flush();
    if (opts.check) await opts.check(out.tempPath, results);
    await stopping;
    if (opts.signal?.aborted) throw opts.errors.cancelled();
    await out.commit();
    return { inputSha256, outputBytes: pos, steps: results };
  } catch (e) {
    await out.abort();
    throw e;
  } finally {
    for (const d of opened) await d.close().catch(() => undefined);
    await prefix?.close();
  }
}

/** A step's update as built (a hole step: its first attempt, with its own placeholder size). */
type BuiltStep =
  | { readonly kind: 'plain'; readonly bytes: Buffer | undefined }
  | { readonly kind: 'hole'; readonly update: HoleUpdate };

async function buildStep(step: UpdateStep, on: PdfDocument): Promise<BuiltStep> {
  return step.kind === 'plain'
    ? { kind: 'plain', bytes: await step.build(on) }
    : { kind: 'hole', update: await step.build(on, step.placeholderBytes) };
}

/** The in-place target: the input itself; the journal is written just before the first byte. */
class InPlaceSink {
  /** Set once the original was read. */
  original: OriginalState | undefined;
  private append: Promise<InPlaceAppend> | undefined;

  constructor(
    /** The file read and written (named like AtomicOutput's temp file for the chain). */
    readonly tempPath: string,
    private readonly changed: () => Error,
  ) {}

  /** Writes the journal now (its failure surfaces at the first write); once. */
  prepare(): void {
    if (!this.original) throw new Error('in-place append before the original was read');
    if (this.append) return;
    this.append = InPlaceAppend.begin(this.tempPath, this.original, this.changed);
    // Awaited by writeAt/commit/abort; this only keeps an early failure from going unhandled.
    this.append.catch(() => undefined);
  }

  async writeAt(bytes: Uint8Array, position: number): Promise<void> {
    this.prepare();
    await (await this.append!).writeAt(bytes, position);
  }

  /** Starts the fsync of what was appended (see InPlaceAppend.flush). */
  flush(): void {
    void this.append?.then((a) => a.flush()).catch(() => undefined);
  }

  async commit(): Promise<void> {
    if (this.append) await (await this.append).commit();
  }

  /**
   * Cuts the file back to the original bytes (nothing to do when nothing was appended; a
   * journal written ahead is removed).
   */
  async abort(): Promise<void> {
    const begun = await this.append?.catch(() => undefined);
    await begun?.rollback();
  }
}
