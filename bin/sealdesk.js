#!/usr/bin/env node
// The `sealdesk` command. Runs the built CLI (npm run build); in a development checkout
// without a build it runs the TypeScript sources through tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const built = fileURLToPath(new URL('../out/cli/sealdesk.js', import.meta.url));
if (existsSync(built)) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../main/cli/index.ts', import.meta.url).href);
}
