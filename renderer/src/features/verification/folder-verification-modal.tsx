/**
 * Verify a whole folder into a table (the archivist's check): a folder path (sub-folders on
 * request), progress per file (verify.progress), then one row per PDF with its overall verdict,
 * signers and signing times; filters by verdict, signer and date; a row opens the document.
 *
 * Owns: the folder dialog's local state. Must never: judge a file itself (main's verdicts only).
 */
import {
  Button,
  Checkbox,
  DatePicker,
  Empty,
  Input,
  Modal,
  Progress,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { Output } from '../../../../preload/contract';
import { contractClient, invoke } from '../../app/contract-client';
import { useAction } from '../../app/use-action';
import { useLangStore, useT } from '../../i18n/i18n';
import { useOpenDocument } from '../documents/use-open-document';

type Row = Output<'verify.folder'>['results'][number];
type Outcome = Row['verification']['outcome'];
const OUTCOMES: Outcome[] = ['passed', 'failed', 'indeterminate', 'unsigned', 'unreadable'];
const COLOR: Record<Outcome, string> = {
  passed: 'green',
  failed: 'red',
  indeterminate: 'gold',
  unsigned: 'default',
  unreadable: 'volcano',
};

const timeOf = (s: Row['verification']['signatures'][number]) => s.provenTime ?? s.claimedTime;

export function FolderVerificationModal({
  open,
  onClose,
}: {
  readonly open: boolean;
  readonly onClose: () => void;
}) {
  const t = useT();
  const lang = useLangStore((s) => s.lang);
  const { run, busy } = useAction();
  const { openPath } = useOpenDocument();
  const [path, setPath] = useState('');
  const [recursive, setRecursive] = useState(false);
  const [rows, setRows] = useState<Row[] | undefined>(undefined);
  const [progress, setProgress] = useState<{ done: number; total: number } | undefined>();
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const [signer, setSigner] = useState('');
  const [range, setRange] = useState<[string, string] | undefined>(undefined);

  useEffect(
    () =>
      contractClient.on('verify.progress', (p) => setProgress({ done: p.done, total: p.total })),
    [],
  );

  const verify = () =>
    run(async () => {
      setRows(undefined);
      setProgress(undefined);
      const r = await invoke('verify.folder', { path: path.trim(), recursive });
      setRows(r.results);
    });

  const shown = useMemo(
    () =>
      (rows ?? []).filter((r) => {
        const v = r.verification;
        if (outcomes.length > 0 && !outcomes.includes(v.outcome)) return false;
        const needle = signer.trim().toLowerCase();
        if (needle && !v.signatures.some((s) => (s.signer ?? '').toLowerCase().includes(needle)))
          return false;
        if (range) {
          const [from, to] = range.map((d) => new Date(d).getTime()) as [number, number];
          const inRange = v.signatures.some((s) => {
            const at = timeOf(s);
            const ms = at ? new Date(at).getTime() : NaN;
            return ms >= from && ms <= to + 86_400_000;
          });
          if (!inRange) return false;
        }
        return true;
      }),
    [rows, outcomes, signer, range],
  );

  const date = (iso: string) => new Date(iso).toLocaleDateString(lang === 'en' ? 'en-GB' : 'zh-CN');

  return (
    <Modal
      open={open}
      title={t('verify.folder.title')}
      width={980}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space.Compact style={{ width: '100%' }}>
          <Input
            autoFocus
            aria-label={t('verify.folder.path')}
            placeholder={t('verify.folder.pathPlaceholder')}
            value={path}
            onChange={(e) => setPath(e.target.value)}
            onPressEnter={() => path.trim() && void verify()}
            data-testid="folder-path"
          />
          <Button
            type="primary"
            loading={busy}
            disabled={!path.trim()}
            onClick={() => void verify()}
          >
            {t('verify.folder.run')}
          </Button>
        </Space.Compact>
        <Checkbox checked={recursive} onChange={(e) => setRecursive(e.target.checked)}>
          {t('verify.folder.recursive')}
        </Checkbox>
        {busy && progress && (
          <Progress
            percent={Math.floor((100 * progress.done) / Math.max(1, progress.total))}
            format={() => `${progress.done} / ${progress.total}`}
          />
        )}
        {rows && rows.length === 0 && (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('verify.folder.empty')} />
        )}
        {rows && rows.length > 0 && (
          <>
            <Space wrap>
              <Select
                mode="multiple"
                allowClear
                style={{ minWidth: 220 }}
                aria-label={t('verify.folder.filterOutcome')}
                placeholder={t('verify.folder.filterOutcome')}
                value={outcomes}
                onChange={setOutcomes}
                options={OUTCOMES.map((o) => ({
                  value: o,
                  label: t(`verify.folder.outcome.${o}`),
                }))}
              />
              <Input
                allowClear
                style={{ width: 200 }}
                aria-label={t('verify.folder.filterSigner')}
                placeholder={t('verify.folder.filterSigner')}
                value={signer}
                onChange={(e) => setSigner(e.target.value)}
              />
              <DatePicker.RangePicker
                aria-label={t('verify.folder.filterDate')}
                onChange={(_, s) => setRange(s[0] && s[1] ? [s[0], s[1]] : undefined)}
              />
              <Typography.Text type="secondary">
                {t('verify.folder.count', { shown: shown.length, total: rows.length })}
              </Typography.Text>
            </Space>
            <Table
              size="small"
              rowKey="file"
              data-testid="folder-table"
              dataSource={shown}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              columns={[
                {
                  title: t('verify.folder.file'),
                  dataIndex: 'name',
                  render: (name: string, r) => (
                    <Button
                      type="link"
                      size="small"
                      onClick={() => void openPath(r.file)}
                      title={r.file}
                    >
                      {name}
                    </Button>
                  ),
                  sorter: (a, b) => a.name.localeCompare(b.name),
                },
                {
                  title: t('verify.folder.verdict'),
                  render: (_, r) => (
                    <Tag color={COLOR[r.verification.outcome]}>
                      {t(`verify.folder.outcome.${r.verification.outcome}`)}
                    </Tag>
                  ),
                },
                {
                  title: t('verify.signer'),
                  render: (_, r) =>
                    r.verification.signatures
                      .map((s) => s.signer)
                      .filter(Boolean)
                      .join('; ') || '—',
                },
                {
                  title: t('verify.folder.date'),
                  render: (_, r) =>
                    r.verification.signatures
                      .map(timeOf)
                      .filter((x): x is string => x !== null)
                      .map(date)
                      .join('; ') || '—',
                },
                {
                  title: t('verify.folder.why'),
                  render: (_, r) =>
                    r.verification.error?.message ??
                    r.verification.signatures
                      .filter((s) => !/PASSED/.test(s.indication))
                      .map((s) => s.message)
                      .join(' ') ??
                    '',
                },
              ]}
            />
          </>
        )}
      </Space>
    </Modal>
  );
}
