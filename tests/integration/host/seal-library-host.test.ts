// The seal library through the UI contract (main/host: seals.rename / seals.export / seals.add):
// calls go through host.call, so each input is parsed by the contract's schema first; a
// malformed message is refused with CONTRACT_INVALID_INPUT and leaves the library as it was.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SealdeskHost } from '../../../main/host/sealdesk-host';
import { callOk, testHost } from '../../support/test-host';
import type { Input, MethodName, Output } from '../../../preload/contract';

let dir: string;
const hosts: SealdeskHost[] = [];

const hostIn = (dataDir: string): SealdeskHost => {
  const h = testHost(dataDir);
  hosts.push(h);
  return h;
};

let host: SealdeskHost;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sd-seal-host-'));
  host = hostIn(join(dir, 'data'));
});
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** Calls through the door (input parsed by the contract) and gives the typed value. */
const call = <M extends MethodName>(
  method: M,
  input: Input<M>,
  on: SealdeskHost = host,
): Promise<Output<M>> => callOk(on, method, input);

async function errorOf(method: MethodName, input: unknown): Promise<string> {
  const r = await host.call(method, input);
  expect(r.ok, `${method} ${JSON.stringify(input)}`).toBe(false);
  return r.ok ? '' : r.error.code;
}

const newSeal = () => call('seals.create', { spec: { type: 'signature', text: '张三' } });

describe('seals.rename', () => {
  it('renames the seal (trimmed), keeping its id, and seals.list shows the new name', async () => {
    const s = await newSeal();
    const renamed = await call('seals.rename', { id: s.id, name: '  合同签字人 ' });
    expect(renamed).toMatchObject({ id: s.id, name: '合同签字人', type: 'signature' });
    expect((await call('seals.list', {})).seals).toEqual([renamed]);
  });

  it('refuses an empty, blank or 61-character name and a malformed id at the door', async () => {
    const s = await newSeal();
    for (const input of [
      { id: s.id, name: '' },
      { id: s.id, name: '   ' },
      { id: s.id, name: '印'.repeat(61) },
      { id: 'not-a-seal-id', name: '李四' },
      { id: '../../etc', name: '李四' },
      { id: s.id },
      { id: s.id, name: '李四', extra: true },
    ])
      expect(await errorOf('seals.rename', input)).toBe('CONTRACT_INVALID_INPUT');
    expect((await call('seals.list', {})).seals).toEqual([s]);
    expect((await call('seals.rename', { id: s.id, name: '印'.repeat(60) })).name).toHaveLength(60);
  });

  it('answers SEAL_NOT_FOUND for a well-formed id the library does not hold', async () => {
    const absent = '0f0e0d0c-0b0a-4908-8706-050403020100';
    expect(await errorOf('seals.rename', { id: absent, name: '李四' })).toBe('SEAL_NOT_FOUND');
    expect(await errorOf('seals.export', { id: absent, path: join(dir, 'x.json') })).toBe(
      'SEAL_NOT_FOUND',
    );
  });
});

describe('seals.export and seals.add', () => {
  it('round-trip a seal into another data folder with the same id, name and drawing', async () => {
    const s = await call('seals.rename', { id: (await newSeal()).id, name: '王五的签名' });
    const file = join(dir, 'out', '王五的签名.seal.json');
    expect(await call('seals.export', { id: s.id, path: file })).toEqual({ path: file });
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({
      id: s.id,
      name: '王五的签名',
    });

    const other = hostIn(join(dir, 'other-data'));
    const added = await call('seals.add', { path: file }, other);
    expect(added).toEqual(s);
    expect((await call('seals.list', {}, other)).seals).toEqual([s]);
    const svg = (id: string, h: SealdeskHost) => call('seals.preview', { id }, h);
    expect(await svg(s.id, other)).toEqual(await svg(s.id, host));

    // The same id twice is refused; the library's own error crosses as a value.
    const again = await other.call('seals.add', { path: file });
    expect(again.ok ? '' : again.error.code).toBe('SEAL_ALREADY_EXISTS');

    // A path typed in the UI never silently replaces a file that is there.
    const before = await readFile(file, 'utf8');
    const over = await host.call('seals.export', { id: (await newSeal()).id, path: file });
    expect(over.ok ? '' : over.error.code).toBe('SEAL_EXPORT_EXISTS');
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('refuse an empty path, a malformed id and extra fields at the door', async () => {
    const s = await newSeal();
    for (const [method, input] of [
      ['seals.export', { id: s.id, path: '' }],
      ['seals.export', { id: 'nope', path: join(dir, 'a.json') }],
      ['seals.export', { id: s.id }],
      ['seals.add', { path: '' }],
      ['seals.add', { path: join(dir, 'a.json'), id: s.id }],
    ] as const)
      expect(await errorOf(method, input)).toBe('CONTRACT_INVALID_INPUT');
  });

  it('refuses to add a file that is not a seal, in the language of the session', async () => {
    const file = join(dir, 'not-a-seal.json');
    await call('settings.set', { lang: 'en' });
    await writeFile(file, '{"hello": "world"}');
    const r = await host.call('seals.add', { path: file });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('SEAL_FILE_INVALID');
      expect(r.error.message).toContain('not a valid Sealdesk seal file');
    }
    expect((await call('seals.list', {})).seals).toEqual([]);
  });
});
