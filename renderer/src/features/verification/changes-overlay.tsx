/**
 * Draws the regions that changed after a signature over the viewer's pages: translucent red
 * boxes (viewer-api registerPageOverlay), placed through the view rotation. Owns: drawing only.
 */
import { registerPageOverlay, pageMmToOverlay, type PageGeometry } from '../viewer/viewer-api';
import { translate, useLangStore } from '../../i18n/i18n';
import { useChangesStore } from './changes-store';
import type { Region } from './diff-regions';

function ChangedRegions({ g }: { readonly g: PageGeometry }) {
  const regions = useChangesStore((s) => s.regions[g.docId]?.[g.page]);
  const lang = useLangStore((s) => s.lang);
  if (!regions || regions.length === 0) return null;
  const box = (r: Region) => {
    const a = pageMmToOverlay(g, r.x * g.widthMm, r.y * g.heightMm);
    const b = pageMmToOverlay(g, (r.x + r.width) * g.widthMm, (r.y + r.height) * g.heightMm);
    return {
      left: Math.min(a.x, b.x),
      top: Math.min(a.y, b.y),
      width: Math.abs(b.x - a.x),
      height: Math.abs(b.y - a.y),
    };
  };
  return (
    <>
      {regions.map((r, i) => (
        <div
          key={i}
          data-testid="changed-region"
          title={translate(lang, 'verify.changes.region')}
          style={{
            position: 'absolute',
            ...box(r),
            background: 'rgba(255, 77, 79, 0.18)',
            border: '2px solid rgba(207, 19, 34, 0.85)',
            boxSizing: 'border-box',
            pointerEvents: 'none',
          }}
        />
      ))}
    </>
  );
}

export function registerChangesOverlay(): () => void {
  return registerPageOverlay('changes', (g) => <ChangedRegions g={g} />);
}
