/**
 * Progress of a run (sign.progress events), per document, with Cancel; then the results: each
 * document signed (its copy opened in a new tab beside the original), failed (why) or skipped.
 */
import { Alert, Button, List, Modal, Progress, Space, Tag, Typography } from 'antd';
import { useT } from '../../i18n/i18n';
import { closeFlow } from './sign-flow';
import { signingApi } from './signing-api';
import { useSigningStore } from './signing-store';

const base = (p: string) => p.split(/[\\/]/).pop() ?? p;

export function SignProgressModal() {
  const t = useT();
  const step = useSigningStore((s) => s.step);
  const intent = useSigningStore((s) => s.intent);
  const progress = useSigningStore((s) => s.progress);
  const result = useSigningStore((s) => s.result);
  if (!intent) return null;
  const running = step === 'running';
  const started = Object.keys(progress).length > 0;
  return (
    <Modal
      open={(running && started) || step === 'done'}
      title={running ? t('sign.progress.title') : t('sign.result.title')}
      closable={!running}
      maskClosable={false}
      onCancel={() => void closeFlow(signingApi)}
      footer={
        running ? (
          <Button data-testid="sign-cancel" onClick={() => void signingApi.cancel(intent.intentId)}>
            {t('sign.progress.cancel')}
          </Button>
        ) : (
          <Button type="primary" data-testid="sign-done" onClick={() => void closeFlow(signingApi)}>
            {t('common.ok')}
          </Button>
        )
      }
    >
      <List
        size="small"
        data-testid="sign-progress"
        dataSource={intent.documents.map((d, i) => ({ d, i }))}
        renderItem={({ d, i }) => {
          const p = progress[i];
          const outcome = result?.documents.find((o) => o.file === d.file);
          const pct =
            outcome?.status === 'signed' || p?.phase === 'signed'
              ? 100
              : p && p.bytesTotal > 0
                ? Math.min(99, Math.floor((100 * p.bytesDone) / p.bytesTotal))
                : 0;
          return (
            <List.Item>
              <Space orientation="vertical" size={0} style={{ width: '100%' }}>
                <Space>
                  <Typography.Text strong>{d.name}</Typography.Text>
                  {outcome && (
                    <Tag
                      color={
                        outcome.status === 'signed'
                          ? 'green'
                          : outcome.status === 'failed'
                            ? 'red'
                            : 'default'
                      }
                    >
                      {t(`sign.result.${outcome.status}`)}
                    </Tag>
                  )}
                </Space>
                <Progress
                  percent={pct}
                  size="small"
                  status={
                    outcome?.status === 'failed' ? 'exception' : outcome ? 'success' : 'active'
                  }
                  format={() => (p ? t(`sign.phase.${p.phase}`) : t('sign.phase.waiting'))}
                />
                {outcome?.output && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('sign.result.opened', { name: base(outcome.output) })}
                  </Typography.Text>
                )}
                {outcome?.level && (
                  <Typography.Text
                    type="secondary"
                    style={{ fontSize: 12 }}
                    data-testid="sign-result-level"
                  >
                    {t('sign.result.level', { level: outcome.level })}
                  </Typography.Text>
                )}
                {outcome?.pending && (
                  <Typography.Text type="warning" data-testid="sign-result-pending">
                    {outcome.pending}
                  </Typography.Text>
                )}
                {outcome?.message && outcome.status !== 'signed' && (
                  <Typography.Text type="danger">{outcome.message}</Typography.Text>
                )}
              </Space>
            </List.Item>
          );
        }}
      />
      {result?.cancelled && <Alert type="warning" showIcon title={t('sign.result.cancelled')} />}
      {result?.warnings.map((w, i) => (
        <Alert key={i} type="warning" showIcon title={w.message} style={{ marginTop: 8 }} />
      ))}
    </Modal>
  );
}
