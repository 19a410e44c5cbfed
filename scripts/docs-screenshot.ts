/**
 * `npx tsx scripts/docs-screenshot.ts [out.png] [web-door.js]`: the README's screenshot of the app. Runs the
 * built web door (`npm run build` first) with a throwaway data folder that trusts the test root,
 * opens the demo's signed Chinese contract (`npm run demo` first) in Debian Chromium through
 * playwright-core, goes to the page with the seal, and saves docs/images/app.png.
 *
 * Owns: nothing the product uses. Must never: touch the user's data folder or reach the network.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { testPki } from '../tests/support/pki';

const root = resolve(import.meta.dirname, '..');
const out = resolve(process.argv[2] ?? join(root, 'docs/images/app.png'));
/** The web door to run: out/web/index.js, or another build of it (second argument). */
const webDoor = resolve(process.argv[3] ?? join(root, 'out/web/index.js'));
const signed = join(root, 'demo/contract.zh.signed.pdf');
for (const need of ['out/web/index.js', 'out/renderer/index.html', 'demo/contract.zh.signed.pdf'])
  if (!existsSync(join(root, need))) {
    console.error(`${need} is missing: run npm run build and npm run demo first.`);
    process.exit(1);
  }

const data = mkdtempSync(join(tmpdir(), 'sealdesk-shot-'));
const env = { ...process.env, SEALDESK_DATA_DIR: data };
const trust = spawnSync(
  process.execPath,
  [join(root, 'bin/sealdesk.js'), 'trust', 'import', testPki().rootPath],
  { env, encoding: 'utf8' },
);
if (trust.status !== 0) throw new Error(`trust import failed: ${trust.stderr}`);

const door = spawn(process.execPath, [webDoor], {
  env,
  stdio: ['ignore', 'pipe', 'inherit'],
});
try {
  const url = await new Promise<string>((done, fail) => {
    let text = '';
    door.stdout.setEncoding('utf8').on('data', (d: string) => {
      text += d;
      const m = /open (http:\/\/\S+)/.exec(text);
      if (m) done(m[1]!);
    });
    door.on('exit', (code) => fail(new Error(`web door exited ${code}`)));
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    if (process.env.SHOT_DEBUG) {
      page.on('console', (m) => console.error('console:', m.type(), m.text()));
      page.on('pageerror', (e) => console.error('pageerror:', e.message));
      page.on('response', (r) => {
        if (r.status() >= 400)
          console.error('response:', r.status(), r.request().method(), r.url());
      });
    }
    await page.goto(url);
    await page.getByTestId('open-document').click();
    await page.getByTestId('open-path').fill(signed);
    await page.getByTestId('open-path').press('Enter');
    await page.getByRole('tab', { name: /contract\.zh\.signed\.pdf/ }).waitFor();
    await page
      .locator('[data-testid="page-slot"][data-page="1"][data-state="drawn"]')
      .first()
      .waitFor({ timeout: 120_000 });
    const input = page.locator('[data-testid="page-input"]').first();
    await input.fill('5');
    await input.press('Enter');
    await page
      .locator('[data-testid="page-slot"][data-page="5"][data-state="drawn"]')
      .first()
      .waitFor({ timeout: 60_000 });
    // The whole page, with Party A's seal on the signature block.
    await page.getByTestId('fit-page').first().click();
    await page.getByTestId('page-indicator').first().click();
    await page
      .locator('[data-testid="page-slot"][data-page="5"][data-state="drawn"]')
      .first()
      .waitFor({ timeout: 60_000 });
    await page
      .getByText(/有效|Valid/)
      .first()
      .waitFor({ timeout: 60_000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: out });
    console.log(`wrote ${out}`);
  } finally {
    await browser.close();
  }
} finally {
  door.kill();
  rmSync(data, { recursive: true, force: true });
}
