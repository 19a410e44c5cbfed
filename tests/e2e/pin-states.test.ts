/**
 * The PIN dialog in a real browser for the token states SoftHSM2 cannot reach by itself (it never
 * counts down or locks a PIN): the host sees the token's flags through the Pkcs11SignerDeps seam
 * (viewTokenFlags), everything else is real (SoftHSM2 token, login, signing, verification).
 * Final try: a red warning and an explicit confirmation before the PIN may be sent; the login
 * then spends it knowingly and the document is signed. Locked: no PIN field at all.
 * Screenshots: tests/artifacts/pin-*.png.
 */
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CKF_TOKEN } from '../../main/pkcs11/token-flags';
import { pdfsig } from '../support/external-tools';
import { fixturePdf } from '../support/fixture-pdfs';
import { testPki } from '../support/pki';
import { createSoftHsm, TEST_USER_PIN, type SoftHsm } from '../support/softhsm';
import { ARTIFACTS, openByPath, startSession, type E2eSession } from './e2e-support';

const TOKEN = 'E2E PIN States';
/** The flags the token shows the host, on top of what SoftHSM reports. */
let shown = 0;
let hsm: SoftHsm;
let session: E2eSession;
let dataDir: string;
let page: Page;
let contract: string;

const shot = async (name: string) => {
  await page.waitForTimeout(600);
  await page.screenshot({ path: join(ARTIFACTS, `pin-${name}.png`) });
};

beforeAll(async () => {
  hsm = createSoftHsm();
  hsm.initToken(TOKEN);
  const { ids } = testPki();
  hsm.importIdentity({
    tokenLabel: TOKEN,
    keyPem: ids.rsa2048.keyPem,
    certDer: ids.rsa2048.certDer,
    label: 'seal key',
    idHex: '01',
  });
  session = await startSession({
    tokenModules: [hsm.modulePath],
    signing: { pkcs11: { viewTokenFlags: (flags) => flags | shown } },
    viewport: { width: 1440, height: 900 },
  });
  ({ dataDir, page } = session);
  contract = join(dataDir, 'contract.pdf');
  await copyFile(await fixturePdf('classic'), contract);
  await page.goto(session.door.url);
  await page.getByTestId('language-select').first().click();
  await page.getByTitle('English').click();
  await openByPath(page, contract);
  await page.getByRole('tab', { name: /contract\.pdf/ }).waitFor();
}, 180_000);

afterAll(async () => {
  await session?.close();
  hsm?.cleanup();
});

/** Chooses the token key in the Sign tab and confirms an invisible signature's intent. */
async function confirmIntent() {
  await page.getByTestId('tab-sign').click();
  await page.getByTestId('identity-select').click();
  await page.locator('.identity-select-popup .ant-select-item-option').first().click();
  await page.getByTestId('sign-start').click();
  await page.getByTestId('intent-confirm').click();
}

describe('the PIN dialog', () => {
  it('asks for an explicit confirmation before the final PIN try, then signs', async () => {
    shown = CKF_TOKEN.USER_PIN_FINAL_TRY;
    await confirmIntent();
    await page.getByTestId('secret-input').fill(TEST_USER_PIN);
    const dialog = page.getByRole('dialog').filter({ hasText: 'Enter the token PIN' });
    expect(await dialog.innerText()).toContain('This is the last try');
    expect(await page.getByTestId('pin-flags').innerText()).toContain('Only one PIN try is left');
    // The PIN is typed, but it cannot be sent until the person says to spend the last try.
    expect(await page.getByTestId('secret-submit').isDisabled()).toBe(true);
    await shot('final-try');
    await page.getByTestId('final-try-ok').check();
    await page.getByTestId('secret-submit').click();
    await page.getByTestId('sign-done').waitFor({ timeout: 60_000 });
    await page.getByTestId('sign-done').click();
    await page.getByRole('tab', { name: /contract\.signed\.pdf/ }).waitFor();
    await page.getByTestId('sign-done').waitFor({ state: 'detached' });
    const verdict = await pdfsig(join(dataDir, 'contract.signed.pdf'));
    expect(verdict.signatures[0]?.signatureValid).toBe(true);
  });

  it('shows a locked PIN with no field to type one into', async () => {
    shown = CKF_TOKEN.USER_PIN_LOCKED;
    await page.getByRole('tab', { name: /^contract\.pdf/ }).dispatchEvent('click');
    await confirmIntent();
    await page.getByTestId('secret-locked').waitFor();
    expect(await page.getByTestId('secret-locked').innerText()).toMatch(/locked/i);
    expect(await page.getByTestId('secret-input').count()).toBe(0);
    expect(await page.getByTestId('secret-submit').count()).toBe(0);
    await shot('locked');
  });
});
