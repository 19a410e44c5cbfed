// Builds the three processes: main (CLI + Electron main, ESM for Node), preload (CommonJS, as
// a sandboxed preload must be), renderer (static for now; Vite + React come with the UI issue).
import { build } from 'esbuild';
import { cp, mkdir, rm } from 'node:fs/promises';

const external = { packages: 'external' };
await rm('out', { recursive: true, force: true });
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  ...external,
};

await build({
  ...common,
  // The verify worker sits beside each bundle that may start it (main/host/verification.ts
  // looks for ./verify-worker.js next to itself).
  entryPoints: { sealdesk: 'main/cli/index.ts', 'verify-worker': 'main/verify/verify-worker.ts' },
  outdir: 'out/cli',
  format: 'esm',
});
await build({
  ...common,
  entryPoints: { index: 'main/electron/index.ts', 'verify-worker': 'main/verify/verify-worker.ts' },
  outdir: 'out/main/electron',
  format: 'esm',
});
await build({
  ...common,
  entryPoints: { index: 'preload/index.ts' },
  outdir: 'out/preload',
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
});
await mkdir('out/renderer', { recursive: true });
await cp('renderer/index.html', 'out/renderer/index.html');
console.log('built out/cli, out/main/electron, out/preload, out/renderer');
