/**
 * Structure of one signature as written in the file (ISO 32000-2 §12.8.1 table 255 /ByteRange
 * and /Contents, §7.5.6 incremental updates; ETSI EN 319 142-1 §5.4.2; the "universal signature
 * forgery" and "signature wrapping" attacks of Mladenov et al., "1 Trillion Dollar Refund", 2019).
 *
 * Owns: deciding whether the /ByteRange is exactly `[0 a b c]` with the hole [a, b) being this
 * signature dictionary's own /Contents hex string, `b + c` the end of the revision that holds the
 * dictionary, nothing past the file; and whether /Contents, /Filter, /SubFilter are present and
 * sane. Every problem has a stable code; any problem makes the verdict FORMAT_FAILURE.
 * Must never: accept a hole that is not the /Contents value of the signature's own dictionary
 * as found by its xref entry, read a huge hole into memory (it is scanned in chunks), or throw on
 * a malformed signature (problems are data).
 */
import { SealdeskError } from '../errors/sealdesk-error';
import type { PdfDocument } from '../pdf/document';
import { PdfString, isArray, type PdfObject } from '../pdf/objects';
import { EntryType } from '../pdf/xref';
import { SubIndication, failed, passed, type Verdict } from './indications';
import { readDictSpan, type DictSpan } from './pdf-signature-dict-span';
import type { RevisionMap } from './pdf-revision-map';
import type { SignatureInfo } from './pdf-signatures';

export type StructureProblemCode =
  | 'FILE_XREF_RECOVERED'
  | 'SIG_DICT_NOT_INDIRECT'
  | 'SIG_DICT_NOT_FOUND'
  | 'SIG_DICT_COMPRESSED'
  | 'SIG_DICT_UNREADABLE'
  | 'SIG_DICT_DUPLICATE_KEY'
  | 'SIG_DICT_MISMATCH'
  | 'FILTER_MISSING'
  | 'SUBFILTER_MISSING'
  | 'SUBFILTER_UNSUPPORTED'
  | 'TYPE_SUBFILTER_MISMATCH'
  | 'BYTERANGE_MISSING'
  | 'BYTERANGE_NULL'
  | 'BYTERANGE_NOT_ARRAY'
  | 'BYTERANGE_EMPTY'
  | 'BYTERANGE_WRONG_LENGTH'
  | 'BYTERANGE_NOT_INTEGERS'
  | 'BYTERANGE_ALL_ZERO'
  | 'BYTERANGE_NOT_FROM_START'
  | 'BYTERANGE_OVERLAP'
  | 'BYTERANGE_PAST_EOF'
  | 'BYTERANGE_NOT_REVISION_END'
  | 'HOLE_NOT_HEX_STRING'
  | 'HOLE_NOT_THIS_CONTENTS'
  | 'CONTENTS_MISSING'
  | 'CONTENTS_NULL'
  | 'CONTENTS_NOT_STRING'
  | 'CONTENTS_NOT_HEX'
  | 'CONTENTS_EMPTY'
  | 'CONTENTS_ALL_ZERO';

export interface StructureProblem {
  readonly code: StructureProblemCode;
  /** English, technical, with offsets; reports localise by code. */
  readonly message: string;
}

/** A validated /ByteRange: [0, a, b, c] with 0 < a < b, b + c <= file size. */
export type ByteRange = readonly [0, number, number, number];

export type Coverage =
  /** b + c is the end of the file and no revision follows the signed one. */
  | 'whole-file'
  /** The signed revision is intact, but later revisions follow (see modification analysis). */
  | 'revision'
  /** The structure is broken: what the signature covers is not established. */
  | 'unknown';

export interface SignatureStructure {
  /** TOTAL_PASSED, or TOTAL_FAILED / FORMAT_FAILURE naming the first problem. */
  readonly verdict: Verdict;
  readonly problems: readonly StructureProblem[];
  /** Set when the four numbers are sane (even if other checks failed): digest input. */
  readonly byteRange: ByteRange | undefined;
  /** The revision (0-based) ending at b + c; undefined when none does. */
  readonly signedRevision: number | undefined;
  readonly coverage: Coverage;
  /** Revisions after the signed one. */
  readonly laterRevisions: number;
  /** The /Contents bytes as written in the file (never decrypted, §7.6.2), zero padding kept. */
  readonly contents: Uint8Array | undefined;
  /** Absolute offset of the signature dictionary object. */
  readonly sigDictOffset: number | undefined;
}

/** /SubFilter values this verifier understands (ISO 32000-2 §12.8.3, ETSI EN 319 142-1). */
export const SUPPORTED_SUBFILTERS: ReadonlySet<string> = new Set([
  'ETSI.CAdES.detached',
  'adbe.pkcs7.detached',
  'adbe.pkcs7.sha1',
  'ETSI.RFC3161',
]);

const SCAN_CHUNK = 1024 * 1024;
/** A /Contents hole larger than this is not a signature (real ones are < 1 MB). */
const MAX_HOLE = 64 * 1024 * 1024;

/** Checks the structure of `sig` in `doc`. See the module charter. */
export async function checkSignatureStructure(
  doc: PdfDocument,
  sig: SignatureInfo,
  revisionMap: RevisionMap,
): Promise<SignatureStructure> {
  const problems: StructureProblem[] = [];
  const add = (code: StructureProblemCode, message: string): void => {
    problems.push({ code, message });
  };
  if (doc.recovered) {
    add(
      'FILE_XREF_RECOVERED',
      'the cross-reference data is broken and was rebuilt by scanning: revisions are unknown',
    );
  }

  // 1. The signature dictionary as written, found through its own xref entry.
  let span: DictSpan | undefined;
  if (!sig.sigRef) {
    add('SIG_DICT_NOT_INDIRECT', 'the field /V is a direct dictionary, not a signature object');
  } else {
    const loc = revisionMap.locate(sig.sigRef.num);
    if (!loc) add('SIG_DICT_NOT_FOUND', `object ${sig.sigRef.toString()} has no xref entry`);
    else if (loc.entry.type === EntryType.Compressed) {
      add(
        'SIG_DICT_COMPRESSED',
        `the signature dictionary ${sig.sigRef.toString()} is inside object stream ${loc.entry.a}: its /Contents cannot be a hole in the file`,
      );
    } else if (loc.entry.type === EntryType.InFile) {
      try {
        span = await readDictSpan(
          { source: doc.source, file: doc.fileName, maxNestingDepth: doc.limits.maxNestingDepth },
          loc.entry.a,
        );
        if (span.num !== sig.sigRef.num || span.gen !== sig.sigRef.gen) {
          add(
            'SIG_DICT_NOT_FOUND',
            `byte ${loc.entry.a} holds object ${span.num} ${span.gen}, not ${sig.sigRef.toString()}`,
          );
          span = undefined;
        }
      } catch (e) {
        if (!(e instanceof SealdeskError)) throw e;
        add('SIG_DICT_UNREADABLE', `the signature dictionary cannot be parsed: ${e.message}`);
      }
    }
  }
  if (span) {
    for (const [k, v] of span.keys) {
      if (v.count > 1 && (k === 'Contents' || k === 'ByteRange' || k === 'SubFilter')) {
        add('SIG_DICT_DUPLICATE_KEY', `/${k} occurs ${v.count} times in the signature dictionary`);
      }
    }
  }

  // 2. /Filter, /SubFilter, /Type.
  const written = (key: string): PdfObject | undefined =>
    span ? span.keys.get(key)?.value : sig.sigDict.get(key);
  const hasKey = (key: string): boolean => (span ? span.keys.has(key) : sig.sigDict.has(key));
  if (sig.filter === undefined) add('FILTER_MISSING', 'the signature dictionary has no /Filter');
  if (sig.subFilter === undefined) {
    add('SUBFILTER_MISSING', 'the signature dictionary has no /SubFilter');
  } else if (!SUPPORTED_SUBFILTERS.has(sig.subFilter)) {
    add('SUBFILTER_UNSUPPORTED', `/SubFilter /${sig.subFilter} is not supported`);
  }
  if ((sig.type === 'DocTimeStamp') !== (sig.subFilter === 'ETSI.RFC3161') && sig.subFilter) {
    add(
      'TYPE_SUBFILTER_MISMATCH',
      `/Type /${sig.type ?? '(none)'} with /SubFilter /${sig.subFilter} (§12.8.5: a document timestamp is /DocTimeStamp with ETSI.RFC3161)`,
    );
  }

  // 3. /Contents.
  let contents: Uint8Array | undefined;
  const cv = written('Contents');
  if (!hasKey('Contents')) add('CONTENTS_MISSING', 'the signature dictionary has no /Contents');
  else if (cv === null) add('CONTENTS_NULL', '/Contents is null');
  else if (!(cv instanceof PdfString)) add('CONTENTS_NOT_STRING', '/Contents is not a string');
  else {
    contents = cv.bytes;
    if (span && !span.keys.get('Contents')?.hex) {
      add('CONTENTS_NOT_HEX', '/Contents is a literal string; it must be written in hex');
    }
    if (cv.bytes.length === 0) add('CONTENTS_EMPTY', '/Contents is empty');
    else if (cv.bytes.every((b) => b === 0)) add('CONTENTS_ALL_ZERO', '/Contents is all zeros');
  }
  if (
    span &&
    !doc.security &&
    contents &&
    sig.contents &&
    Buffer.compare(Buffer.from(contents), Buffer.from(sig.contents)) !== 0
  ) {
    add('SIG_DICT_MISMATCH', 'the document and the written dictionary disagree on /Contents');
  }

  // 4. /ByteRange numbers.
  const byteRange = checkByteRangeNumbers(written('ByteRange'), hasKey('ByteRange'), doc, add);

  // 5. The hole is this dictionary's /Contents, and b + c ends the dictionary's revision.
  let signedRevision: number | undefined;
  if (byteRange) {
    const [, a, b, c] = byteRange;
    const cs = span?.keys.get('Contents');
    if (cs && (cs.start !== a || cs.end !== b)) {
      add(
        'HOLE_NOT_THIS_CONTENTS',
        `the hole [${a}, ${b}) is not this signature's /Contents, which lies at [${cs.start}, ${cs.end})`,
      );
    }
    if (span && (a <= span.start || b >= span.end)) {
      add(
        'HOLE_NOT_THIS_CONTENTS',
        `the hole [${a}, ${b}) is outside the signature dictionary at [${span.start}, ${span.end})`,
      );
    }
    const hexProblem = await scanHexHole(doc, a, b);
    if (hexProblem) add('HOLE_NOT_HEX_STRING', hexProblem);
    signedRevision = await revisionEndingAt(doc, b + c);
    if (signedRevision === undefined) {
      add('BYTERANGE_NOT_REVISION_END', `b + c = ${b + c} is not the end of any revision`);
    } else if (sig.revision !== undefined && signedRevision !== sig.revision) {
      add(
        'BYTERANGE_NOT_REVISION_END',
        `the ByteRange ends revision ${signedRevision + 1}, but the signature dictionary is in revision ${sig.revision + 1}`,
      );
    }
  }

  const last = doc.revisions.length - 1;
  const laterRevisions = signedRevision === undefined ? 0 : last - signedRevision;
  const first = problems[0];
  const coverage: Coverage =
    first !== undefined || !byteRange || signedRevision === undefined
      ? 'unknown'
      : signedRevision === last && (await onlyEolAfter(doc, byteRange[2] + byteRange[3]))
        ? 'whole-file'
        : 'revision';
  return {
    verdict: first
      ? failed(SubIndication.FORMAT_FAILURE, `${first.code}: ${first.message}`)
      : passed(),
    problems,
    byteRange,
    signedRevision,
    coverage,
    laterRevisions,
    contents,
    sigDictOffset: span?.start,
  };
}

function checkByteRangeNumbers(
  br: PdfObject | undefined,
  present: boolean,
  doc: PdfDocument,
  add: (code: StructureProblemCode, message: string) => void,
): ByteRange | undefined {
  if (!present) return void add('BYTERANGE_MISSING', 'the signature dictionary has no /ByteRange');
  if (br === null || br === undefined) return void add('BYTERANGE_NULL', '/ByteRange is null');
  if (!isArray(br)) return void add('BYTERANGE_NOT_ARRAY', '/ByteRange is not an array');
  if (br.length === 0) return void add('BYTERANGE_EMPTY', '/ByteRange is empty');
  if (br.length !== 4) {
    return void add('BYTERANGE_WRONG_LENGTH', `/ByteRange has ${br.length} numbers, not 4`);
  }
  const nums: number[] = [];
  for (const v of br) {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      return void add(
        'BYTERANGE_NOT_INTEGERS',
        '/ByteRange must hold four non-negative integers written directly',
      );
    }
    nums.push(v);
  }
  const [s, a, b, c] = nums as [number, number, number, number];
  if (s === 0 && a === 0 && b === 0 && c === 0) {
    return void add('BYTERANGE_ALL_ZERO', '/ByteRange is [0 0 0 0]');
  }
  if (s !== 0) return void add('BYTERANGE_NOT_FROM_START', `/ByteRange starts at ${s}, not 0`);
  if (a === 0 || b <= a) {
    return void add(
      'BYTERANGE_OVERLAP',
      `/ByteRange [0 ${a} ${b} ${c}]: the ranges overlap or leave no hole`,
    );
  }
  if (c === 0 || b + c > doc.size) {
    return void add(
      'BYTERANGE_PAST_EOF',
      `/ByteRange [0 ${a} ${b} ${c}] ends at ${b + c}, the file has ${doc.size} bytes`,
    );
  }
  return [0, a, b, c];
}

/** Undefined when bytes [a, b) are `<` hex digits and white-space `>`; else the reason. */
async function scanHexHole(doc: PdfDocument, a: number, b: number): Promise<string | undefined> {
  if (b - a > MAX_HOLE) return `the hole is ${b - a} bytes, larger than any signature`;
  if (b - a < 2) return 'the hole is too short for a hex string';
  for (let pos = a; pos < b; pos += SCAN_CHUNK) {
    const chunk = await doc.source.read(pos, Math.min(SCAN_CHUNK, b - pos));
    for (let i = 0; i < chunk.length; i++) {
      const at = pos + i;
      const ch = chunk[i]!;
      const ok =
        at === a
          ? ch === 0x3c
          : at === b - 1
            ? ch === 0x3e
            : isHexDigit(ch) || ch === 0x20 || ch === 0x0a || ch === 0x0d || ch === 0x09;
      if (!ok) return `byte ${at} of the hole is 0x${ch.toString(16)}, not part of a hex string`;
    }
  }
  return undefined;
}

const isHexDigit = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/**
 * The revision whose end is `end`: its endOffset (which includes the EOL after %%EOF), or the
 * offset just after its %%EOF when the signer left that EOL out of the range.
 */
async function revisionEndingAt(doc: PdfDocument, end: number): Promise<number | undefined> {
  for (const r of doc.revisions) {
    if (r.endOffset === end) return r.index;
    if (end < r.endOffset && r.endOffset - end <= 2) {
      const gap = await doc.source.read(end, r.endOffset - end);
      const tail = await doc.source.read(Math.max(0, end - 5), 5);
      const eolOnly = gap.every((x) => x === 0x0a || x === 0x0d);
      if (eolOnly && Buffer.from(tail).toString('latin1') === '%%EOF') return r.index;
    }
  }
  return undefined;
}

async function onlyEolAfter(doc: PdfDocument, end: number): Promise<boolean> {
  if (end >= doc.size) return true;
  if (doc.size - end > 2) return false;
  const gap = await doc.source.read(end, doc.size - end);
  return gap.every((x) => x === 0x0a || x === 0x0d);
}
