/**
 * Wrappers around the independent verifiers the tests compare Sealdesk against: poppler
 * `pdfsig`, MuPDF `mutool sign -v`, `qpdf --check`, and the helper tools fixtures need.
 *
 * Owns: finding a tool (or failing loudly, naming the Debian package to install), running it
 * without a shell, and parsing its text output into data.
 * Must never: skip a test because a tool is missing, or trust an exit code for a verdict:
 * pdfsig and mutool exit 0 even when a signature is broken, so verdicts come from the text.
 * Formats parsed here were learned from pdfsig 22.12 (poppler-utils), mutool 1.21 and qpdf 11.3.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Tools the tests use, and the Debian package that provides each. */
export const TOOL_PACKAGES = {
  pdfsig: 'poppler-utils',
  pdfinfo: 'poppler-utils',
  pdffonts: 'poppler-utils',
  pdftotext: 'poppler-utils',
  pdftoppm: 'poppler-utils',
  mutool: 'mupdf-tools',
  qpdf: 'qpdf',
  certutil: 'libnss3-tools',
  openssl: 'openssl',
  chromium: 'chromium',
} as const;

export type ToolName = keyof typeof TOOL_PACKAGES;

const found = new Map<string, string>();

/** Returns the absolute path of a tool, or throws an error naming the package to install. */
export function requireTool(name: ToolName, searchPath = process.env['PATH'] ?? ''): string {
  const cacheKey = `${name}\0${searchPath}`;
  const cached = found.get(cacheKey);
  if (cached !== undefined) return cached;
  for (const dir of searchPath.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      found.set(cacheKey, candidate);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  throw new Error(
    `Required tool '${name}' is not installed (searched PATH). ` +
      `Install it with: apt-get install -y ${TOOL_PACKAGES[name]}. ` +
      'Tests that need it fail instead of skipping, so that a verdict is never silently missing.',
  );
}

export interface ToolRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs a tool (no shell) and collects its output; never rejects on a non-zero exit. */
export function runTool(
  name: ToolName,
  args: readonly string[],
  opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<ToolRun> {
  const bin = requireTool(name);
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: opts.timeoutMs ?? 120_000,
      ...(opts.env ? { env: opts.env } : {}),
      ...(opts.cwd ? { cwd: opts.cwd } : {}),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({
        exitCode: code ?? (signal ? 128 : -1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** Runs a tool and throws (with its output) unless it exits 0. */
export async function runToolOk(
  name: ToolName,
  args: readonly string[],
  opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<ToolRun> {
  const r = await runTool(name, args, opts);
  if (r.exitCode !== 0) {
    throw new Error(
      `${name} ${args.join(' ')} exited with ${r.exitCode}\n${r.stdout}\n${r.stderr}`.trim(),
    );
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// pdfsig (poppler-utils)

export interface PdfsigSignature {
  /** 1-based, as pdfsig numbers them ("Signature #1"). */
  index: number;
  fieldName?: string;
  signerName?: string;
  signerDn?: string;
  signingTime?: string;
  hashAlgorithm?: string;
  /** e.g. adbe.pkcs7.detached, ETSI.CAdES.detached */
  signatureType?: string;
  /** true only when pdfsig printed "Signature is Valid." */
  signatureValid: boolean;
  /** e.g. 'Signature is Valid.', 'Digest Mismatch.'; '' when the field is not signed. */
  signatureStatus: string;
  /** e.g. 'Certificate is Trusted.'; '' when pdfsig printed none (it omits it on a bad digest). */
  certificateStatus: string;
  certificateTrusted: boolean;
  /** "Total document signed" (true) / "Not total document signed" (false); absent if not shown. */
  totalDocumentSigned?: boolean;
  /** As printed, e.g. "[0 - 1590], [9784 - 10780]". */
  signedRanges?: string;
  /** The ranges parsed into numbers: [[start, end], ...]. */
  ranges?: Array<[number, number]>;
  /** true when pdfsig said "The signature form field is not signed." */
  unsigned: boolean;
}

export interface PdfsigResult {
  exitCode: number;
  signatures: PdfsigSignature[];
  /** true when pdfsig said the file has no signatures. */
  noSignatures: boolean;
  raw: string;
}

/** Parses pdfsig's text report (separated from running it so the parser is testable). */
export function parsePdfsig(raw: string): Omit<PdfsigResult, 'exitCode' | 'raw'> {
  const signatures: PdfsigSignature[] = [];
  let cur: PdfsigSignature | undefined;
  for (const line of raw.split(/\r?\n/)) {
    const head = /^Signature #(\d+):/.exec(line);
    if (head) {
      cur = {
        index: Number(head[1]),
        signatureValid: false,
        signatureStatus: '',
        certificateStatus: '',
        certificateTrusted: false,
        unsigned: false,
      };
      signatures.push(cur);
      continue;
    }
    if (!cur) continue;
    if (/The signature form field is not signed/.test(line)) {
      cur.unsigned = true;
      continue;
    }
    const m = /^\s+- ([^:]+?)(?::\s?(.*))?$/.exec(line);
    if (!m) continue;
    const key = m[1]!.trim();
    const value = (m[2] ?? '').trim();
    switch (key) {
      case 'Signature Field Name':
        cur.fieldName = value;
        break;
      case 'Signer Certificate Common Name':
        cur.signerName = value;
        break;
      case 'Signer full Distinguished Name':
        cur.signerDn = value;
        break;
      case 'Signing Time':
        cur.signingTime = value;
        break;
      case 'Signing Hash Algorithm':
        cur.hashAlgorithm = value;
        break;
      case 'Signature Type':
        cur.signatureType = value;
        break;
      case 'Signed Ranges':
        cur.signedRanges = value;
        cur.ranges = [...value.matchAll(/\[(\d+) - (\d+)\]/g)].map(
          (r) => [Number(r[1]), Number(r[2])] as [number, number],
        );
        break;
      case 'Total document signed':
        cur.totalDocumentSigned = true;
        break;
      case 'Not total document signed':
        cur.totalDocumentSigned = false;
        break;
      case 'Signature Validation':
        cur.signatureStatus = value;
        cur.signatureValid = value === 'Signature is Valid.';
        break;
      case 'Certificate Validation':
        cur.certificateStatus = value;
        cur.certificateTrusted = value === 'Certificate is Trusted.';
        break;
      default:
        break;
    }
  }
  return { signatures, noSignatures: /does not contain any signatures/.test(raw) };
}

export interface PdfsigOptions {
  /** NSS database made by makeNssDb: the only roots pdfsig trusts. */
  nssDir?: string;
  /** Skip the online OCSP check (-no-ocsp): for certificates whose AIA points nowhere. */
  noOcsp?: boolean;
  /** Skip certificate validation entirely (-nocert). */
  noCert?: boolean;
  /** Passwords for encrypted files (-upw / -opw). Test-only values, never real secrets. */
  userPassword?: string;
  ownerPassword?: string;
}

/**
 * Runs `pdfsig` on a file. With `nssDir` (see tests/support/nss-db.ts), certificates are checked
 * against the roots trusted in that NSS database; without it, against the user's default one.
 */
export async function pdfsig(file: string, opts: PdfsigOptions = {}): Promise<PdfsigResult> {
  const args = [
    ...(opts.nssDir ? ['-nssdir', `sql:${opts.nssDir}`] : []),
    ...(opts.noOcsp ? ['-no-ocsp'] : []),
    ...(opts.noCert ? ['-nocert'] : []),
    ...(opts.userPassword !== undefined ? ['-upw', opts.userPassword] : []),
    ...(opts.ownerPassword !== undefined ? ['-opw', opts.ownerPassword] : []),
    file,
  ];
  const r = await runTool('pdfsig', args);
  const raw = `${r.stdout}${r.stderr ? `\n${r.stderr}` : ''}`;
  return { exitCode: r.exitCode, raw, ...parsePdfsig(raw) };
}

// ---------------------------------------------------------------------------------------------
// mutool sign -v (mupdf-tools)

export interface MutoolSignature {
  /** What mutool calls the signature: the object number of the signature field. */
  name: string;
  objectNumber: number;
  distinguishedName?: string;
  /** Digest intact and the field signed. Certificate trust is reported apart. */
  valid: boolean;
  /** "The document is unchanged since signing." or "...valid but there have been edits...". */
  digestOk: boolean;
  /** The text after "Digest error:", when there is one. */
  digestError?: string;
  /** "Certificate is trusted." (mutool has no trust store option: self-made roots are errors). */
  certificateTrusted: boolean;
  /** The text after "Certificate error:", e.g. "Self-signed certificate in chain." */
  certificateError?: string;
  /** "there have been edits since signing": later incremental updates exist. */
  editedSinceSigning: boolean;
  /** "Signature is not signed." */
  unsigned: boolean;
  raw: string;
}

export interface MutoolVerifyResult {
  exitCode: number;
  signatures: MutoolSignature[];
  noSignatures: boolean;
  raw: string;
}

/** Parses the output of `mutool sign -v`. */
export function parseMutoolVerify(raw: string): Omit<MutoolVerifyResult, 'exitCode' | 'raw'> {
  const signatures: MutoolSignature[] = [];
  let cur: MutoolSignature | undefined;
  for (const line of raw.split(/\r?\n/)) {
    const head = /^Verifying signature (\d+):/.exec(line);
    if (head) {
      cur = {
        name: head[1]!,
        objectNumber: Number(head[1]),
        valid: false,
        digestOk: false,
        certificateTrusted: false,
        editedSinceSigning: false,
        unsigned: false,
        raw: '',
      };
      signatures.push(cur);
      continue;
    }
    if (!cur) continue;
    const text = line.trim();
    if (text === '') continue;
    cur.raw += `${text}\n`;
    let m: RegExpExecArray | null;
    if ((m = /^Distinguished name: (.*)$/.exec(text))) cur.distinguishedName = m[1]!;
    else if (text === 'Certificate is trusted.') cur.certificateTrusted = true;
    else if ((m = /^Certificate error: (.*)$/.exec(text))) cur.certificateError = m[1]!;
    else if ((m = /^Digest error: (.*)$/.exec(text))) cur.digestError = m[1]!;
    else if (text === 'The document is unchanged since signing.') cur.digestOk = true;
    else if (/^The signature is valid but there have been edits since signing/.test(text)) {
      cur.digestOk = true;
      cur.editedSinceSigning = true;
    } else if (text === 'Signature is not signed.') cur.unsigned = true;
  }
  for (const s of signatures) s.valid = s.digestOk && !s.unsigned && s.digestError === undefined;
  return { signatures, noSignatures: signatures.length === 0 };
}

/** Runs `mutool sign -v` on a file and parses each signature's verdict. */
export async function mutoolVerify(file: string): Promise<MutoolVerifyResult> {
  const r = await runTool('mutool', ['sign', '-v', file]);
  const raw = `${r.stdout}${r.stderr ? `\n${r.stderr}` : ''}`;
  return { exitCode: r.exitCode, raw, ...parseMutoolVerify(raw) };
}

// ---------------------------------------------------------------------------------------------
// qpdf --check

export interface QpdfCheckResult {
  exitCode: number;
  /** Exit 0 and the "No syntax or stream encoding errors" line: qpdf found nothing wrong. */
  ok: boolean;
  /** Exit 3: qpdf recovered but printed warnings (e.g. a repaired xref). */
  warnings: boolean;
  raw: string;
}

/** Runs `qpdf --check` (exit 0 clean, 3 warnings, 2 errors) with an optional password. */
export async function qpdfCheck(
  file: string,
  opts: { password?: string } = {},
): Promise<QpdfCheckResult> {
  const args = ['--check', ...(opts.password ? [`--password=${opts.password}`] : []), file];
  const r = await runTool('qpdf', args);
  const raw = `${r.stdout}${r.stderr ? `\n${r.stderr}` : ''}`;
  return {
    exitCode: r.exitCode,
    ok: r.exitCode === 0 && /No syntax or stream encoding errors found/.test(r.stdout),
    warnings: r.exitCode === 3,
    raw,
  };
}

// ---------------------------------------------------------------------------------------------
// pdfinfo / pdffonts (poppler-utils)

/** Parses `pdfinfo` into its key: value pairs (Pages, Encrypted, PDF version, ...). */
export async function pdfinfo(
  file: string,
  opts: { password?: string } = {},
): Promise<{ exitCode: number; fields: Record<string, string>; pages: number; raw: string }> {
  const args = [...(opts.password ? ['-upw', opts.password] : []), file];
  const r = await runTool('pdfinfo', args);
  const fields: Record<string, string> = {};
  for (const line of r.stdout.split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) fields[m[1]!.trim()] = m[2]!.trim();
  }
  return {
    exitCode: r.exitCode,
    fields,
    pages: Number(fields['Pages'] ?? Number.NaN),
    raw: `${r.stdout}\n${r.stderr}`,
  };
}

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
  subset: boolean;
}

/** Parses the `pdffonts` table (name, type, encoding, emb, sub, uni, object ID). */
export async function pdffonts(file: string): Promise<{ fonts: PdfFont[]; raw: string }> {
  const r = await runToolOk('pdffonts', [file]);
  const lines = r.stdout.split('\n');
  const rule = lines.findIndex((l) => /^-{5,}/.test(l));
  const fonts: PdfFont[] = [];
  if (rule < 0) return { fonts, raw: r.stdout };
  // Column widths come from the dashed rule under the header.
  const cols = [...lines[rule]!.matchAll(/-+/g)].map((m) => [m.index, m.index + m[0].length]);
  const cell = (l: string, i: number) => l.slice(cols[i]![0], cols[i]![1]).trim();
  for (const l of lines.slice(rule + 1)) {
    if (l.trim() === '') continue;
    fonts.push({
      name: cell(l, 0),
      type: cell(l, 1),
      embedded: cell(l, 3) === 'yes',
      subset: cell(l, 4) === 'yes',
    });
  }
  return { fonts, raw: r.stdout };
}
