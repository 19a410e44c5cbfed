/**
 * A plain sheet of the chosen page, at its true proportions, with the placement overlay on it:
 * where seals are dragged while the viewer has no page overlay for this document (and a
 * compact map of the page when it has). Keyboard: choose the page, then "place" buttons add a
 * seal or the date stamp, and the boxes move with the arrow keys.
 *
 * Owns: fetching the one page's size and drawing the sheet. Must never: render page content
 * (that is the viewer's; this sheet is only a map of positions).
 */
import { InputNumber, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { DocumentInfo, PageSize } from '../../../../preload/contract';
import { invoke } from '../../app/contract-client';
import { useT } from '../../i18n/i18n';
import { MM_PER_PT, type PageGeometry } from './page-geometry';
import { PlacementOverlay } from './placement-overlay';

const SHEET_WIDTH_PX = 250;

export function pageGeometryOf(size: PageSize, widthPx: number): PageGeometry {
  const widthMm = size.widthPt * MM_PER_PT;
  const heightMm = size.heightPt * MM_PER_PT;
  return {
    page: size.page,
    widthMm,
    heightMm,
    rotation: 0,
    widthPx,
    heightPx: (widthPx * heightMm) / widthMm,
  };
}

export function SigningPagePreview({
  info,
  page,
  onPage,
  onGeometry,
  showSheet = true,
}: {
  readonly info: DocumentInfo;
  readonly page: number;
  readonly onPage: (page: number) => void;
  readonly onGeometry?: (g: PageGeometry | undefined) => void;
  /** Draw the sheet (when no viewer shows this document's pages). */
  readonly showSheet?: boolean;
}) {
  const t = useT();
  const [size, setSize] = useState<PageSize | undefined>(undefined);

  useEffect(() => {
    let live = true;
    invoke('documents.pages', { docId: info.docId, from: page, count: 1 })
      .then((r) => live && setSize(r.pages[0]))
      .catch(() => live && setSize(undefined));
    return () => {
      live = false;
    };
  }, [info.docId, page]);

  const g = size ? pageGeometryOf(size, SHEET_WIDTH_PX) : undefined;
  const key = g ? `${g.page}:${g.widthMm}:${g.heightMm}` : '';
  useEffect(() => onGeometry?.(g), [key]);

  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }}>
      <Space>
        <Typography.Text id="sd-sheet-page">{t('sign.sheet.page')}</Typography.Text>
        <InputNumber
          aria-labelledby="sd-sheet-page"
          data-testid="sheet-page"
          min={1}
          max={Math.max(1, info.pageCount)}
          value={page}
          onChange={(v) => v && onPage(v)}
          size="small"
        />
        <Typography.Text type="secondary">/ {info.pageCount}</Typography.Text>
      </Space>
      {g && showSheet && (
        <div
          data-testid="signing-sheet"
          aria-label={t('sign.sheet.label', { page })}
          style={{
            position: 'relative',
            width: g.widthPx,
            height: g.heightPx,
            background: '#fff',
            boxShadow: '0 1px 4px rgba(0,0,0,0.25)',
            margin: '0 auto',
            backgroundImage:
              'repeating-linear-gradient(180deg, transparent 0 22px, rgba(0,0,0,0.04) 22px 23px)',
          }}
        >
          <PlacementOverlay docId={info.docId} geometry={g} />
        </div>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('sign.sheet.hint')}
      </Typography.Text>
    </Space>
  );
}
