/**
 * The host's long-term validation use cases: the background task retries the queue until the
 * TSA answers, and the renewal check says which files need renewal and why.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRenewals, ltvQueue, startAugmentTask } from '../../../main/host/ltv';
import type { QueueItemResult } from '../../../main/ltv/augment-queue';
import { testPki } from '../../support/pki';
import { startRevocationServer, type RevocationServer } from '../../support/revocation-server';
import { workspace } from '../sign/sign-helpers';
import { runWideTsa, signFixture, verifyWithTestRoot } from './ltv-support';

describe('host long-term validation', () => {
  let server: RevocationServer;
  let dir: string;
  beforeAll(async () => {
    server = await startRevocationServer({ port: 0 });
    dir = workspace();
  });
  afterAll(async () => {
    await server.close();
  });

  it('the background task raises a queued document once the TSA is back', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sealdesk-ltvhost-'));
    server.setTsaMode('down');
    const tsaUrl = `${server.url}/tsa`;
    const r = await signFixture(dir, 'task', testPki().ids.rsa2048, {
      level: 'B-LT',
      tsa: { tsas: [tsaUrl], timeoutMs: 3000 },
      queue: ltvQueue(dataDir),
    });
    expect([r.level, r.queued]).toEqual(['B-B', true]);
    const passes: (readonly QueueItemResult[])[] = [];
    const task = startAugmentTask({
      dataDir,
      tsaUrls: [tsaUrl],
      tsaTimeoutMs: 3000,
      revocation: { crl: 'never' },
      intervalMs: 100,
      onPass: (p) => passes.push(p),
    });
    try {
      const first = await task.runNow();
      expect(first.map((x) => x.ok)).toEqual([false]);
      server.setTsaMode('good');
      const deadline = Date.now() + 20_000;
      while (!passes.some((p) => p.some((x) => x.ok)) && Date.now() < deadline)
        await new Promise((res) => setTimeout(res, 100));
    } finally {
      await task.stop();
    }
    expect(await ltvQueue(dataDir).list()).toEqual([]);
    const v = await verifyWithTestRoot(r.output);
    expect(v.signatures.map((s) => [s.kind, s.indication, s.level])).toEqual([
      ['signature', 'TOTAL_PASSED', 'B-LT'],
      ['timestamp', 'TOTAL_PASSED', null],
    ]);
  });

  it('says a file needs renewal when its timestamp certificate expires within the horizon', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sealdesk-ltvhost-'));
    const r = await signFixture(dir, 'renew', testPki().ids.rsa2048, {
      level: 'B-LTA',
      tsa: runWideTsa(),
      revocation: { crl: 'never' },
    });
    const [soon] = await checkRenewals([r.output], { dataDir, withinDays: 30 });
    expect(soon?.needsRenewal, JSON.stringify(soon)).toBe(false);
    const [late] = await checkRenewals([r.output], { dataDir, withinDays: 20 * 365 });
    expect(late?.needsRenewal).toBe(true);
    expect(late?.reasons.join('\n')).toMatch(/timestamp certificate "CN=Sealdesk Test TSA/);
  });
});
