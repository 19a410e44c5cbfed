/**
 * Crash-safe appends to an existing file: incremental updates (ISO 32000-2 §7.5.6) written at
 * the end of the file itself instead of into a fresh copy, so raising a large document costs one
 * read of it and a few kilobytes of writes.
 *
 * Owns: the journal `.<name>.sealdesk-append` beside the file (JSON: original size, mtime and
 * SHA-256), written and fsynced with its folder before the first appended byte; positioned
 * writes past the original end; commit (fsync the file, which `flush` may start while the
 * caller checks the result; delete the journal, fsync the folder);
 * rollback (truncate to the original size, fsync, delete the journal) on any failure or cancel;
 * and recovery of an append a crash interrupted (`recoverInterruptedAppend`), which gives the
 * file back its original bytes. While a journal exists the original bytes are still a prefix
 * of the file, so cutting it back is always possible.
 * Must never: write below the original size, append to a file that changed since it was read,
 * truncate a file whose prefix is not the one the journal recorded, or remove a journal before
 * the file is durably whole (committed or cut back).
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, readFile, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { defineErrors } from '../errors/sealdesk-error';
import { syncFolder, writeAll } from './atomic-output';
import { hashPrefix } from './stream-copy';

export const appendErrors = defineErrors({
  APPEND_IN_PROGRESS: {
    category: 'io',
    en: '{file} is being extended by another Sealdesk task (journal {journal}). Wait for it to finish and try again.',
    zh: '另一个 Sealdesk 任务正在向 {file} 追加内容（日志 {journal}）。请等待其完成后重试。',
  },
  APPEND_JOURNAL_FAILED: {
    category: 'io',
    en: 'Cannot write the safety journal {journal} beside {file} ({reason}). Nothing was written; make the folder writable and try again.',
    zh: '无法在 {file} 旁写入安全日志 {journal}（{reason}）。未写入任何内容；请确认该文件夹可写后重试。',
  },
  APPEND_WRITE_FAILED: {
    category: 'io',
    en: 'Appending to {file} failed ({reason}). The file was restored to its original bytes; check free disk space and try again.',
    zh: '向 {file} 追加内容失败（{reason}）。文件已恢复为原始内容；请检查磁盘空间后重试。',
  },
  APPEND_ROLLBACK_FAILED: {
    category: 'io',
    en: 'Appending to {file} failed and cutting it back to its original {size} bytes failed too ({reason}). The journal {journal} was kept; Sealdesk restores the file the next time it opens it.',
    zh: '向 {file} 追加内容失败，且无法将其截回原始的 {size} 字节（{reason}）。已保留日志 {journal}；Sealdesk 下次打开该文件时会恢复它。',
  },
  APPEND_JOURNAL_DAMAGED: {
    category: 'io',
    en: 'The safety journal {journal} of {file} cannot be read ({reason}). The file was left as it is; check that it opens and verifies, then delete the journal.',
    zh: '{file} 的安全日志 {journal} 无法读取（{reason}）。文件保持原样；请确认文件可以打开并通过验证后删除该日志。',
  },
  APPEND_RECOVERY_MISMATCH: {
    category: 'io',
    en: 'An interrupted append to {file} was found (journal {journal}), but the file no longer starts with the original {size} bytes ({reason}). The file was left as it is; restore it from a copy, or delete the journal if the file is as it should be.',
    zh: '发现对 {file} 的一次中断的追加（日志 {journal}），但文件开头已不是原来的 {size} 字节（{reason}）。文件保持原样；请从副本恢复，若文件内容无误请删除该日志。',
  },
});

const JournalSchema = z.object({
  version: z.literal(1),
  originalSize: z.number().int().nonnegative(),
  mtimeMs: z.number(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  pid: z.number().int().optional(),
});
export type AppendJournal = z.infer<typeof JournalSchema>;

/** What the caller read of the file before appending (its one read). */
export interface OriginalState {
  readonly size: number;
  readonly mtimeMs: number;
  /** Hex SHA-256 of bytes [0, size) as read. */
  readonly sha256: string;
}

/** The journal path of `file`: a hidden file in the same folder. */
export const appendJournalPath = (file: string): string =>
  join(dirname(file), `.${basename(file)}.sealdesk-append`);

/** Files this process is appending to now (recovery must not cut a live append back). */
const live = new Set<string>();

const reasonOf = (e: unknown): string =>
  e instanceof Error && 'code' in e ? String(e.code) : e instanceof Error ? e.message : String(e);

export class InPlaceAppend {
  private appended = false;
  private finished = false;
  private flushing: Promise<void> | undefined;

  private constructor(
    readonly file: string,
    readonly journal: string,
    readonly original: OriginalState,
    private readonly handle: FileHandle,
    private readonly changed: () => Error,
  ) {}

  /**
   * Writes the journal (fsync, folder fsync) after checking the file still has the size and
   * mtime it had when it was read; throws `changed()` (writing nothing) when it has not.
   */
  static async begin(
    file: string,
    original: OriginalState,
    changed: () => Error,
  ): Promise<InPlaceAppend> {
    const path = resolve(file);
    const journal = appendJournalPath(path);
    if (live.has(path)) throw appendErrors('APPEND_IN_PROGRESS', { file, journal });
    const handle = await open(path, 'r+');
    try {
      await expectUnchanged(handle, original, changed);
      const body: AppendJournal = {
        version: 1,
        originalSize: original.size,
        mtimeMs: original.mtimeMs,
        sha256: original.sha256,
        pid: process.pid,
      };
      let jh: FileHandle;
      try {
        jh = await open(journal, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST')
          throw appendErrors('APPEND_IN_PROGRESS', { file, journal }, e);
        throw appendErrors('APPEND_JOURNAL_FAILED', { file, journal, reason: reasonOf(e) }, e);
      }
      try {
        await jh.writeFile(JSON.stringify(body) + '\n');
        await jh.sync();
        await jh.close();
        await syncFolder(dirname(path));
      } catch (e) {
        await jh.close().catch(() => undefined);
        await unlink(journal).catch(() => undefined);
        throw appendErrors('APPEND_JOURNAL_FAILED', { file, journal, reason: reasonOf(e) }, e);
      }
    } catch (e) {
      await handle.close();
      throw e;
    }
    live.add(path);
    return new InPlaceAppend(path, journal, original, handle, changed);
  }

  /** Writes all of `bytes` at `position` (never below the original end). */
  async writeAt(bytes: Uint8Array, position: number): Promise<void> {
    if (position < this.original.size)
      throw new RangeError('in-place write below the original end');
    if (!this.appended) {
      // The last moment another writer's change can be refused without touching the file.
      await expectUnchanged(this.handle, this.original, this.changed);
      this.appended = true;
    }
    try {
      await writeAll(this.handle, bytes, position);
    } catch (e) {
      throw appendErrors('APPEND_WRITE_FAILED', { file: this.file, reason: reasonOf(e) }, e);
    }
  }

  /**
   * Starts the fsync of what was appended, so it runs while the caller checks the result
   * (commit waits for it; nothing is committed by it).
   */
  flush(): Promise<void> {
    this.flushing ??= this.handle.sync();
    this.flushing.catch(() => undefined);
    return this.flushing;
  }

  /** fsync the file, delete the journal, fsync the folder. */
  async commit(): Promise<void> {
    if (this.finished) return;
    try {
      await this.flush();
    } catch (e) {
      throw appendErrors('APPEND_WRITE_FAILED', { file: this.file, reason: reasonOf(e) }, e);
    }
    this.finished = true;
    live.delete(this.file);
    await this.handle.close().catch(() => undefined);
    await unlink(this.journal).catch(() => undefined);
    await syncFolder(dirname(this.file));
  }

  /**
   * Cuts the file back to its original bytes and deletes the journal; when nothing was
   * appended the file is not touched (another writer's change stays as it is). Safe after
   * commit or twice. When the cut fails the journal stays for recovery.
   */
  async rollback(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    live.delete(this.file);
    try {
      await this.flushing?.catch(() => undefined);
      if (this.appended) {
        await this.handle.truncate(this.original.size);
        await this.handle.sync();
      }
    } catch (e) {
      await this.handle.close().catch(() => undefined);
      throw appendErrors(
        'APPEND_ROLLBACK_FAILED',
        {
          file: this.file,
          size: this.original.size,
          journal: this.journal,
          reason: reasonOf(e),
        },
        e,
      );
    }
    await this.handle.close().catch(() => undefined);
    await unlink(this.journal).catch(() => undefined);
    await syncFolder(dirname(this.file));
  }
}

export type RecoveryOutcome = 'none' | 'rolled-back';

/**
 * Finishes an append a crash interrupted: when `file` has a journal, its first `originalSize`
 * bytes are hashed and, when they match the journal, the file is cut back to them and the
 * journal deleted. A file shorter than recorded or with another prefix is left alone
 * (APPEND_RECOVERY_MISMATCH); a journal of a live append is left alone (APPEND_IN_PROGRESS).
 */
export async function recoverInterruptedAppend(file: string): Promise<RecoveryOutcome> {
  const path = resolve(file);
  const journalFile = appendJournalPath(path);
  let text: string;
  try {
    text = await readFile(journalFile, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'none';
    throw appendErrors(
      'APPEND_JOURNAL_DAMAGED',
      { file, journal: journalFile, reason: reasonOf(e) },
      e,
    );
  }
  let journal: AppendJournal;
  try {
    journal = JournalSchema.parse(JSON.parse(text));
  } catch (e) {
    // A journal cut short by a crash before its fsync: nothing was appended after it.
    if (text.trim() === '') {
      await unlink(journalFile).catch(() => undefined);
      return 'rolled-back';
    }
    throw appendErrors(
      'APPEND_JOURNAL_DAMAGED',
      { file, journal: journalFile, reason: reasonOf(e) },
      e,
    );
  }
  if (live.has(path) || (journal.pid !== process.pid && isAlive(journal.pid)))
    throw appendErrors('APPEND_IN_PROGRESS', { file, journal: journalFile });
  const mismatch = (reason: string) =>
    appendErrors('APPEND_RECOVERY_MISMATCH', {
      file,
      journal: journalFile,
      size: journal.originalSize,
      reason,
    });
  const st = await stat(path).catch(() => undefined);
  if (!st) throw mismatch('the file is missing');
  if (st.size < journal.originalSize) throw mismatch(`it is only ${st.size} bytes long`);
  const h = createHash('sha256');
  await hashPrefix(path, journal.originalSize, {
    hashes: [h],
    changed: () => mismatch('it changed while it was read'),
    cancelled: () => mismatch('cancelled'),
  });
  if (h.digest('hex') !== journal.sha256) throw mismatch('its SHA-256 differs from the journal');
  if (st.size > journal.originalSize) {
    const fh = await open(path, 'r+');
    try {
      await fh.truncate(journal.originalSize);
      await fh.sync();
    } finally {
      await fh.close();
    }
  }
  await unlink(journalFile);
  await syncFolder(dirname(path));
  return 'rolled-back';
}

async function expectUnchanged(
  handle: FileHandle,
  original: OriginalState,
  changed: () => Error,
): Promise<void> {
  const st = await handle.stat();
  if (st.size !== original.size || st.mtimeMs !== original.mtimeMs) throw changed();
}

function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
