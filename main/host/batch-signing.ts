/**
 * Batch signing: one confirmation and one login for N documents (docs/architecture.md, "Keys and
 * intent").
 *
 * Owns: expanding the inputs (files, or folders to their *.pdf, non-recursive unless asked),
 * step 1 `prepareBatch`: the intent a person confirms once (every document with its SHA-256,
 * page count and size, where its signed copy goes, and the certificate that will sign), and
 * step 2 `runBatch`: one Signer (one login), each document signed in turn at the requested PAdES
 * level (../ltv/sign-at-level, ETSI EN 319 142-1 §6) with the SHA-256 from the intent as
 * `expectedSha256`, progress per document, and a summary with the level each output reached.
 * The time-stamp and revocation services are resolved once, before the key is opened (none
 * configured above B-B: SIGN_NO_TSA, and nothing is signed). One appearance (seals) for every
 * document: a document without a page the appearance names is reported and not signed.
 * Rules: a bad document is reported and skipped and the rest go on; a key failure (token
 * removed, session lost, PIN refused) stops the batch at once: the current document fails
 * closed and the rest are reported as not signed, so a dead token is never hammered. Cancel
 * stops after the current document; completed outputs stay. Each output is atomic
 * (signAtLevel). A library seal records each use (seal.used), as for one document.
 * Must never: overwrite an existing file, modify an input, or keep a PIN or passphrase.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { asSealdeskError, defineErrors, type SealdeskError } from '../errors/sealdesk-error';
import { PdfDocument } from '../pdf/document';
import { summarizeCertificate, type CertificateSummary } from '../pkcs11/certificate-summary';
import { signAtLevel, type ReachedLevel } from '../ltv/sign-at-level';
import { appearanceErrors } from '../sign/appearance-errors';
import type { SignatureAppearance } from '../sign/appearance-plan';
import type { SignPdfOptions, SignProgress } from '../sign/pades-signer';
import type { Signer } from '../sign/signer';
import {
  isKeyFailure,
  levelServicesFor,
  openForCertificates,
  openSigner,
  type KeyLocation,
  type SigningDeps,
  type SigningIdentity,
} from './signing';

export const batchErrors = defineErrors({
  BATCH_NO_DOCUMENTS: {
    category: 'usage',
    en: 'No PDF documents to sign in {inputs}. Give PDF files, or a folder that holds *.pdf files.',
    zh: '{inputs} 中没有可签署的 PDF 文档。请指定 PDF 文件，或包含 *.pdf 文件的文件夹。',
  },
  BATCH_INPUT_NOT_FOUND: {
    category: 'input',
    en: 'The batch input {file} does not exist. Check the path.',
    zh: '批量输入 {file} 不存在。请检查路径。',
  },
  BATCH_OUTPUT_DIR_IS_FILE: {
    category: 'usage',
    en: 'The output folder {dir} is a file. Give a folder for the signed copies.',
    zh: '输出文件夹 {dir} 是一个文件。请为已签名副本指定一个文件夹。',
  },
  BATCH_OUTPUT_EXISTS: {
    category: 'io',
    en: 'The signed copy {output} already exists; Sealdesk never overwrites it. Move it away or choose another output folder.',
    zh: '已签名副本 {output} 已存在；Sealdesk 不会覆盖它。请移走该文件或选择其他输出文件夹。',
  },
  BATCH_DUPLICATE_NAME: {
    category: 'usage',
    en: '{file} would be written to {output}, the same signed copy as another document. Sign documents with the same name in separate batches.',
    zh: '{file} 将写入 {output}，与另一文档的已签名副本相同。请将同名文档分批签署。',
  },
  BATCH_CERTIFICATE_CHANGED: {
    category: 'key',
    en: 'The key now offers a different certificate ({actual}) from the one you confirmed ({expected}). Nothing was signed; prepare the batch again.',
    zh: '密钥当前提供的证书（{actual}）与您确认的证书（{expected}）不同。未签署任何内容；请重新准备批量签署。',
  },
  BATCH_NOT_SIGNED_CANCELLED: {
    category: 'cancelled',
    en: '{file} was not signed: the batch was cancelled before it.',
    zh: '{file} 未签署：批量签署在它之前已被取消。',
  },
  BATCH_NOT_SIGNED_KEY_FAILED: {
    category: 'key',
    en: '{file} was not signed: the batch stopped because the key failed ({reason}).',
    zh: '{file} 未签署：密钥出错（{reasonZh}），批量签署已停止。',
  },
});

export interface BatchInputs {
  /** Files, or folders expanded to their *.pdf files. */
  readonly inputs: readonly string[];
  readonly outputDir: string;
  /** Also look into sub-folders of folder inputs (the output folder itself is left out). */
  readonly recursive?: boolean;
}

export interface BatchProblem {
  readonly code: string;
  readonly message: string;
  readonly messageZh: string;
}

export interface BatchDocument {
  readonly index: number;
  readonly file: string;
  readonly output: string;
  readonly sha256: string;
  readonly bytes: number;
  /** Undefined when the document cannot be read; then `problem` says why. */
  readonly pages: number | undefined;
  /** Set when the document will not be signed (unreadable, output exists, duplicate name). */
  readonly problem?: BatchProblem;
}

export interface BatchIntent {
  readonly outputDir: string;
  readonly documents: readonly BatchDocument[];
  readonly certificate: CertificateSummary;
  readonly totalBytes: number;
}

export type BatchPhase = 'start' | SignProgress['phase'] | 'signed' | 'failed' | 'skipped';

export interface BatchProgress {
  readonly index: number;
  readonly total: number;
  readonly file: string;
  readonly phase: BatchPhase;
  readonly bytesDone: number;
  readonly bytesTotal: number;
}

export interface BatchSigned {
  readonly file: string;
  readonly output: string;
  readonly sha256: string;
  /** The PAdES level the output has now. */
  readonly level: ReachedLevel;
  /** True when the output waits in the augment queue for the requested level. */
  readonly queued: boolean;
  /** Why the requested level was not reached now (English), when it was not. */
  readonly pendingReason?: string;
}

export interface BatchFailure {
  readonly file: string;
  readonly code: string;
  readonly message: string;
  readonly messageZh: string;
}

export interface BatchSummary {
  readonly signed: readonly BatchSigned[];
  readonly failed: readonly BatchFailure[];
  /** Not attempted: after a cancel, or after a key failure stopped the batch. */
  readonly skipped: readonly BatchFailure[];
  readonly cancelled: boolean;
  /** The key failure that stopped the batch, if one did. */
  readonly stoppedBy?: BatchProblem;
}

/** Signature options applied to every document of the batch. */
export type BatchSignOptions = Omit<
  SignPdfOptions,
  'input' | 'output' | 'signer' | 'expectedSha256' | 'signal' | 'onProgress' | 'fieldName'
>;

export interface RunBatchOptions {
  readonly identity: SigningIdentity;
  readonly sign?: BatchSignOptions;
  /** Per-run TSA URLs (`--tsa`), tried before the configured ones (B-T and above). */
  readonly tsaUrls?: readonly string[];
  /** Cancel: stops after the current document. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: BatchProgress) => void;
}

export interface BatchDeps extends SigningDeps {
  /** Opens the one Signer of the batch (default: openSigner). */
  readonly openSigner?: (identity: SigningIdentity) => Promise<Signer>;
}

const problemOf = (e: SealdeskError): BatchProblem => ({
  code: e.code,
  message: e.localized('en'),
  messageZh: e.localized('zh-CN'),
});

const isPdfName = (name: string): boolean => name.toLowerCase().endsWith('.pdf');

/** The documents named by the inputs, each with its relative output name, in a stable order. */
export async function expandBatchInputs(
  request: BatchInputs,
): Promise<{ file: string; relative: string }[]> {
  const outputDir = resolve(request.outputDir);
  const found: { file: string; relative: string }[] = [];
  for (const raw of request.inputs) {
    const input = resolve(raw);
    const st = await stat(input).catch(() => undefined);
    if (!st) throw batchErrors('BATCH_INPUT_NOT_FOUND', { file: input });
    if (!st.isDirectory()) {
      found.push({ file: input, relative: basename(input) });
      continue;
    }
    const walk = async (dir: string): Promise<void> => {
      const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
        a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
      );
      for (const entry of entries) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (request.recursive && path !== outputDir) await walk(path);
        } else if (entry.isFile() && isPdfName(entry.name)) {
          found.push({ file: path, relative: relative(input, path) });
        }
      }
    };
    await walk(input);
  }
  if (found.length === 0) {
    throw batchErrors('BATCH_NO_DOCUMENTS', { inputs: request.inputs.join(', ') });
  }
  return found;
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

async function pageCountOf(file: string): Promise<number> {
  const doc = await PdfDocument.open(file);
  try {
    return await doc.pageCount();
  } finally {
    await doc.close();
  }
}

/** The highest page number the appearance names explicitly (0 when none). */
function lastPageNamed(appearance: SignatureAppearance | undefined): number {
  if (!appearance) return 0;
  const pages = [
    ...appearance.placements.map((p) => p.page),
    ...(appearance.dateStamp ? [appearance.dateStamp.page] : []),
    ...(appearance.pagingSeal && appearance.pagingSeal.pages !== 'all'
      ? appearance.pagingSeal.pages
      : []),
  ];
  return Math.max(0, ...pages);
}

/**
 * Why this document cannot carry the batch's appearance (a page it does not have), if so.
 * The same error signing would raise, found before the key is used for this document.
 */
export function appearanceProblem(
  doc: Pick<BatchDocument, 'file' | 'pages'>,
  appearance: SignatureAppearance | undefined,
): BatchProblem | undefined {
  const page = lastPageNamed(appearance);
  if (doc.pages === undefined || page <= doc.pages) return undefined;
  return problemOf(
    appearanceErrors('APPEARANCE_PAGE_OUT_OF_RANGE', {
      file: doc.file,
      page: String(page),
      pages: doc.pages,
    }),
  );
}

const exists = async (path: string): Promise<boolean> =>
  (await stat(path).catch(() => undefined)) !== undefined;

/**
 * Step 1: what will be signed, for one confirmation. Reads each document (SHA-256, pages) and
 * the key's certificate; logs in to nothing and writes nothing.
 */
export async function prepareBatch(
  request: BatchInputs & {
    readonly key: KeyLocation;
    /** The batch's appearance: a document without a page it names gets a problem now. */
    readonly appearance?: SignatureAppearance;
  },
  deps: SigningDeps = {},
): Promise<BatchIntent> {
  const outputDir = resolve(request.outputDir);
  const outStat = await stat(outputDir).catch(() => undefined);
  if (outStat && !outStat.isDirectory()) {
    throw batchErrors('BATCH_OUTPUT_DIR_IS_FILE', { dir: outputDir });
  }
  const files = await expandBatchInputs(request);

  const holder = await openForCertificates(request.key, deps);
  let certificate: CertificateSummary;
  try {
    const [leaf] = await holder.certificates();
    if (!leaf) throw new Error('the key has no certificate');
    certificate = summarizeCertificate(leaf);
  } finally {
    await holder.close?.();
  }

  const outputs = new Set<string>();
  const documents: BatchDocument[] = [];
  let totalBytes = 0;
  for (const [index, { file, relative: rel }] of files.entries()) {
    const output = join(outputDir, rel);
    const bytes = (await stat(file)).size;
    totalBytes += bytes;
    const sha256 = await sha256Of(file);
    let pages: number | undefined;
    let problem: BatchProblem | undefined;
    try {
      pages = await pageCountOf(file);
    } catch (e) {
      problem = problemOf(asSealdeskError(e));
    }
    if (!problem) problem = appearanceProblem({ file, pages }, request.appearance);
    if (!problem && outputs.has(output)) {
      problem = problemOf(batchErrors('BATCH_DUPLICATE_NAME', { file, output }));
    }
    if (!problem && (await exists(output))) {
      problem = problemOf(batchErrors('BATCH_OUTPUT_EXISTS', { output }));
    }
    outputs.add(output);
    documents.push({ index, file, output, sha256, bytes, pages, ...(problem ? { problem } : {}) });
  }
  return { outputDir, documents, certificate, totalBytes };
}

/**
 * Step 2: one login, then each document in turn. Throws only when the key cannot be opened
 * (nothing is signed then); everything after that is reported in the summary.
 */
export async function runBatch(
  intent: BatchIntent,
  options: RunBatchOptions,
  deps: BatchDeps = {},
): Promise<BatchSummary> {
  const total = intent.documents.length;
  const signed: BatchSigned[] = [];
  const failed: BatchFailure[] = [];
  const skipped: BatchFailure[] = [];
  const emit = (doc: BatchDocument, phase: BatchPhase, bytesDone = 0): void =>
    options.onProgress?.({
      index: doc.index,
      total,
      file: doc.file,
      phase,
      bytesDone,
      bytesTotal: doc.bytes,
    });
  const skipRest = (from: number, make: (file: string) => SealdeskError): void => {
    for (const doc of intent.documents.slice(from)) {
      skipped.push({ file: doc.file, ...problemOf(make(doc.file)) });
      emit(doc, 'skipped');
    }
  };
  const cancelled = (file: string) => batchErrors('BATCH_NOT_SIGNED_CANCELLED', { file });

  if (options.signal?.aborted) {
    skipRest(0, cancelled);
    return { signed, failed, skipped, cancelled: true };
  }

  // The services of the level, once for the batch and before any key is used.
  const { level = 'B-B', appearance } = options.sign ?? {};
  const services = await levelServicesFor(level, deps, options.tsaUrls);
  const library = deps.sealLibrary;

  const signer = await (deps.openSigner ?? ((id) => openSigner(id, deps)))(options.identity);
  let stoppedBy: BatchProblem | undefined;
  let wasCancelled = false;
  try {
    const [leaf] = await signer.certificates();
    const actual = leaf ? summarizeCertificate(leaf).fingerprintSha256 : '(none)';
    if (actual !== intent.certificate.fingerprintSha256) {
      throw batchErrors('BATCH_CERTIFICATE_CHANGED', {
        actual,
        expected: intent.certificate.fingerprintSha256,
      });
    }
    await mkdir(intent.outputDir, { recursive: true });

    for (const [position, doc] of intent.documents.entries()) {
      if (options.signal?.aborted) {
        wasCancelled = true;
        skipRest(position, cancelled);
        break;
      }
      emit(doc, 'start');
      const problem = doc.problem ?? appearanceProblem(doc, appearance);
      if (problem) {
        failed.push({ file: doc.file, ...problem });
        emit(doc, 'failed');
        continue;
      }
      try {
        if (await exists(doc.output))
          throw batchErrors('BATCH_OUTPUT_EXISTS', { output: doc.output });
        await mkdir(dirname(doc.output), { recursive: true });
        // The signal is not passed on: a cancel lets the current document finish.
        const result = await signAtLevel({
          ...options.sign,
          ...services,
          input: doc.file,
          output: doc.output,
          signer,
          expectedSha256: doc.sha256,
          onProgress: (p) => emit(doc, p.phase, p.bytesDone),
          onSealUsed: (e) => {
            options.sign?.onSealUsed?.(e);
            // Recorded under the final output (above B-T signing writes a staging file first).
            void library
              ?.markUsed(e.sealId, {
                output: doc.output,
                inputSha256: e.inputSha256,
                field: e.fieldName,
                placements: e.placements,
                pagingSlices: e.pagingSlices,
              })
              .catch(() => undefined);
          },
        });
        signed.push({
          file: doc.file,
          output: result.output,
          sha256: result.inputSha256,
          level: result.level,
          queued: result.queued,
          ...(result.pendingReason !== undefined ? { pendingReason: result.pendingReason } : {}),
        });
        emit(doc, 'signed', doc.bytes);
      } catch (e) {
        const error = asSealdeskError(e);
        failed.push({ file: doc.file, ...problemOf(error) });
        emit(doc, 'failed');
        if (isKeyFailure(error)) {
          stoppedBy = problemOf(error);
          const reason = error.localized('en');
          const reasonZh = error.localized('zh-CN');
          skipRest(position + 1, (file) =>
            batchErrors('BATCH_NOT_SIGNED_KEY_FAILED', { file, reason, reasonZh }),
          );
          break;
        }
      }
    }
  } finally {
    await signer.close?.();
  }
  return {
    signed,
    failed,
    skipped,
    cancelled: wasCancelled,
    ...(stoppedBy ? { stoppedBy } : {}),
  };
}
