/**
 * Atomic output files: write to a temp file beside the target, fsync, rename, fsync the folder.
 *
 * Owns: the only way Sealdesk writes a user-visible output file. A failure or a cancel at any
 * point leaves no partial output: the temp file is removed and the target is untouched.
 * Must never: write to the target path directly, or touch any input.
 */
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { defineErrors } from '../errors/sealdesk-error';

export const outputErrors = defineErrors({
  OUTPUT_DIR_MISSING: {
    category: 'io',
    en: 'Cannot write {file}: the folder {dir} does not exist. Create it or choose another output path.',
    zh: '无法写入 {file}：文件夹 {dir} 不存在。请先创建该文件夹或选择其他输出路径。',
  },
  OUTPUT_DIR_UNWRITABLE: {
    category: 'io',
    en: 'Cannot write {file}: the folder {dir} is not writable ({reason}). Choose a folder you can write to.',
    zh: '无法写入 {file}：文件夹 {dir} 不可写（{reason}）。请选择有写入权限的文件夹。',
  },
  OUTPUT_IS_DIRECTORY: {
    category: 'usage',
    en: 'The output path {file} is a folder. Give a file name, for example {file}/signed.pdf.',
    zh: '输出路径 {file} 是一个文件夹。请指定文件名，例如 {file}/signed.pdf。',
  },
  OUTPUT_WRITE_FAILED: {
    category: 'io',
    en: 'Writing {file} failed ({reason}). Nothing was written; check free disk space and try again.',
    zh: '写入 {file} 失败（{reason}）。未写入任何内容；请检查磁盘空间后重试。',
  },
});

export class AtomicOutput {
  private done = false;
  private constructor(
    readonly target: string,
    readonly tempPath: string,
    readonly handle: FileHandle,
  ) {}

  /** Creates the temp file next to `target` (same folder, so the rename is atomic). */
  static async create(target: string): Promise<AtomicOutput> {
    const dir = dirname(target);
    let dirStat: Stats;
    try {
      dirStat = await stat(dir);
    } catch {
      throw outputErrors('OUTPUT_DIR_MISSING', { file: target, dir });
    }
    if (!dirStat.isDirectory()) throw outputErrors('OUTPUT_DIR_MISSING', { file: target, dir });
    const existing = await stat(target).catch(() => undefined);
    if (existing?.isDirectory()) throw outputErrors('OUTPUT_IS_DIRECTORY', { file: target });
    const tempPath = join(
      dir,
      `.${basename(target)}.${randomBytes(6).toString('hex')}.sealdesk-tmp`,
    );
    try {
      const handle = await open(
        tempPath,
        constants.O_CREAT | constants.O_EXCL | constants.O_RDWR,
        0o644,
      );
      return new AtomicOutput(target, tempPath, handle);
    } catch (e) {
      const reason = e instanceof Error && 'code' in e ? String(e.code) : String(e);
      throw outputErrors('OUTPUT_DIR_UNWRITABLE', { file: target, dir, reason }, e);
    }
  }

  /** Writes all of `bytes` at `position` (finishing short writes). */
  async writeAt(bytes: Uint8Array, position: number): Promise<void> {
    await writeAll(this.handle, bytes, position);
  }

  /** fsync, close, rename over the target, fsync the folder. */
  async commit(): Promise<void> {
    if (this.done) return;
    try {
      await this.handle.sync();
      await this.handle.close();
      await rename(this.tempPath, this.target);
      this.done = true;
      await syncFolder(dirname(this.target));
    } catch (e) {
      await this.abort();
      const reason = e instanceof Error ? e.message : String(e);
      throw outputErrors('OUTPUT_WRITE_FAILED', { file: this.target, reason }, e);
    }
  }

  /** Removes the temp file; safe to call after commit or twice. */
  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await this.handle.close().catch(() => undefined);
    await unlink(this.tempPath).catch(() => undefined);
  }
}

/** Writes all of `bytes` at `position` of an open file, finishing short writes. */
export async function writeAll(
  handle: FileHandle,
  bytes: Uint8Array,
  position: number,
): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position + done);
    done += bytesWritten;
  }
}

/** fsync of a folder (after a rename or unlink in it); best effort where the platform refuses. */
export async function syncFolder(dir: string): Promise<void> {
  // Not all platforms allow fsync on a directory handle (Windows): best effort there.
  const h = await open(dir, 'r').catch(() => undefined);
  if (!h) return;
  await h.sync().catch(() => undefined);
  await h.close();
}
