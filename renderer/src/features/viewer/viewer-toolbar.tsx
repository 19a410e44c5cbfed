/**
 * The viewer's toolbar: previous/next page, go to page (number input + Enter), page indicator,
 * zoom out/in with the percentage, fit width, fit page, rotate the view left/right, and a tag
 * when the document is a signed revision shown read-only.
 *
 * Owns: the controls. Must never: hold view state (viewer-store.ts does).
 */
import { Button, InputNumber, Space, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useT } from '../../i18n/i18n';
import { CSS_PX_PER_PT } from './page-layout';
import type { FitMode } from './viewer-store';

export interface ViewerToolbarProps {
  readonly pageCount: number;
  readonly page: number;
  readonly scale: number;
  readonly fit: FitMode;
  readonly revision: boolean;
  readonly onGoTo: (page: number) => void;
  readonly onZoom: (direction: 1 | -1) => void;
  readonly onFit: (fit: FitMode) => void;
  readonly onRotate: (direction: 1 | -1) => void;
}

export function ViewerToolbar(p: ViewerToolbarProps) {
  const t = useT();
  const [typed, setTyped] = useState<number | null>(p.page);
  useEffect(() => setTyped(p.page), [p.page]);
  const go = () => {
    if (typed !== null) p.onGoTo(typed);
  };
  const pct = Math.round((p.scale / CSS_PX_PER_PT) * 100);
  const button = (
    label: string,
    title: string,
    onClick: () => void,
    testId: string,
    pressed?: boolean,
  ) => (
    <Tooltip title={title}>
      <Button
        size="small"
        aria-label={title}
        aria-pressed={pressed}
        type={pressed ? 'primary' : 'default'}
        onClick={onClick}
        data-testid={testId}
      >
        {label}
      </Button>
    </Tooltip>
  );
  return (
    <div className="sd-viewer-toolbar" role="toolbar" aria-label={t('viewer.toolbar')}>
      <Space size={4} wrap>
        {button('‹', t('viewer.prevPage'), () => p.onGoTo(p.page - 1), 'prev-page')}
        <InputNumber
          size="small"
          min={1}
          max={Math.max(1, p.pageCount)}
          value={typed}
          onChange={(v) => setTyped(typeof v === 'number' ? v : null)}
          onPressEnter={go}
          aria-label={t('viewer.goTo')}
          data-testid="page-input"
          style={{ width: 84 }}
        />
        <Typography.Text data-testid="page-indicator" aria-live="polite">
          {t('viewer.pageOf', { page: p.page, count: p.pageCount })}
        </Typography.Text>
        {button('›', t('viewer.nextPage'), () => p.onGoTo(p.page + 1), 'next-page')}
      </Space>
      <Space size={4} wrap>
        {button('−', t('viewer.zoomOut'), () => p.onZoom(-1), 'zoom-out')}
        <Typography.Text data-testid="zoom-level" style={{ minWidth: 48, textAlign: 'center' }}>
          {t('viewer.zoomPercent', { pct })}
        </Typography.Text>
        {button('+', t('viewer.zoomIn'), () => p.onZoom(1), 'zoom-in')}
        {button(
          t('viewer.fitWidth'),
          t('viewer.fitWidthHint'),
          () => p.onFit('width'),
          'fit-width',
          p.fit === 'width',
        )}
        {button(
          t('viewer.fitPage'),
          t('viewer.fitPageHint'),
          () => p.onFit('page'),
          'fit-page',
          p.fit === 'page',
        )}
        {button('⟲', t('viewer.rotateLeft'), () => p.onRotate(-1), 'rotate-left')}
        {button('⟳', t('viewer.rotateRight'), () => p.onRotate(1), 'rotate-right')}
        {p.revision && (
          <Tag color="gold" data-testid="revision-tag">
            {t('viewer.revisionTag')}
          </Tag>
        )}
      </Space>
    </div>
  );
}
