/**
 * The documents page: tabs of open documents; per document the thumbnails (left), the viewer
 * (centre) and the signatures panel (right). An empty state says how to open one.
 */
import { Button, Empty, Layout, Tabs } from 'antd';
import { DocumentViewer } from '../viewer/document-viewer';
import { ThumbnailsPanel } from '../viewer/thumbnails-panel';
import { SignaturesPanel } from '../verification/signatures-panel';
import { useT } from '../../i18n/i18n';
import { useDocumentsStore } from './documents-store';
import { useOpenDocument } from './use-open-document';

export function DocumentWorkspace() {
  const t = useT();
  const docs = useDocumentsStore((s) => s.docs);
  const info = useDocumentsStore((s) => s.info);
  const activeId = useDocumentsStore((s) => s.activeId);
  const activate = useDocumentsStore((s) => s.activate);
  const { pick, close } = useOpenDocument();
  const active = activeId ? info[activeId] : undefined;

  return (
    <Layout style={{ height: '100%' }}>
      <Layout.Sider width={200} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
        <ThumbnailsPanel docId={activeId} />
      </Layout.Sider>
      <Layout.Content style={{ display: 'flex', flexDirection: 'column', minWidth: 0 }}>
        {docs.length === 0 ? (
          <Empty
            style={{ marginTop: 96 }}
            data-testid="documents-empty"
            description={
              <>
                <strong>{t('documents.empty.title')}</strong>
                <br />
                {t('documents.empty.hint')}
              </>
            }
          >
            <Button type="primary" onClick={() => void pick()}>
              {t('topbar.open')}
            </Button>
          </Empty>
        ) : (
          <Tabs
            type="editable-card"
            hideAdd
            {...(activeId ? { activeKey: activeId } : {})}
            onChange={activate}
            onEdit={(key, action) => {
              if (action === 'remove' && typeof key === 'string') void close(key);
            }}
            style={{ padding: '8px 12px 0' }}
            items={docs.map((d) => ({
              key: d.docId,
              label: d.name,
              closeIcon: <span aria-label={t('documents.tab.close', { name: d.name })}>×</span>,
              children: <DocumentViewer docId={d.docId} info={info[d.docId]} />,
            }))}
          />
        )}
      </Layout.Content>
      <Layout.Sider width={320} theme="light" style={{ borderLeft: '1px solid #f0f0f0' }}>
        <SignaturesPanel info={active} />
      </Layout.Sider>
    </Layout>
  );
}
