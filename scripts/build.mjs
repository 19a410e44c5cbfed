// Builds the processes: main (CLI, Electron main and the web door: ESM for Node), preload
// (CommonJS with its dependencies bundled, as a sandboxed preload must be), and the renderer
// (Vite + React, see vite.config.mjs) with pdf.js's worker, CMaps and standard fonts copied
// beside it (out/renderer/pdfjs/) so CJK text renders offline.
// `node scripts/build.mjs --renderer-only` rebuilds only out/renderer (the e2e tests use it);
// `--cli-only [--outdir DIR]` only the CLI, into out/cli or DIR (the start-up benchmark and the
// CLI's lazy-loading test build a copy of their own).
// The CLI is split into chunks (ESM, `splitting`): out/cli/sealdesk.js holds the command table
// only, and each command's code (main/host, the PKI libraries, fonts, PDF code) is a chunk
// beside it that `import()` loads when that command runs (main/cli/command-table.ts).
import { build } from 'esbuild';
import { cp, mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const rendererOnly = process.argv.includes('--renderer-only');
const cliOnly = process.argv.includes('--cli-only');
const outdirAt = process.argv.indexOf('--outdir');
const cliOutdir = outdirAt > 0 ? process.argv[outdirAt + 1] : 'out/cli';
const external = { packages: 'external' };
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  ...external,
};

async function buildRenderer() {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: 'vite.config.mjs' });
  const pdfjs = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const dest = 'out/renderer/pdfjs';
  await mkdir(dest, { recursive: true });
  await cp(join(pdfjs, 'build', 'pdf.worker.min.mjs'), join(dest, 'pdf.worker.min.mjs'));
  await cp(join(pdfjs, 'cmaps'), join(dest, 'cmaps'), { recursive: true });
  await cp(join(pdfjs, 'standard_fonts'), join(dest, 'standard_fonts'), { recursive: true });
  await cp(join(pdfjs, 'iccs'), join(dest, 'iccs'), { recursive: true });
  await cp(join(pdfjs, 'wasm'), join(dest, 'wasm'), { recursive: true }); // JPEG 2000, JBIG2
}

/** Native addons stay packages; the rest of the CLI's dependencies are bundled into its chunks. */
const CLI_EXTERNAL = ['pkcs11js', '@napi-rs/keyring', 'tsx', 'tsx/*'];
/** CommonJS dependencies bundled into ESM call require() for Node's built-ins. */
const REQUIRE_BANNER =
  "import { createRequire as __sealdeskRequire } from 'node:module'; const require = __sealdeskRequire(import.meta.url);";

async function buildCli(outdir = 'out/cli') {
  await rm(outdir, { recursive: true, force: true });
  await build({
    ...common,
    packages: undefined,
    external: CLI_EXTERNAL,
    // The packages' ES module builds (pkijs, asn1js ...): scope-hoisted into the chunks, where
    // their CommonJS builds would be wrapped and copied export by export at load time.
    mainFields: ['module', 'main'],
    banner: { js: REQUIRE_BANNER },
    // The verify worker sits beside each bundle that may start it (main/host/verification.ts
    // looks for ./verify-worker.js next to itself); the chunks stay in the same folder.
    entryPoints: { sealdesk: 'main/cli/index.ts', 'verify-worker': 'main/verify/verify-worker.ts' },
    outdir,
    format: 'esm',
    splitting: true,
    chunkNames: '[name]-[hash]',
  });
}

if (rendererOnly) {
  await buildRenderer();
  console.log('built out/renderer');
} else if (cliOnly) {
  await buildCli(cliOutdir);
  console.log(`built ${cliOutdir}`);
} else {
  await rm('out', { recursive: true, force: true });
  await buildCli();
  await build({
    ...common,
    entryPoints: {
      index: 'main/electron/index.ts',
      'verify-worker': 'main/verify/verify-worker.ts',
    },
    outdir: 'out/main/electron',
    format: 'esm',
  });
  await build({
    ...common,
    // Split too: the door serves the page while the host's chunk (every core module) loads.
    entryPoints: { index: 'main/web/index.ts', 'verify-worker': 'main/verify/verify-worker.ts' },
    outdir: 'out/web',
    format: 'esm',
    splitting: true,
    chunkNames: '[name]-[hash]',
  });
  await build({
    ...common,
    packages: undefined,
    external: ['electron'],
    entryPoints: { index: 'preload/index.ts' },
    outdir: 'out/preload',
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
  });
  await buildRenderer();
  console.log('built out/cli, out/main/electron, out/web, out/preload, out/renderer');
}
