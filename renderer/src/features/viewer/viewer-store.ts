/**
 * The view state of each open document (zoom, fit mode, view rotation, current page) and of the
 * viewer's side panel (thumbnails or search, search query, hits and progress).
 *
 * Owns: what the reader chose for the view, per docId, surviving tab switches.
 * Must never: hold page images, text or bytes (pdf.js and the canvases own those).
 */
import { create } from 'zustand';
import type { ViewRotation } from './page-layout';

export type FitMode = 'width' | 'page' | 'none';

export interface DocView {
  /** CSS px per PDF point. */
  readonly scale: number;
  readonly fit: FitMode;
  readonly rotation: ViewRotation;
  /** The page being read (1-based). */
  readonly page: number;
}

export interface SearchHit {
  readonly page: number;
  /** The matched text with some context either side. */
  readonly snippet: string;
}

export interface SearchState {
  readonly query: string;
  readonly running: boolean;
  /** Pages searched so far. */
  readonly done: number;
  readonly total: number;
  readonly hits: readonly SearchHit[];
  /** True once a search ran to the end (or was cancelled, see `cancelled`). */
  readonly finished: boolean;
  readonly cancelled: boolean;
  /** The query to highlight on rendered pages (set when the user jumps to a hit). */
  readonly highlight: string;
}

export const DEFAULT_VIEW: DocView = { scale: 1, fit: 'width', rotation: 0, page: 1 };
export const EMPTY_SEARCH: SearchState = {
  query: '',
  running: false,
  done: 0,
  total: 0,
  hits: [],
  finished: false,
  cancelled: false,
  highlight: '',
};

interface ViewerState {
  readonly views: Readonly<Record<string, DocView>>;
  readonly searches: Readonly<Record<string, SearchState>>;
  readonly sidePanel: 'thumbnails' | 'search';
  /** Bumped to ask the search box to take focus (Ctrl+F). */
  readonly searchFocus: number;
  readonly patchView: (docId: string, patch: Partial<DocView>) => void;
  readonly patchSearch: (docId: string, patch: Partial<SearchState>) => void;
  readonly showSide: (panel: 'thumbnails' | 'search') => void;
  readonly focusSearch: () => void;
  readonly forget: (docId: string) => void;
}

export const useViewerStore = create<ViewerState>((set) => ({
  views: {},
  searches: {},
  sidePanel: 'thumbnails',
  searchFocus: 0,
  patchView: (docId, patch) =>
    set((s) => ({
      views: { ...s.views, [docId]: { ...(s.views[docId] ?? DEFAULT_VIEW), ...patch } },
    })),
  patchSearch: (docId, patch) =>
    set((s) => ({
      searches: { ...s.searches, [docId]: { ...(s.searches[docId] ?? EMPTY_SEARCH), ...patch } },
    })),
  showSide: (sidePanel) => set({ sidePanel }),
  focusSearch: () => set((s) => ({ sidePanel: 'search', searchFocus: s.searchFocus + 1 })),
  forget: (docId) =>
    set((s) => {
      const views = { ...s.views };
      const searches = { ...s.searches };
      delete views[docId];
      delete searches[docId];
      return { views, searches };
    }),
}));
