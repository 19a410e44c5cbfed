/**
 * pdf.js fed by positioned reads from main: a PDFDataRangeTransport whose every request becomes
 * documents.readRange calls of at most 1 MiB (MAX_READ_RANGE, read-span.ts), so the renderer
 * never holds the whole file. pdf.js is told not to stream nor auto-fetch (disableStream,
 * disableAutoFetch), so it asks only for the bytes of the objects it parses and the pages it
 * renders. CMaps, standard fonts and the worker come from the shipped out/renderer/pdfjs/
 * (offline CJK, CSP 'self').
 *
 * Owns: one PDFDocumentProxy per docId (shared by the page view, thumbnails and search, counted
 * references, destroyed with the last release: its parsed objects and caches leave the worker
 * with it), and the one pdf.js worker all documents share.
 * Must never: ask main for more than MAX_READ_RANGE per call, fetch from the network, or keep a
 * document's bytes after pdf.js took them.
 */
import {
  GlobalWorkerOptions,
  PDFDataRangeTransport,
  PDFWorker,
  getDocument,
  type PDFDocumentLoadingTask,
  type PDFDocumentProxy,
} from 'pdfjs-dist';
import { ReadAhead, readSpan, type RangeReader } from './read-span';

export type { RangeReader } from './read-span';

export interface RangeSource {
  readonly docId: string;
  /** Bytes the document has (the revision's length for a signed version). */
  readonly size: number;
  readonly read: RangeReader;
  /** Largest length one read may ask for. */
  readonly maxRead: number;
}

/** Where the build copies pdf.js's worker and data (scripts/build.mjs), relative to the page. */
const PDFJS_BASE = new URL('./pdfjs/', document.baseURI).href;
GlobalWorkerOptions.workerSrc = `${PDFJS_BASE}pdf.worker.min.mjs`;

/** pdf.js asks in chunks of this size: small, because objects scattered between large image
 * streams (page dicts walked to find page N: pdf.js checks the last page at load, so all of
 * them) each cost one chunk; a large stream is asked as one grouped range anyway (split into
 * reads of at most 1 MiB), and a forward walk is read ahead (ReadAhead). */
const CHUNK = 16 * 1024;

let shared: PDFWorker | undefined;

/**
 * The one pdf.js worker of the renderer, started when this module loads (with the app), so that
 * opening a document neither waits for a worker to boot nor runs pdf.js's parser unoptimised
 * again: booting one costs about a second of CPU on a small machine.
 */
function worker(): PDFWorker {
  if (!shared || shared.destroyed) shared = new PDFWorker();
  return shared;
}

if (typeof Worker !== 'undefined') worker();

class MainRangeTransport extends PDFDataRangeTransport {
  failure: unknown;
  private readonly ahead: ReadAhead;
  constructor(
    private readonly src: RangeSource,
    private readonly onFail: (e: unknown) => void,
  ) {
    super(src.size, null);
    this.ahead = new ReadAhead(src.size, CHUNK);
  }
  override requestDataRange(begin: number, end: number): void {
    readSpan(this.src.read, this.src.maxRead, begin, this.ahead.end(begin, end)).then(
      (chunk) => this.onDataRange(begin, chunk),
      (e: unknown) => {
        this.failure = e;
        this.onFail(e);
      },
    );
  }
}

interface Entry {
  readonly task: PDFDocumentLoadingTask;
  readonly doc: Promise<PDFDocumentProxy>;
  refs: number;
}

const open = new Map<string, Entry>();

function load(src: RangeSource): Entry {
  let fail: (e: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failed.catch(() => undefined);
  const transport = new MainRangeTransport(src, (e) => fail(e));
  const task = getDocument({
    worker: worker(),
    range: transport,
    length: src.size,
    rangeChunkSize: CHUNK,
    disableAutoFetch: true,
    disableStream: true,
    cMapUrl: `${PDFJS_BASE}cmaps/`,
    cMapPacked: true,
    standardFontDataUrl: `${PDFJS_BASE}standard_fonts/`,
    wasmUrl: `${PDFJS_BASE}wasm/`,
    isEvalSupported: false,
    enableXfa: false,
  });
  transport.transportReady();
  const doc = Promise.race([task.promise, failed]);
  doc.catch(() => undefined);
  return { task, doc, refs: 0 };
}

/**
 * The pdf.js document of `src.docId`, loaded on first use. Call the returned release() when
 * done; the last release destroys the document (its worker state and caches).
 */
export function acquirePdf(src: RangeSource): {
  doc: Promise<PDFDocumentProxy>;
  release: () => void;
} {
  let e = open.get(src.docId);
  if (!e) {
    e = load(src);
    open.set(src.docId, e);
  }
  e.refs++;
  const entry = e;
  let released = false;
  return {
    doc: entry.doc,
    release: () => {
      if (released) return;
      released = true;
      entry.refs--;
      // Let a quick re-acquire (a re-render, a tab switch) reuse the document.
      setTimeout(() => {
        if (entry.refs > 0 || open.get(src.docId) !== entry) return;
        open.delete(src.docId);
        void entry.task.destroy();
      }, 2000);
    },
  };
}

/** Destroys the document of a closed tab now. */
export function forgetPdf(docId: string): void {
  const e = open.get(docId);
  if (!e) return;
  open.delete(docId);
  void e.task.destroy();
}
