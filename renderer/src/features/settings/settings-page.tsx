/** The settings page: language, time-stamping authorities and the trust store. */
import { Card, Form, Space, Typography } from 'antd';
import { useT } from '../../i18n/i18n';
import { LanguageSelect } from './language-select';
import { TrustStoreCard } from './trust-store-card';
import { TsaCard } from './tsa-card';

export function SettingsPage() {
  const t = useT();
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', padding: 24 }}>
      <Typography.Title level={3}>{t('settings.title')}</Typography.Title>
      <Card>
        <Form.Item label={t('settings.language')} htmlFor="settings-language" style={{ margin: 0 }}>
          <LanguageSelect id="settings-language" />
        </Form.Item>
      </Card>
      <TsaCard />
      <TrustStoreCard />
    </Space>
  );
}
