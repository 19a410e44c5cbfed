/**
 * The documents page: tabs of open documents; per document the thumbnails or search (left), the
 * viewer (centre) and the signatures panel (right). Files dropped on the window open (Electron)
 * or bring up the path dialog (browser). An empty state says how to open one and lists the
 * recent files.
 *
 * Owns: the layout of the documents page and its tabs. Must never: keep hidden tabs' viewers
 * mounted (a hidden viewer would keep its canvases): inactive tabs are destroyed, their view
 * state lives in the viewer store.
 */
import { Button, Empty, Layout, List, Tabs, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { RecentDocument } from '../../../../preload/contract';
import { useT } from '../../i18n/i18n';
import { SignaturesPanel } from '../verification/signatures-panel';
import { DocumentViewer } from '../viewer/document-viewer';
import { ViewerSidePanel } from '../viewer/viewer-side-panel';
import { documentsApi } from './documents-api';
import { useDocumentsStore } from './documents-store';
import { useFileDrop } from './use-file-drop';
import { useOpenDocument } from './use-open-document';

function RecentList({ onOpen }: { readonly onOpen: (path: string) => void }) {
  const t = useT();
  const [recent, setRecent] = useState<readonly RecentDocument[]>([]);
  useEffect(() => {
    documentsApi
      .recent()
      .then((r) => setRecent(r.recent.filter((d) => d.exists).slice(0, 8)))
      .catch(() => setRecent([]));
  }, []);
  if (recent.length === 0) return null;
  return (
    <List
      size="small"
      header={<Typography.Text strong>{t('documents.open.recent')}</Typography.Text>}
      dataSource={[...recent]}
      style={{ maxWidth: 520, margin: '24px auto 0', textAlign: 'left' }}
      data-testid="recent-list"
      renderItem={(r) => (
        <List.Item>
          <Button type="link" onClick={() => onOpen(r.path)} title={r.path}>
            {r.name}
          </Button>
        </List.Item>
      )}
    />
  );
}

export function DocumentWorkspace() {
  const t = useT();
  const docs = useDocumentsStore((s) => s.docs);
  const info = useDocumentsStore((s) => s.info);
  const activeId = useDocumentsStore((s) => s.activeId);
  const activate = useDocumentsStore((s) => s.activate);
  const { pick, close, openPath } = useOpenDocument();
  const dropping = useFileDrop(openPath);
  const active = activeId ? info[activeId] : undefined;
  const activeDoc = docs.find((d) => d.docId === activeId);

  return (
    <Layout style={{ height: '100%' }} className={dropping ? 'sd-drop-target' : undefined}>
      <Layout.Sider width={200} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
        <ViewerSidePanel info={active} size={activeDoc?.size} />
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
                <br />
                {t('documents.empty.drop')}
              </>
            }
          >
            <Button type="primary" onClick={() => void pick()}>
              {t('topbar.open')}
            </Button>
            <RecentList onOpen={(p) => void openPath(p)} />
          </Empty>
        ) : (
          <Tabs
            className="sd-doc-tabs"
            type="editable-card"
            hideAdd
            destroyOnHidden
            {...(activeId ? { activeKey: activeId } : {})}
            onChange={activate}
            onEdit={(key, action) => {
              if (action === 'remove' && typeof key === 'string') void close(key);
            }}
            style={{ padding: '8px 12px 0' }}
            items={docs.map((d) => ({
              key: d.docId,
              label:
                d.revisionLength === undefined
                  ? d.name
                  : t('documents.tab.revision', { name: d.name }),
              closeIcon: <span aria-label={t('documents.tab.close', { name: d.name })}>×</span>,
              children: (
                <DocumentViewer
                  docId={d.docId}
                  info={info[d.docId]}
                  size={d.size}
                  revision={d.revisionLength !== undefined}
                />
              ),
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
