/**
 * The seal library page: the seals with previews; per seal rename, export (to a SEAL.json) and
 * delete; create; import a scan; add a SEAL.json exported elsewhere.
 */
import { App, Button, Card, Empty, Form, Input, List, Popconfirm, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { SealSummary } from '../../../../preload/contract';
import { useAction } from '../../app/use-action';
import { useT } from '../../i18n/i18n';
import { documentsApi } from '../documents/documents-api';
import { useDocumentsStore } from '../documents/documents-store';
import { SealCreateCard } from './seal-create-card';
import { exportPathFor, folderOf } from './seal-export-path';
import { SealImage } from './seal-image';
import { SealTextModal } from './seal-text-modal';
import { sealsApi } from './seals-api';
import { useSealsStore } from './seals-store';

/** A seal's name as the contract allows it (seals.rename). */
const MAX_NAME = 60;

type Editing = {
  readonly kind: 'rename' | 'export';
  readonly seal: SealSummary;
  readonly initial: string;
};

/** The folder of the document being looked at, else of the last one opened that still exists. */
async function exportFolder(): Promise<string> {
  const { docs, activeId } = useDocumentsStore.getState();
  const doc = docs.find((d) => d.docId === activeId) ?? docs[docs.length - 1];
  if (doc) return folderOf(doc.path);
  const { recent } = await documentsApi.recent();
  const r = recent.find((x) => x.exists);
  return r ? folderOf(r.path) : '';
}

export function SealsPage() {
  const t = useT();
  const { run, busy } = useAction();
  const seals = useSealsStore((s) => s.seals);
  const previews = useSealsStore((s) => s.previews);
  const [path, setPath] = useState('');
  const [addPath, setAddPath] = useState('');
  const [editing, setEditing] = useState<Editing | undefined>();

  const { message } = App.useApp();
  useEffect(() => {
    useSealsStore
      .getState()
      .reload()
      .catch((e: Error) => void message.error(e.message));
  }, [message]);

  const startExport = (seal: SealSummary) =>
    void run(async () => {
      const folder = await exportFolder().catch(() => '');
      setEditing({ kind: 'export', seal, initial: exportPathFor(seal.name, folder) });
    });

  const submit = (text: string) => {
    if (!editing) return;
    const { kind, seal } = editing;
    void run(async () => {
      if (kind === 'rename') {
        const s = await useSealsStore.getState().rename(seal.id, text);
        void message.success(t('seals.renamed', { name: s.name }));
      } else {
        const r = await sealsApi.exportTo(seal.id, text);
        void message.success(t('seals.exported', { name: seal.name, path: r.path }));
      }
      setEditing(undefined);
    });
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', padding: 24 }}>
      <Typography.Title level={3}>{t('seals.title')}</Typography.Title>
      <Card>
        {seals.length === 0 ? (
          <Empty description={t('seals.empty')} />
        ) : (
          <List
            grid={{ gutter: 16, column: 4 }}
            dataSource={[...seals]}
            renderItem={(s) => (
              <List.Item>
                <Card
                  size="small"
                  title={s.name}
                  data-testid="seal-card"
                  actions={[
                    <Button
                      key="rename"
                      type="link"
                      data-testid="seal-rename"
                      onClick={() => setEditing({ kind: 'rename', seal: s, initial: s.name })}
                    >
                      {t('seals.rename')}
                    </Button>,
                    <Button
                      key="export"
                      type="link"
                      data-testid="seal-export"
                      onClick={() => startExport(s)}
                    >
                      {t('seals.export')}
                    </Button>,
                    <Popconfirm
                      key="delete"
                      title={t('seals.deleteConfirm', { name: s.name })}
                      okText={t('common.ok')}
                      cancelText={t('common.cancel')}
                      onConfirm={() => {
                        void run(() => useSealsStore.getState().remove(s.id));
                      }}
                    >
                      <Button type="link" danger data-testid="seal-delete">
                        {t('seals.delete')}
                      </Button>
                    </Popconfirm>,
                  ]}
                >
                  {previews[s.id] && <SealImage svg={previews[s.id] ?? ''} alt={s.name} />}
                  <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                    {t(`seals.type.${s.type}`)} ·{' '}
                    {t('seals.size', { width: s.widthMm, height: s.heightMm })}
                  </Typography.Paragraph>
                </Card>
              </List.Item>
            )}
          />
        )}
      </Card>
      <SealTextModal
        open={editing !== undefined}
        title={
          editing?.kind === 'export'
            ? t('seals.export.title', { name: editing.seal.name })
            : t('seals.rename.title', { name: editing?.seal.name ?? '' })
        }
        label={editing?.kind === 'export' ? t('seals.export.path') : t('seals.rename.name')}
        initial={editing?.initial ?? ''}
        okText={editing?.kind === 'export' ? t('seals.export.submit') : t('seals.rename.submit')}
        cancelText={t('common.cancel')}
        {...(editing?.kind === 'rename' ? { maxLength: MAX_NAME } : {})}
        busy={busy}
        testId={editing?.kind === 'export' ? 'seal-export-path' : 'seal-rename-name'}
        onSubmit={submit}
        onClose={() => setEditing(undefined)}
      />
      <SealCreateCard />
      <Card title={t('seals.import.title')}>
        <Form
          onFinish={() =>
            void run(async () => {
              await sealsApi.importFile(path.trim());
              setPath('');
              await useSealsStore.getState().reload();
            })
          }
        >
          <Space.Compact style={{ width: '100%' }}>
            <Input
              value={path}
              onChange={(e) => setPath(e.target.value)}
              placeholder={t('seals.import.path')}
              aria-label={t('seals.import.path')}
            />
            <Button type="primary" htmlType="submit" loading={busy} disabled={!path.trim()}>
              {t('seals.import.submit')}
            </Button>
          </Space.Compact>
        </Form>
      </Card>
      <Card title={t('seals.add.title')}>
        <Typography.Paragraph type="secondary">{t('seals.add.hint')}</Typography.Paragraph>
        <Form
          onFinish={() =>
            void run(async () => {
              const s = await useSealsStore.getState().addFile(addPath.trim());
              void message.success(t('seals.added', { name: s.name }));
              setAddPath('');
            })
          }
        >
          <Space.Compact style={{ width: '100%' }}>
            <Input
              value={addPath}
              onChange={(e) => setAddPath(e.target.value)}
              placeholder={t('seals.add.path')}
              aria-label={t('seals.add.path')}
              data-testid="seal-add-path"
            />
            <Button
              type="primary"
              htmlType="submit"
              loading={busy}
              disabled={!addPath.trim()}
              data-testid="seal-add"
            >
              {t('seals.add.submit')}
            </Button>
          </Space.Compact>
        </Form>
      </Card>
    </Space>
  );
}
