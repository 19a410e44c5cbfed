// Records every module a node process loads, for the CLI's lazy-loading tests:
//   node --import ./load-recorder.mjs out/cli/sealdesk.js --version
// with SEALDESK_LOAD_RECORD=<file> appends one resolved URL per line (node: built-ins and
// files) to that file. A test then reads the files' esbuild module markers ("// main/verify/...",
// "// node_modules/pkijs/...") to see what code a command loaded.
// Must never: change what is loaded or print anything (the command's output is under test).
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
import { appendFileSync } from 'node:fs';
let file;
export function initialize(data) { file = data.file; }
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (file) appendFileSync(file, r.url + '\\n');
  return r;
}
`),
  { data: { file: process.env.SEALDESK_LOAD_RECORD } },
);
