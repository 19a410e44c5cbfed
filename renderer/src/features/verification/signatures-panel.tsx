/**
 * The signatures panel (right pane). PLACEHOLDER-level: the count, a verify button and the
 * sentences; the verification issue builds the full panel here.
 */
import { Alert, Button, Empty, List, Typography } from 'antd';
import type { DocumentInfo } from '../../../../preload/contract';
import { useAction } from '../../app/use-action';
import { useT } from '../../i18n/i18n';
import { verificationApi } from './verification-api';
import { useVerificationStore } from './verification-store';

export function SignaturesPanel({ info }: { readonly info: DocumentInfo | undefined }) {
  const t = useT();
  const { run, busy } = useAction();
  const result = useVerificationStore((s) => (info ? s.results[info.docId] : undefined));
  return (
    <section aria-label={t('signatures.title')} style={{ padding: 12 }}>
      <Typography.Title level={5}>{t('signatures.title')}</Typography.Title>
      {!info ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('signatures.noDocument')} />
      ) : info.signatureCount === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('signatures.none')} />
      ) : (
        <>
          <Typography.Paragraph>
            {t('signatures.count', { count: info.signatureCount })}
          </Typography.Paragraph>
          <Button
            loading={busy}
            onClick={() =>
              void run(async () =>
                useVerificationStore
                  .getState()
                  .set(info.docId, await verificationApi.verify(info.docId)),
              )
            }
          >
            {busy ? t('signatures.verifying') : t('signatures.verify')}
          </Button>
          {result && (
            <List
              style={{ marginTop: 12 }}
              dataSource={result.sentences}
              renderItem={(s) => (
                <List.Item>
                  <Alert
                    type={result.verification.outcome === 'passed' ? 'success' : 'warning'}
                    title={s}
                  />
                </List.Item>
              )}
            />
          )}
        </>
      )}
    </section>
  );
}
