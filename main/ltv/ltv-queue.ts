/**
 * The persistent queue of documents waiting for a higher PAdES level (docs/architecture.md "Offline
 * first": signed at B-B or B-T while offline, raised to B-T/B-LT/B-LTA once the services answer).
 *
 * Owns: `<data folder>/ltv-queue.json` ({ version: 1, entries: [...] }), read with a schema and
 * written atomically (temp file in the same folder, fsync, rename), so a crash at any point
 * leaves either the old or the new queue, never half of one. An entry is removed only after its
 * document was augmented and committed, so a crash mid-augment leaves the entry (the next run
 * rolls the interrupted append back and redoes it; ../library/in-place-append).
 * Must never: hold document contents, credentials or secrets; lose entries it cannot parse
 * silently (a damaged file is an error the user can act on).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { ltvError } from './ltv-errors';

const EntrySchema = z.object({
  file: z.string(),
  level: z.enum(['B-T', 'B-LT', 'B-LTA']),
  queuedAt: z.string(),
  attempts: z.number().int().nonnegative().default(0),
  lastAttemptAt: z.string().optional(),
  lastError: z.string().optional(),
});
const QueueSchema = z.object({ version: z.literal(1), entries: z.array(EntrySchema) });

export type QueueEntry = z.infer<typeof EntrySchema>;
export type QueuedLevel = QueueEntry['level'];

export class LtvQueue {
  readonly file: string;
  /** Serialises read-modify-write within this process. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(readonly dataDir: string) {
    this.file = join(dataDir, 'ltv-queue.json');
  }

  async list(): Promise<QueueEntry[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw ltvError('LTV_QUEUE_DAMAGED', { file: this.file, reason: (e as Error).message }, e);
    }
    try {
      return QueueSchema.parse(JSON.parse(text)).entries;
    } catch (e) {
      throw ltvError('LTV_QUEUE_DAMAGED', { file: this.file, reason: (e as Error).message }, e);
    }
  }

  /** Adds (or raises the level of) the entry for `file`. */
  add(file: string, level: QueuedLevel, now = new Date()): Promise<QueueEntry> {
    const path = resolve(file);
    return this.modify((entries) => {
      const old = entries.find((e) => e.file === path);
      const rank = (l: QueuedLevel) => ['B-T', 'B-LT', 'B-LTA'].indexOf(l);
      const entry: QueueEntry = old
        ? { ...old, level: rank(level) > rank(old.level) ? level : old.level }
        : { file: path, level, queuedAt: now.toISOString(), attempts: 0 };
      return { entries: [...entries.filter((e) => e.file !== path), entry], value: entry };
    });
  }

  remove(file: string): Promise<void> {
    const path = resolve(file);
    return this.modify((entries) => ({
      entries: entries.filter((e) => e.file !== path),
      value: undefined,
    }));
  }

  /** Records a failed attempt (the reason a user can read; never a secret). */
  failed(file: string, reason: string, now = new Date()): Promise<void> {
    const path = resolve(file);
    return this.modify((entries) => ({
      entries: entries.map((e) =>
        e.file === path
          ? { ...e, attempts: e.attempts + 1, lastAttemptAt: now.toISOString(), lastError: reason }
          : e,
      ),
      value: undefined,
    }));
  }

  private modify<T>(change: (entries: QueueEntry[]) => { entries: QueueEntry[]; value: T }) {
    const run = this.chain.then(async () => {
      const { entries, value } = change(await this.list());
      await this.write(entries);
      return value;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async write(entries: readonly QueueEntry[]): Promise<void> {
    await mkdir(this.dataDir, { recursive: true });
    const tmp = join(this.dataDir, `.ltv-queue.${randomBytes(6).toString('hex')}.tmp`);
    const h = await open(tmp, 'wx', 0o600);
    try {
      await h.writeFile(JSON.stringify({ version: 1, entries }, null, 2) + '\n');
      await h.sync();
    } finally {
      await h.close();
    }
    try {
      await rename(tmp, this.file);
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      throw e;
    }
  }
}
