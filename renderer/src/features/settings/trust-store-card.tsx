/**
 * Trust store management: list, import (path), remove the user's trust anchors.
 */
import { App, Button, Card, Empty, Form, Input, Popconfirm, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { TrustAnchor } from '../../../../preload/contract';
import { useAction } from '../../app/use-action';
import { formatDate, useLangStore, useT } from '../../i18n/i18n';
import { settingsApi } from './settings-api';

export function TrustStoreCard() {
  const t = useT();
  const lang = useLangStore((s) => s.lang);
  const { message } = App.useApp();
  const { run, busy } = useAction();
  const [anchors, setAnchors] = useState<readonly TrustAnchor[]>([]);
  const [path, setPath] = useState('');

  useEffect(() => {
    settingsApi
      .trustList()
      .then((r) => setAnchors(r.anchors))
      .catch((e: Error) => void message.error(e.message));
  }, [message]);

  const doImport = () =>
    run(async () => {
      const r = await settingsApi.trustImport(path.trim());
      void message.success(
        t('settings.trust.added', { added: r.added.length, already: r.alreadyTrusted.length }),
      );
      setPath('');
      setAnchors((await settingsApi.trustList()).anchors);
    });

  return (
    <Card title={t('settings.trust.title')} data-testid="trust-store">
      <Typography.Paragraph type="secondary">{t('settings.trust.hint')}</Typography.Paragraph>
      {anchors.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('settings.trust.empty')} />
      ) : (
        <Table<TrustAnchor>
          size="small"
          rowKey="fingerprint"
          pagination={false}
          dataSource={[...anchors]}
          columns={[
            { title: t('settings.trust.subject'), dataIndex: 'subject' },
            {
              title: t('settings.trust.fingerprint'),
              dataIndex: 'fingerprint',
              render: (fp: string) => (
                <Typography.Text code copyable={{ text: fp }}>
                  {fp.slice(0, 16)}…
                </Typography.Text>
              ),
            },
            {
              title: t('settings.trust.validUntil'),
              dataIndex: 'notAfter',
              render: (d: string) => formatDate(lang, d),
            },
            {
              title: t('settings.trust.actions'),
              render: (_: unknown, a: TrustAnchor) => (
                <Popconfirm
                  title={t('settings.trust.removeConfirm', { subject: a.subject })}
                  okText={t('common.ok')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => {
                    void run(async () => {
                      await settingsApi.trustRemove(a.fingerprint);
                      setAnchors((await settingsApi.trustList()).anchors);
                    });
                  }}
                >
                  <Button danger size="small">
                    {t('settings.trust.remove')}
                  </Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      )}
      <Form layout="inline" style={{ marginTop: 16 }} onFinish={() => void doImport()}>
        <Space.Compact style={{ width: '100%' }}>
          <Input
            value={path}
            onChange={(e) => setPath(e.target.value)}
            placeholder={t('settings.trust.path')}
            aria-label={t('settings.trust.path')}
            data-testid="trust-path"
          />
          <Button type="primary" htmlType="submit" loading={busy} disabled={!path.trim()}>
            {t('settings.trust.import')}
          </Button>
        </Space.Compact>
      </Form>
    </Card>
  );
}
