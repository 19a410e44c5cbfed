/**
 * Choosing the signing identity: every key on every token the drivers see (with the token's
 * PIN flags) and every PKCS#12 file added on the identities page. An empty state sends the
 * person to the identities page.
 */
import { Button, Empty, Select, Space, Typography } from 'antd';
import { useEffect } from 'react';
import type { Identities, IdentityRef } from '../../../../preload/contract';
import { useAction } from '../../app/use-action';
import { useUiStore } from '../../app/ui-store';
import { useT } from '../../i18n/i18n';
import { PinFlagsTags } from '../tokens/pin-flags-tags';
import { useTokensStore } from '../tokens/tokens-store';
import { useSigningStore } from './signing-store';

export const identityKey = (r: IdentityRef): string =>
  r.kind === 'p12' ? `p12:${r.path}` : `pkcs11:${r.modulePath}\n${r.tokenLabel}\n${r.keyIdHex}`;

export function identityOptions(ids: Identities | undefined) {
  const tokens = (ids?.modules ?? []).flatMap((m) =>
    m.tokens.flatMap((tok) =>
      tok.keys.map((k) => ({
        ref: {
          kind: 'pkcs11' as const,
          modulePath: tok.modulePath,
          tokenLabel: tok.label,
          keyIdHex: k.keyIdHex,
        },
        label: `${tok.label} / ${k.keyLabel ?? k.keyIdHex}`,
        subject: k.certificate.subject,
        pin: tok.pin,
      })),
    ),
  );
  const p12 = (ids?.p12 ?? []).map((p) => ({
    ref: { kind: 'p12' as const, path: p.path },
    label: p.name,
    subject: p.certificate.subject,
    pin: undefined,
  }));
  return { tokens, p12 };
}

export function IdentitySelect() {
  const t = useT();
  const { run, busy } = useAction();
  const identities = useTokensStore((s) => s.identities);
  const identity = useSigningStore((s) => s.identity);
  const go = useUiStore((s) => s.go);

  useEffect(() => {
    void run(() => useTokensStore.getState().reload());
  }, []);

  const { tokens, p12 } = identityOptions(identities);
  const all = [...tokens, ...p12];
  const chosen = all.find((o) => identity && identityKey(o.ref) === identityKey(identity));

  if (identities && all.length === 0)
    return (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sign.identity.empty')}>
        <Button onClick={() => go('identities')}>{t('sign.identity.manage')}</Button>
      </Empty>
    );

  const option = (o: (typeof all)[number]) => ({
    value: identityKey(o.ref),
    label: (
      <span title={o.subject}>
        {o.label} <Typography.Text type="secondary">{o.subject}</Typography.Text>
      </span>
    ),
  });

  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }}>
      <Select
        data-testid="identity-select"
        classNames={{ popup: { root: 'identity-select-popup' } }}
        aria-label={t('sign.identity.label')}
        placeholder={t('sign.identity.placeholder')}
        loading={busy && !identities}
        style={{ width: '100%' }}
        value={chosen ? identityKey(chosen.ref) : null}
        onChange={(v: string) =>
          useSigningStore.getState().setIdentity(all.find((o) => identityKey(o.ref) === v)?.ref)
        }
        options={[
          ...(tokens.length
            ? [{ label: t('sign.identity.tokens'), options: tokens.map(option) }]
            : []),
          ...(p12.length ? [{ label: t('sign.identity.p12'), options: p12.map(option) }] : []),
        ]}
      />
      {chosen?.pin && (
        <div>
          <PinFlagsTags pin={chosen.pin} />
        </div>
      )}
    </Space>
  );
}
