/**
 * The signing tab of the right panel: identity, seal (dragged onto the page), placements,
 * cross-page seal, date stamp, level, reason, then "Sign…" which asks main for the intent to
 * confirm. Batch signing of several documents starts here too.
 *
 * Owns: the draft's controls. Must never: touch a key or a secret (the dialogs do, once).
 */
import {
  Alert,
  Button,
  Checkbox,
  Divider,
  Empty,
  Input,
  List,
  Radio,
  Space,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import type { DocumentInfo } from '../../../../preload/contract';
import { useAction } from '../../app/use-action';
import { useUiStore } from '../../app/ui-store';
import { useT } from '../../i18n/i18n';
import { SealImage } from '../seals/seal-image';
import { useSealsStore } from '../seals/seals-store';
import type { PageGeometry } from './page-geometry';
import { PLACEMENT_MIME, placeOnPage } from './placement-overlay';
import { DraftProblem, prepareInputOf, prepareIntent, type DraftForPrepare } from './sign-flow';
import { signingApi } from './signing-api';
import { levelChoices } from './signing-levels';
import { SigningPagePreview } from './signing-page-preview';
import { useSigningStore } from './signing-store';
import { IdentitySelect } from './identity-select';
import { viewerHandle } from '../viewer/viewer-api';
import { BatchSignModal } from './batch-sign-modal';

const EMPTY: never[] = [];

export function SigningPanel({ info }: { readonly info: DocumentInfo }) {
  const t = useT();
  const { run, busy } = useAction();
  const go = useUiStore((s) => s.go);
  const seals = useSealsStore((s) => s.seals);
  const sealsLoaded = useSealsStore((s) => s.loaded);
  const previews = useSealsStore((s) => s.previews);
  const st = useSigningStore();
  const placements = useSigningStore((s) => s.placements[info.docId] ?? EMPTY);
  const [page, setPage] = useState(() => viewerHandle(info.docId)?.currentPage() ?? 1);
  const [geometry, setGeometry] = useState<PageGeometry | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [batchOpen, setBatchOpen] = useState(false);
  const [tsaCount, setTsaCount] = useState(0);

  const shownPage = useUiStore((s) => s.page);

  useEffect(() => {
    void run(() => useSealsStore.getState().reload());
  }, []);
  useEffect(() => {
    // Again whenever the documents page shows: a TSA may have been added in Settings meanwhile.
    if (shownPage === 'documents')
      void run(async () => setTsaCount((await signingApi.tsaList()).tsas.length));
  }, [shownPage]);
  useEffect(() => {
    // A level that needs a TSA falls back to B-B when none is configured any more.
    if (tsaCount === 0 && st.level !== 'B-B') st.setLevel('B-B');
  }, [tsaCount, st]);
  useEffect(() => {
    if (!st.sealId && seals[0]) st.setSeal(seals[0].id);
  }, [seals, st]);

  const dateOn = placements.some((p) => p.kind === 'date');
  const sealCount = placements.filter((p) => p.kind === 'seal').length;
  const needsSeal = sealCount > 0 || st.pagingSeal.enabled;
  const ready = st.identity !== undefined && (!needsSeal || st.sealId !== undefined);

  const sign = (documents: DraftForPrepare['documents']) =>
    run(async () => {
      setProblem(undefined);
      if (!st.identity) return;
      try {
        const input = prepareInputOf({
          documents,
          identity: st.identity,
          sealId: st.sealId,
          placements,
          pagingSeal: st.pagingSeal,
          pageCount: info.pageCount,
          level: st.level,
          reason: st.reason,
        });
        await prepareIntent(signingApi, input);
      } catch (e) {
        if (e instanceof DraftProblem) setProblem(t(e.key));
        else throw e;
      }
    });

  const center = (g: PageGeometry) => ({ x: g.widthMm * 0.72, y: g.heightMm * 0.82 });

  return (
    <Space
      orientation="vertical"
      size="small"
      style={{ width: '100%' }}
      data-testid="signing-panel"
    >
      <Typography.Text strong>{t('sign.identity.title')}</Typography.Text>
      <IdentitySelect />

      <Divider style={{ margin: '8px 0' }} />
      <Typography.Text strong>{t('sign.seal.title')}</Typography.Text>
      {sealsLoaded && seals.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sign.seal.empty')}>
          <Button onClick={() => go('seals')}>{t('sign.seal.manage')}</Button>
        </Empty>
      ) : (
        <Radio.Group
          value={st.sealId}
          onChange={(e) => st.setSeal(e.target.value as string)}
          aria-label={t('sign.seal.title')}
          style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}
        >
          {seals.map((s) => (
            <Radio key={s.id} value={s.id} style={{ alignItems: 'center' }}>
              <div
                draggable
                data-testid={`seal-chip-${s.name}`}
                title={t('sign.seal.dragHint')}
                onDragStart={(e) => {
                  st.setSeal(s.id);
                  e.dataTransfer.setData(PLACEMENT_MIME, 'seal');
                  e.dataTransfer.effectAllowed = 'copy';
                }}
                style={{ cursor: 'grab', display: 'flex', alignItems: 'center', gap: 4 }}
              >
                {previews[s.id] && (
                  <span style={{ width: 40, height: 40, display: 'inline-block' }}>
                    <SealImage svg={previews[s.id] ?? ''} alt={s.name} fill />
                  </span>
                )}
                <span style={{ maxWidth: 110, overflow: 'hidden', textOverflow: 'ellipsis' }}>
                  {s.name}
                </span>
              </div>
            </Radio>
          ))}
        </Radio.Group>
      )}
      <Space wrap>
        <span
          draggable
          data-testid="date-chip"
          title={t('sign.seal.dragHint')}
          onDragStart={(e) => {
            e.dataTransfer.setData(PLACEMENT_MIME, 'date');
            e.dataTransfer.effectAllowed = 'copy';
          }}
          style={{
            cursor: 'grab',
            border: '1px dashed #c41d1d',
            color: '#c41d1d',
            padding: '0 6px',
          }}
        >
          {t('sign.placement.dateText')}
        </span>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('sign.seal.dragHint')}
        </Typography.Text>
      </Space>

      <SigningPagePreview
        info={info}
        page={page}
        onPage={setPage}
        onGeometry={setGeometry}
        showSheet={viewerHandle(info.docId) === undefined}
      />
      <Space wrap>
        <Button
          size="small"
          disabled={!geometry || !st.sealId}
          onClick={() => {
            if (!geometry) return;
            const c = center(geometry);
            placeOnPage(info.docId, geometry, 'seal', c.x, c.y);
          }}
        >
          {t('sign.placement.addSeal')}
        </Button>
        <Button
          size="small"
          disabled={!geometry}
          onClick={() => {
            if (!geometry) return;
            const c = center(geometry);
            placeOnPage(
              info.docId,
              geometry,
              'date',
              c.x,
              Math.min(geometry.heightMm - 5, c.y + 25),
            );
          }}
        >
          {dateOn ? t('sign.placement.moveDate') : t('sign.placement.addDate')}
        </Button>
      </Space>

      {placements.length > 0 && (
        <List
          size="small"
          bordered
          data-testid="placement-list"
          dataSource={[...placements]}
          renderItem={(p) => (
            <List.Item
              actions={[
                <Button
                  key="remove"
                  type="link"
                  size="small"
                  onClick={() => st.removePlacement(info.docId, p.id)}
                >
                  {t('sign.placement.remove')}
                </Button>,
              ]}
            >
              <Typography.Text
                style={{ cursor: 'pointer', fontWeight: st.selected === p.id ? 600 : 400 }}
                onClick={() => {
                  setPage(p.page);
                  st.select(p.id);
                  viewerHandle(info.docId)?.scrollToPage(p.page);
                }}
              >
                {p.kind === 'seal'
                  ? t('sign.placement.sealItem', {
                      page: p.page,
                      x: Math.round(p.xMm),
                      y: Math.round(p.yMm),
                      size: Math.round(p.widthMm),
                    })
                  : t('sign.placement.dateItem', {
                      page: p.page,
                      x: Math.round(p.xMm),
                      y: Math.round(p.yMm),
                    })}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('sign.placement.keys')}
      </Typography.Text>

      <Checkbox
        checked={st.pagingSeal.enabled}
        onChange={(e) => st.setPagingSeal({ enabled: e.target.checked })}
        disabled={info.pageCount < 2}
      >
        {t('sign.paging.label')}
      </Checkbox>
      {st.pagingSeal.enabled && (
        <Space orientation="vertical" style={{ paddingLeft: 24 }}>
          <Radio.Group
            value={st.pagingSeal.pages}
            onChange={(e) => st.setPagingSeal({ pages: e.target.value as 'all' | 'range' })}
          >
            <Radio value="all">{t('sign.paging.all')}</Radio>
            <Radio value="range">{t('sign.paging.range')}</Radio>
          </Radio.Group>
          {st.pagingSeal.pages === 'range' && (
            <Input
              size="small"
              aria-label={t('sign.paging.range')}
              placeholder={t('sign.paging.rangePlaceholder', { count: info.pageCount })}
              value={st.pagingSeal.range}
              onChange={(e) => st.setPagingSeal({ range: e.target.value })}
            />
          )}
        </Space>
      )}

      <Divider style={{ margin: '8px 0' }} />
      <Typography.Text strong id="sd-level">
        {t('sign.level.title')}
      </Typography.Text>
      <Radio.Group
        aria-labelledby="sd-level"
        value={st.level}
        onChange={(e) => st.setLevel(e.target.value as typeof st.level)}
        style={{ display: 'flex', flexDirection: 'column', gap: 2 }}
      >
        {levelChoices(tsaCount).map((l) => (
          <Tooltip key={l.level} title={l.unavailable ? t(l.unavailable) : t(l.describe)}>
            <Radio value={l.level} disabled={l.unavailable !== undefined}>
              {l.level}{' '}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {l.unavailable ? t(l.unavailable) : t(l.describe)}
              </Typography.Text>
            </Radio>
          </Tooltip>
        ))}
      </Radio.Group>
      {tsaCount === 0 && (
        <Button
          type="link"
          size="small"
          data-testid="configure-tsa"
          style={{ padding: 0, alignSelf: 'flex-start' }}
          onClick={() => go('settings')}
        >
          {t('sign.level.configureTsa')}
        </Button>
      )}
      <Input
        aria-label={t('sign.reason.label')}
        placeholder={t('sign.reason.placeholder')}
        value={st.reason}
        maxLength={500}
        onChange={(e) => st.setReason(e.target.value)}
        data-testid="sign-reason"
      />
      {problem && <Alert type="error" title={problem} showIcon />}
      {!st.identity && <Alert type="info" title={t('sign.hint.identity')} showIcon />}
      {st.identity && sealCount === 0 && !dateOn && (
        <Alert type="info" title={t('sign.hint.noPlacement')} showIcon />
      )}
      <Space wrap>
        <Button
          type="primary"
          data-testid="sign-start"
          disabled={!ready}
          loading={busy}
          onClick={() => void sign([{ docId: info.docId }])}
        >
          {t('sign.start')}
        </Button>
        <Button disabled={!ready} onClick={() => setBatchOpen(true)} data-testid="sign-batch">
          {t('sign.batch.open')}
        </Button>
      </Space>
      <BatchSignModal
        open={batchOpen}
        activeDocId={info.docId}
        onClose={() => setBatchOpen(false)}
        onSign={(refs) => {
          setBatchOpen(false);
          void sign(refs);
        }}
      />
    </Space>
  );
}
