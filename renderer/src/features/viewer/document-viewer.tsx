/**
 * The document view (centre pane). PLACEHOLDER: the viewer issue replaces this component with
 * the pdf.js range-loading, virtualised viewer; keep the props (docId and its info).
 * Owns: showing one open document. Must never: ask main for the whole file.
 */
import { Empty, Spin } from 'antd';
import type { DocumentInfo } from '../../../../preload/contract';
import { useT } from '../../i18n/i18n';

export interface DocumentViewerProps {
  readonly docId: string;
  readonly info: DocumentInfo | undefined;
}

export function DocumentViewer({ docId, info }: DocumentViewerProps) {
  const t = useT();
  if (!info) return <Spin tip={t('viewer.loading')} data-testid={`viewer-${docId}`} />;
  return (
    <Empty
      data-testid="viewer-placeholder"
      description={t('viewer.placeholder', { name: info.name, pages: info.pageCount })}
    />
  );
}
