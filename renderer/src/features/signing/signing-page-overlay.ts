/**
 * Puts the placement overlay on every page the viewer renders (viewer-api.ts
 * registerPageOverlay), adapting the viewer's PageGeometry to the overlay's.
 * Owns: that registration. Must never: reach into the viewer beyond viewer-api.
 */
import { createElement } from 'react';
import { registerPageOverlay, type PageGeometry as ViewerGeometry } from '../viewer/viewer-api';
import type { PageGeometry } from './page-geometry';
import { PlacementOverlay } from './placement-overlay';

export const toOverlayGeometry = (g: ViewerGeometry): PageGeometry => ({
  page: g.page,
  widthMm: g.widthMm,
  heightMm: g.heightMm,
  rotation: g.viewRotation,
  widthPx: g.rect.width,
  heightPx: g.rect.height,
});

/** Registers the overlay; `active` says whether the page takes drops and clicks (signing). */
export function registerSigningOverlay(active: boolean): () => void {
  return registerPageOverlay('signing', (g) =>
    createElement(PlacementOverlay, { docId: g.docId, geometry: toOverlayGeometry(g), active }),
  );
}
