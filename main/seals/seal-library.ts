/**
 * The local seal library: one folder per seal, `<root>/<id>/SEAL.json`.
 *
 * Owns: listing, reading, adding, renaming, deleting, exporting and importing seals, each write
 * atomic (temp file in the same folder, fsync, rename, fsync of the folder), and the events
 * every creation and use emits for the audit trail (through the injected `onEvent`).
 * Must never: write a SEAL.json in place (a crash would leave half a seal), accept a file that
 * does not validate against the model, or emit an event for a change that did not happen.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { sealError } from './seal-errors';
import { MAX_SEAL_NAME, SealSchema, type Seal } from './seal-model';

export type SealEventType =
  'seal.created' | 'seal.imported' | 'seal.renamed' | 'seal.deleted' | 'seal.used';

export interface SealEvent {
  readonly type: SealEventType;
  readonly sealId: string;
  /** ISO 8601 time of the event. */
  readonly at: string;
  readonly name?: string;
  readonly previousName?: string;
  readonly sealType?: Seal['type'];
  /** For seal.imported: the file it came from (base name only). */
  readonly file?: string;
  /** For seal.used: what it was used on (e.g. a document's SHA-256), as the caller says. */
  readonly context?: Readonly<Record<string, string | number>>;
}

export interface SealLibraryOptions {
  readonly onEvent?: (e: SealEvent) => void;
  readonly now?: () => Date;
}

export const SEAL_FILE = 'SEAL.json';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Writes a file atomically: temp file next to it, fsync, rename over, fsync the folder. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${randomUUID()}.tmp`);
  const fh = await open(tmp, 'wx');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  try {
    const dh = await open(dir, 'r');
    try {
      await dh.sync();
    } finally {
      await dh.close();
    }
  } catch {
    // Folders cannot be opened for fsync on Windows; the rename is already durable enough there.
  }
}

export function serializeSeal(seal: Seal): string {
  return JSON.stringify(seal, null, 2) + '\n';
}

/** Parses and validates SEAL.json text; `file` names the source in errors. */
export function parseSeal(text: string, file: string): Seal {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw sealError('SEAL_FILE_INVALID', { file, reason: 'not JSON' }, e);
  }
  const r = SealSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    const reason = issue ? `${issue.path.join('.') || 'file'}: ${issue.message}` : 'invalid';
    throw sealError('SEAL_FILE_INVALID', { file, reason });
  }
  const seal = r.data;
  if (!seal.vector && !seal.image)
    throw sealError('SEAL_FILE_INVALID', { file, reason: 'neither vector drawing nor image' });
  return seal;
}

export class SealLibrary {
  constructor(
    readonly root: string,
    private readonly opts: SealLibraryOptions = {},
  ) {}

  private emit(e: Omit<SealEvent, 'at'>): void {
    this.opts.onEvent?.({ ...e, at: (this.opts.now?.() ?? new Date()).toISOString() });
  }

  private fileOf(id: string): string {
    if (!UUID.test(id)) throw sealError('SEAL_NOT_FOUND', { id });
    return join(this.root, id, SEAL_FILE);
  }

  /** All seals, sorted by creation time then name (stable order for the UI and tests). */
  async list(): Promise<Seal[]> {
    let entries: string[];
    try {
      entries = await readdir(this.root);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const seals: Seal[] = [];
    for (const id of entries.filter((n) => UUID.test(n)).sort()) {
      try {
        seals.push(await this.get(id));
      } catch {
        // A folder without a valid SEAL.json (e.g. an interrupted manual copy) is not a seal.
      }
    }
    return seals.sort(
      (a, b) => a.createdAt.localeCompare(b.createdAt) || a.name.localeCompare(b.name),
    );
  }

  async get(id: string): Promise<Seal> {
    const file = this.fileOf(id);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw sealError('SEAL_NOT_FOUND', { id });
      throw e;
    }
    return parseSeal(text, file);
  }

  private async exists(id: string): Promise<boolean> {
    try {
      await readFile(this.fileOf(id));
      return true;
    } catch {
      return false;
    }
  }

  /** Adds a seal made by generateSeal or importSealImage; emits seal.created / seal.imported. */
  async add(seal: Seal): Promise<Seal> {
    const valid = parseSeal(JSON.stringify(seal), seal.name);
    if (await this.exists(valid.id))
      throw sealError('SEAL_ALREADY_EXISTS', { id: valid.id, name: valid.name });
    await writeFileAtomic(this.fileOf(valid.id), serializeSeal(valid));
    this.emit({
      type: valid.source === 'imported' ? 'seal.imported' : 'seal.created',
      sealId: valid.id,
      name: valid.name,
      sealType: valid.type,
    });
    return valid;
  }

  async rename(id: string, name: string): Promise<Seal> {
    const seal = await this.get(id);
    const clean = name.trim();
    if (!clean) throw sealError('SEAL_NAME_EMPTY', { field: 'seal name', fieldZh: '印章名称' });
    // The model's limit (seal-model.ts): a longer name would be written and then fail to load.
    const count = clean.length;
    if (count > MAX_SEAL_NAME)
      throw sealError('SEAL_LABEL_TOO_LONG', {
        max: MAX_SEAL_NAME,
        count,
        name: Array.from(clean).slice(0, 20).join(''),
      });
    const next: Seal = { ...seal, name: clean };
    await writeFileAtomic(this.fileOf(id), serializeSeal(next));
    this.emit({ type: 'seal.renamed', sealId: id, name: clean, previousName: seal.name });
    return next;
  }

  async delete(id: string): Promise<void> {
    const seal = await this.get(id);
    // Rename the folder away first so a crash never leaves a half-deleted seal that lists.
    const dir = join(this.root, id);
    const trash = join(this.root, `.deleted-${id}-${randomUUID()}`);
    await rename(dir, trash);
    await rm(trash, { recursive: true, force: true });
    this.emit({ type: 'seal.deleted', sealId: id, name: seal.name, sealType: seal.type });
  }

  /** Writes the seal to `path` (a SEAL.json anywhere) for another machine. */
  async export(id: string, path: string): Promise<void> {
    const seal = await this.get(id);
    await writeFileAtomic(path, serializeSeal(seal));
  }

  /** Imports a SEAL.json exported elsewhere; validated; emits seal.imported. */
  async import(path: string): Promise<Seal> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      throw sealError(
        'SEAL_FILE_INVALID',
        { file: path, reason: (e as NodeJS.ErrnoException).code ?? 'unreadable' },
        e,
      );
    }
    const seal = parseSeal(text, path);
    if (await this.exists(seal.id))
      throw sealError('SEAL_ALREADY_EXISTS', { id: seal.id, name: seal.name });
    await writeFileAtomic(this.fileOf(seal.id), serializeSeal(seal));
    this.emit({
      type: 'seal.imported',
      sealId: seal.id,
      name: seal.name,
      sealType: seal.type,
      file: basename(path),
    });
    return seal;
  }

  /** Records that a seal was used (signing calls this); emits seal.used with the context. */
  async markUsed(
    id: string,
    context: Readonly<Record<string, string | number>> = {},
  ): Promise<Seal> {
    const seal = await this.get(id);
    this.emit({ type: 'seal.used', sealId: id, name: seal.name, sealType: seal.type, context });
    return seal;
  }
}
