/**
 * Paint order of a newly opened document: the pages in view are drawn first; the pages beside
 * them, the thumbnails and the page-size batches after the rest of the document wait until one
 * page in view is drawn (or failed), so that the first page does not share main's reads and the
 * pdf.js worker with work nobody is looking at yet. The wait is capped (FIRST_PAINT_WAIT_MS):
 * a page that never draws does not hold the rest back for long.
 *
 * Owns: one gate per docId. Must never: hold back a page in view.
 */

export const FIRST_PAINT_WAIT_MS = 3000;

interface Gate {
  readonly opened: Promise<void>;
  readonly open: () => void;
}

const gates = new Map<string, Gate>();

function gateOf(docId: string): Gate {
  let g = gates.get(docId);
  if (!g) {
    let open: () => void = () => undefined;
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    const timer = setTimeout(open, FIRST_PAINT_WAIT_MS);
    g = {
      opened,
      open: () => {
        clearTimeout(timer);
        open();
      },
    };
    gates.set(docId, g);
  }
  return g;
}

/** Resolves once the first page in view of `docId` is drawn (or the wait ran out). */
export function afterFirstPaint(docId: string): Promise<void> {
  return gateOf(docId).opened;
}

/** A page in view of `docId` was drawn or failed: what waited may go. */
export function firstPaintDone(docId: string): void {
  gateOf(docId).open();
}

/** The tab of `docId` was closed (what still waits is unmounted or stops by itself). */
export function forgetFirstPaint(docId: string): void {
  gates.delete(docId);
}
