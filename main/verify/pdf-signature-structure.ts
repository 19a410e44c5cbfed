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
 *
 * Decisions:
 * - A signature whose value cannot be read (pdf-signatures.ts `unreadable`) fails here with that
 *   reason: it is reported, never dropped.
 * - §7.3.4.3 makes a byte that is neither a hex digit nor white-space an error in a hex string;
 *   the lexer reads it as 0 (as pdfsig does). In the /Contents hole such a byte inside the CMS
 *   (before the end of its DER encoding) fails the signature (CONTENTS_NON_HEX_BYTE); in the
 *   zero padding after it, which no signature covers, it is tolerated with a note, as pdfsig
 *   tolerates it (it still verifies the signature). The hole itself must still be `<`, no `>`,
 *   `>` and exactly this dictionary's /Contents value.
 * - A file whose cross-reference data was rebuilt (doc.recovered) has no trustworthy revisions:
 *   the signature dictionary is then found as the last `N G obj` before its hole (the signed
 *   bytes hold it), and b + c must end a `%%EOF` line. When nothing but an EOL follows, the
 *   signed bytes themselves hold the broken xref: FILE_XREF_RECOVERED fails the signature. When
 *   bytes follow, they are a change after signing that cannot be analysed (`unanalysedChange`):
 *   the structure passes so that the digest and CMS are still checked, and verify-document.ts
 *   reports the change as not allowed.
 */
import { SealdeskError } from '../errors/sealdesk-error';
import type { PdfDocument } from '../pdf/document';
import { isWhite } from '../pdf/lexer';
import { PdfString, isArray, type PdfObject, type PdfRef } from '../pdf/objects';
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
  | 'SIG_FIELD_UNREADABLE'
  | 'SIG_VALUE_NOT_DICT'
  | 'FIELD_NOT_SIGNATURE'
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
  | 'CONTENTS_NON_HEX_BYTE'
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
  /** Tolerated deviations, English (e.g. a stray byte in the zero padding of /Contents). */
  readonly notes: readonly string[];
  /**
   * Set when the cross-reference data is broken (rebuilt by scanning) and bytes follow the
   * signed range: the file was changed after signing in a way that cannot be analysed.
   */
  readonly unanalysedChange: UnanalysedChange | undefined;
}

export interface UnanalysedChange {
  /** The first revision after the signed one (0-based; counted by %%EOF when xref is broken). */
  readonly revision: number;
  /** Bytes after the end of the signed range. */
  readonly bytesAfter: number;
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
  const notes: string[] = [];
  const add = (code: StructureProblemCode, message: string): void => {
    problems.push({ code, message });
  };
  const recovered = doc.recovered;
  const recoveredProblem: StructureProblem = {
    code: 'FILE_XREF_RECOVERED',
    message:
      'the cross-reference data is broken and was rebuilt by scanning: revisions are unknown',
  };
  if (sig.unreadable) {
    add(sig.unreadable.code, sig.unreadable.message);
    if (recovered) problems.push(recoveredProblem);
    return unreadableStructure(problems);
  }

  // 1. The signature dictionary as written, found through its own xref entry (or, in a file
  //    whose xref was rebuilt, as the last header of its object before its hole).
  let span: DictSpan | undefined;
  if (!sig.sigRef) {
    add('SIG_DICT_NOT_INDIRECT', 'the field /V is a direct dictionary, not a signature object');
  } else {
    const loc = revisionMap.locate(sig.sigRef.num);
    const holeStart = recovered && !loc ? holeStartOf(sig.byteRange) : undefined;
    if (holeStart !== undefined) {
      try {
        span = await dictBeforeHole(doc, sig.sigRef, holeStart);
      } catch (e) {
        if (!(e instanceof SealdeskError)) throw e;
        add('SIG_DICT_UNREADABLE', `the signature dictionary cannot be parsed: ${e.message}`);
      }
      if (!span && problems.length === 0) {
        add(
          'SIG_DICT_NOT_FOUND',
          `object ${sig.sigRef.toString()} does not start before its hole at byte ${holeStart}`,
        );
      }
    } else if (!loc) add('SIG_DICT_NOT_FOUND', `object ${sig.sigRef.toString()} has no xref entry`);
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

  // 2. The field, /Filter, /SubFilter, /Type.
  if (sig.fieldType !== 'Sig') {
    add(
      'FIELD_NOT_SIGNATURE',
      `the field holding this signature dictionary is not a signature field (/FT ${sig.fieldType === undefined ? 'missing' : `/${sig.fieldType}`}; §12.7.5.5)`,
    );
  }
  const written = (key: string): PdfObject | undefined =>
    span ? span.keys.get(key)?.value : sig.sigDict.get(key);
  const hasKey = (key: string): boolean => (span ? span.keys.has(key) : sig.sigDict.has(key));
  if (sig.filter === undefined) add('FILTER_MISSING', 'the signature dictionary has no /Filter');
  if (sig.subFilter === undefined) {
    add('SUBFILTER_MISSING', 'the signature dictionary has no /SubFilter');
  } else if (!SUPPORTED_SUBFILTERS.has(sig.subFilter)) {
    add('SUBFILTER_UNSUPPORTED', `/SubFilter /${sig.subFilter} is not supported`);
  }
  if (sig.type === 'DocTimeStamp' && sig.subFilter && sig.subFilter !== 'ETSI.RFC3161') {
    add(
      'TYPE_SUBFILTER_MISMATCH',
      `/Type /DocTimeStamp with /SubFilter /${sig.subFilter} (§12.8.5: a document timestamp is /DocTimeStamp with ETSI.RFC3161)`,
    );
  } else if (sig.subFilter === 'ETSI.RFC3161' && sig.type !== 'DocTimeStamp') {
    // Table 255 makes /Type optional; DSS-1899 (a LibreOffice/OpenPDF file without /Type) and
    // an ETSI plugtest file with /Type /Sig carry RFC 3161 tokens that DSS and Acrobat verify
    // as document timestamps. The token is what is checked, so the file is read as one.
    notes.push(
      `/Type /${sig.type ?? '(none)'} with /SubFilter /ETSI.RFC3161: read as a document timestamp (§12.8.5 expects /Type /DocTimeStamp)`,
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
  let endsAtEof = false;
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
    const hole = await scanHexHole(doc, a, b);
    if (hole.problem) add('HOLE_NOT_HEX_STRING', hole.problem);
    else if (hole.stray && contents) {
      const derEnd = derLength(contents);
      const { offset, byte, nibble } = hole.stray;
      const what = `byte ${offset} of /Contents is 0x${byte.toString(16).padStart(2, '0')}, not a hex digit (§7.3.4.3)`;
      if (derEnd === undefined || nibble < 2 * derEnd) {
        add('CONTENTS_NON_HEX_BYTE', `${what}, inside the signature's CMS`);
      } else {
        notes.push(
          `${hole.strays} byte(s) of the zero padding after the CMS in /Contents are not hex digits, the first: ${what}; read as 0, as pdfsig does (no signature covers the padding)`,
        );
      }
    }
    signedRevision = await revisionEndingAt(doc, b + c);
    endsAtEof =
      signedRevision !== undefined || (recovered && (await endsAfterEofMarker(doc, b + c)));
    if (!endsAtEof) {
      add('BYTERANGE_NOT_REVISION_END', `b + c = ${b + c} is not the end of any revision`);
    } else if (signedRevision === undefined) {
      // A rebuilt xref: b + c ends a %%EOF line, the revision itself is unknown.
    } else if (sig.revision !== undefined && signedRevision !== sig.revision) {
      add(
        'BYTERANGE_NOT_REVISION_END',
        `the ByteRange ends revision ${signedRevision + 1}, but the signature dictionary is in revision ${sig.revision + 1}`,
      );
    }
  }

  // 6. A rebuilt xref: bytes after a sound signed range are a change that cannot be analysed;
  //    with nothing after it, the signed bytes themselves are broken.
  let unanalysedChange: UnanalysedChange | undefined;
  if (recovered) {
    const end = byteRange && endsAtEof ? byteRange[2] + byteRange[3] : undefined;
    if (end !== undefined && !(await onlyEolAfter(doc, end))) {
      unanalysedChange = {
        revision: (signedRevision ?? (await eofMarkersBefore(doc, end)) - 1) + 1,
        bytesAfter: doc.size - end,
      };
      notes.push(`FILE_XREF_RECOVERED: ${recoveredProblem.message}`);
    } else problems.unshift(recoveredProblem);
  }

  const last = doc.revisions.length - 1;
  const laterRevisions =
    signedRevision === undefined ? (unanalysedChange ? 1 : 0) : last - signedRevision;
  const first = problems[0];
  const coverage: Coverage =
    first !== undefined || !byteRange || !endsAtEof
      ? 'unknown'
      : unanalysedChange
        ? 'revision'
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
    notes,
    unanalysedChange,
  };
}

/** The structure of a signature whose value could not be read: failed with its problems. */
function unreadableStructure(problems: StructureProblem[]): SignatureStructure {
  const first = problems[0]!;
  return {
    verdict: failed(SubIndication.FORMAT_FAILURE, `${first.code}: ${first.message}`),
    problems,
    byteRange: undefined,
    signedRevision: undefined,
    coverage: 'unknown',
    laterRevisions: 0,
    contents: undefined,
    sigDictOffset: undefined,
    notes: [],
    unanalysedChange: undefined,
  };
}

/** `a` of a /ByteRange [0 a b c] as the document reads it, when it is a sane offset. */
function holeStartOf(br: PdfObject | undefined): number | undefined {
  const a = isArray(br) && br.length === 4 ? br[1] : undefined;
  return typeof a === 'number' && Number.isSafeInteger(a) && a > 0 ? a : undefined;
}

/** How far before its hole a signature dictionary may start (its other entries). */
const DICT_BEFORE_HOLE = 64 * 1024;

/**
 * A rebuilt xref: the signature dictionary `ref` as the last `N G obj` header before the hole
 * at `holeStart` (the signed bytes [0, a) hold it); undefined when there is none.
 */
async function dictBeforeHole(
  doc: PdfDocument,
  ref: PdfRef,
  holeStart: number,
): Promise<DictSpan | undefined> {
  const from = Math.max(0, holeStart - DICT_BEFORE_HOLE);
  const text = Buffer.from(await doc.source.read(from, holeStart - from)).toString('latin1');
  const re = new RegExp(
    `(?:^|[^0-9])(${ref.num}[\\0\\t\\n\\f\\r ]+${ref.gen}[\\0\\t\\n\\f\\r ]+obj)(?![^\\0\\t\\n\\f\\r ()<>[\\]{}/%])`,
    'g',
  );
  let at: number | undefined;
  for (let m = re.exec(text); m; m = re.exec(text)) at = m.index + m[0].length - m[1]!.length;
  if (at === undefined) return undefined;
  const span = await readDictSpan(
    { source: doc.source, file: doc.fileName, maxNestingDepth: doc.limits.maxNestingDepth },
    from + at,
  );
  return span.num === ref.num && span.gen === ref.gen ? span : undefined;
}

/** Whether `end` is just after a `%%EOF` marker and at most two EOL bytes (§7.5.5). */
async function endsAfterEofMarker(doc: PdfDocument, end: number): Promise<boolean> {
  if (end < 5 || end > doc.size) return false;
  const tail = Buffer.from(await doc.source.read(Math.max(0, end - 7), Math.min(7, end)));
  let n = tail.length;
  for (let k = 0; k < 2 && n > 0 && (tail[n - 1] === 0x0a || tail[n - 1] === 0x0d); k++) n--;
  return n >= 5 && tail.toString('latin1', n - 5, n) === '%%EOF';
}

/** Where each `%%EOF` marker of a file starts, found once per document (one streaming pass). */
const eofMarkers = new WeakMap<PdfDocument, Promise<number[]>>();

/** How many `%%EOF` markers end at or before `end`: the revisions the signed bytes hold. */
async function eofMarkersBefore(doc: PdfDocument, end: number): Promise<number> {
  let found = eofMarkers.get(doc);
  if (!found) {
    found = findEofMarkers(doc);
    eofMarkers.set(doc, found);
  }
  return (await found).filter((at) => at + 5 <= end).length;
}

async function findEofMarkers(doc: PdfDocument): Promise<number[]> {
  const mark = Buffer.from('%%EOF', 'latin1');
  const out: number[] = [];
  for (let pos = 0; pos < doc.size; pos += SCAN_CHUNK) {
    // Chunks overlap by 4 bytes; a marker is counted in the chunk where it starts.
    const chunk = Buffer.from(await doc.source.read(pos, Math.min(SCAN_CHUNK + 4, doc.size - pos)));
    for (let i = chunk.indexOf(mark); i >= 0 && i < SCAN_CHUNK; i = chunk.indexOf(mark, i + 5)) {
      out.push(pos + i);
    }
  }
  return out;
}

/** The length of the DER element at the start of `b` (the CMS ContentInfo), when definite. */
function derLength(b: Uint8Array): number | undefined {
  if (b.length < 2 || b[0] !== 0x30) return undefined;
  const first = b[1]!;
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  if (n === 0 || n > 4 || b.length < 2 + n) return undefined;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + b[2 + i]!;
  return 2 + n + len;
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

interface HoleScan {
  /** Why [a, b) is not one hex string; undefined when it is. */
  readonly problem: string | undefined;
  /** The first byte inside that is neither a hex digit nor white-space (§7.3.4.3). */
  readonly stray:
    { readonly offset: number; readonly byte: number; readonly nibble: number } | undefined;
  /** How many such bytes there are. */
  readonly strays: number;
}

/**
 * Whether bytes [a, b) are one hex string `<...>`: `<` at a, `>` at b - 1 and no `>` between
 * (it would end the string there). Bytes that are neither hex digits nor white-space are
 * counted with where the first one lies (its digit index: the lexer reads it as 0, in place).
 */
async function scanHexHole(doc: PdfDocument, a: number, b: number): Promise<HoleScan> {
  const fail = (problem: string): HoleScan => ({ problem, stray: undefined, strays: 0 });
  if (b - a > MAX_HOLE) return fail(`the hole is ${b - a} bytes, larger than any signature`);
  if (b - a < 2) return fail('the hole is too short for a hex string');
  let stray: HoleScan['stray'];
  let strays = 0;
  let nibble = 0;
  for (let pos = a; pos < b; pos += SCAN_CHUNK) {
    const chunk = await doc.source.read(pos, Math.min(SCAN_CHUNK, b - pos));
    for (let i = 0; i < chunk.length; i++) {
      const at = pos + i;
      const ch = chunk[i]!;
      if (at === a || at === b - 1) {
        if (ch !== (at === a ? 0x3c : 0x3e)) {
          return fail(`byte ${at} of the hole is 0x${ch.toString(16)}, not part of a hex string`);
        }
        continue;
      }
      if (ch === 0x3e || (at === a + 1 && ch === 0x3c)) {
        return fail(`byte ${at} of the hole is 0x${ch.toString(16)}, not part of a hex string`);
      }
      if (isWhite(ch)) continue;
      if (!isHexDigit(ch)) {
        strays++;
        stray ??= { offset: at, byte: ch, nibble };
      }
      nibble++;
    }
  }
  return { problem: undefined, stray, strays };
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
