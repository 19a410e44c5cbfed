/**
 * The signature list of the right pane: the document's overall verdict, then each signature and
 * document timestamp (signature-card.tsx), "Verify again", and export of the verification
 * report (HTML or PDF, zh-CN or English). Verification runs by itself when a signed document
 * is shown; the verdict is main's (the host's verifier), never recomputed here.
 */
import { Alert, App, Button, Dropdown, Empty, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { DocumentInfo, Lang } from '../../../../preload/contract';
import { useAction } from '../../app/use-action';
import { useDocumentsStore } from '../documents/documents-store';
import { useOpenDocument } from '../documents/use-open-document';
import { useLangStore, useT } from '../../i18n/i18n';
import { annotationMarks, useChangesStore } from './changes-store';
import { computeChanges } from './compute-changes';
import { goToPage } from './page-navigation';
import { SignatureCard } from './signature-card';
import { verificationApi } from './verification-api';
import { useVerificationStore } from './verification-store';

export function SignatureList({ info }: { readonly info: DocumentInfo | undefined }) {
  const t = useT();
  const lang = useLangStore((s) => s.lang);
  const { message } = App.useApp();
  const { run, busy } = useAction();
  const result = useVerificationStore((s) => (info ? s.results[info.docId] : undefined));
  const handle = useDocumentsStore((s) => s.docs.find((d) => d.docId === info?.docId));
  const { openRevision } = useOpenDocument();
  const changesFor = useChangesStore((s) => (info ? s.signature[info.docId] : undefined));
  const outlined = useChangesStore((s) => (info ? s.annotations[info.docId] : undefined));
  const [changesBusy, setChangesBusy] = useState<number | undefined>(undefined);

  const v = result?.verification;
  /** The outlines of signature `index`'s annotation changes, one of them chosen or none. */
  const outline = (docId: string, index: number, selected?: string) =>
    useChangesStore.getState().showAnnotations(docId, {
      signature: index,
      marks: annotationMarks(v?.signatures[index]?.modificationsAfter ?? []),
      selected,
    });

  const toggleChanges = (index: number, revisionLength: number, pages: number[]) =>
    info &&
    handle &&
    run(async () => {
      if (changesFor === index) {
        useChangesStore.getState().clear(info.docId);
        return;
      }
      // The analysis's annotations at once; the pixel comparison follows.
      useChangesStore.getState().clear(info.docId);
      outline(info.docId, index);
      setChangesBusy(index);
      try {
        const regions = await computeChanges(
          { docId: info.docId, path: handle.path, size: handle.size },
          revisionLength,
          pages,
        );
        useChangesStore.getState().set(info.docId, index, regions);
        const count = Object.keys(regions).length;
        void message.info(
          count === 0 ? t('verify.changes.none') : t('verify.changes.found', { count }),
        );
      } finally {
        setChangesBusy(undefined);
      }
    });

  const verify = (docId: string) =>
    run(async () =>
      useVerificationStore.getState().set(docId, await verificationApi.verify(docId)),
    );

  const isRevision = handle?.revisionLength !== undefined;
  useEffect(() => {
    if (isRevision) return;
    if (info && info.signatureCount > 0 && !useVerificationStore.getState().results[info.docId])
      void verify(info.docId);
  }, [info?.docId, info?.signatureCount]);

  const exportReport = (format: 'html' | 'pdf', reportLang: Lang) =>
    info &&
    run(async () => {
      const r = await verificationApi.report(info.docId, format, reportLang);
      void message.success({ content: t('verify.report.saved', { path: r.path }), duration: 10 });
    });

  if (!info)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('signatures.noDocument')} />;
  // A signed revision opened read-only: main verifies files, not prefixes, so its verdict is
  // the full document's (shown in that tab), not repeated here as if it were this view's.
  if (isRevision)
    return (
      <Alert type="info" showIcon title={t('verify.revisionTab')} data-testid="revision-note" />
    );
  if (info.signatureCount === 0)
    return (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={t('signatures.none')}
        data-testid="signatures-empty"
      />
    );

  const outcome = v?.outcome;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="signatures-panel">
      <Typography.Text>{t('signatures.count', { count: info.signatureCount })}</Typography.Text>
      {v && (
        <Alert
          data-testid="verification-outcome"
          data-outcome={outcome}
          type={
            outcome === 'passed'
              ? 'success'
              : outcome === 'failed' || outcome === 'unreadable'
                ? 'error'
                : 'warning'
          }
          showIcon
          title={t(`verify.outcome.${outcome ?? 'indeterminate'}`)}
          description={v.error?.message}
        />
      )}
      {v?.signatures.map((s, i) => (
        <SignatureCard
          key={i}
          docId={info.docId}
          verdict={s}
          index={i}
          onViewSigned={
            handle && !handle.revisionLength && result?.revisionLengths?.[i]
              ? () => void openRevision(handle.path, result.revisionLengths?.[i] ?? 0)
              : undefined
          }
          onShowChanges={
            handle && !handle.revisionLength && result?.revisionLengths?.[i]
              ? () =>
                  void toggleChanges(
                    i,
                    result.revisionLengths?.[i] ?? 0,
                    s.modificationsAfter.flatMap((m) => m.pages),
                  )
              : undefined
          }
          changesOn={changesFor === i}
          changesBusy={changesBusy === i}
          onAnnotation={(key, page) => {
            // One signature's changes at a time: another's red boxes give way.
            if (changesFor !== undefined && changesFor !== i)
              useChangesStore.getState().clear(info.docId);
            outline(info.docId, i, key);
            goToPage(info.docId, page);
          }}
          selectedAnnotation={outlined?.signature === i ? outlined.selected : undefined}
        />
      ))}
      <Space wrap>
        <Button loading={busy} onClick={() => void verify(info.docId)} data-testid="verify-again">
          {busy ? t('signatures.verifying') : result ? t('verify.again') : t('signatures.verify')}
        </Button>
        <Dropdown
          trigger={['click']}
          disabled={busy}
          menu={{
            items: (['html', 'pdf'] as const).flatMap((f) =>
              (['zh-CN', 'en'] as const).map((l) => ({
                key: `${f}-${l}`,
                label: t('verify.report.item', { format: f.toUpperCase(), lang: t(`lang.${l}`) }),
                onClick: () => void exportReport(f, l),
              })),
            ),
          }}
        >
          <Button data-testid="export-report">{t('verify.report.export')}</Button>
        </Dropdown>
      </Space>
      {lang && v && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('verify.validatedAt', {
            time: new Date(v.validationTime).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN'),
          })}
        </Typography.Text>
      )}
    </Space>
  );
}
