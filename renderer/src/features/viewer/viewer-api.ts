/**
 * What the viewer offers other features (signing, verification), documented in README.md:
 * the live handle of a document's viewer (scrollToPage, the geometry of rendered pages), and a
 * registry of page overlays (a React slot drawn over every rendered page).
 *
 * Owns: the registries. Must never: import from signing or verification (they import this).
 */
import type { ReactNode } from 'react';
import { create } from 'zustand';
import type { PageGeometry } from './page-geometry';

export type { PageGeometry, ScreenRect } from './page-geometry';
export {
  clientToPageMm,
  overlayToPageMm,
  pageMmToOverlay,
  userRectToOverlay,
} from './page-geometry';

/** Draws what a feature shows over one rendered page (coordinates local to the page box). */
export type PageOverlayRenderer = (page: PageGeometry) => ReactNode;

export interface ViewerHandle {
  readonly docId: string;
  /** Scrolls so that page `n` (1-based, clamped) is at the top. */
  scrollToPage(n: number): void;
  /** The geometry of every page currently rendered (visible pages and one either side). */
  pageGeometries(): PageGeometry[];
  /** The page being read (1-based). */
  currentPage(): number;
}

const handles = new Map<string, ViewerHandle>();

/** The viewer of `docId` if its tab is showing, else undefined. */
export function viewerHandle(docId: string): ViewerHandle | undefined {
  return handles.get(docId);
}

export function registerViewerHandle(handle: ViewerHandle): () => void {
  handles.set(handle.docId, handle);
  return () => {
    if (handles.get(handle.docId) === handle) handles.delete(handle.docId);
  };
}

interface OverlayState {
  readonly renderers: Readonly<Record<string, PageOverlayRenderer>>;
}

/** Page overlays registered by feature (key: the owner, e.g. 'signing'). */
export const usePageOverlays = create<OverlayState>(() => ({ renderers: {} }));

/** Registers an overlay drawn over every rendered page; returns the unregister function. */
export function registerPageOverlay(owner: string, render: PageOverlayRenderer): () => void {
  usePageOverlays.setState((s) => ({ renderers: { ...s.renderers, [owner]: render } }));
  return () =>
    usePageOverlays.setState((s) => {
      if (s.renderers[owner] !== render) return s;
      const renderers = { ...s.renderers };
      delete renderers[owner];
      return { renderers };
    });
}
