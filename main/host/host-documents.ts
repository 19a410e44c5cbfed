/**
 * The host's open documents: a path becomes a `docId`, bytes are read by positioned reads of at
 * most 1 MiB, and page facts come from the random-access reader (main/pdf).
 *
 * Owns: file handles and parsed PdfDocuments per docId, closing them, and what the viewer and
 * the signature panel ask of a document (page count, page boxes, encryption, signature fields).
 * Must never: read a whole file into memory, write to a document, or hand out a path the
 * caller did not open.
 */
import { randomBytes } from 'node:crypto';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { PdfDocument } from '../pdf/document';
import { FileSource, type RandomAccessSource } from '../pdf/file-source';
import { isArray, isDict, isName, type PdfObject } from '../pdf/objects';
import type { PageInfo } from '../pdf/pages';
import { hostErrors } from './host-errors';

export interface OpenDocument {
  readonly docId: string;
  readonly path: string;
  readonly name: string;
  /** Bytes this handle sees: the file's size, or the revision's length. */
  readonly size: number;
  /** Set when the handle sees only a signed revision: bytes [0, revisionLength). */
  readonly revisionLength?: number;
}

export interface OpenDocumentOptions {
  /** Limit every read to bytes [0, revisionLength): the revision as it was signed. */
  readonly revisionLength?: number;
}

/**
 * A source that ends at `size` (a prefix of the file): a signed revision is the file's first
 * bytes up to the end of that revision's trailer (ISO 32000-2 §7.5.6 incremental updates).
 */
class PrefixSource implements RandomAccessSource {
  constructor(
    private readonly inner: RandomAccessSource,
    readonly size: number,
  ) {}
  read(offset: number, length: number): Promise<Uint8Array> {
    return this.inner.read(offset, Math.max(0, Math.min(length, this.size - offset)));
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

export interface PageFacts {
  readonly page: number;
  readonly mediaBox: [number, number, number, number];
  readonly cropBox: [number, number, number, number];
  readonly rotate: 0 | 90 | 180 | 270;
  readonly userUnit: number;
  readonly widthPt: number;
  readonly heightPt: number;
}

interface Entry extends OpenDocument {
  readonly handle: FileHandle;
  pdf?: Promise<PdfDocument>;
}

export const MAX_OPEN_DOCUMENTS = 64;
export const MAX_RANGE = 1 << 20;

/** The visible size of a page: CropBox (ISO 32000-2 §14.11.2) turned by /Rotate (§7.7.3.3). */
export function pageFacts(p: PageInfo): PageFacts {
  const [x0, y0, x1, y1] = p.cropBox;
  const w = Math.abs(x1 - x0) * p.userUnit;
  const h = Math.abs(y1 - y0) * p.userUnit;
  const turned = p.rotate === 90 || p.rotate === 270;
  return {
    page: p.index + 1,
    mediaBox: p.mediaBox,
    cropBox: p.cropBox,
    rotate: p.rotate,
    userUnit: p.userUnit,
    widthPt: turned ? h : w,
    heightPt: turned ? w : h,
  };
}

export class DocumentRegistry {
  private readonly docs = new Map<string, Entry>();

  async open(path: string, options: OpenDocumentOptions = {}): Promise<OpenDocument> {
    const abs = resolve(path);
    const st = await stat(abs).catch((e: NodeJS.ErrnoException) => {
      throw hostErrors('DOC_NOT_A_FILE', { file: abs, reason: e.code ?? 'unreadable' }, e);
    });
    if (!st.isFile()) throw hostErrors('DOC_NOT_A_FILE', { file: abs, reason: 'not a file' });
    const { revisionLength } = options;
    if (revisionLength !== undefined && revisionLength > st.size)
      throw hostErrors('DOC_REVISION_BEYOND_END', {
        file: abs,
        length: revisionLength,
        size: st.size,
      });
    if (this.docs.size >= MAX_OPEN_DOCUMENTS)
      throw hostErrors('DOC_TOO_MANY_OPEN', { count: this.docs.size, file: abs });
    const handle = await open(abs, 'r');
    const docId = `doc-${randomBytes(8).toString('hex')}`;
    const entry: Entry = {
      docId,
      path: abs,
      name: basename(abs),
      size: revisionLength ?? st.size,
      handle,
      ...(revisionLength !== undefined ? { revisionLength } : {}),
    };
    this.docs.set(docId, entry);
    return this.get(docId);
  }

  get(docId: string): OpenDocument {
    const e = this.docs.get(docId);
    if (!e) throw hostErrors('DOC_NOT_OPEN', { docId });
    return {
      docId: e.docId,
      path: e.path,
      name: e.name,
      size: e.size,
      ...(e.revisionLength !== undefined ? { revisionLength: e.revisionLength } : {}),
    };
  }

  /** Bytes [offset, offset + length) clamped to the file; an empty array past the end. */
  async readRange(docId: string, offset: number, length: number): Promise<Uint8Array<ArrayBuffer>> {
    const e = this.entry(docId);
    const n = Math.max(0, Math.min(length, MAX_RANGE, e.size - offset));
    const buf = new Uint8Array(n);
    let done = 0;
    while (done < n) {
      const { bytesRead } = await e.handle.read(buf, done, n - done, offset + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done === n ? buf : buf.subarray(0, done);
  }

  async pdf(docId: string): Promise<PdfDocument> {
    const e = this.entry(docId);
    e.pdf ??= this.openPdf(e);
    try {
      return await e.pdf;
    } catch (err) {
      delete e.pdf; // let a later call try again (e.g. after a password prompt)
      throw err;
    }
  }

  private async openPdf(e: Entry): Promise<PdfDocument> {
    if (e.revisionLength === undefined) return PdfDocument.open(e.path, { fileName: e.name });
    const file = await FileSource.open(e.path);
    try {
      return await PdfDocument.fromSource(new PrefixSource(file, e.revisionLength), {
        fileName: e.name,
      });
    } catch (err) {
      await file.close();
      throw err;
    }
  }

  async pages(docId: string, from: number, count: number): Promise<PageFacts[]> {
    const doc = await this.pdf(docId);
    const total = await doc.pageCount();
    const out: PageFacts[] = [];
    for (let i = from - 1; i < Math.min(total, from - 1 + count); i++) {
      out.push(pageFacts(await doc.page(i)));
    }
    return out;
  }

  /** Signature fields (/FT /Sig with a /V) in the AcroForm field tree (ISO 32000-2 §12.7.3.1). */
  async signatureCount(docId: string): Promise<number> {
    const doc = await this.pdf(docId);
    const form = await doc.resolve((await doc.catalog()).get('AcroForm'));
    if (!isDict(form)) return 0;
    let count = 0;
    let visited = 0;
    const walk = async (obj: PdfObject | undefined, inheritedSig: boolean, depth: number) => {
      const kids = await doc.resolve(obj);
      if (!isArray(kids) || depth > 32) return;
      for (const k of kids) {
        if (++visited > 100_000) return;
        const field = await doc.resolve(k);
        if (!isDict(field)) continue;
        const isSig = isName(field.get('FT'), 'Sig') || (inheritedSig && !field.has('FT'));
        if (isSig && field.has('V')) count++;
        if (field.has('Kids')) await walk(field.get('Kids'), isSig, depth + 1);
      }
    };
    await walk(form.get('Fields'), false, 0);
    return count;
  }

  async close(docId: string): Promise<void> {
    const e = this.docs.get(docId);
    if (!e) return;
    this.docs.delete(docId);
    const pdf = await e.pdf?.catch(() => undefined);
    await pdf?.close();
    await e.handle.close();
  }

  async closeAll(): Promise<void> {
    for (const id of [...this.docs.keys()]) await this.close(id);
  }

  private entry(docId: string): Entry {
    const e = this.docs.get(docId);
    if (!e) throw hostErrors('DOC_NOT_OPEN', { docId });
    return e;
  }
}
