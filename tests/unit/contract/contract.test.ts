/**
 * The UI contract end to end inside Node: every method is implemented by the host and exposed
 * by the preload on derived channels; malformed messages are refused by the host with a
 * validation error before any use case runs; a secret (PIN/passphrase) never comes back in a
 * result, an error or an event.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSealdeskHost, type SealdeskHost } from '../../../main/host/sealdesk-host';
import { EVENT_NAMES, METHOD_NAMES, eventChannel, methodChannel } from '../../../preload/contract';
import { buildBridge, exposeContract } from '../../../preload/expose-contract';
import { fixtureCopy } from '../../support/fixture-pdfs';
import { testPki } from '../../support/pki';

let dataDir: string;
let host: SealdeskHost;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sd-contract-'));
  host = createSealdeskHost({
    door: 'web',
    version: '9.9.9',
    env: { SEALDESK_DATA_DIR: dataDir },
    tokenModules: [],
  });
});
afterAll(async () => {
  await host.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

interface FakeIpc {
  invoked: { channel: string; args: unknown[] }[];
  listeners: Map<string, ((event: unknown, ...args: unknown[]) => void)[]>;
}
function fakeIpc(): FakeIpc & Parameters<typeof buildBridge>[0] {
  const ipc: FakeIpc = { invoked: [], listeners: new Map() };
  return {
    ...ipc,
    invoke(channel, ...args) {
      ipc.invoked.push({ channel, args });
      return Promise.resolve({ ok: true, value: channel });
    },
    on(channel, listener) {
      ipc.listeners.set(channel, [...(ipc.listeners.get(channel) ?? []), listener]);
    },
    removeListener(channel, listener) {
      ipc.listeners.set(
        channel,
        (ipc.listeners.get(channel) ?? []).filter((l) => l !== listener),
      );
    },
  };
}

/** Every leaf of an exposed value, with its path. */
function leaves(value: unknown, path = ''): { path: string; value: unknown }[] {
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  return [{ path, value }];
}

describe('the contract', () => {
  it('is implemented by the host, method for method', () => {
    expect(Object.keys(host.implementation).sort()).toEqual([...METHOD_NAMES].sort());
    for (const m of METHOD_NAMES) expect(typeof host.implementation[m]).toBe('function');
  });

  it('is exposed by the preload as functions only, on channels derived from the names', async () => {
    const ipc = fakeIpc();
    const exposed: { key: string; api: unknown }[] = [];
    exposeContract({ exposeInMainWorld: (key, api) => exposed.push({ key, api }) }, ipc);
    expect(exposed.map((e) => e.key)).toEqual(['sealdesk']);
    const api = exposed[0]!.api as { methods: object; on: object };
    expect(Object.keys(api).sort()).toEqual(['methods', 'on']);
    expect(Object.keys(api.methods).sort()).toEqual([...METHOD_NAMES].sort());
    expect(Object.keys(api.on).sort()).toEqual([...EVENT_NAMES].sort());
    for (const leaf of leaves(api)) expect(typeof leaf.value, leaf.path).toBe('function');

    const bridge = buildBridge(ipc);
    const r = await bridge.methods['trust.list']({});
    expect(r).toEqual({ ok: true, value: 'sealdesk:call:trust.list' });
    expect(ipc.invoked).toEqual([{ channel: methodChannel('trust.list'), args: [{}] }]);
  });

  it('delivers events to subscribers without the IPC event object, and unsubscribes', () => {
    const ipc = fakeIpc();
    const bridge = buildBridge(ipc);
    const got: unknown[] = [];
    const off = bridge.on['verify.progress']((p) => got.push(p));
    const channel = eventChannel('verify.progress');
    const [listener] = ipc.listeners.get(channel) ?? [];
    listener?.({ sender: 'secret-ipc-internals' }, { file: 'a.pdf', done: 1, total: 2 });
    expect(got).toEqual([{ file: 'a.pdf', done: 1, total: 2 }]);
    off();
    expect(ipc.listeners.get(channel)).toEqual([]);
  });
});

describe('the host door', () => {
  it('refuses a malformed message with a validation error', async () => {
    for (const [method, input] of [
      ['trust.remove', { fingerprint: 5 }],
      ['trust.remove', {}],
      ['documents.readRange', { docId: 'doc-0000000000000000', offset: 0, length: 2 << 20 }],
      ['settings.set', { lang: 'fr' }],
      ['app.info', { extra: true }],
      ['seals.create', { spec: { type: 'hexagon', organisation: 'x' } }],
      ['documents.openPath', 'not an object'],
    ] as const) {
      const r = await host.call(method, input);
      expect(r.ok, `${method} ${JSON.stringify(input)}`).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('CONTRACT_INVALID_INPUT');
    }
  });

  it('refuses an unknown method, in the session language', async () => {
    const r = await host.call('documents.deleteEverything', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'CONTRACT_UNKNOWN_METHOD' } });
    if (!r.ok) expect(r.error.message).toMatch(/没有名为/);
    await host.call('settings.set', { lang: 'en' });
    const en = await host.call('constructor', {});
    if (!en.ok) expect(en.error.message).toMatch(/no operation called constructor/);
    await host.call('settings.set', { lang: 'zh-CN' });
  });

  it('opens a document, reads a capped range by positioned reads, and closes it', async () => {
    const file = await fixtureCopy('classic', dataDir);
    const opened = await host.call('documents.openPath', { path: file });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    const { docId, size } = opened.value as { docId: string; size: number };
    const head = await host.call('documents.readRange', { docId, offset: 0, length: 5 });
    expect(head.ok && Buffer.from((head.value as { bytes: Uint8Array }).bytes).toString()).toBe(
      '%PDF-',
    );
    const tail = await host.call('documents.readRange', { docId, offset: size - 3, length: 100 });
    expect(tail.ok && (tail.value as { bytes: Uint8Array }).bytes.byteLength).toBe(3);
    const info = await host.call('documents.info', { docId });
    expect(info).toMatchObject({ ok: true, value: { pageCount: 3, signatureCount: 0 } });
    await host.call('documents.close', { docId });
    const after = await host.call('documents.info', { docId });
    expect(after).toMatchObject({ ok: false, error: { code: 'DOC_NOT_OPEN' } });
  });
});

describe('secrets', () => {
  it('never appear in a result, an error or an event', async () => {
    const id = testPki().ids.rsa2048;
    const good = id.p12Passphrase;
    const wrong = 'wrong-Secret-93871';
    const pdf = await fixtureCopy('classic', dataDir);
    expect(`${dataDir} ${pdf} ${id.p12Path}`).not.toContain(good);

    const seen: unknown[] = [];
    const off = host.subscribe((event, payload) => seen.push({ event, payload }));
    const call = async (method: string, input: unknown) => {
      const r = await host.call(method, input);
      seen.push(r);
      return r;
    };
    try {
      expect((await call('identities.addP12', { path: id.p12Path, passphrase: wrong })).ok).toBe(
        false,
      );
      expect((await call('identities.addP12', { path: id.p12Path, passphrase: good })).ok).toBe(
        true,
      );
      const intent = await call('sign.prepare', {
        documents: [{ path: pdf }],
        identity: { kind: 'p12', path: id.p12Path },
        placements: [],
        level: 'B-B',
        reason: 'contract test',
      });
      expect(intent).toMatchObject({ ok: true, value: { secretKind: 'passphrase' } });
      if (!intent.ok) return;
      const { intentId } = intent.value as { intentId: string };
      const refused = await call('sign.run', { intentId, secret: wrong });
      expect(refused.ok).toBe(false);
      const signed = await call('sign.run', { intentId, secret: good });
      expect(signed).toMatchObject({ ok: true, value: { documents: [{ status: 'signed' }] } });
      expect(seen.some((s) => (s as { event?: string }).event === 'sign.progress')).toBe(true);
      const again = await call('sign.run', { intentId, secret: good });
      expect(again).toMatchObject({ ok: false, error: { code: 'INTENT_NOT_FOUND' } });
    } finally {
      off();
    }
    const everything = JSON.stringify(seen);
    expect(everything).not.toContain(good);
    expect(everything).not.toContain(wrong);
  });
});
