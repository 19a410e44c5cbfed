/**
 * Choosing the documents of a batch: any of the open documents, and files by path (one a line;
 * the web door has no native dialog). The active document's placements apply to every file;
 * main prepares ONE intent for all of them (one confirmation, one PIN).
 */
import { Checkbox, Input, Modal, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useT } from '../../i18n/i18n';
import { useDocumentsStore } from '../documents/documents-store';

export type BatchRef = { docId: string } | { path: string };

export function BatchSignModal({
  open,
  activeDocId,
  onClose,
  onSign,
}: {
  readonly open: boolean;
  readonly activeDocId: string;
  readonly onClose: () => void;
  readonly onSign: (refs: BatchRef[]) => void;
}) {
  const t = useT();
  const docs = useDocumentsStore((s) => s.docs);
  const [chosen, setChosen] = useState<string[]>([activeDocId]);
  const [paths, setPaths] = useState('');
  // Each time it opens, start from the document being looked at.
  useEffect(() => {
    if (open) setChosen([activeDocId]);
  }, [open, activeDocId]);
  const extra = paths
    .split('\n')
    .map((p) => p.trim())
    .filter(Boolean);
  const refs: BatchRef[] = [
    ...chosen.map((docId) => ({ docId })),
    ...extra.map((path) => ({ path })),
  ];
  return (
    <Modal
      open={open}
      title={t('sign.batch.title')}
      onCancel={onClose}
      okText={t('sign.batch.next', { count: refs.length })}
      okButtonProps={{ disabled: refs.length === 0 }}
      onOk={() => onSign(refs)}
      destroyOnHidden
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text strong>{t('sign.batch.docs')}</Typography.Text>
        <Checkbox.Group
          value={chosen}
          onChange={(v) => setChosen(v)}
          style={{ display: 'flex', flexDirection: 'column' }}
          options={docs
            .filter((d) => !d.revisionLength)
            .map((d) => ({ value: d.docId, label: d.name }))}
        />
        <Typography.Text strong>{t('sign.batch.paths')}</Typography.Text>
        <Input.TextArea
          aria-label={t('sign.batch.paths')}
          rows={4}
          value={paths}
          onChange={(e) => setPaths(e.target.value)}
          placeholder={t('sign.batch.pathsPlaceholder')}
          data-testid="batch-paths"
        />
        <Typography.Text type="secondary">{t('sign.batch.hint')}</Typography.Text>
      </Space>
    </Modal>
  );
}
