/**
 * Verifying a whole folder for the UI's table (docs/architecture.md "Verification must be honest",
 * the archivist's case): every PDF in the folder (optionally its sub-folders), each with the same
 * verdict JSON as verify.run, in file-name order, with verify.progress events per file.
 *
 * Owns: checking the folder and shaping the rows. Must never: stop at the first bad file (an
 * unreadable file is a row with its error), or modify any file.
 */
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { defineErrors } from '../errors/sealdesk-error';
import type { Lang } from '../i18n/locale';
import { toVerificationJson, type DocumentVerification } from '../verify/verdict-model';
import { VerificationSchema, type Verification } from '../../preload/contract';
import { verifyFiles } from './verification';

export const folderErrors = defineErrors({
  VERIFY_NOT_A_FOLDER: {
    category: 'input',
    en: '{folder} is not a folder Sealdesk can read. Type the path of a folder that holds PDF files.',
    zh: '{folder} 不是可读取的文件夹。请输入存放 PDF 文件的文件夹路径。',
  },
});

export interface FolderRow {
  readonly file: string;
  readonly name: string;
  readonly verification: Verification;
}

export async function verifyFolder(
  folder: string,
  options: {
    readonly recursive: boolean;
    readonly lang: Lang;
    readonly env: NodeJS.ProcessEnv;
    readonly onResult?: (r: DocumentVerification, done: number, total: number) => void;
  },
): Promise<FolderRow[]> {
  const abs = resolve(folder);
  const st = await stat(abs).catch(() => undefined);
  if (!st?.isDirectory()) throw folderErrors('VERIFY_NOT_A_FOLDER', { folder: abs });
  const { results } = await verifyFiles({
    inputs: [abs],
    recursive: options.recursive,
    env: options.env,
    // In-process: the UI's host shares the machine with the user's work.
    workers: 0,
    ...(options.onResult ? { onResult: options.onResult } : {}),
  });
  return results.map((r) => ({
    file: r.file,
    name: basename(r.file),
    verification: VerificationSchema.parse(toVerificationJson(r, options.lang)),
  }));
}
