/**
 * The application shell: top bar (navigation, open document, language), the page, the open
 * dialog. One visual system (Ant Design) in the session's language; zh-CN by default.
 */
import {
  App as AntApp,
  Button,
  ConfigProvider,
  Layout,
  Menu,
  Result,
  Space,
  Spin,
  Typography,
} from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useState } from 'react';
import { DocumentWorkspace } from '../features/documents/document-workspace';
import { OpenDocumentDialog } from '../features/documents/open-document-dialog';
import { useOpenDocument } from '../features/documents/use-open-document';
import { SealsPage } from '../features/seals/seals-page';
import { LanguageSelect } from '../features/settings/language-select';
import { settingsApi } from '../features/settings/settings-api';
import { SettingsPage } from '../features/settings/settings-page';
import { IdentitiesPage } from '../features/tokens/identities-page';
import { useLangStore, useT } from '../i18n/i18n';
import { contractClient } from './contract-client';
import { useUiStore, type Page } from './ui-store';

function Shell() {
  const t = useT();
  const page = useUiStore((s) => s.page);
  const go = useUiStore((s) => s.go);
  const connected = useUiStore((s) => s.connected);
  const { pick, busy } = useOpenDocument();
  const pages: Page[] = ['documents', 'seals', 'identities', 'settings'];

  return (
    <Layout style={{ height: '100%' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 16,
          background: '#fff',
          borderBottom: '1px solid #f0f0f0',
        }}
      >
        <Typography.Title level={4} style={{ margin: 0, whiteSpace: 'nowrap', color: '#c41d1d' }}>
          {t('app.title')}
        </Typography.Title>
        <Menu
          mode="horizontal"
          selectedKeys={[page]}
          onClick={(e) => go(e.key as Page)}
          style={{ flex: 1, minWidth: 0, borderBottom: 'none' }}
          items={pages.map((p) => ({ key: p, label: t(`nav.${p}`) }))}
        />
        <Space>
          <Button
            type="primary"
            loading={busy}
            data-testid="open-document"
            onClick={() => {
              go('documents');
              void pick();
            }}
          >
            {t('topbar.open')}
          </Button>
          <LanguageSelect />
        </Space>
      </Layout.Header>
      <Layout.Content style={{ overflow: 'auto' }}>
        {!connected ? (
          <Result status="warning" title={t('app.disconnected')} />
        ) : page === 'documents' ? (
          <DocumentWorkspace />
        ) : page === 'seals' ? (
          <SealsPage />
        ) : page === 'identities' ? (
          <IdentitiesPage />
        ) : (
          <SettingsPage />
        )}
      </Layout.Content>
      <OpenDocumentDialog />
    </Layout>
  );
}

export function App() {
  const lang = useLangStore((s) => s.lang);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    const off = contractClient.onDisconnect(() => useUiStore.getState().setConnected(false));
    settingsApi
      .info()
      .then((info) => useLangStore.getState().setLang(info.lang))
      .catch(() => useUiStore.getState().setConnected(false))
      .finally(() => setReady(true));
    return off;
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN}>
      <AntApp style={{ height: '100%' }}>{ready ? <Shell /> : <Spin fullscreen tip="…" />}</AntApp>
    </ConfigProvider>
  );
}
