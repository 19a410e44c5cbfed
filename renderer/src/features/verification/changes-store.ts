/**
 * The regions that differ between a signed revision and the current document, per open
 * document and page (fractions of the page), shown by the changes overlay. Owns: that state.
 */
import { create } from 'zustand';
import type { Region } from './diff-regions';

interface ChangesState {
  /** docId -> page -> regions; a document listed here has "show changes" on. */
  readonly regions: Readonly<Record<string, Readonly<Record<number, readonly Region[]>>>>;
  /** Which signature (index) the regions are for, per document. */
  readonly signature: Readonly<Record<string, number>>;
  readonly set: (docId: string, signature: number, regions: Record<number, Region[]>) => void;
  readonly clear: (docId: string) => void;
}

export const useChangesStore = create<ChangesState>((set) => ({
  regions: {},
  signature: {},
  set: (docId, signature, regions) =>
    set((s) => ({
      regions: { ...s.regions, [docId]: regions },
      signature: { ...s.signature, [docId]: signature },
    })),
  clear: (docId) =>
    set((s) => {
      const regions = { ...s.regions };
      const signature = { ...s.signature };
      delete regions[docId];
      delete signature[docId];
      return { regions, signature };
    }),
}));
