// The intent (意愿认证) the UI confirms names a document that lacks a page something is placed
// on, before any key is used: a seal, the date stamp and the cross-page seal's pages alike, with
// the same message signing itself would give (APPEARANCE_PAGE_OUT_OF_RANGE).
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SealdeskHost } from '../../../main/host/sealdesk-host';
import type { Input, MethodName, Output } from '../../../preload/contract';
import { fixturePdf } from '../../support/fixture-pdfs';
import { testPki } from '../../support/pki';
import { callOk, testHost } from '../../support/test-host';

let dataDir: string;
let host: SealdeskHost;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sd-ui-intent-'));
  host = testHost(dataDir);
});
afterEach(async () => {
  await host.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

const call = <M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> =>
  callOk(host, method, input);

describe('the signing intent', () => {
  it('names a document without the page a seal, the date stamp or a cross-page slice is on', async () => {
    const id = testPki().ids.rsa2048;
    await call('identities.addP12', { path: id.p12Path, passphrase: id.p12Passphrase });
    await call('settings.set', { lang: 'en' });
    const seal = await call('seals.create', {
      spec: { type: 'round', organisation: '上海示例科技有限公司', title: '合同专用章' },
    });
    const file = join(dataDir, 'contract.pdf');
    await copyFile(await fixturePdf('classic'), file);
    const prepare = (extra: Partial<Input<'sign.prepare'>>) =>
      call('sign.prepare', {
        documents: [{ path: file }],
        identity: { kind: 'p12', path: id.p12Path },
        sealId: seal.id,
        placements: [{ page: 1, xMm: 100, yMm: 100 }],
        level: 'B-B',
        ...extra,
      });

    const fine = await prepare({});
    expect(fine.documents[0]).toMatchObject({ pageCount: 3, problem: null });
    for (const extra of [
      { placements: [{ page: 4, xMm: 100, yMm: 100 }] },
      { dateStamp: { page: 9, xMm: 100, yMm: 200 } },
      { pagingSeal: { pages: [2, 3, 4] } },
    ]) {
      const intent = await prepare(extra);
      expect(intent.documents[0]?.problem, JSON.stringify(extra)).toMatch(
        /^Page \d does not exist in .*contract\.pdf: it has 3 page\(s\)/,
      );
    }
  });
});
