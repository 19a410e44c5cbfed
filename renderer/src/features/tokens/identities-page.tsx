/**
 * The identities page: PKCS#12 files the user added (with their certificate) and the tokens
 * the drivers see, each key with its certificate and the token's PIN flags.
 */
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  List,
  Space,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import type { CertificateSummary } from '../../../../preload/contract';
import { useAction } from '../../app/use-action';
import { formatDate, useLangStore, useT } from '../../i18n/i18n';
import { PinFlagsTags } from './pin-flags-tags';
import { tokensApi } from './tokens-api';
import { useTokensStore } from './tokens-store';

function Certificate({ c }: { readonly c: CertificateSummary }) {
  const t = useT();
  const lang = useLangStore((s) => s.lang);
  return (
    <Descriptions size="small" column={1}>
      <Descriptions.Item label={t('identities.subject')}>{c.subject}</Descriptions.Item>
      <Descriptions.Item label={t('identities.issuer')}>{c.issuer}</Descriptions.Item>
      <Descriptions.Item label={t('identities.validUntil')}>
        {formatDate(lang, c.notAfter)}
      </Descriptions.Item>
    </Descriptions>
  );
}

export function IdentitiesPage() {
  const t = useT();
  const { message } = App.useApp();
  const { run, busy } = useAction();
  const identities = useTokensStore((s) => s.identities);
  const [path, setPath] = useState('');
  const [passphrase, setPassphrase] = useState('');

  useEffect(() => {
    useTokensStore
      .getState()
      .reload()
      .catch((e: Error) => void message.error(e.message));
  }, [message]);

  const tokens = identities?.modules.flatMap((m) => m.tokens) ?? [];
  const moduleErrors = identities?.modules.filter((m) => m.error) ?? [];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', padding: 24 }}>
      <Typography.Title level={3}>{t('identities.title')}</Typography.Title>
      <Card title={t('identities.p12.title')}>
        {!identities || identities.p12.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('identities.p12.empty')} />
        ) : (
          <List
            dataSource={identities.p12}
            renderItem={(p) => (
              <List.Item
                actions={[
                  <Button
                    key="remove"
                    danger
                    size="small"
                    onClick={() =>
                      void run(async () => {
                        await tokensApi.removeP12(p.path);
                        await useTokensStore.getState().reload();
                      })
                    }
                  >
                    {t('identities.p12.remove')}
                  </Button>,
                ]}
              >
                <List.Item.Meta title={p.name} description={<Certificate c={p.certificate} />} />
              </List.Item>
            )}
          />
        )}
        <Form
          layout="vertical"
          style={{ marginTop: 16 }}
          onFinish={() => {
            // The passphrase leaves the component state as soon as it is sent.
            const secret = passphrase;
            setPassphrase('');
            void run(async () => {
              await tokensApi.addP12(path.trim(), secret);
              setPath('');
              await useTokensStore.getState().reload();
            });
          }}
        >
          <Form.Item label={t('identities.p12.path')}>
            <Input
              value={path}
              onChange={(e) => setPath(e.target.value)}
              aria-label={t('identities.p12.path')}
            />
          </Form.Item>
          <Form.Item label={t('identities.p12.passphrase')}>
            <Input.Password
              value={passphrase}
              autoComplete="off"
              onChange={(e) => setPassphrase(e.target.value)}
              aria-label={t('identities.p12.passphrase')}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} disabled={!path.trim()}>
            {t('identities.p12.add')}
          </Button>
        </Form>
      </Card>
      <Card
        title={t('identities.tokens.title')}
        extra={
          <Button onClick={() => void run(() => useTokensStore.getState().reload())}>
            {t('identities.tokens.refresh')}
          </Button>
        }
      >
        {moduleErrors.map((m) => (
          <Alert
            key={m.path}
            type="warning"
            style={{ marginBottom: 8 }}
            title={t('identities.moduleError', { path: m.path, message: m.error ?? '' })}
          />
        ))}
        {tokens.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('identities.tokens.empty')} />
        ) : (
          <List
            dataSource={tokens}
            renderItem={(tk) => (
              <List.Item>
                <List.Item.Meta
                  title={
                    <Space>
                      {tk.label}
                      <PinFlagsTags pin={tk.pin} />
                    </Space>
                  }
                  description={
                    <>
                      <Typography.Text type="secondary">
                        {tk.manufacturer} {tk.model} · {tk.serial}
                      </Typography.Text>
                      {tk.keys.map((k) => (
                        <Certificate key={k.keyIdHex} c={k.certificate} />
                      ))}
                    </>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Card>
    </Space>
  );
}
