/**
 * The time-stamping authorities (RFC 3161) used for PAdES B-T and above, tried in order: add
 * (address and optional user name), move up, remove. Passwords never pass through the UI: they
 * live in the OS keychain (`sealdesk keychain set --kind tsa-credential URL`).
 */
import { App, Button, Card, Empty, Input, List, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { TsaList } from '../../../../preload/contract';
import { useAction } from '../../app/use-action';
import { useT } from '../../i18n/i18n';
import { settingsApi } from './settings-api';

type Tsa = TsaList['tsas'][number];

export function TsaCard() {
  const t = useT();
  const { message } = App.useApp();
  const { run, busy } = useAction();
  const [tsas, setTsas] = useState<readonly Tsa[]>([]);
  const [url, setUrl] = useState('');
  const [user, setUser] = useState('');

  useEffect(() => {
    settingsApi
      .tsaList()
      .then((r) => setTsas(r.tsas))
      .catch((e: Error) => void message.error(e.message));
  }, [message]);

  const save = (next: readonly Tsa[]) =>
    run(async () => setTsas((await settingsApi.tsaSet([...next])).tsas));

  const add = () => {
    const u = url.trim();
    if (!/^https?:\/\/\S+$/i.test(u)) {
      void message.error(t('settings.tsa.badUrl'));
      return;
    }
    const entry: Tsa = user.trim() ? { url: u, user: user.trim() } : { url: u };
    void save([...tsas.filter((x) => x.url !== u), entry]).then(() => {
      setUrl('');
      setUser('');
    });
  };

  return (
    <Card title={t('settings.tsa.title')} data-testid="tsa-settings">
      <Typography.Paragraph type="secondary">{t('settings.tsa.hint')}</Typography.Paragraph>
      {tsas.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('settings.tsa.empty')} />
      ) : (
        <List
          size="small"
          bordered
          dataSource={tsas.map((x, i) => ({ x, i }))}
          renderItem={({ x, i }) => (
            <List.Item
              data-testid="tsa-item"
              actions={[
                <Button
                  key="up"
                  size="small"
                  disabled={i === 0 || busy}
                  onClick={() =>
                    void save([...tsas.slice(0, i - 1), x, tsas[i - 1]!, ...tsas.slice(i + 1)])
                  }
                >
                  {t('settings.tsa.up')}
                </Button>,
                <Button
                  key="remove"
                  size="small"
                  danger
                  disabled={busy}
                  onClick={() => void save(tsas.filter((_, j) => j !== i))}
                >
                  {t('settings.tsa.remove')}
                </Button>,
              ]}
            >
              <Space>
                <Typography.Text>{i + 1}.</Typography.Text>
                <Typography.Text code>{x.url}</Typography.Text>
                {x.user && (
                  <Typography.Text type="secondary">
                    {t('settings.tsa.userIs', { user: x.user })}
                  </Typography.Text>
                )}
              </Space>
            </List.Item>
          )}
        />
      )}
      <Space.Compact style={{ width: '100%', marginTop: 12 }}>
        <Input
          aria-label={t('settings.tsa.url')}
          placeholder={t('settings.tsa.url')}
          data-testid="tsa-url"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          onPressEnter={add}
        />
        <Input
          aria-label={t('settings.tsa.user')}
          placeholder={t('settings.tsa.user')}
          style={{ maxWidth: 220 }}
          value={user}
          onChange={(e) => setUser(e.target.value)}
          onPressEnter={add}
        />
        <Button type="primary" data-testid="tsa-add" loading={busy} onClick={add}>
          {t('settings.tsa.add')}
        </Button>
      </Space.Compact>
    </Card>
  );
}
