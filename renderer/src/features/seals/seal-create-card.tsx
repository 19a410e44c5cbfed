/**
 * Creating a seal: type, the texts it carries, a live SVG preview from main, save to library.
 */
import { App, Button, Card, Col, Empty, Form, Input, Radio, Row, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { SealSpec } from '../../../../preload/contract';
import { useAction } from '../../app/use-action';
import { useT } from '../../i18n/i18n';
import { SealImage } from './seal-image';
import { sealsApi } from './seals-api';
import { useSealsStore } from './seals-store';

type Kind = SealSpec['type'];

function specOf(kind: Kind, main: string, title: string): SealSpec | undefined {
  if (!main.trim()) return undefined;
  switch (kind) {
    case 'round':
    case 'oval':
      return {
        type: kind,
        organisation: main.trim(),
        ...(title.trim() ? { title: title.trim() } : {}),
      };
    case 'square':
      return { type: 'square', personName: main.trim() };
    case 'signature':
      return { type: 'signature', text: main.trim() };
  }
}

export function SealCreateCard() {
  const t = useT();
  const { message } = App.useApp();
  const { run, busy } = useAction();
  const [kind, setKind] = useState<Kind>('round');
  const [main, setMain] = useState('');
  const [title, setTitle] = useState('');
  const [preview, setPreview] = useState<string | undefined>();
  const spec = specOf(kind, main, title);
  const specKey = JSON.stringify(spec ?? null);

  useEffect(() => {
    const s = JSON.parse(specKey) as SealSpec | null;
    if (!s) {
      setPreview(undefined);
      return;
    }
    const timer = setTimeout(() => {
      sealsApi
        .previewSpec(s)
        .then((r) => setPreview(r.svg))
        .catch(() => setPreview(undefined));
    }, 250);
    return () => clearTimeout(timer);
  }, [specKey]);

  const mainLabel =
    kind === 'square'
      ? t('seals.create.personName')
      : kind === 'signature'
        ? t('seals.create.text')
        : t('seals.create.organisation');

  return (
    <Card title={t('seals.create.title')}>
      <Row gutter={24}>
        <Col flex="auto">
          <Form
            layout="vertical"
            onFinish={() =>
              spec &&
              void run(async () => {
                const s = await sealsApi.create(spec);
                void message.success(t('seals.created', { name: s.name }));
                setMain('');
                setTitle('');
                await useSealsStore.getState().reload();
              })
            }
          >
            <Form.Item label={t('seals.create.type')}>
              <Radio.Group value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
                {(['round', 'oval', 'square', 'signature'] as const).map((k) => (
                  <Radio.Button key={k} value={k}>
                    {t(`seals.type.${k}`)}
                  </Radio.Button>
                ))}
              </Radio.Group>
            </Form.Item>
            <Form.Item label={mainLabel} required>
              <Input
                value={main}
                onChange={(e) => setMain(e.target.value)}
                aria-label={mainLabel}
              />
            </Form.Item>
            {(kind === 'round' || kind === 'oval') && (
              <Form.Item label={t('seals.create.title2')}>
                <Input
                  value={title}
                  onChange={(e) => setTitle(e.target.value)}
                  aria-label={t('seals.create.title2')}
                />
              </Form.Item>
            )}
            <Button type="primary" htmlType="submit" loading={busy} disabled={!spec}>
              {t('seals.create.submit')}
            </Button>
          </Form>
        </Col>
        <Col flex="160px">
          <Typography.Text type="secondary">{t('seals.create.preview')}</Typography.Text>
          {preview ? (
            <SealImage svg={preview} alt={t('seals.create.preview')} />
          ) : (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={t('seals.create.previewEmpty')}
            />
          )}
        </Col>
      </Row>
    </Card>
  );
}
