/**
 * The PIN (token) or passphrase (PKCS#12) dialog, shown after the intent is confirmed, with
 * the token's PIN flags (PKCS#11 CK_TOKEN_INFO: CKF_USER_PIN_COUNT_LOW / FINAL_TRY / LOCKED):
 * tries low -> a warning; final try -> an explicit extra confirmation; locked -> no field, an
 * explanation. A wrong PIN shows main's message and the token's flags read again.
 *
 * Owns: the secret, in THIS component's state only; it is handed to sign.run once and the field
 * is cleared at once. Must never: put the secret in a store, a log, an error or the DOM after
 * submit.
 */
import { Alert, Button, Checkbox, Form, Input, Modal, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { PinFlags } from '../../../../preload/contract';
import { useT } from '../../i18n/i18n';
import { PinFlagsTags } from '../tokens/pin-flags-tags';
import { tokensApi } from '../tokens/tokens-api';
import { useTokensStore } from '../tokens/tokens-store';
import { closeFlow, runWithSecret } from './sign-flow';
import { signingApi } from './signing-api';
import { useSigningStore } from './signing-store';

export function SecretDialog() {
  const t = useT();
  const step = useSigningStore((s) => s.step);
  const intent = useSigningStore((s) => s.intent);
  const identity = useSigningStore((s) => s.identity);
  const [secret, setSecret] = useState('');
  const [finalOk, setFinalOk] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [flags, setFlags] = useState<PinFlags | null>(null);
  const [busy, setBusy] = useState(false);
  const started = useSigningStore((s) => Object.keys(s.progress).length > 0);
  // Stays open while the token checks the PIN: a wrong PIN comes back here without a flicker;
  // the progress dialog takes over once the first document starts.
  const open = intent !== undefined && (step === 'secret' || (step === 'running' && !started));

  useEffect(() => {
    if (!open) {
      setSecret('');
      setError(undefined);
      setFinalOk(false);
    } else setFlags(intent.pin);
  }, [open, intent]);

  if (!intent) return null;
  const kind = intent.secretKind;
  const locked = flags?.locked === true;
  const finalTry = flags?.finalTry === true;

  const refreshFlags = async () => {
    const ids = await tokensApi.list().catch(() => undefined);
    if (!ids) return;
    useTokensStore.setState({ identities: ids });
    if (identity?.kind !== 'pkcs11') return;
    const tok = ids.modules
      .flatMap((m) => m.tokens)
      .find((x) => x.modulePath === identity.modulePath && x.label === identity.tokenLabel);
    if (tok) setFlags(tok.pin);
  };

  const submit = async () => {
    const once = kind === 'none' ? undefined : secret;
    setSecret('');
    setError(undefined);
    setBusy(true);
    try {
      await runWithSecret(signingApi, intent.intentId, once, finalOk);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      await refreshFlags();
    } finally {
      setBusy(false);
    }
  };

  const label = kind === 'passphrase' ? t('sign.secret.passphrase') : t('sign.secret.pin');
  return (
    <Modal
      open={open}
      title={kind === 'passphrase' ? t('sign.secret.titleP12') : t('sign.secret.titlePin')}
      onCancel={() => void closeFlow(signingApi)}
      maskClosable={false}
      destroyOnHidden
      footer={null}
    >
      <Space orientation="vertical" style={{ width: '100%' }} data-testid="secret-dialog">
        <Typography.Text>
          {t('sign.secret.for', { identity: intent.identity.label })}
        </Typography.Text>
        {flags && (
          <div data-testid="pin-flags">
            <PinFlagsTags pin={flags} />
          </div>
        )}
        {error && (
          <Alert
            type="error"
            showIcon
            data-testid="secret-error"
            title={error}
            description={kind === 'pin' ? t('sign.secret.wrongHint') : undefined}
          />
        )}
        {locked ? (
          <Alert
            type="error"
            showIcon
            data-testid="secret-locked"
            title={t('sign.secret.locked')}
          />
        ) : (
          <Form layout="vertical" onFinish={() => void submit()}>
            {flags?.countLow && !finalTry && (
              <Alert
                type="warning"
                showIcon
                title={t('sign.secret.countLow')}
                style={{ marginBottom: 12 }}
              />
            )}
            {finalTry && (
              <Alert
                type="error"
                showIcon
                style={{ marginBottom: 12 }}
                title={t('sign.secret.finalTry')}
                description={
                  <Checkbox
                    checked={finalOk}
                    onChange={(e) => setFinalOk(e.target.checked)}
                    data-testid="final-try-ok"
                  >
                    {t('sign.secret.finalTryConfirm')}
                  </Checkbox>
                }
              />
            )}
            {kind === 'none' ? (
              <Typography.Paragraph>{t('sign.secret.pad')}</Typography.Paragraph>
            ) : (
              <Form.Item label={label} required>
                <Input.Password
                  autoFocus
                  autoComplete="off"
                  aria-label={label}
                  data-testid="secret-input"
                  value={secret}
                  onChange={(e) => setSecret(e.target.value)}
                />
              </Form.Item>
            )}
            <Space>
              <Button onClick={() => void closeFlow(signingApi)}>{t('common.cancel')}</Button>
              <Button
                type="primary"
                htmlType="submit"
                loading={busy}
                data-testid="secret-submit"
                disabled={(kind !== 'none' && secret === '') || (finalTry && !finalOk)}
              >
                {t('sign.secret.submit')}
              </Button>
            </Space>
          </Form>
        )}
      </Space>
    </Modal>
  );
}
