/**
 * The right pane of the documents page (the layout mounts this): two tabs, "Signatures"
 * (signature-list.tsx: the verification of the active document) and "Sign" (the signing draft,
 * features/signing), plus the signing dialogs and the placement overlay on the viewer's pages.
 * A finished signing run switches back to Signatures, where the signed copy's verdict shows.
 */
import { Button, Space, Tabs } from 'antd';
import { useEffect, useState } from 'react';
import type { DocumentInfo } from '../../../../preload/contract';
import { useT } from '../../i18n/i18n';
import { SigningDialogs } from '../signing/signing-dialogs';
import { registerSigningOverlay } from '../signing/signing-page-overlay';
import { SigningPanel } from '../signing/signing-panel';
import { useSigningStore } from '../signing/signing-store';
import { useDocumentsStore } from '../documents/documents-store';
import { registerChangesOverlay } from './changes-overlay';
import { FolderVerificationModal } from './folder-verification-modal';
import { SignatureList } from './signature-list';

export function SignaturesPanel({ info }: { readonly info: DocumentInfo | undefined }) {
  const t = useT();
  const [tab, setTab] = useState<'signatures' | 'sign'>('signatures');
  const [folderOpen, setFolderOpen] = useState(false);
  const step = useSigningStore((s) => s.step);
  // A signed revision (read-only view) is never signed: main would sign the whole file.
  const isRevision = useDocumentsStore(
    (s) => s.docs.find((d) => d.docId === info?.docId)?.revisionLength !== undefined,
  );
  useEffect(() => {
    if (isRevision) setTab('signatures');
  }, [isRevision]);
  useEffect(() => {
    if (step === 'done') setTab('signatures');
  }, [step]);
  // Seals show on the viewer's pages always; the pages take drops only while signing.
  useEffect(() => registerSigningOverlay(tab === 'sign'), [tab]);
  useEffect(() => registerChangesOverlay(), []);
  return (
    <section
      aria-label={t('sign.side.label')}
      style={{ padding: '0 12px 12px', height: '100%', overflow: 'auto' }}
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as 'signatures' | 'sign')}
        items={[
          {
            key: 'signatures',
            label: t('signatures.title'),
            children: (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <SignatureList info={info} />
                <Button
                  type="dashed"
                  block
                  onClick={() => setFolderOpen(true)}
                  data-testid="verify-folder"
                >
                  {t('verify.folder.open')}
                </Button>
              </Space>
            ),
          },
          {
            key: 'sign',
            label: <span data-testid="tab-sign">{t('sign.side.sign')}</span>,
            disabled: !info || isRevision,
            children: info ? <SigningPanel info={info} /> : null,
          },
        ]}
      />
      <SigningDialogs />
      <FolderVerificationModal open={folderOpen} onClose={() => setFolderOpen(false)} />
    </section>
  );
}
