/**
 * What the changes overlay shows per open document: the regions that differ between a signed
 * revision and the current document (fractions of the page), and the annotations main's
 * modification analysis reported after that signature (outlined where their /Rect is).
 * Owns: that state.
 */
import { create } from 'zustand';
import type { AnnotationChange } from '../../../../preload/contract';
import type { Region } from './diff-regions';

/** An annotation change that can be outlined: it names a page and a rectangle. */
export interface AnnotationMark {
  /** Stable within one signature's list: "<modification>.<annotation>". */
  readonly key: string;
  readonly page: number;
  readonly rect: readonly [number, number, number, number];
  readonly subtype: string;
  readonly change: AnnotationChange['change'];
  readonly allowed: boolean;
}

export interface AnnotationMarks {
  /** Which signature (index) the outlines are for. */
  readonly signature: number;
  readonly marks: readonly AnnotationMark[];
  /** The annotation chosen in the panel (drawn emphasised), if any. */
  readonly selected: string | undefined;
}

interface ChangesState {
  /** docId -> page -> regions; a document listed here has "show changes" on. */
  readonly regions: Readonly<Record<string, Readonly<Record<number, readonly Region[]>>>>;
  /** Which signature (index) the regions are for, per document. */
  readonly signature: Readonly<Record<string, number>>;
  /** docId -> the annotation outlines shown. */
  readonly annotations: Readonly<Record<string, AnnotationMarks>>;
  readonly set: (docId: string, signature: number, regions: Record<number, Region[]>) => void;
  readonly showAnnotations: (docId: string, marks: AnnotationMarks) => void;
  /** Clears the regions and the outlines of `docId`. */
  readonly clear: (docId: string) => void;
}

/** The outlinable annotations of one signature's later revisions (those with a page and rect). */
export function annotationMarks(
  modifications: readonly { readonly annotations: readonly AnnotationChange[] }[],
): AnnotationMark[] {
  return modifications.flatMap((m, i) =>
    m.annotations.flatMap((a, j) =>
      a.page !== null && a.rect !== null
        ? [
            {
              key: `${i}.${j}`,
              page: a.page,
              rect: a.rect,
              subtype: a.subtype,
              change: a.change,
              allowed: a.allowed,
            },
          ]
        : [],
    ),
  );
}

export const useChangesStore = create<ChangesState>((set) => ({
  regions: {},
  signature: {},
  annotations: {},
  set: (docId, signature, regions) =>
    set((s) => ({
      regions: { ...s.regions, [docId]: regions },
      signature: { ...s.signature, [docId]: signature },
    })),
  showAnnotations: (docId, marks) =>
    set((s) => ({ annotations: { ...s.annotations, [docId]: marks } })),
  clear: (docId) =>
    set((s) => {
      const regions = { ...s.regions };
      const signature = { ...s.signature };
      const annotations = { ...s.annotations };
      delete regions[docId];
      delete signature[docId];
      delete annotations[docId];
      return { regions, signature, annotations };
    }),
}));
