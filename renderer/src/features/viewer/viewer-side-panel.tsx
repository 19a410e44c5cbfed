/**
 * The left pane of the documents page: page thumbnails or text search for the active document
 * (Ctrl+F switches to search). An empty state when no document is open.
 *
 * Owns: choosing between thumbnails and search. Must never: render for a hidden document.
 */
import { Empty, Segmented, Typography } from 'antd';
import type { DocumentInfo } from '../../../../preload/contract';
import { useT } from '../../i18n/i18n';
import { SearchPanel } from './search-panel';
import { ThumbnailsPanel } from './thumbnails-panel';
import { useViewerStore } from './viewer-store';

export function ViewerSidePanel({
  info,
  size,
}: {
  readonly info: DocumentInfo | undefined;
  readonly size: number | undefined;
}) {
  const t = useT();
  const panel = useViewerStore((s) => s.sidePanel);
  const show = useViewerStore((s) => s.showSide);
  if (!info || size === undefined)
    return (
      <section aria-label={t('thumbnails.title')} style={{ padding: 12 }}>
        <Typography.Title level={5}>{t('thumbnails.title')}</Typography.Title>
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('thumbnails.placeholder')} />
      </section>
    );
  return (
    <div className="sd-side">
      <Segmented
        block
        value={panel}
        onChange={(v) => show(v as 'thumbnails' | 'search')}
        options={[
          { value: 'thumbnails', label: t('viewer.side.thumbnails') },
          { value: 'search', label: t('search.title') },
        ]}
        style={{ margin: 8 }}
        data-testid="side-panel-switch"
      />
      {panel === 'thumbnails' ? (
        <ThumbnailsPanel key={info.docId} info={info} size={size} />
      ) : (
        <SearchPanel key={info.docId} info={info} size={size} />
      )}
    </div>
  );
}
