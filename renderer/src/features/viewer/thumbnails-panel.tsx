/**
 * Page thumbnails (left pane). PLACEHOLDER for the viewer issue.
 */
import { Empty, Typography } from 'antd';
import { useT } from '../../i18n/i18n';

export function ThumbnailsPanel({ docId }: { readonly docId: string | undefined }) {
  const t = useT();
  return (
    <section aria-label={t('thumbnails.title')} style={{ padding: 12 }}>
      <Typography.Title level={5}>{t('thumbnails.title')}</Typography.Title>
      {docId === undefined && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('thumbnails.placeholder')} />
      )}
    </section>
  );
}
