/**
 * `npm run start:web`: the web door as a program. Starts the host and the loopback server,
 * prints the URL (with its one-time token) to open in Chromium.
 * Owns: finding the built renderer and the version, and loading the host in the background.
 * Must never: listen beyond 127.0.0.1.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SealdeskHost } from '../host/sealdesk-host';
import { startWebDoor } from './web-door';

function findUp(rel: string): string | undefined {
  for (const base of ['../renderer', '../../out/renderer']) {
    const p = fileURLToPath(new URL(`${base}/${rel}`, import.meta.url));
    if (existsSync(p)) return p;
  }
  return undefined;
}

function version(): string {
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'sealdesk' && pkg.version) return pkg.version;
    } catch {
      // try the next place
    }
  }
  return '0.0.0';
}

const index = findUp('index.html');
if (!index) {
  console.error(
    'out/renderer is missing: run `npm run build` first. / 缺少 out/renderer：请先运行 npm run build。',
  );
  process.exit(1);
}
// The host (every core module: PDF, PKI, fonts, seals) is loaded by the door once the page has
// been served, while the browser parses the renderer (docs/decisions.md).
let loaded: Promise<SealdeskHost> | undefined;
const host = (): Promise<SealdeskHost> => {
  loaded ??= import('../host/sealdesk-host').then(({ createSealdeskHost }) =>
    createSealdeskHost({ door: 'web', version: version() }),
  );
  loaded.catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
  return loaded;
};
const port = Number(process.env['SEALDESK_WEB_PORT'] ?? 0);
const door = await startWebDoor({
  host,
  rendererDir: fileURLToPath(new URL('.', `file://${index}`)),
  port,
});
console.log(`Sealdesk web: open ${door.url}`);
console.log(`Sealdesk 网页版：请在浏览器中打开 ${door.url}`);

const stop = () => {
  void door
    .close()
    .then(() => loaded?.then((h) => h.dispose()))
    .then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
