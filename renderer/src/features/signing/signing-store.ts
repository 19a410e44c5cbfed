/**
 * Signing state: the draft (identity, seal, placements per document, cross-page seal, date
 * stamp, level, reason), the intent awaiting confirmation, the progress and result of a run.
 * Owns: what the signing panel, the page overlays and the dialogs share.
 * Must never: hold a PIN or passphrase (the secret dialog keeps it in its own component state
 * and passes it straight to sign.run; tests/unit/renderer/signing-secret.test.ts checks this).
 */
import { create } from 'zustand';
import type {
  EventPayload,
  IdentityRef,
  SignIntent,
  SignResult,
} from '../../../../preload/contract';

export type PadesLevel = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';

/** A seal or the date stamp on a page: centre in mm from the page's top-left as seen. */
export interface DraftPlacement {
  readonly id: string;
  readonly kind: 'seal' | 'date';
  readonly page: number;
  readonly xMm: number;
  readonly yMm: number;
  /** Seal width in mm (the height follows the seal's proportions). */
  readonly widthMm: number;
}

export interface PagingSealDraft {
  readonly enabled: boolean;
  readonly pages: 'all' | 'range';
  readonly range: string;
}

export type SigningStep = 'idle' | 'confirm' | 'secret' | 'running' | 'done';

interface SigningState {
  readonly identity: IdentityRef | undefined;
  readonly sealId: string | undefined;
  readonly level: PadesLevel;
  readonly reason: string;
  readonly placements: Readonly<Record<string, readonly DraftPlacement[]>>;
  readonly selected: string | undefined;
  readonly pagingSeal: PagingSealDraft;
  /** Documents signed together (batch); empty means the active document alone. */
  readonly batch: readonly string[];
  readonly step: SigningStep;
  readonly intent: SignIntent | undefined;
  /** Latest progress per document index. */
  readonly progress: Readonly<Record<number, EventPayload<'sign.progress'>>>;
  readonly result: SignResult | undefined;
  readonly setIdentity: (identity: IdentityRef | undefined) => void;
  readonly setSeal: (sealId: string | undefined) => void;
  readonly setLevel: (level: PadesLevel) => void;
  readonly setReason: (reason: string) => void;
  readonly addPlacement: (docId: string, p: Omit<DraftPlacement, 'id'>) => string;
  readonly updatePlacement: (docId: string, id: string, patch: Partial<DraftPlacement>) => void;
  readonly removePlacement: (docId: string, id: string) => void;
  readonly select: (id: string | undefined) => void;
  readonly setPagingSeal: (patch: Partial<PagingSealDraft>) => void;
  readonly setBatch: (docIds: readonly string[]) => void;
  readonly setStep: (step: SigningStep) => void;
  readonly setIntent: (intent: SignIntent | undefined) => void;
  readonly setProgress: (p: EventPayload<'sign.progress'> | undefined) => void;
  readonly setResult: (r: SignResult | undefined) => void;
  readonly reset: () => void;
}

let counter = 0;

export const useSigningStore = create<SigningState>((set) => ({
  identity: undefined,
  sealId: undefined,
  level: 'B-B',
  reason: '',
  placements: {},
  selected: undefined,
  pagingSeal: { enabled: false, pages: 'all', range: '' },
  batch: [],
  step: 'idle',
  intent: undefined,
  progress: {},
  result: undefined,
  setIdentity: (identity) => set({ identity }),
  setSeal: (sealId) => set({ sealId }),
  setLevel: (level) => set({ level }),
  setReason: (reason) => set({ reason }),
  addPlacement: (docId, p) => {
    const id = `placement-${++counter}`;
    set((s) => {
      const list = (s.placements[docId] ?? []).filter(
        (x) => p.kind === 'seal' || x.kind !== 'date',
      );
      return { placements: { ...s.placements, [docId]: [...list, { ...p, id }] }, selected: id };
    });
    return id;
  },
  updatePlacement: (docId, id, patch) =>
    set((s) => ({
      placements: {
        ...s.placements,
        [docId]: (s.placements[docId] ?? []).map((x) => (x.id === id ? { ...x, ...patch, id } : x)),
      },
    })),
  removePlacement: (docId, id) =>
    set((s) => ({
      placements: {
        ...s.placements,
        [docId]: (s.placements[docId] ?? []).filter((x) => x.id !== id),
      },
      selected: s.selected === id ? undefined : s.selected,
    })),
  select: (selected) => set({ selected }),
  setPagingSeal: (patch) => set((s) => ({ pagingSeal: { ...s.pagingSeal, ...patch } })),
  setBatch: (batch) => set({ batch }),
  setStep: (step) => set({ step }),
  setIntent: (intent) => set({ intent }),
  setProgress: (p) => set((s) => ({ progress: p ? { ...s.progress, [p.index]: p } : {} })),
  setResult: (result) => set({ result }),
  reset: () => set({ step: 'idle', intent: undefined, progress: {}, result: undefined }),
}));
