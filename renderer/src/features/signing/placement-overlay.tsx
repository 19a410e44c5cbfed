/**
 * The seals and the date stamp on ONE page, drawn over it: a drop target for seals dragged from
 * the signing panel (HTML5 drag and drop), and boxes that move (pointer drag or arrow keys),
 * resize (corner handle or +/-, within SEAL_MIN_MM..SEAL_MAX_MM), snap to the page edges and
 * are removed with Delete. Positions are kept in mm from the page's top-left as seen.
 *
 * Owns: placement interaction on a page. Must never: know how the viewer renders the page (it
 * gets a PageGeometry), or put anything but placements in the store.
 */
import {
  useRef,
  type CSSProperties,
  type DragEvent,
  type KeyboardEvent,
  type PointerEvent,
} from 'react';
import { useT } from '../../i18n/i18n';
import { SealImage } from '../seals/seal-image';
import { useSealsStore } from '../seals/seals-store';
import {
  clampSealWidth,
  fitOnPage,
  pageMmToScreen,
  pxPerMm,
  screenToPageMm,
  type PageGeometry,
} from './page-geometry';
import { useSigningStore, type DraftPlacement } from './signing-store';

/** The MIME type the panel's draggable seal and date stamp carry. */
export const PLACEMENT_MIME = 'application/x-sealdesk-placement';
/** The date stamp's box (the text the signer draws is about this size). */
export const DATE_BOX_MM = { width: 36, height: 7 };

const aspectOf = (
  sealId: string | undefined,
  seals: ReturnType<typeof useSealsStore.getState>['seals'],
) => {
  const s = seals.find((x) => x.id === sealId);
  return s && s.widthMm > 0 ? s.heightMm / s.widthMm : 1;
};

export function boxOf(p: DraftPlacement, aspect: number) {
  return p.kind === 'date'
    ? { xMm: p.xMm, yMm: p.yMm, widthMm: DATE_BOX_MM.width, heightMm: DATE_BOX_MM.height }
    : { xMm: p.xMm, yMm: p.yMm, widthMm: p.widthMm, heightMm: p.widthMm * aspect };
}

/** Adds a placement of `kind` centred at (xMm, yMm), kept on the page. */
export function placeOnPage(
  docId: string,
  g: Pick<PageGeometry, 'page' | 'widthMm' | 'heightMm'>,
  kind: 'seal' | 'date',
  xMm: number,
  yMm: number,
): string {
  const { sealId } = useSigningStore.getState();
  const seals = useSealsStore.getState().seals;
  const seal = seals.find((s) => s.id === sealId);
  const widthMm = kind === 'date' ? DATE_BOX_MM.width : clampSealWidth(seal?.widthMm ?? 40);
  const box = fitOnPage(
    boxOf({ id: '', kind, page: g.page, xMm, yMm, widthMm }, aspectOf(sealId, seals)),
    g,
  );
  return useSigningStore
    .getState()
    .addPlacement(docId, { kind, page: g.page, xMm: box.xMm, yMm: box.yMm, widthMm });
}

interface Drag {
  readonly id: string;
  readonly mode: 'move' | 'resize';
  readonly x: number;
  readonly y: number;
  readonly start: DraftPlacement;
}

export function PlacementOverlay({
  docId,
  geometry: g,
  active = true,
}: {
  readonly docId: string;
  readonly geometry: PageGeometry;
  /** False outside signing: the page stays selectable, only the boxes take the pointer. */
  readonly active?: boolean;
}) {
  const t = useT();
  const all = useSigningStore((s) => s.placements[docId]);
  const selected = useSigningStore((s) => s.selected);
  const sealId = useSigningStore((s) => s.sealId);
  const seals = useSealsStore((s) => s.seals);
  const previews = useSealsStore((s) => s.previews);
  const drag = useRef<Drag | undefined>(undefined);
  const ref = useRef<HTMLDivElement>(null);
  const placements = (all ?? []).filter((p) => p.page === g.page);
  const aspect = aspectOf(sealId, seals);
  const ppm = pxPerMm(g);
  const sideways = g.rotation === 90 || g.rotation === 270;

  const update = (p: DraftPlacement, patch: Partial<DraftPlacement>) => {
    const next = { ...p, ...patch };
    const fitted = fitOnPage(boxOf(next, aspect), g);
    useSigningStore
      .getState()
      .updatePlacement(docId, p.id, { ...patch, xMm: fitted.xMm, yMm: fitted.yMm });
  };

  const onDragOver = (e: DragEvent) => {
    if (!e.dataTransfer.types.includes(PLACEMENT_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  };
  const onDrop = (e: DragEvent) => {
    const kind = e.dataTransfer.getData(PLACEMENT_MIME);
    if (kind !== 'seal' && kind !== 'date') return;
    e.preventDefault();
    const rect = e.currentTarget.getBoundingClientRect();
    const at = screenToPageMm(g, e.clientX - rect.left, e.clientY - rect.top);
    placeOnPage(docId, g, kind, at.xMm, at.yMm);
  };

  const onPointerDown = (e: PointerEvent, p: DraftPlacement, mode: Drag['mode']) => {
    if (e.button !== 0) return;
    e.stopPropagation();
    e.preventDefault();
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    useSigningStore.getState().select(p.id);
    drag.current = { id: p.id, mode, x: e.clientX, y: e.clientY, start: p };
  };
  const onPointerMove = (e: PointerEvent) => {
    const d = drag.current;
    if (!d) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    if (d.mode === 'move') {
      const c = pageMmToScreen(g, d.start.xMm, d.start.yMm);
      const at = screenToPageMm(g, c.x + dx, c.y + dy);
      update(d.start, { xMm: at.xMm, yMm: at.yMm });
    } else if (d.start.kind === 'seal') {
      // The centre stays; the corner follows the pointer, so the width grows by twice the move.
      update(d.start, { widthMm: clampSealWidth(d.start.widthMm + (2 * Math.max(dx, dy)) / ppm) });
    }
  };
  const onPointerUp = () => {
    drag.current = undefined;
  };

  const onKeyDown = (e: KeyboardEvent, p: DraftPlacement) => {
    const step = e.shiftKey ? 10 : 1;
    // Arrow keys move as the user sees the page; map them back through the view rotation.
    const screen: Record<string, [number, number]> = {
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
      ArrowUp: [0, -1],
      ArrowDown: [0, 1],
    };
    const dir = screen[e.key];
    if (dir) {
      e.preventDefault();
      const c = pageMmToScreen(g, p.xMm, p.yMm);
      const at = screenToPageMm(g, c.x + dir[0] * step * ppm, c.y + dir[1] * step * ppm);
      update(p, { xMm: at.xMm, yMm: at.yMm });
    } else if ((e.key === '+' || e.key === '=') && p.kind === 'seal') {
      e.preventDefault();
      update(p, { widthMm: clampSealWidth(p.widthMm + step) });
    } else if (e.key === '-' && p.kind === 'seal') {
      e.preventDefault();
      update(p, { widthMm: clampSealWidth(p.widthMm - step) });
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      useSigningStore.getState().removePlacement(docId, p.id);
    }
  };

  const layer: CSSProperties = {
    position: 'absolute',
    inset: 0,
    pointerEvents: active ? 'auto' : 'none',
    zIndex: 2,
  };

  return (
    <div
      ref={ref}
      style={layer}
      data-testid={`placement-overlay-${g.page}`}
      onDragOver={onDragOver}
      onDrop={onDrop}
      onPointerDown={() => useSigningStore.getState().select(undefined)}
    >
      {placements.map((p) => {
        const b = boxOf(p, aspect);
        const c = pageMmToScreen(g, b.xMm, b.yMm);
        const w = (sideways ? b.heightMm : b.widthMm) * ppm;
        const h = (sideways ? b.widthMm : b.heightMm) * ppm;
        const isSel = selected === p.id;
        const label =
          p.kind === 'seal'
            ? t('sign.placement.sealLabel', {
                page: p.page,
                x: Math.round(p.xMm),
                y: Math.round(p.yMm),
                size: Math.round(p.widthMm),
              })
            : t('sign.placement.dateLabel', {
                page: p.page,
                x: Math.round(p.xMm),
                y: Math.round(p.yMm),
              });
        return (
          <div
            key={p.id}
            role="button"
            tabIndex={0}
            aria-label={label}
            title={label}
            aria-pressed={isSel}
            data-testid={`placement-${p.kind}`}
            className="sd-placement"
            onPointerDown={(e) => onPointerDown(e, p, 'move')}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerCancel={onPointerUp}
            onFocus={() => useSigningStore.getState().select(p.id)}
            onKeyDown={(e) => onKeyDown(e, p)}
            style={{
              position: 'absolute',
              left: c.x - w / 2,
              top: c.y - h / 2,
              width: w,
              height: h,
              cursor: 'move',
              pointerEvents: 'auto',
              touchAction: 'none',
              outline: isSel ? '2px solid #1677ff' : '1px dashed rgba(196,29,29,0.7)',
              background: p.kind === 'date' ? 'rgba(255,255,255,0.85)' : 'transparent',
              display: 'flex',
              alignItems: 'center',
              justifyContent: 'center',
              fontSize: Math.max(9, h * 0.5),
              color: '#c41d1d',
              userSelect: 'none',
            }}
          >
            {p.kind === 'seal' && sealId && previews[sealId] ? (
              <div
                style={{
                  width: '100%',
                  height: '100%',
                  transform: `rotate(${g.rotation}deg)`,
                  pointerEvents: 'none',
                }}
              >
                <SealImage svg={previews[sealId]} alt="" fill />
              </div>
            ) : p.kind === 'date' ? (
              <span style={{ transform: `rotate(${g.rotation}deg)`, whiteSpace: 'nowrap' }}>
                {t('sign.placement.dateText')}
              </span>
            ) : null}
            {isSel && p.kind === 'seal' && (
              <span
                aria-hidden
                data-testid="placement-resize"
                onPointerDown={(e) => onPointerDown(e, p, 'resize')}
                onPointerMove={onPointerMove}
                onPointerUp={onPointerUp}
                style={{
                  position: 'absolute',
                  right: -6,
                  bottom: -6,
                  width: 12,
                  height: 12,
                  background: '#1677ff',
                  border: '2px solid #fff',
                  borderRadius: 2,
                  cursor: 'nwse-resize',
                }}
              />
            )}
          </div>
        );
      })}
    </div>
  );
}
