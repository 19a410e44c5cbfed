/**
 * Draws what changed after a signature over the viewer's pages (viewer-api registerPageOverlay),
 * placed through the view rotation: translucent red boxes where the pixels differ, and an
 * outline around each annotation main's modification analysis reported (its /Rect through the
 * page's CropBox and /Rotate): green and dashed when the change is allowed, red when it is not,
 * with its kind in words. Owns: drawing only.
 */
import {
  registerPageOverlay,
  pageMmToOverlay,
  userRectToOverlay,
  type PageGeometry,
} from '../viewer/viewer-api';
import { translate, useLangStore, type Translate } from '../../i18n/i18n';
import { annotationLabel } from './annotation-words';
import { useChangesStore, type AnnotationMark } from './changes-store';
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

const ALLOWED = '#389e0d';
const NOT_ALLOWED = '#cf1322';
/** A zero-width or zero-height /Rect still gets a visible box. */
const MIN_SIDE = 4;

function AnnotationOutline({
  g,
  mark,
  selected,
}: {
  readonly g: PageGeometry;
  readonly mark: AnnotationMark;
  readonly selected: boolean;
}) {
  const lang = useLangStore((s) => s.lang);
  const t: Translate = (k, p) => translate(lang, k, p);
  const box = userRectToOverlay(g, mark.rect);
  const width = Math.max(MIN_SIDE, box.width);
  const height = Math.max(MIN_SIDE, box.height);
  const color = mark.allowed ? ALLOWED : NOT_ALLOWED;
  const label = `${annotationLabel(t, mark.subtype, mark.change)} · ${
    mark.allowed ? t('verify.change.allowed') : t('verify.change.notAllowed')
  }`;
  return (
    <div
      data-testid="annotation-outline"
      data-allowed={mark.allowed}
      data-subtype={mark.subtype}
      data-change={mark.change}
      data-selected={selected}
      aria-label={label}
      title={label}
      style={{
        position: 'absolute',
        left: box.left - (width - box.width) / 2,
        top: box.top - (height - box.height) / 2,
        width,
        height,
        border: `${selected ? 3 : 2}px ${mark.allowed ? 'dashed' : 'solid'} ${color}`,
        background: selected ? `${color}1f` : 'transparent',
        boxSizing: 'border-box',
        pointerEvents: 'none',
      }}
    >
      <span
        style={{
          position: 'absolute',
          left: -2,
          bottom: '100%',
          marginBottom: 2,
          padding: '0 4px',
          fontSize: 11,
          lineHeight: '16px',
          whiteSpace: 'nowrap',
          color: '#fff',
          background: color,
          borderRadius: 2,
        }}
      >
        {label}
      </span>
    </div>
  );
}

function AnnotationOutlines({ g }: { readonly g: PageGeometry }) {
  const shown = useChangesStore((s) => s.annotations[g.docId]);
  const marks = shown?.marks.filter((m) => m.page === g.page) ?? [];
  if (!shown || marks.length === 0) return null;
  return (
    <>
      {marks.map((m) => (
        <AnnotationOutline key={m.key} g={g} mark={m} selected={shown.selected === m.key} />
      ))}
    </>
  );
}

export function registerChangesOverlay(): () => void {
  return registerPageOverlay('changes', (g) => (
    <>
      <ChangedRegions g={g} />
      <AnnotationOutlines g={g} />
    </>
  ));
}
