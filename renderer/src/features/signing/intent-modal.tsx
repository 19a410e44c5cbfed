/**
 * Intent confirmation (意愿认证): before any key is used, the person sees exactly what main
 * will sign — every file with its SHA-256 and page count, every placement with its page, the
 * certificate (subject, issuer, serial, valid until), the level and reason — and confirms.
 * Only then does the secret dialog open.
 */
import { Alert, Button, Descriptions, List, Modal, Space, Typography } from 'antd';
import { formatDate, useLangStore, useT } from '../../i18n/i18n';
import { closeFlow } from './sign-flow';
import { signingApi } from './signing-api';
import { useSigningStore } from './signing-store';

export function IntentModal() {
  const t = useT();
  const lang = useLangStore((s) => s.lang);
  const step = useSigningStore((s) => s.step);
  const intent = useSigningStore((s) => s.intent);
  if (!intent) return null;
  const signable = intent.documents.filter((d) => !d.problem);
  const c = intent.certificate;
  const expired = new Date(c.notAfter).getTime() < Date.now();
  return (
    <Modal
      open={step === 'confirm'}
      title={t('sign.intent.title')}
      width={720}
      onCancel={() => void closeFlow(signingApi)}
      maskClosable={false}
      footer={
        <Space>
          <Button onClick={() => void closeFlow(signingApi)}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            data-testid="intent-confirm"
            disabled={signable.length === 0 || expired}
            onClick={() => useSigningStore.getState().setStep('secret')}
          >
            {t('sign.intent.confirm')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph>{t('sign.intent.lead')}</Typography.Paragraph>
      <List
        size="small"
        bordered
        data-testid="intent-documents"
        header={<strong>{t('sign.intent.documents', { count: intent.documents.length })}</strong>}
        dataSource={intent.documents}
        renderItem={(d) => (
          <List.Item>
            <Space orientation="vertical" size={0} style={{ width: '100%' }}>
              <Typography.Text strong>{d.name}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('sign.intent.pages', { count: d.pageCount ?? '?' })} ·{' '}
                {t('sign.intent.output', { name: d.output.split(/[\\/]/).pop() ?? d.output })}
              </Typography.Text>
              <Typography.Text code copyable style={{ fontSize: 12, wordBreak: 'break-all' }}>
                SHA-256 {d.sha256}
              </Typography.Text>
              {d.problem && <Alert type="error" title={d.problem} showIcon />}
            </Space>
          </List.Item>
        )}
      />
      <Descriptions size="small" column={1} bordered style={{ marginTop: 12 }}>
        <Descriptions.Item label={t('sign.intent.placements')}>
          {intent.placements.length === 0 && !intent.pagingSeal && !intent.dateStamp ? (
            t('sign.intent.invisible')
          ) : (
            <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="intent-placements">
              {intent.placements.map((p, i) => (
                <li key={i}>
                  {t('sign.intent.placement', {
                    seal: intent.seal?.name ?? '',
                    page: p.page,
                    x: p.xMm,
                    y: p.yMm,
                    size: p.sizeMm ?? intent.seal?.widthMm ?? 0,
                  })}
                </li>
              ))}
              {intent.pagingSeal && (
                <li>
                  {t('sign.intent.paging', {
                    pages:
                      intent.pagingSeal.pages === 'all'
                        ? t('sign.intent.allPages')
                        : intent.pagingSeal.pages.join(', '),
                  })}
                </li>
              )}
              {intent.dateStamp && (
                <li>
                  {t('sign.intent.date', {
                    page: intent.dateStamp.page,
                    x: intent.dateStamp.xMm,
                    y: intent.dateStamp.yMm,
                  })}
                </li>
              )}
            </ul>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('sign.intent.identity')}>
          {intent.identity.label}
        </Descriptions.Item>
        <Descriptions.Item label={t('identities.subject')}>{c.subject}</Descriptions.Item>
        <Descriptions.Item label={t('identities.issuer')}>{c.issuer}</Descriptions.Item>
        <Descriptions.Item label={t('sign.intent.serial')}>
          <Typography.Text code>{c.serialHex}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('identities.validUntil')}>
          {formatDate(lang, c.notAfter)}
          {expired && <Alert type="error" title={t('sign.intent.expired')} showIcon />}
        </Descriptions.Item>
        <Descriptions.Item label={t('sign.intent.level')}>{intent.level}</Descriptions.Item>
        {intent.reason && (
          <Descriptions.Item label={t('sign.reason.label')}>{intent.reason}</Descriptions.Item>
        )}
      </Descriptions>
    </Modal>
  );
}
