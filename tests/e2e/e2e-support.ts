/**
 * What the e2e tests share: a fresh out/renderer (built once when missing or older than the
 * renderer sources), the real host + web door started in-process on loopback, and Debian
 * Chromium driven by playwright-core with a fresh profile. Screenshots go to tests/artifacts/
 * (git-ignored).
 * Must never: skip when Chromium is missing (fails loudly instead).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import {
  createSealdeskHost,
  type SealdeskHost,
  type SealdeskHostOptions,
} from '../../main/host/sealdesk-host';
import { startWebDoor, type WebDoor } from '../../main/web/web-door';

export const REPO = resolve(__dirname, '..', '..');
export const RENDERER_OUT = join(REPO, 'out', 'renderer');
export const ARTIFACTS = join(REPO, 'tests', 'artifacts');
export { openByPath } from './viewer-session';

export const CHROMIUM = process.env['SEALDESK_CHROMIUM'] ?? '/usr/bin/chromium';

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
export function ensureRendererBuilt(): void {
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

export interface E2eSession {
  readonly dataDir: string;
  readonly host: SealdeskHost;
  readonly door: WebDoor;
  readonly context: BrowserContext;
  readonly page: Page;
  shot(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface E2eSessionOptions {
  /** Token drivers the host lists (a SoftHSM2 module); none by default. */
  readonly tokenModules?: readonly string[];
  readonly signing?: SealdeskHostOptions['signing'];
  readonly viewport?: { readonly width: number; readonly height: number };
}

export async function startSession(options: E2eSessionOptions = {}): Promise<E2eSession> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium is missing at ${CHROMIUM}: apt-get install chromium`);
  ensureRendererBuilt();
  const dataDir = await mkdtemp(join(tmpdir(), 'sd-e2e-data-'));
  const profile = await mkdtemp(join(tmpdir(), 'sd-e2e-profile-'));
  const host = createSealdeskHost({
    door: 'web',
    version: '0.0.0-e2e',
    env: { SEALDESK_DATA_DIR: dataDir },
    tokenModules: options.tokenModules ?? [],
    augmentIntervalMs: 0,
    ...(options.signing ? { signing: options.signing } : {}),
  });
  const door = await startWebDoor({ host, rendererDir: RENDERER_OUT });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: options.viewport ?? { width: 1280, height: 800 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    dataDir,
    host,
    door,
    context,
    page,
    async shot(name) {
      const path = join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
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
