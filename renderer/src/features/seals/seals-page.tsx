/** The seal library page: the seals with previews, create, import, delete. */
import { App, Button, Card, Empty, Form, Input, List, Popconfirm, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useAction } from '../../app/use-action';
import { useT } from '../../i18n/i18n';
import { SealCreateCard } from './seal-create-card';
import { SealImage } from './seal-image';
import { sealsApi } from './seals-api';
import { useSealsStore } from './seals-store';

export function SealsPage() {
  const t = useT();
  const { run, busy } = useAction();
  const seals = useSealsStore((s) => s.seals);
  const previews = useSealsStore((s) => s.previews);
  const [path, setPath] = useState('');

  const { message } = App.useApp();
  useEffect(() => {
    useSealsStore
      .getState()
      .reload()
      .catch((e: Error) => void message.error(e.message));
  }, [message]);

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
                  actions={[
                    <Popconfirm
                      key="delete"
                      title={t('seals.deleteConfirm', { name: s.name })}
                      okText={t('common.ok')}
                      cancelText={t('common.cancel')}
                      onConfirm={() => {
                        void run(async () => {
                          await sealsApi.remove(s.id);
                          await useSealsStore.getState().reload();
                        });
                      }}
                    >
                      <Button type="link" danger>
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
    </Space>
  );
}
