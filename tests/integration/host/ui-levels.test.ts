// The UI contract's time-stamping settings and signing levels (main/host: tsa.list / tsa.set,
// sign.prepare / sign.run at B-T..B-LTA): the list lives in ltv-settings.json beside the other
// LTV settings, bad addresses are refused at the door, a level above B-B without a TSA is refused
// before anything is confirmed, and with the run-wide test TSA a document is signed at B-LTA and
// said to be; with a TSA that does not answer it is signed lower, queued, and said so.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SealdeskHost } from '../../../main/host/sealdesk-host';
import { LtvQueue } from '../../../main/ltv/ltv-queue';
import type { Input, MethodName, Output } from '../../../preload/contract';
import { fixturePdf } from '../../support/fixture-pdfs';
import { testPki } from '../../support/pki';
import { callOk, testHost } from '../../support/test-host';
import { testServicesUrl } from '../../support/test-services';
import { verifyWithTestRoot } from '../ltv/ltv-support';

let dataDir: string;
let host: SealdeskHost;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sd-ui-levels-'));
  host = testHost(dataDir);
});
afterEach(async () => {
  await host.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

const call = <M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> =>
  callOk(host, method, input);

/** A contract copy in the data folder and the rsa2048 PKCS#12 added as an identity. */
async function contractAndIdentity() {
  const id = testPki().ids.rsa2048;
  await call('identities.addP12', { path: id.p12Path, passphrase: id.p12Passphrase });
  const file = join(dataDir, 'contract.pdf');
  await copyFile(await fixturePdf('classic'), file);
  return { file, id };
}

describe('the time-stamping authorities the UI configures', () => {
  it('are kept in ltv-settings.json in order, leaving the other LTV settings as they were', async () => {
    await writeFile(join(dataDir, 'ltv-settings.json'), JSON.stringify({ crl: 'always' }));
    expect(await call('tsa.list', {})).toEqual({ tsas: [] });
    const tsas = [
      { url: 'http://tsa-b.example/tsa', user: 'clerk' },
      { url: 'https://tsa-a.example/' },
    ];
    expect(await call('tsa.set', { tsas })).toEqual({ tsas });
    const onDisk = JSON.parse(await readFile(join(dataDir, 'ltv-settings.json'), 'utf8')) as {
      crl: string;
      tsas: unknown;
    };
    expect(onDisk.crl).toBe('always');
    expect(onDisk.tsas).toEqual(tsas);
    expect(await call('tsa.list', {})).toEqual({ tsas });
  });

  it('refuse an address that is not http or https, and a password field', async () => {
    for (const tsas of [
      [{ url: 'file:///etc/passwd' }],
      [{ url: 'not a url' }],
      [{ url: 'http://tsa.example/', password: 'secret' }],
    ]) {
      const r = await host.call('tsa.set', { tsas });
      expect(r.ok, JSON.stringify(tsas)).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('CONTRACT_INVALID_INPUT');
    }
    expect(await call('tsa.list', {})).toEqual({ tsas: [] });
  });
});

describe('signing at a level from the UI', () => {
  it('refuses B-T at the intent when no TSA is configured, saying where to add one', async () => {
    const { file, id } = await contractAndIdentity();
    const r = await host.call('sign.prepare', {
      documents: [{ path: file }],
      identity: { kind: 'p12', path: id.p12Path },
      placements: [],
      level: 'B-T',
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('SIGN_NO_TSA');
      expect(r.error.message).toMatch(/时间戳服务/);
    }
  });

  it('signs at B-LTA with the configured TSA and says the level reached', async () => {
    const { file, id } = await contractAndIdentity();
    await call('tsa.set', { tsas: [{ url: `${testServicesUrl()}/tsa` }] });
    const intent = await call('sign.prepare', {
      documents: [{ path: file }],
      identity: { kind: 'p12', path: id.p12Path },
      placements: [],
      level: 'B-LTA',
    });
    expect(intent.level).toBe('B-LTA');
    const result = await call('sign.run', { intentId: intent.intentId, secret: id.p12Passphrase });
    const [doc] = result.documents;
    expect(doc).toMatchObject({ status: 'signed', level: 'B-LTA', pending: null });
    const v = await verifyWithTestRoot(doc!.output!);
    expect(v.signatures.map((s) => [s.indication, s.level])).toEqual([
      ['TOTAL_PASSED', 'B-LTA'],
      ['TOTAL_PASSED', null],
    ]);
  });

  it('signs lower when the TSA does not answer, queues the copy and says so', async () => {
    const { file, id } = await contractAndIdentity();
    // A port nothing listens on: the TSA "does not answer".
    await call('tsa.set', { tsas: [{ url: 'http://127.0.0.1:9/tsa' }] });
    await call('settings.set', { lang: 'en' });
    const intent = await call('sign.prepare', {
      documents: [{ path: file }],
      identity: { kind: 'p12', path: id.p12Path },
      placements: [],
      level: 'B-LT',
    });
    const result = await call('sign.run', { intentId: intent.intentId, secret: id.p12Passphrase });
    const [doc] = result.documents;
    expect(doc?.status).toBe('signed');
    expect(doc?.level).toBe('B-B');
    expect(doc?.pending).toMatch(/Signed at B-B, not yet B-LT .*Queued/);
    const queued = await new LtvQueue(dataDir).list();
    expect(queued.map((q) => [q.file, q.level])).toEqual([[doc!.output, 'B-LT']]);
  });
});
