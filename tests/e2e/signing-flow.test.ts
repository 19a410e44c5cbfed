/**
 * Signing and verifying in a real browser (Debian Chromium via playwright-core) against the
 * real host + web door, with a SoftHSM2 token holding a test-PKI key: open a sample contract,
 * drag a seal onto the page, confirm the intent, type a wrong PIN (message + flags), the right
 * PIN, see the panel say valid (and pdfsig agree), tamper a byte inside the signed range and
 * see it say failed and why; then the same flow in English. Screenshots of every step:
 * tests/artifacts/signing-*.png.
 */
import { copyFile, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SealdeskHost } from '../../main/host/sealdesk-host';
import { pdfsig } from '../support/external-tools';
import { testServicesUrl } from '../support/test-services';
import { fixturePdf } from '../support/fixture-pdfs';
import { testPki } from '../support/pki';
import { createSoftHsm, TEST_USER_PIN, type SoftHsm } from '../support/softhsm';
import { ARTIFACTS, openByPath, startSession, type E2eSession } from './e2e-support';

const TOKEN = 'E2E Seal Token';
let hsm: SoftHsm;
let session: E2eSession;
let dataDir: string;
let host: SealdeskHost;
let page: Page;
let contract: string;

/** A screenshot once dialogs have finished their opening/closing animation. */
const shot = async (name: string) => {
  await page.waitForTimeout(600);
  await page.screenshot({ path: join(ARTIFACTS, `signing-${name}.png`) });
};

beforeAll(async () => {
  // SOFTHSM2_CONF must be set before the host loads the module (createSoftHsm sets it here).
  hsm = createSoftHsm();
  hsm.initToken(TOKEN);
  const { ids, intermediatePem, rootPath } = testPki();
  hsm.importIdentity({
    tokenLabel: TOKEN,
    keyPem: ids.rsa2048.keyPem,
    certDer: ids.rsa2048.certDer,
    label: 'contract seal',
    idHex: '01',
  });
  hsm.importCertificate({
    tokenLabel: TOKEN,
    certDer: Buffer.from(
      intermediatePem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''),
      'base64',
    ),
    label: 'issuing CA',
    idHex: 'ca',
  });
  session = await startSession({
    tokenModules: [hsm.modulePath],
    viewport: { width: 1440, height: 900 },
  });
  ({ dataDir, host, page } = session);
  expect((await host.call('trust.import', { path: rootPath })).ok).toBe(true);
  const seal = await host.call('seals.create', {
    spec: {
      type: 'round',
      organisation: '上海示例科技有限公司',
      title: '合同专用章',
      name: '合同章',
    },
  });
  expect(seal.ok).toBe(true);
  contract = join(dataDir, '合同.pdf');
  await copyFile(await fixturePdf('cjk-contract'), contract);
}, 180_000);

afterAll(async () => {
  await session?.close();
  hsm?.cleanup();
});

async function openDocument(path: string, name: RegExp) {
  await openByPath(page, path);
  await page.getByRole('tab', { name }).waitFor();
}

/** Chooses the token key, drags the seal onto page 1, and asks for the intent. */
async function draftAndPrepare(tag: string, beforeSign?: () => Promise<void>) {
  await page.getByTestId('tab-sign').click();
  await page.getByTestId('signing-panel').waitFor();
  await page.getByTestId('identity-select').click();
  await page.locator('.identity-select-popup .ant-select-item-option').first().click();
  const overlay = page.getByTestId('placement-overlay-1').first();
  await overlay.waitFor();
  const box = (await overlay.boundingBox())!;
  // Drop inside what the viewport shows of page 1 (the page may be taller than the window).
  const bottom = Math.min(box.height, 900 - box.y) - 60;
  await page
    .locator('[data-testid^="seal-chip-"]')
    .first()
    .dragTo(overlay, { targetPosition: { x: box.width * 0.7, y: bottom - 120 } });
  await page.getByTestId('placement-seal').first().waitFor();
  // A date stamp by keyboard-reachable button, then moved with the arrow keys.
  // Dropped well left of the seal, so the seal's own element cannot take the drop.
  await page.getByTestId('date-chip').dragTo(overlay, {
    targetPosition: { x: box.width * 0.25, y: bottom },
  });
  const date = page.getByTestId('placement-date').first();
  await date.focus();
  const yOf = async () => Number(/(\d+)\D+$/.exec((await date.getAttribute('title')) ?? '')?.[1]);
  const before = await yOf();
  await page.keyboard.press('Shift+ArrowUp');
  // Keyboard: Shift+Arrow moves 10 mm (the label says where it is, in mm from the top).
  expect(await yOf()).toBe(before - 10);
  await beforeSign?.();
  await shot(`${tag}-1-placed`);
  await page.getByTestId('sign-start').click();
  await page.getByTestId('intent-documents').waitFor();
  await shot(`${tag}-2-intent`);
}

/** Shows a document's tab even when the tab strip has scrolled it out of view. */
async function activateTab(name: RegExp) {
  await page.getByRole('tab', { name }).dispatchEvent('click');
}

async function flipByteInsideSignedRange(file: string) {
  const fh = await open(file, 'r+');
  try {
    const at = 300; // inside the first ByteRange part (the original file's body)
    const b = Buffer.alloc(1);
    await fh.read(b, 0, 1, at);
    b[0] = b[0]! ^ 0x01;
    await fh.write(b, 0, 1, at);
  } finally {
    await fh.close();
  }
}

describe('signing in the browser (zh-CN)', () => {
  it('places a seal by dragging and shows the intent with the file, SHA-256 and certificate', async () => {
    await page.goto(session.door.url);
    await page.getByText('尚未打开文档').waitFor();
    await openDocument(contract, /合同\.pdf/);
    await draftAndPrepare('zh');
    const text = await page.getByRole('dialog').innerText();
    expect(text).toContain('合同.pdf');
    expect(text).toMatch(/SHA-256 [0-9a-f]{64}/);
    expect(text).toContain('第 1 页');
    // The date stamp is listed with its page too, not just named.
    expect(text).toMatch(/签署日期：第 1 页/);
    expect(text).toMatch(/rsa2048|RSA/i);
    await page.getByTestId('intent-confirm').click();
    await page.getByTestId('secret-input').waitFor();
  });

  it('says so when the PIN is wrong and shows the token flags again', async () => {
    await page.getByTestId('pin-flags').waitFor();
    await page.getByTestId('secret-input').fill('000000');
    await page.getByTestId('secret-submit').click();
    await page.getByTestId('secret-error').waitFor();
    expect(await page.getByTestId('secret-error').innerText()).toMatch(/PIN/);
    expect(await page.getByTestId('pin-flags').innerText()).not.toBe('');
    // The field was cleared at submit: the PIN is not left in the page.
    expect(await page.getByTestId('secret-input').inputValue()).toBe('');
    await shot('zh-3-wrong-pin');
  });

  it('signs with the right PIN, opens the signed copy and the panel says valid', async () => {
    await page.getByTestId('secret-input').fill(TEST_USER_PIN);
    await page.getByTestId('secret-submit').click();
    await page.getByTestId('sign-done').waitFor({ timeout: 60_000 });
    await shot('zh-4-result');
    await page.getByTestId('sign-done').click();
    await page.getByRole('tab', { name: /合同\.signed\.pdf/ }).waitFor();
    const outcome = page.getByTestId('verification-outcome');
    await outcome.waitFor({ timeout: 60_000 });
    expect(await outcome.getAttribute('data-outcome')).toBe('passed');
    expect(await page.getByTestId('signature-0').getAttribute('data-indication')).toBe(
      'TOTAL-PASSED',
    );
    expect(await page.content()).not.toContain(TEST_USER_PIN + '<');
    await shot('zh-5-valid');

    const signed = join(dataDir, '合同.signed.pdf');
    const judged = await pdfsig(signed);
    expect(judged.signatures).toHaveLength(1);
    expect(judged.signatures[0]!.signatureValid).toBe(true);
    expect(judged.signatures[0]!.totalDocumentSigned).toBe(true);
  });

  it('says failed, and why, after a byte inside the signed range is flipped', async () => {
    await flipByteInsideSignedRange(join(dataDir, '合同.signed.pdf'));
    await page.getByTestId('verify-again').click();
    await page
      .locator('[data-testid="verification-outcome"][data-outcome="failed"]')
      .waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('signature-0').getAttribute('data-indication')).toBe(
      'TOTAL-FAILED',
    );
    const why = await page.getByTestId('signature-0').innerText();
    expect(why.length).toBeGreaterThan(20);
    await shot('zh-6-tampered');
  });
});

describe('verification tools in the browser (zh-CN)', () => {
  it('exports the verification report beside the document', async () => {
    await page.getByTestId('export-report').click();
    await page.getByText('HTML · 简体中文').click();
    await page.getByText('验证报告已保存', { exact: false }).waitFor();
    const report = await readFile(join(dataDir, '合同.signed.verification.html'), 'utf8');
    expect(report).toContain('Sealdesk Test Signer');
  });

  it('verifies a whole folder into a table that filters by verdict', async () => {
    await page.getByTestId('verify-folder').click();
    await page.getByTestId('folder-path').fill(dataDir);
    await page.getByTestId('folder-path').press('Enter');
    const table = page.getByTestId('folder-table');
    await table.getByText('合同.signed.pdf').waitFor({ timeout: 60_000 });
    expect(await table.innerText()).toContain('未签名');
    expect(await table.innerText()).toContain('验证失败');
    await shot('zh-7-folder');
    // Choose the verdict, and again if the click landed while the list was still opening.
    const chosen = page.locator('.ant-select-selection-item:visible', { hasText: '验证失败' });
    for (let i = 0; i < 3 && !(await chosen.isVisible()); i++) {
      await page.getByLabel('按结论筛选').click();
      await page.locator('.ant-select-item-option:visible', { hasText: '验证失败' }).click();
      await chosen.waitFor({ timeout: 5000 }).catch(() => undefined);
    }
    await page.keyboard.press('Escape');
    await page.getByText('显示 1 / 2 个文件').waitFor();
    await shot('zh-8-folder-filtered');
    await page.locator('.ant-modal-close:visible').click();
    await page.getByTestId('folder-table').waitFor({ state: 'detached' });
  });
});

describe('signing in the browser (English)', () => {
  it('runs the same flow with every string in English', async () => {
    await page.getByTestId('language-select').first().click();
    await page.getByTitle('English').click();
    await activateTab(/^合同\.pdf/);
    await draftAndPrepare('en');
    const text = await page.getByRole('dialog').innerText();
    expect(text).toContain('Confirm what will be signed');
    expect(text).toContain('page 1');
    await page.getByTestId('intent-confirm').click();
    await page.getByTestId('secret-input').fill(TEST_USER_PIN);
    await shot('en-3-pin');
    await page.getByTestId('secret-submit').click();
    await page.getByTestId('sign-done').waitFor({ timeout: 60_000 });
    await page.getByTestId('sign-done').click();
    await page.getByRole('tab', { name: /合同\.signed-2\.pdf/ }).waitFor();
    await page
      .locator('[data-testid="verification-outcome"][data-outcome="passed"]')
      .waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('signatures-panel').innerText()).toMatch(
      /All signatures are valid/,
    );
    await shot('en-5-valid');
  });

  it('outlines in red what changed on the page after the first signature', async () => {
    // Countersign the English copy: the first signature then no longer covers the whole file.
    await draftAndPrepare('en-countersign');
    await page.getByTestId('intent-confirm').click();
    await page.getByTestId('secret-input').fill(TEST_USER_PIN);
    await page.getByTestId('secret-submit').click();
    await page.getByTestId('sign-done').waitFor({ timeout: 60_000 });
    await page.getByTestId('sign-done').click();
    await page.getByRole('tab', { name: /合同\.signed-2\.signed\.pdf/ }).waitFor();
    await page.getByTestId('signature-1').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('signature-0').innerText()).toMatch(
      /changed after this signature/,
    );
    await page.getByTestId('signature-0').getByTestId('show-changes').click();
    await page.getByTestId('changed-region').first().waitFor({ timeout: 60_000 });
    await shot('en-6-changes');
    await page.getByTestId('signature-0').getByTestId('view-signed').click();
    await page.getByTestId('revision-note').waitFor();
    await shot('en-6b-signed-version');
  });

  it('signs a batch with one confirmation listing every file and one PIN', async () => {
    const copy = join(dataDir, '合同-副本.pdf');
    await copyFile(contract, copy);
    await activateTab(/^合同\.pdf/);
    await page.getByTestId('tab-sign').click();
    await page.getByTestId('sign-batch').click();
    await page.getByTestId('batch-paths').fill(copy);
    await page.getByRole('button', { name: 'Next: confirm 2 file(s)' }).click();
    const intent = page.getByTestId('intent-documents');
    await intent.waitFor();
    const listed = await intent.innerText();
    expect(listed).toContain('Files to sign (2)');
    expect(listed).toMatch(/合同\.pdf[\s\S]*合同-副本\.pdf/);
    expect(listed.match(/SHA-256 [0-9a-f]{64}/g)).toHaveLength(2);
    await shot('en-7-batch-intent');
    await page.getByTestId('intent-confirm').click();
    await page.getByTestId('secret-input').fill(TEST_USER_PIN);
    await page.getByTestId('secret-submit').click();
    await page.getByTestId('sign-done').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('sign-progress').innerText()).toMatch(/Signed[\s\S]*Signed/);
    await shot('en-8-batch-result');
    await page.getByTestId('sign-done').click();
    await page.getByRole('tab', { name: /合同-副本\.signed\.pdf/ }).waitFor();
    expect(
      (await pdfsig(join(dataDir, '合同-副本.signed.pdf'))).signatures[0]?.signatureValid,
    ).toBe(true);
  });
});

describe('long-term levels in the browser (English)', () => {
  it('offers B-LTA once a time-stamping service is added in Settings and signs at that level', async () => {
    await activateTab(/^合同\.pdf/);
    await page.getByTestId('tab-sign').click();
    // No TSA yet: the long-term levels are disabled and the panel says where to add one.
    await page.getByTestId('configure-tsa').waitFor();
    expect(await page.getByRole('radio', { name: /B-LTA/ }).isDisabled()).toBe(true);
    await page.getByTestId('configure-tsa').click();
    await page.getByTestId('tsa-settings').waitFor();
    await page.getByTestId('tsa-url').fill('not a url');
    await page.getByTestId('tsa-add').click();
    await page.getByText('Type an address that starts with http://').waitFor();
    await page.getByTestId('tsa-url').fill(`${testServicesUrl()}/tsa`);
    await page.getByTestId('tsa-add').click();
    await page.getByTestId('tsa-item').waitFor();
    await shot('en-9-tsa-settings');
    await page.getByRole('menuitem', { name: 'Documents' }).click();
    await activateTab(/^合同\.pdf/);

    await draftAndPrepare('en-lta', async () => {
      await page.getByRole('radio', { name: /B-LTA/ }).check();
    });
    expect(await page.getByRole('dialog').innerText()).toContain('B-LTA');
    await page.getByTestId('intent-confirm').click();
    await page.getByTestId('secret-input').fill(TEST_USER_PIN);
    await page.getByTestId('secret-submit').click();
    await page.getByTestId('sign-done').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('sign-result-level').innerText()).toContain('B-LTA');
    expect(await page.getByTestId('sign-result-pending').count()).toBe(0);
    await shot('en-10-lta-result');
    await page.getByTestId('sign-done').click();
    await page.getByRole('tab', { name: /合同\.signed-4\.pdf/ }).waitFor();
    await page
      .locator('[data-testid="verification-outcome"][data-outcome="passed"]')
      .waitFor({ timeout: 60_000 });
    // The signature and the archive timestamp after it, both valid.
    expect(await page.getByTestId('signature-0').innerText()).toContain('B-LTA');
    await page.getByTestId('signature-1').waitFor();
    expect(await page.getByTestId('signature-1').getAttribute('data-indication')).toBe(
      'TOTAL-PASSED',
    );
    await shot('en-11-lta-valid');
  });
});
