/**
 * One signature or document timestamp in the panel: a status icon and the sentence, signer,
 * proven time, level, whether it covers the whole document, and the changes after it (allowed
 * or not, with the pages affected: a click shows the page), each with the annotations it added,
 * changed or removed (kind in words, allowed or not, and its page: a click shows the page with
 * the annotation outlined). Indications per ETSI EN 319 102-1.
 */
import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import type { Verification } from '../../../../preload/contract';
import { useLangStore, useT, type MessageKey, type Translate } from '../../i18n/i18n';
import { annotationLabel } from './annotation-words';
import { goToPage } from './page-navigation';

export type Verdict = Verification['signatures'][number];

/** ETSI EN 319 102-1 spells TOTAL-PASSED; the JSON may carry TOTAL_PASSED. */
export const etsi = (indication: string): string => indication.replace(/_/g, '-').toUpperCase();

export function StatusIcon({ indication: raw }: { readonly indication: string }) {
  const t = useT();
  const indication = etsi(raw);
  if (indication === 'TOTAL-PASSED')
    return (
      <CheckCircleFilled style={{ color: '#389e0d' }} aria-label={t('verify.status.passed')} />
    );
  if (indication === 'TOTAL-FAILED')
    return (
      <CloseCircleFilled style={{ color: '#cf1322' }} aria-label={t('verify.status.failed')} />
    );
  return (
    <ExclamationCircleFilled
      style={{ color: '#d48806' }}
      aria-label={t('verify.status.indeterminate')}
    />
  );
}

const CHANGE_KINDS = [
  'none',
  'metadata',
  'dss-or-timestamp',
  'signature',
  'form-fill',
  'annotation',
  'overlay',
  'other',
];
/** A modification kind from the verifier in words; an unknown kind is shown as it came. */
const changeKind = (t: Translate, kind: string) =>
  CHANGE_KINDS.includes(kind) ? t(`verify.change.kind.${kind}` as MessageKey) : kind;

const dateTime = (lang: string, iso: string) =>
  new Date(iso).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZoneName: 'short' });

export function SignatureCard({
  docId,
  verdict: v,
  index,
  onViewSigned,
  onShowChanges,
  changesOn = false,
  changesBusy = false,
  onAnnotation,
  selectedAnnotation,
}: {
  readonly docId: string;
  readonly verdict: Verdict;
  readonly index: number;
  readonly onViewSigned?: (() => void) | undefined;
  /** Toggles the red change marks; undefined when the signature covers the whole file. */
  readonly onShowChanges?: (() => void) | undefined;
  readonly changesOn?: boolean;
  readonly changesBusy?: boolean;
  /** Shows annotation `key` ("<modification>.<annotation>") outlined on its page. */
  readonly onAnnotation?: ((key: string, page: number) => void) | undefined;
  /** The annotation outlined as chosen, if it is one of this signature's. */
  readonly selectedAnnotation?: string | undefined;
}) {
  const t = useT();
  const lang = useLangStore((s) => s.lang);
  const sentence = lang === 'en' ? v.messageEn : v.messageZh;
  const indication = etsi(v.indication);
  const tone =
    indication === 'TOTAL-PASSED'
      ? 'passed'
      : indication === 'TOTAL-FAILED'
        ? 'failed'
        : 'indeterminate';
  return (
    <Card
      size="small"
      data-testid={`signature-${index}`}
      data-indication={indication}
      title={
        <Space>
          <StatusIcon indication={v.indication} />
          <span>
            {v.kind === 'timestamp' ? t('verify.kind.timestamp') : t('verify.kind.signature')}
            {v.field ? ` · ${v.field}` : ''}
          </span>
        </Space>
      }
      extra={
        <Tag color={tone === 'passed' ? 'green' : tone === 'failed' ? 'red' : 'gold'}>
          {t(`verify.status.${tone}`)}
        </Tag>
      }
    >
      <Typography.Paragraph data-testid="signature-sentence" style={{ marginBottom: 8 }}>
        {sentence}
      </Typography.Paragraph>
      <Descriptions size="small" column={1} styles={{ label: { width: 112 } }}>
        {v.signer && <Descriptions.Item label={t('verify.signer')}>{v.signer}</Descriptions.Item>}
        <Descriptions.Item label={t('verify.provenTime')}>
          {v.provenTime
            ? dateTime(lang, v.provenTime)
            : v.claimedTime
              ? t('verify.claimedOnly', { time: dateTime(lang, v.claimedTime) })
              : t('verify.noTime')}
        </Descriptions.Item>
        {v.level && <Descriptions.Item label={t('verify.level')}>{v.level}</Descriptions.Item>}
        <Descriptions.Item label={t('verify.coverage')}>
          {v.coversWholeFile ? t('verify.coversWhole') : t('verify.coversPart')}
        </Descriptions.Item>
        {v.subIndication && (
          <Descriptions.Item label={t('verify.subIndication')}>
            <Typography.Text code>{v.subIndication}</Typography.Text>
          </Descriptions.Item>
        )}
      </Descriptions>
      {v.modificationsAfter.length > 0 && (
        <>
          <Typography.Text strong>{t('verify.changesAfter')}</Typography.Text>
          <ul style={{ margin: '4px 0', paddingLeft: 18 }} data-testid="changes-after">
            {v.modificationsAfter.map((m, i) => (
              <li key={i}>
                <Tag color={m.allowed ? 'green' : 'red'}>
                  {m.allowed ? t('verify.change.allowed') : t('verify.change.notAllowed')}
                </Tag>
                {changeKind(t, m.kind)}
                {m.pages.length > 0 && (
                  <span>
                    {' '}
                    {t('verify.change.pages')}
                    {m.pages.map((p) => (
                      <Button key={p} type="link" size="small" onClick={() => goToPage(docId, p)}>
                        {p}
                      </Button>
                    ))}
                  </span>
                )}
                {m.annotations.length > 0 && (
                  <ul style={{ margin: '2px 0', paddingLeft: 16 }} data-testid="annotation-changes">
                    {m.annotations.map((a, j) => {
                      const key = `${i}.${j}`;
                      return (
                        <li
                          key={j}
                          data-testid="annotation-change"
                          data-page={a.page ?? ''}
                          data-subtype={a.subtype}
                          data-change={a.change}
                          data-allowed={a.allowed}
                          aria-current={selectedAnnotation === key ? 'true' : undefined}
                        >
                          <Tag color={a.allowed ? 'green' : 'red'}>
                            {a.allowed ? t('verify.change.allowed') : t('verify.change.notAllowed')}
                          </Tag>
                          {annotationLabel(t, a.subtype, a.change)}
                          {' · '}
                          {a.page === null ? (
                            t('verify.annot.noPage')
                          ) : (
                            <Button
                              type="link"
                              size="small"
                              style={{ padding: 0 }}
                              title={t('verify.annot.goTo', { page: a.page })}
                              data-testid="annotation-page"
                              onClick={() => {
                                if (a.page === null) return;
                                if (onAnnotation) onAnnotation(key, a.page);
                                else goToPage(docId, a.page);
                              }}
                            >
                              {t('verify.annot.page', { page: a.page })}
                            </Button>
                          )}
                        </li>
                      );
                    })}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {!v.coversWholeFile && (onViewSigned || onShowChanges) && (
        <Space wrap>
          {onViewSigned && (
            <Button size="small" onClick={onViewSigned} data-testid="view-signed">
              {t('verify.viewSigned')}
            </Button>
          )}
          {onShowChanges && (
            <Button
              size="small"
              loading={changesBusy}
              onClick={onShowChanges}
              data-testid="show-changes"
              aria-pressed={changesOn}
            >
              {changesOn ? t('verify.changes.hide') : t('verify.changes.show')}
            </Button>
          )}
        </Space>
      )}
    </Card>
  );
}
