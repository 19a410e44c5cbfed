/**
 * Bench children run bundled JavaScript under plain node, as the product does (out/ is an
 * esbuild bundle), not through tsx, whose transpiler alone adds tens of MB of RSS and would
 * make every peak-memory figure about the tool rather than about Sealdesk.
 */
import { build, type Plugin } from 'esbuild';
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const OUT_DIR = resolve(import.meta.dirname, '../../.cache/bench');
const built = new Map<string, Promise<string>>();

/**
 * Keeps each source file's own location: `import.meta.url` / `import.meta.dirname` are replaced
 * by the original file's, so paths computed from them (the test PKI, fixtures) stay right.
 */
const keepSourceLocation: Plugin = {
  name: 'keep-source-location',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8')
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)));
      return { contents: text, loader: 'ts' };
    });
  },
};

/** Bundles `entry` (a .ts file) once per run and returns the .mjs path to run with node. */
export function bundledEntry(entry: string): Promise<string> {
  let p = built.get(entry);
  if (!p) {
    mkdirSync(OUT_DIR, { recursive: true });
    const outfile = join(OUT_DIR, basename(entry).replace(/\.ts$/, '.mjs'));
    p = build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'warning',
      plugins: [keepSourceLocation],
    }).then(() => outfile);
    built.set(entry, p);
  }
  return p;
}
