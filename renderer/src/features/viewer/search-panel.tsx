/**
 * The search panel (left pane): a search box (Ctrl+F focuses it), progress with cancel, and the
 * hits as a list; choosing a hit goes to its page and highlights the words there.
 *
 * Owns: running one search at a time per document. Must never: block the page (the search
 * runs page by page in the pdf.js worker) or keep searching a closed document.
 */
import { Button, Empty, Input, List, Progress, Typography, type InputRef } from 'antd';
import { useEffect, useRef } from 'react';
import type { DocumentInfo } from '../../../../preload/contract';
import { useT } from '../../i18n/i18n';
import { searchDocument, MAX_HITS } from './text-search';
import { usePdf } from './use-pdf';
import { viewerHandle } from './viewer-api';
import { EMPTY_SEARCH, useViewerStore } from './viewer-store';

const running = new Map<string, AbortController>();

export function SearchPanel({
  info,
  size,
}: {
  readonly info: DocumentInfo;
  readonly size: number;
}) {
  const t = useT();
  const docId = info.docId;
  const { pdf } = usePdf(docId, size);
  const search = useViewerStore((s) => s.searches[docId] ?? EMPTY_SEARCH);
  const patch = useViewerStore((s) => s.patchSearch);
  const focus = useViewerStore((s) => s.searchFocus);
  const input = useRef<InputRef>(null);

  useEffect(() => {
    input.current?.focus({ cursor: 'all' });
  }, [focus, pdf]);
  useEffect(() => () => running.get(docId)?.abort(), [docId]);

  const start = (query: string) => {
    running.get(docId)?.abort();
    const q = query.trim();
    patch(docId, { ...EMPTY_SEARCH, query });
    if (!q || !pdf) return;
    const ctl = new AbortController();
    running.set(docId, ctl);
    patch(docId, { running: true, total: pdf.numPages });
    searchDocument(pdf, q, ctl.signal, (p) => patch(docId, { done: p.done, hits: p.hits }))
      .then(() => patch(docId, { running: false, finished: true, cancelled: ctl.signal.aborted }))
      .catch(() => patch(docId, { running: false, finished: true, cancelled: true }));
  };
  const cancel = () => running.get(docId)?.abort();

  return (
    <div className="sd-side" style={{ padding: 8, gap: 8 }} data-testid="search-panel">
      <Input.Search
        ref={input}
        allowClear
        defaultValue={search.query}
        placeholder={t('search.placeholder')}
        aria-label={t('search.label')}
        enterButton={t('search.submit')}
        onSearch={start}
        loading={!pdf}
        data-testid="search-input"
      />
      {search.running && (
        <div data-testid="search-progress">
          <Progress
            percent={Math.floor((search.done / Math.max(1, search.total)) * 100)}
            size="small"
            status="active"
          />
          <Typography.Text type="secondary">
            {t('search.progress', { done: search.done, total: search.total })}
          </Typography.Text>{' '}
          <Button size="small" onClick={cancel} data-testid="search-cancel">
            {t('search.cancel')}
          </Button>
        </div>
      )}
      {search.finished && (
        <Typography.Text type="secondary" data-testid="search-summary">
          {search.cancelled
            ? t('search.cancelled', { count: search.hits.length, done: search.done })
            : search.hits.length >= MAX_HITS
              ? t('search.tooMany', { count: search.hits.length })
              : t('search.found', { count: search.hits.length })}
        </Typography.Text>
      )}
      {search.finished && search.hits.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('search.none')} />
      ) : (
        <div style={{ flex: 1, minHeight: 0, overflow: 'auto' }}>
          <List
            size="small"
            dataSource={[...search.hits]}
            renderItem={(h, k) => (
              <List.Item key={k} style={{ padding: 0 }}>
                <Button
                  type="text"
                  block
                  style={{ textAlign: 'left', height: 'auto', whiteSpace: 'normal' }}
                  data-testid="search-hit"
                  onClick={() => {
                    patch(docId, { highlight: search.query.trim() });
                    viewerHandle(docId)?.scrollToPage(h.page);
                  }}
                >
                  <Typography.Text strong>{t('search.hitPage', { page: h.page })}</Typography.Text>{' '}
                  {h.snippet}
                </Button>
              </List.Item>
            )}
          />
        </div>
      )}
    </div>
  );
}
