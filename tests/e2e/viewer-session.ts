/**
 * An e2e session for the viewer tests and the UI bench: the real host and web door (as
 * e2e-support.ts starts them), with the host wrapped so that every documents.readRange call is
 * counted (asked length, bytes returned) — the proof that the renderer reads ranges, not files.
 * Must never: change what the host answers (the wrapper only observes), or skip when Chromium
 * is missing (fails loudly instead).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createSealdeskHost, type SealdeskHost } from '../../main/host/sealdesk-host';
import { startWebDoor, type WebDoor } from '../../main/web/web-door';

// The same places as e2e-support.ts, found from import.meta.url so that the bench (plain tsx,
// no __dirname) can use this file too.
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const RENDERER_OUT = join(REPO, 'out', 'renderer');
const ARTIFACTS = join(REPO, 'tests', 'artifacts');
const CHROMIUM = process.env['SEALDESK_CHROMIUM'] ?? '/usr/bin/chromium';

/**
 * Opens `path` through the "open document" dialog as a person does: the path is typed once the
 * dialog has finished appearing (a click waits for it to stand still), and the dialog must be
 * gone afterwards. Typing into a dialog still animating in could leave it on screen on a
 * loaded machine, over everything the test clicks next.
 */
export async function openByPath(page: Page, path: string): Promise<void> {
  await page.getByTestId('open-document').click();
  const field = page.getByTestId('open-path');
  await field.click();
  await field.fill(path);
  await field.press('Enter');
  await field.waitFor({ state: 'hidden', timeout: 60_000 });
}

function newest(dir: string): number {
  let t = 0;
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    const st = statSync(p);
    t = Math.max(t, st.isDirectory() ? newest(p) : st.mtimeMs);
  }
  return t;
}

/** Builds out/renderer when it is missing or older than renderer/ or preload/contract/. */
function ensureRendererBuilt(): void {
  const index = join(RENDERER_OUT, 'index.html');
  const sources = Math.max(
    newest(join(REPO, 'renderer')),
    newest(join(REPO, 'preload', 'contract')),
    statSync(join(REPO, 'vite.config.mjs')).mtimeMs,
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync(process.execPath, ['scripts/build.mjs', '--renderer-only'], {
    cwd: REPO,
    stdio: 'inherit',
  });
}

export interface RangeReads {
  calls: number;
  bytes: number;
  maxLength: number;
  reset(): void;
}

export interface ViewerSession {
  readonly host: SealdeskHost;
  readonly door: WebDoor;
  readonly context: BrowserContext;
  readonly page: Page;
  readonly reads: RangeReads;
  shot(name: string): Promise<string>;
  /** Opens `path` through the UI's path dialog and waits for its first page to be drawn. */
  open(path: string): Promise<void>;
  close(): Promise<void>;
}

/** Observes readRange calls, passing everything through unchanged. */
export function countingHost(host: SealdeskHost, reads: RangeReads): SealdeskHost {
  return {
    implementation: host.implementation,
    subscribe: (l) => host.subscribe(l),
    lang: () => host.lang(),
    dispose: () => host.dispose(),
    async call(method, input) {
      const r = await host.call(method, input);
      if (method === 'documents.readRange' && r.ok) {
        const asked = (input as { length: number }).length;
        reads.calls++;
        reads.maxLength = Math.max(reads.maxLength, asked);
        reads.bytes += (r.value as { bytes: Uint8Array }).bytes.byteLength;
      }
      return r;
    },
  };
}

export async function startViewerSession(
  opts: { viewport?: { width: number; height: number } } = {},
): Promise<ViewerSession> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium is missing at ${CHROMIUM}: apt-get install chromium`);
  ensureRendererBuilt();
  const dataDir = await mkdtemp(join(tmpdir(), 'sd-viewer-data-'));
  const profile = await mkdtemp(join(tmpdir(), 'sd-viewer-profile-'));
  const reads: RangeReads = {
    calls: 0,
    bytes: 0,
    maxLength: 0,
    reset() {
      this.calls = 0;
      this.bytes = 0;
      this.maxLength = 0;
    },
  };
  const host = countingHost(
    createSealdeskHost({
      door: 'web',
      version: '0.0.0-e2e',
      env: { SEALDESK_DATA_DIR: dataDir },
      tokenModules: [],
    }),
    reads,
  );
  const door = await startWebDoor({ host, rendererDir: RENDERER_OUT });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: opts.viewport ?? { width: 1280, height: 800 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.goto(door.url);
  await page.getByTestId('open-document').waitFor();
  return {
    host,
    door,
    context,
    page,
    reads,
    async shot(name) {
      const path = join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path });
      return path;
    },
    async open(path) {
      await openByPath(page, path);
      await page
        .locator('[data-testid="document-viewer"] [data-testid="page-slot"][data-state="drawn"]')
        .first()
        .waitFor({ timeout: 60_000 });
    },
    async close() {
      await context.close();
      await door.close();
      await host.dispose();
      await rm(dataDir, { recursive: true, force: true });
      await rm(profile, { recursive: true, force: true });
    },
  };
}
