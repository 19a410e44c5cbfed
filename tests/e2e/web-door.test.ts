/**
 * The web door in a real browser (Debian Chromium via playwright-core) against the real host:
 * the shell loads in zh-CN, switches to English, refuses a wrong token or Origin, and manages
 * the trust store through the UI. Screenshots of each step: tests/artifacts/web-door-*.png.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { fixtureCopy } from '../support/fixture-pdfs';
import { startSession, type E2eSession } from './e2e-support';

let s: E2eSession;

beforeAll(async () => {
  s = await startSession();
}, 180_000);
afterAll(async () => {
  await s?.close();
});

/** Opens a WebSocket from Node; resolves 'open' or the HTTP status that refused it. */
function tryConnect(url: string, origin: string | undefined): Promise<string | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, origin === undefined ? {} : { origin });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

describe('the web door', () => {
  it('loads the shell in zh-CN by default', async () => {
    await s.page.goto(s.door.url);
    await s.page.getByText('尚未打开文档').waitFor();
    expect(await s.page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await s.page.getByRole('menuitem', { name: '印章库' }).count()).toBe(1);
    await s.shot('web-door-1-shell-zh');
  });

  it('switches every string to English when the language is changed', async () => {
    await s.page.getByTestId('language-select').first().click();
    await s.page.getByTitle('English').click();
    await s.page.getByText('No document open').waitFor();
    expect(await s.page.locator('html').getAttribute('lang')).toBe('en');
    expect(await s.page.getByRole('menuitem', { name: 'Seal library' }).count()).toBe(1);
    expect(await s.page.getByText('尚未打开文档').count()).toBe(0);
    // The choice is the session's: errors from main now come in English too.
    const r = await s.host.call('documents.info', { docId: 'doc-0000000000000000' });
    expect(!r.ok && r.error.message).toMatch(/is not open/);
    await s.shot('web-door-2-shell-en');
  });

  it('refuses a wrong token, a missing token and a foreign Origin', async () => {
    const ws = `ws://127.0.0.1:${s.door.port}/ws`;
    expect(await tryConnect(`${ws}?token=${s.door.token}`, s.door.origin)).toBe('open');
    expect(await tryConnect(`${ws}?token=${'0'.repeat(64)}`, s.door.origin)).toBe(401);
    expect(await tryConnect(ws, s.door.origin)).toBe(401);
    expect(await tryConnect(`${ws}?token=${s.door.token}`, 'http://evil.example')).toBe(403);
    expect(await tryConnect(`${ws}?token=${s.door.token}`, undefined)).toBe(403);
    // And from inside the page, a wrong token never opens.
    // (A string, so the test's own `WebSocket` import is not what runs in the page.)
    const opened = await s.page.evaluate(`new Promise((resolve) => {
      const w = new window.WebSocket(${JSON.stringify(`${ws}?token=wrong`)});
      w.onopen = () => resolve(true);
      w.onerror = () => resolve(false);
    })`);
    expect(opened).toBe(false);
  });

  it('imports, lists and removes a trust anchor through the settings page', async () => {
    const cert = join(s.dataDir, 'e2e-root.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        join(s.dataDir, 'e2e-root.key'),
        '-out',
        cert,
        '-days',
        '30',
        '-subj',
        '/CN=Sealdesk E2E Root/O=Sealdesk Tests',
        '-addext',
        'basicConstraints=critical,CA:TRUE',
      ],
      { stdio: 'ignore' },
    );

    await s.page.getByRole('menuitem', { name: 'Settings' }).click();
    await s.page.getByText('The trust store is empty.', { exact: false }).waitFor();
    await s.page.getByTestId('trust-path').fill(cert);
    await s.page.getByRole('button', { name: 'Import' }).click();
    await s.page.getByRole('cell', { name: /Sealdesk E2E Root/ }).waitFor();
    expect((await s.host.call('trust.list', {})).ok).toBe(true);
    await s.shot('web-door-3-trust-imported');

    await s.page.getByRole('button', { name: 'Remove' }).click();
    await s.page.getByRole('button', { name: 'OK' }).click();
    await s.page.getByText('The trust store is empty.', { exact: false }).waitFor();
    const listed = await s.host.call('trust.list', {});
    expect(listed).toEqual({ ok: true, value: { anchors: [] } });
    await s.shot('web-door-4-trust-removed');
  });

  it('creates a round seal with a live preview and lists it in the library', async () => {
    await s.page.getByRole('menuitem', { name: 'Seal library' }).click();
    await s.page.getByText('The seal library is empty.', { exact: false }).waitFor();
    await s.page.getByLabel('Organisation name').fill('上海示例科技有限公司');
    await s.page.getByLabel('Purpose (e.g. 合同专用章, contract seal)').fill('合同专用章');
    await s.page.getByAltText('Preview').waitFor();
    await s.page.getByRole('button', { name: 'Save to library' }).click();
    await s.page.getByAltText('上海示例科技有限公司').waitFor();
    const listed = await s.host.call('seals.list', {});
    expect(listed.ok && (listed.value as { seals: unknown[] }).seals).toHaveLength(1);
    await s.shot('web-door-5-seal-library');
  });

  it('renames, exports, deletes and adds back a seal in the library', async () => {
    const card = s.page.getByTestId('seal-card').first();
    await card.getByTestId('seal-rename').click();
    await s.page.getByTestId('seal-rename-name').fill('合同章（上海）');
    await s.page.getByTestId('seal-rename-name-ok').click();
    await s.page.getByTestId('seal-card').filter({ hasText: '合同章（上海）' }).waitFor();

    const exported = join(s.dataDir, 'contract-seal.seal.json');
    await card.getByTestId('seal-export').click();
    await s.page.getByTestId('seal-export-path').fill(exported);
    await s.page.getByTestId('seal-export-path-ok').click();
    await expect.poll(() => existsSync(exported)).toBe(true);
    expect(JSON.parse(readFileSync(exported, 'utf8'))).toMatchObject({ name: '合同章（上海）' });

    await card.getByTestId('seal-delete').click();
    await s.page.getByRole('button', { name: 'OK' }).click();
    await s.page.getByText('The seal library is empty.', { exact: false }).waitFor();

    await s.page.getByTestId('seal-add-path').fill(exported);
    await s.page.getByTestId('seal-add').click();
    await s.page.getByTestId('seal-card').filter({ hasText: '合同章（上海）' }).waitFor();
    await s.shot('web-door-5b-seal-added-back');
  });

  it('opens a document by path into a tab that knows its pages', async () => {
    const pdf = await fixtureCopy('classic', s.dataDir);
    await s.page.getByTestId('open-document').click();
    await s.page.getByTestId('open-path').fill(pdf);
    await s.page.getByRole('button', { name: 'Open', exact: true }).click();
    await s.page.getByRole('tab', { name: /classic/ }).waitFor();
    await expect.poll(() => s.page.getByTestId('page-indicator').textContent()).toMatch(/of 3$/);
    await s.page.getByText('This document has no signatures.', { exact: false }).waitFor();
    await s.shot('web-door-6-document-tab');
  });
});
