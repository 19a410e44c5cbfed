/**
 * Random access to the bytes of a PDF: a file read by positioned reads, or bytes in memory.
 *
 * Owns: opening a file (with clear errors for missing files, folders, unreadable files), the
 * positioned reads and a small bounded block cache so that the lexer's many small reads near
 * one spot cost one system call.
 * Must never: read a whole file into memory, or hold more than `MAX_BLOCKS` cached blocks.
 */
import { promises as fsp, type Stats } from 'node:fs';
import { pdfError } from './errors';

export interface RandomAccessSource {
  readonly size: number;
  /** Up to `length` bytes from `offset`; shorter at the end of the source, empty past it. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * Fills `target` (up to its length) from `offset` without caching or allocating, for
   * sequential passes over the whole file (hashing). Returns the bytes read; 0 past the end.
   */
  readInto?(target: Uint8Array, offset: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * 16 KB: an object (a page dictionary, a field) usually fits one block, and a scan over the
 * pages of a large file reads one block per page, so bigger blocks only cost memory.
 */
const BLOCK_SIZE = 16 * 1024;
const MAX_BLOCKS = 128;
/** Reads larger than this bypass the cache (stream data read once). */
const DIRECT_READ = 4 * BLOCK_SIZE;

function clampRange(size: number, offset: number, length: number): [number, number] {
  if (!Number.isFinite(offset) || offset < 0) offset = 0;
  const start = Math.min(Math.floor(offset), size);
  const end = Math.min(size, start + Math.max(0, Math.floor(length)));
  return [start, end];
}

/** A PDF file read through a FileHandle with positioned reads (never loaded whole). */
export class FileSource implements RandomAccessSource {
  private readonly blocks = new Map<number, Uint8Array>();
  private closed = false;

  private constructor(
    private readonly handle: fsp.FileHandle,
    readonly size: number,
    readonly path: string,
  ) {}

  static async open(path: string): Promise<FileSource> {
    let stats: Stats;
    try {
      stats = await fsp.stat(path);
    } catch (e) {
      throw openError(path, e);
    }
    if (stats.isDirectory()) throw pdfError('PDF_IS_DIRECTORY', { file: path });
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(path, 'r');
    } catch (e) {
      throw openError(path, e);
    }
    return new FileSource(handle, stats.size, path);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (this.closed) throw pdfError('PDF_CLOSED', { file: this.path });
    const [start, end] = clampRange(this.size, offset, length);
    if (end <= start) return new Uint8Array(0);
    if (end - start > DIRECT_READ) return this.readDirect(start, end - start);
    const first = Math.floor(start / BLOCK_SIZE);
    const last = Math.floor((end - 1) / BLOCK_SIZE);
    if (first === last) {
      const block = await this.block(first);
      return block.subarray(start - first * BLOCK_SIZE, end - first * BLOCK_SIZE);
    }
    const out = new Uint8Array(end - start);
    for (let b = first; b <= last; b++) {
      const block = await this.block(b);
      const bStart = b * BLOCK_SIZE;
      const from = Math.max(start, bStart);
      const to = Math.min(end, bStart + block.length);
      out.set(block.subarray(from - bStart, to - bStart), from - start);
    }
    return out;
  }

  private async block(index: number): Promise<Uint8Array> {
    const hit = this.blocks.get(index);
    if (hit) {
      this.blocks.delete(index);
      this.blocks.set(index, hit);
      return hit;
    }
    const start = index * BLOCK_SIZE;
    const data = await this.readDirect(start, Math.min(BLOCK_SIZE, this.size - start));
    this.blocks.set(index, data);
    if (this.blocks.size > MAX_BLOCKS) {
      const oldest = this.blocks.keys().next().value;
      if (oldest !== undefined) this.blocks.delete(oldest);
    }
    return data;
  }

  async readInto(target: Uint8Array, offset: number): Promise<number> {
    if (this.closed) throw pdfError('PDF_CLOSED', { file: this.path });
    const length = Math.max(0, Math.min(target.length, this.size - offset));
    let done = 0;
    try {
      while (done < length) {
        const { bytesRead } = await this.handle.read(target, done, length - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
    } catch (e) {
      throw pdfError('PDF_UNREADABLE', { file: this.path, reason: reasonOf(e) }, e);
    }
    return done;
  }

  private async readDirect(start: number, length: number): Promise<Uint8Array> {
    const buf = new Uint8Array(length);
    let done = 0;
    try {
      while (done < length) {
        const { bytesRead } = await this.handle.read(buf, done, length - done, start + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
    } catch (e) {
      throw pdfError('PDF_UNREADABLE', { file: this.path, reason: reasonOf(e) }, e);
    }
    return done === length ? buf : buf.subarray(0, done);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.blocks.clear();
    await this.handle.close();
  }
}

/** Bytes already in memory (tests, small generated documents). */
export class BufferSource implements RandomAccessSource {
  readonly size: number;
  constructor(private readonly bytes: Uint8Array) {
    this.size = bytes.length;
  }
  read(offset: number, length: number): Promise<Uint8Array> {
    const [start, end] = clampRange(this.size, offset, length);
    return Promise.resolve(this.bytes.subarray(start, end));
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

function reasonOf(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : e instanceof Error ? e.message : String(e);
}

function openError(path: string, e: unknown): Error {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return pdfError('PDF_NOT_FOUND', { file: path }, e);
  if (code === 'EISDIR') return pdfError('PDF_IS_DIRECTORY', { file: path }, e);
  return pdfError('PDF_UNREADABLE', { file: path, reason: reasonOf(e) }, e);
}
