// Child-process driver for the keychain CLI tests: runs inside a private D-Bus session with a
// real gnome-keyring (tests/support/keyring-session.ts), drives `sealdesk keychain` and
// `sealdesk sign --remember-passphrase / --passphrase-from-keychain` in-process, and prints one
// JSON line with every step's exit code and output. The secrets are fixed test values.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { makeClassicPdf } from '../../fixtures/pdfs/classic-pdf';
import { testPki } from '../../support/pki';
import { scriptedCli, type Script } from './scripted-cli';

const steps: Record<string, { code: number; stdout: string; stderr: string }> = {};
async function step(name: string, argv: string[], script: Script = {}): Promise<void> {
  const r = await scriptedCli([...argv, '--lang', 'en'], { env: process.env, ...script });
  steps[name] = { code: r.code, stdout: r.stdout, stderr: r.stderr };
}

await step('getMissing', ['keychain', 'get', 'seal.p12']);
await step('set', ['keychain', 'set', 'seal.p12'], { stdin: 'first 口令\n' });
await step('get', ['keychain', 'get', 'seal.p12']);
await step('show', ['keychain', 'get', 'seal.p12', '--show']);
await step('overwrite', ['keychain', 'set', 'seal.p12'], { stdin: 'second' });
await step('showAfterOverwrite', ['keychain', 'get', 'seal.p12', '--show', '--json']);
await step('tokenPinRefused', ['keychain', 'set', 'token 1', '--kind', 'token-pin'], {
  stdin: '123456',
});
await step(
  'tokenPinAllowed',
  ['keychain', 'set', 'token 1', '--kind', 'token-pin', '--allow-token-pin'],
  {
    stdin: '123456',
  },
);
await step('tokenPinDelete', ['keychain', 'delete', 'token 1', '--kind', 'token-pin']);
await step('delete', ['keychain', 'delete', 'seal.p12']);
await step('getAfterDelete', ['keychain', 'get', 'seal.p12']);

const id = testPki().ids.rsa2048;
const dir = mkdtempSync(join(tmpdir(), 'sealdesk-keychain-cli-'));
const input = join(dir, 'in.pdf');
writeFileSync(input, makeClassicPdf({ pages: 1 }));
await step(
  'signRemember',
  ['sign', input, '-o', join(dir, 'a.pdf'), '--p12', id.p12Path, '--remember-passphrase'],
  {
    secrets: [id.p12Passphrase],
  },
);
await step('signFromKeychain', [
  'sign',
  input,
  '-o',
  join(dir, 'b.pdf'),
  '--p12',
  id.p12Path,
  '--passphrase-from-keychain',
  resolve(id.p12Path),
]);
await step('signFromMissingEntry', [
  'sign',
  input,
  '-o',
  join(dir, 'c.pdf'),
  '--p12',
  id.p12Path,
  '--passphrase-from-keychain',
  'never stored',
]);
process.stdout.write(
  `${JSON.stringify({ steps, outputs: [join(dir, 'a.pdf'), join(dir, 'b.pdf')] })}\n`,
);
