/**
 * The browser's "open document" dialog: a path field and the recent documents (the web door
 * has no native file dialog). Keyboard: Enter opens the typed path; recent entries are buttons.
 */
import { Button, Empty, Form, Input, List, Modal, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { RecentDocument } from '../../../../preload/contract';
import { useT } from '../../i18n/i18n';
import { documentsApi } from './documents-api';
import { useDocumentsStore } from './documents-store';
import { useOpenDocument } from './use-open-document';

export function OpenDocumentDialog() {
  const t = useT();
  const open = useDocumentsStore((s) => s.dialogOpen);
  const showDialog = useDocumentsStore((s) => s.showDialog);
  const { openPath, busy } = useOpenDocument();
  const [recent, setRecent] = useState<readonly RecentDocument[]>([]);
  const [path, setPath] = useState('');

  useEffect(() => {
    if (!open) return;
    documentsApi
      .recent()
      .then((r) => setRecent(r.recent))
      .catch(() => setRecent([]));
  }, [open]);

  return (
    <Modal
      open={open}
      title={t('documents.open.title')}
      onCancel={() => showDialog(false)}
      footer={null}
      destroyOnHidden
    >
      <Form layout="vertical" onFinish={() => void openPath(path.trim())}>
        <Form.Item label={t('documents.open.path')} required>
          <Input
            autoFocus
            value={path}
            onChange={(e) => setPath(e.target.value)}
            placeholder={t('documents.open.pathPlaceholder')}
            aria-label={t('documents.open.path')}
            data-testid="open-path"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} disabled={!path.trim()}>
          {t('documents.open.submit')}
        </Button>
      </Form>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('documents.open.recent')}
      </Typography.Title>
      {recent.length === 0 ? (
        <Empty description={t('documents.open.noRecent')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <List
          size="small"
          dataSource={[...recent]}
          renderItem={(r) => (
            <List.Item>
              <Button type="link" disabled={!r.exists} onClick={() => void openPath(r.path)}>
                {r.name}
              </Button>
              <Typography.Text type="secondary" ellipsis style={{ maxWidth: 260 }}>
                {r.path}
              </Typography.Text>
              {!r.exists && <Tag>{t('documents.open.missing')}</Tag>}
            </List.Item>
          )}
        />
      )}
    </Modal>
  );
}
