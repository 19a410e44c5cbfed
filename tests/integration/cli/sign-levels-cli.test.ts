import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../../main/cli/exit-codes';
import { makeClassicPdf } from '../../fixtures/pdfs/classic-pdf';
import { pdfsig } from '../../support/external-tools';
import { testPki } from '../../support/pki';
import { testServicesUrl } from '../../support/test-services';
import { trustingNssDb, workspace } from '../sign/sign-helpers';
import { cli } from './cli-harness';

function setup() {
  const dir = workspace();
  const input = join(dir, 'in.pdf');
  writeFileSync(input, makeClassicPdf({ pages: 1 }));
  const id = testPki().ids.rsa2048;
  const env = {
    P12_PASS: id.p12Passphrase,
    SEALDESK_DATA_DIR: mkdtempSync(join(tmpdir(), 'sealdesk-data-')),
  };
  const args = (output: string, extra: string[]) => [
    'sign',
    input,
    '-o',
    output,
    '--p12',
    id.p12Path,
    '--passphrase-env',
    'P12_PASS',
    '--json',
    ...extra,
  ];
  return { dir, env, args };
}

describe('sealdesk sign --level', () => {
  it('signs at B-LTA with a time-stamp authority, and pdfsig keeps the signature valid', async () => {
    const { dir, env, args } = setup();
    const out = join(dir, 'lta.pdf');
    const r = await cli(args(out, ['--level', 'B-LTA', '--tsa', `${testServicesUrl()}/tsa`]), {
      env,
    });
    expect(r.code, r.stderr).toBe(EXIT.ok);
    const json = JSON.parse(r.stdout) as { level: string; queued: boolean };
    expect(json).toMatchObject({ level: 'B-LTA', queued: false });
    const ps = await pdfsig(out, { nssDir: await trustingNssDb() });
    expect(ps.signatures[0]!.signatureValid, ps.raw).toBe(true);
    expect(ps.signatures.length).toBe(2);
  });

  it('refuses B-T when no time-stamp authority is given or configured', async () => {
    const { dir, env, args } = setup();
    const r = await cli(args(join(dir, 'bt.pdf'), ['--level', 'B-T']), { env });
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/SIGN_NO_TSA/);
  });

  it('signs at B-B and queues the document when the time-stamp authority does not answer', async () => {
    const { dir, env, args } = setup();
    const out = join(dir, 'offline.pdf');
    // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    const r = await cli(args(out, ['--level', 'B-T', '--tsa', 'http://127.0.0.1:9/tsa']), { env });
    expect(r.code, r.stderr).toBe(EXIT.ok);
    const json = JSON.parse(r.stdout) as { level: string; requestedLevel: string; queued: boolean };
    expect(json).toMatchObject({ level: 'B-B', requestedLevel: 'B-T', queued: true });
    const queued = await cli(
      ['ltv', 'augment', '--queue', '--tsa', `${testServicesUrl()}/tsa`, '--json'],
      { env },
    );
    expect(queued.code, queued.stderr + queued.stdout).toBe(EXIT.ok);
    const ps = await pdfsig(out, { nssDir: await trustingNssDb() });
    expect(ps.signatures[0]!.signatureValid, ps.raw).toBe(true);
    const v = await cli(['verify', out, '--trust', testPki().rootPath, '--json'], { env });
    const report = JSON.parse(v.stdout) as { signatures: Array<{ kind: string; level: string }> };
    const signature = report.signatures.find((s) => s.kind === 'signature');
    expect(signature?.level, v.stdout + queued.stdout).toMatch(/^B-(T|LT|LTA)$/);
  });
});
