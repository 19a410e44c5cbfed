/**
 * Verification use cases for every door (CLI, Electron, web): the user's trust store, which
 * files to verify, verifying them (in-process for one file, a worker-thread pool for many),
 * and writing the report.
 *
 * Owns: the user data folder ($SEALDESK_DATA_DIR, else the platform's app data folder), the
 * anchors of a run (store + `--trust`), listing PDFs of a folder, the choice of the worker
 * entry (bundled out/cli/verify-worker.js, or the TypeScript source through tsx's loader).
 * Must never: add an anchor the user did not choose, or stop a batch at the first bad file.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, homedir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defineErrors } from '../errors/sealdesk-error';
import type { Lang } from '../i18n/locale';
import { loadAlgorithmPolicy } from '../verify/algorithm-policy';
import { loadExtraAnchors } from '../verify/certificate-files';
import type { ParsedCertificate } from '../verify/parsed-certificate';
import { SubIndication } from '../verify/indications';
import { TrustStore } from '../verify/trust-store';
import type { DocumentVerification } from '../verify/verdict-model';
import { verifyDocument } from '../verify/verify-document';
import type { VerifyWorkerData } from '../verify/verify-worker';

// What the doors need of the verdict model, through the host (docs/architecture.md, "What may import what").
export { documentOutcome, toVerificationJson } from '../verify/verdict-model';
export type { DocumentOutcome, DocumentVerification } from '../verify/verdict-model';

export const hostVerifyErrors = defineErrors({
  VERIFY_INPUT_MISSING: {
    category: 'input',
    en: 'Cannot read {file}: {reason}. Check the path.',
    zh: '无法读取 {file}：{reason}。请检查路径。',
  },
  VERIFY_REPORT_FORMAT: {
    category: 'usage',
    en: 'The report file {file} must end in .html or .pdf.',
    zh: '报告文件 {file} 的扩展名必须是 .html 或 .pdf。',
  },
});

/** The user data folder: $SEALDESK_DATA_DIR, else the platform's usual application data folder. */
export function userDataDir(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.SEALDESK_DATA_DIR) return env.SEALDESK_DATA_DIR;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Sealdesk');
  if (platform === 'win32')
    return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Sealdesk');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'sealdesk');
}

export function openTrustStore(env: NodeJS.ProcessEnv): TrustStore {
  return new TrustStore(userDataDir(env));
}

/** PDFs named by the inputs: files as given, folders listed (recursively on request), sorted. */
export function listPdfInputs(
  inputs: readonly string[],
  recursive: boolean,
): { files: string[]; directoryMode: boolean } {
  const files: string[] = [];
  let directoryMode = false;
  const walk = (dir: string, depth: number) => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.')) continue;
      const p = join(dir, name);
      let st;
      try {
        st = statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) {
        if (recursive && depth < 64) walk(p, depth + 1);
      } else if (extname(name).toLowerCase() === '.pdf') files.push(p);
    }
  };
  for (const input of inputs) {
    let isDir = false;
    try {
      isDir = statSync(input).isDirectory();
    } catch {
      isDir = false; // a missing file becomes an unreadable-file row
    }
    if (isDir) {
      directoryMode = true;
      walk(input, 0);
    } else files.push(input);
  }
  return { files, directoryMode };
}

export interface VerifyFilesRequest {
  readonly inputs: readonly string[];
  readonly recursive?: boolean;
  /** `--trust FILE|DIR` extras for this run. */
  readonly trust?: readonly string[];
  readonly at?: Date;
  readonly online?: boolean;
  readonly policyFile?: string;
  readonly env: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
  /** Worker threads in directory mode; default all cores. */
  readonly workers?: number;
  readonly onResult?: (r: DocumentVerification, done: number, total: number) => void;
}

export interface VerifyFilesResult {
  readonly results: DocumentVerification[];
  /** Worker threads started (0: verified in-process). */
  readonly workersUsed: number;
  readonly anchors: number;
}

export function runAnchors(env: NodeJS.ProcessEnv, trust: readonly string[]): ParsedCertificate[] {
  const map = new Map<string, ParsedCertificate>();
  for (const c of openTrustStore(env).certificates()) map.set(c.fingerprint, c);
  for (const c of loadExtraAnchors(trust)) map.set(c.fingerprint, c);
  return [...map.values()];
}

/** Where the worker entry is: beside the bundle, or the TypeScript source run through tsx. */
function workerEntry(): { entry: URL; loader?: URL } {
  const here = import.meta.url;
  if (here.endsWith('.js')) {
    const bundled = new URL('./verify-worker.js', here);
    if (existsSync(fileURLToPath(bundled))) return { entry: bundled };
  }
  const source = new URL('../verify/verify-worker.ts', here);
  const req = createRequire(fileURLToPath(here));
  // tsx's main entry lies under <tsx>/dist/; its ESM API (what bin/sealdesk.js uses) beside it.
  let dir = dirname(req.resolve('tsx'));
  while (basename(dir) !== 'dist' && dirname(dir) !== dir) dir = dirname(dir);
  const loader = pathToFileURL(join(dir, 'esm', 'api', 'index.mjs'));
  return { entry: source, loader };
}

function crashResult(file: string, reason: string, at: Date, policy: string, online: boolean) {
  const r: DocumentVerification = {
    file,
    sha256: null,
    size: null,
    revisions: null,
    validationTime: at.toISOString(),
    policy,
    online,
    signatures: [],
    error: {
      code: 'VERIFY_WORKER_FAILED',
      subIndication: SubIndication.FORMAT_FAILURE,
      messageZh: `无法验证：验证此文件时出错（${reason}）。`,
      messageEn: `Cannot be verified: verifying this file failed (${reason}).`,
    },
  };
  return r;
}

/** Verifies files and folders. Directory mode (or many files) uses a worker-thread pool. */
export async function verifyFiles(req: VerifyFilesRequest): Promise<VerifyFilesResult> {
  const { files, directoryMode } = listPdfInputs(req.inputs, req.recursive ?? false);
  const anchors = runAnchors(req.env, req.trust ?? []);
  const policy = loadAlgorithmPolicy(req.policyFile);
  const at = req.at ?? new Date();
  const online = req.online ?? false;
  const workers = req.workers ?? availableParallelism();
  if (!directoryMode || files.length < 2 || workers < 1) {
    const results: DocumentVerification[] = [];
    for (const file of files) {
      const r = await verifyDocument(file, {
        trustAnchors: anchors,
        at,
        online,
        policy,
        ...(req.signal ? { signal: req.signal } : {}),
      });
      results.push(r);
      req.onResult?.(r, results.length, files.length);
    }
    return { results, workersUsed: 0, anchors: anchors.length };
  }
  const data: VerifyWorkerData = {
    anchorsDer: anchors.map((a) => a.der),
    at: at.toISOString(),
    online,
    policyFile: req.policyFile ?? null,
  };
  const { entry, loader } = workerEntry();
  // Loaded for a pool only: one file is verified in this thread without node:worker_threads.
  const { runWorkerPool } = await import('../verify/worker-pool');
  const { results, workersUsed } = await runWorkerPool<DocumentVerification>(files, {
    entry,
    ...(loader ? { loader } : {}),
    workerData: data,
    size: Math.min(workers, files.length),
    ...(req.signal ? { signal: req.signal } : {}),
    onCrash: (file, reason) => crashResult(file, reason, at, policy.name, online),
    onResult: (r, done, total) => req.onResult?.(r.result, done, total),
  });
  return { results, workersUsed, anchors: anchors.length };
}

/** Writes the report (.html or .pdf by extension) in the chosen language. */
export async function writeVerificationReport(
  results: readonly DocumentVerification[],
  out: string,
  lang: Lang,
): Promise<void> {
  const ext = extname(out).toLowerCase();
  // Loaded only for a report: the PDF writer brings fontkit and the CJK font code, which a
  // plain `sealdesk verify` need not load (docs/decisions.md, "The CLI loads per command").
  if (ext === '.html' || ext === '.htm') {
    const { writeHtmlReport } = await import('../verify/report-html');
    await writeHtmlReport(results, out, lang);
  } else if (ext === '.pdf') {
    const { writePdfReport } = await import('../verify/report-pdf');
    await writePdfReport(results, out, lang);
  } else throw hostVerifyErrors('VERIFY_REPORT_FORMAT', { file: out });
}
