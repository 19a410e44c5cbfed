// `sealdesk seal rename|delete|export` over the local seal library (main/seals/seal-library.ts),
// with `seal add` bringing an exported SEAL.json into a second library; each library is a
// throwaway folder given with --library.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../../main/cli/exit-codes';
import { cli } from './cli-harness';

interface Listed {
  id: string;
  name: string;
  type: string;
}

let dir: string;
let lib: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sealdesk-seal-lib-'));
  lib = join(dir, 'library');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A signature seal made by `seal create` and added to `library`; gives its id. */
async function sealIn(library: string, text = '张三'): Promise<string> {
  const file = join(dir, `${text}.json`);
  const c = await cli(['seal', 'create', '--type', 'signature', '--org', text, '-o', file]);
  expect(c.code, c.stderr).toBe(EXIT.ok);
  const a = await cli(['seal', 'add', file, '--library', library, '--json']);
  expect(a.code, a.stderr).toBe(EXIT.ok);
  return (JSON.parse(a.stdout) as { seal: Listed }).seal.id;
}

async function list(library: string): Promise<Listed[]> {
  const r = await cli(['seal', 'list', '--library', library, '--json']);
  expect(r.code, r.stderr).toBe(EXIT.ok);
  return (JSON.parse(r.stdout) as { seals: Listed[] }).seals;
}

const ABSENT = '0f0e0d0c-0b0a-4908-8706-050403020100';

describe('sealdesk seal rename', () => {
  it('gives the seal a new name that list then shows, keeping its id', async () => {
    const id = await sealIn(lib);
    const r = await cli(['seal', 'rename', id, '  合同签字人  ', '--library', lib, '--json']);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: true,
      previousName: expect.stringContaining('张三') as unknown,
      seal: { id, name: '合同签字人' },
    });
    expect(await list(lib)).toEqual([expect.objectContaining({ id, name: '合同签字人' })]);
    const text = await cli(['seal', 'list', '--library', lib]);
    expect(text.stdout).toContain(`${id}  signature`);
    expect(text.stdout).toContain('合同签字人');
  });

  it('says the rename in words, in Chinese by default', async () => {
    const id = await sealIn(lib);
    const r = await cli(['seal', 'rename', id, '李四', '--library', lib], { lang: 'zh-CN' });
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(r.stdout).toMatch(new RegExp(`印章 ${id} 已改名：.*→ “李四”`));
  });

  it('refuses an empty name and a 61-character one, leaving the name as it was', async () => {
    const id = await sealIn(lib);
    const before = await list(lib);
    const empty = await cli(['seal', 'rename', id, '   ', '--library', lib]);
    expect(empty.code).toBe(EXIT.input);
    expect(empty.stderr).toMatch(/SEAL_NAME_EMPTY/);
    const long = await cli(['seal', 'rename', id, '名'.repeat(61), '--library', lib]);
    expect(long.code).toBe(EXIT.usage);
    expect(long.stderr).toMatch(/CLI_USAGE.*61 characters.*at most 60/);
    const sixty = await cli(['seal', 'rename', id, '名'.repeat(60), '--library', lib]);
    expect(sixty.code, sixty.stderr).toBe(EXIT.ok);
    expect((await list(lib))[0]?.name).toBe('名'.repeat(60));
    expect(before[0]?.name).not.toBe('名'.repeat(60));
  });

  it('wants exactly an id and a name', async () => {
    const r = await cli(['seal', 'rename', ABSENT, '--library', lib]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/CLI_USAGE.*seal ID and the new NAME/);
  });
});

describe('sealdesk seal export and add', () => {
  it('writes a SEAL.json that add brings into a second library with the same id and name', async () => {
    const id = await sealIn(lib, '王五');
    await cli(['seal', 'rename', id, '王五的签名', '--library', lib]);
    const out = join(dir, 'out', 'wang.seal.json');
    const r = await cli(['seal', 'export', id, '-o', out, '--library', lib, '--json']);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, file: out, seal: { id } });
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(lib, id, 'SEAL.json'), 'utf8'));

    const second = join(dir, 'second');
    const a = await cli(['seal', 'add', out, '--library', second, '--json']);
    expect(a.code, a.stderr).toBe(EXIT.ok);
    expect(await list(second)).toEqual([
      expect.objectContaining({ id, name: '王五的签名', type: 'signature' }),
    ]);
    // Adding it again is refused: the id is already there.
    const again = await cli(['seal', 'add', out, '--library', second]);
    expect(again.code).toBe(EXIT.input);
    expect(again.stderr).toMatch(/SEAL_ALREADY_EXISTS/);
  });

  it('replaces an existing file at -o, as the library writes every output (atomically)', async () => {
    const id = await sealIn(lib);
    const out = join(dir, 'existing.json');
    writeFileSync(out, 'an older file');
    const r = await cli(['seal', 'export', id, '-o', out, '--library', lib]);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(r.stdout).toContain(`written: ${out}`);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ id, format: 'sealdesk.seal' });
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses an export without -o and writes nothing', async () => {
    const id = await sealIn(lib);
    const before = readdirSync(dir).sort();
    const r = await cli(['seal', 'export', id, '--library', lib]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/CLI_USAGE.*Missing -o SEAL\.json/);
    expect(readdirSync(dir).sort()).toEqual(before);
  });
});

describe('sealdesk seal delete', () => {
  it('removes the seal from the library and from the list', async () => {
    const keep = await sealIn(lib, '赵六');
    const id = await sealIn(lib, '钱七');
    const r = await cli(['seal', 'delete', id, '--library', lib, '--json']);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, deleted: { id } });
    expect((await list(lib)).map((s) => s.id)).toEqual([keep]);
    expect(existsSync(join(lib, id))).toBe(false);
    expect(readdirSync(lib)).toEqual([keep]);
  });
});

describe('an id the library does not hold', () => {
  for (const [label, id] of [
    ['an absent', ABSENT],
    ['a malformed', '../../etc'],
  ] as const) {
    it(`is refused with SEAL_NOT_FOUND by rename, delete and export (${label} id)`, async () => {
      const keep = await sealIn(lib);
      const out = join(dir, 'never.json');
      for (const args of [
        ['rename', id, '新名称'],
        ['delete', id],
        ['export', id, '-o', out],
      ]) {
        const r = await cli(['seal', ...args, '--library', lib]);
        expect(r.code, args.join(' ')).toBe(EXIT.input);
        expect(r.stderr).toMatch(/SEAL_NOT_FOUND/);
        expect(r.stderr).toContain(id);
      }
      expect(existsSync(out)).toBe(false);
      expect((await list(lib)).map((s) => s.id)).toEqual([keep]);
    });
  }

  it('is explained in Chinese when the language is zh-CN', async () => {
    const r = await cli(['seal', 'delete', ABSENT, '--library', lib], { lang: 'zh-CN' });
    expect(r.code).toBe(EXIT.input);
    expect(r.stderr).toContain(`印章库中没有编号为 ${ABSENT} 的印章`);
  });
});

describe('sealdesk seal --help', () => {
  it('names rename, delete and export in both languages', async () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const r = await cli(['seal', '--help'], { lang });
      expect(r.code).toBe(EXIT.ok);
      for (const sub of ['rename ', 'delete ', 'export ']) expect(r.stdout, lang).toContain(sub);
    }
  });
});
