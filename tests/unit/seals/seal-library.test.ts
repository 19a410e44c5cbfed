import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateSeal } from '../../../main/seals/generate-seal';
import { SealLibrary, type SealEvent } from '../../../main/seals/seal-library';
import { FIXED } from './helpers';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sealdesk-seals-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const at = () => new Date('2025-02-03T04:05:06.000Z');

describe('SealLibrary', () => {
  it('refuses a name longer than a stored seal may have, and keeps the old one', async () => {
    const lib = new SealLibrary(join(dir, 'long-names'), { now: at });
    const seal = generateSeal(
      { type: 'round', organisation: '某某有限公司', title: '公章' },
      FIXED,
    );
    await lib.add(seal);
    await expect(lib.rename(seal.id, '章'.repeat(201))).rejects.toMatchObject({
      code: 'SEAL_LABEL_TOO_LONG',
    });
    expect((await lib.list()).map((s) => s.name)).toEqual([seal.name]);
    expect((await lib.rename(seal.id, '章'.repeat(200))).name).toHaveLength(200);
  });

  it('adds, lists, renames, exports, deletes and re-imports a seal, emitting an event for each', async () => {
    const events: SealEvent[] = [];
    const lib = new SealLibrary(join(dir, 'seals'), { onEvent: (e) => events.push(e), now: at });
    expect(await lib.list()).toEqual([]);
    const seal = generateSeal(
      { type: 'round', organisation: '北京某某科技有限公司', title: '合同专用章' },
      FIXED,
    );
    await lib.add(seal);
    expect((await lib.list()).map((s) => s.id)).toEqual([seal.id]);
    expect(await lib.get(seal.id)).toEqual(seal);

    const renamed = await lib.rename(seal.id, ' 合同章（北京） ');
    expect(renamed.name).toBe('合同章（北京）');
    expect((await lib.get(seal.id)).name).toBe('合同章（北京）');

    const exported = join(dir, 'out', 'SEAL.json');
    await lib.export(seal.id, exported);
    await lib.markUsed(seal.id, { documentSha256: 'ab'.repeat(32) });
    await lib.delete(seal.id);
    expect(await lib.list()).toEqual([]);
    await expect(lib.get(seal.id)).rejects.toMatchObject({ code: 'SEAL_NOT_FOUND' });

    const back = await lib.import(exported);
    expect(back).toEqual({ ...seal, name: '合同章（北京）' });
    await expect(lib.import(exported)).rejects.toMatchObject({ code: 'SEAL_ALREADY_EXISTS' });

    expect(events.map((e) => e.type)).toEqual([
      'seal.created',
      'seal.renamed',
      'seal.used',
      'seal.deleted',
      'seal.imported',
    ]);
    expect(events.every((e) => e.sealId === seal.id && e.at === '2025-02-03T04:05:06.000Z')).toBe(
      true,
    );
    expect(events[1]).toMatchObject({
      previousName: '北京某某科技有限公司合同专用章',
      name: '合同章（北京）',
    });
    expect(events[2]!.context).toEqual({ documentSha256: 'ab'.repeat(32) });
    expect(events[4]).toMatchObject({ file: 'SEAL.json' });
    // No temp files left behind by the atomic writes.
    expect((await readdir(join(dir, 'seals', seal.id))).sort()).toEqual(['SEAL.json']);
  });

  it('refuses a SEAL.json that does not validate, saying which field is wrong', async () => {
    const lib = new SealLibrary(join(dir, 'seals'));
    const seal = generateSeal({ type: 'square', personName: '张三' }, FIXED);
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ ...seal, sizeMm: { width: -1, height: 20 } }));
    await expect(lib.import(bad)).rejects.toMatchObject({ code: 'SEAL_FILE_INVALID' });
    await writeFile(bad, '{ not json');
    await expect(lib.import(bad)).rejects.toMatchObject({ code: 'SEAL_FILE_INVALID' });
    expect(await lib.list()).toEqual([]);
  });

  it('writes SEAL.json as readable, versioned JSON', async () => {
    const lib = new SealLibrary(dir);
    const seal = await lib.add(generateSeal({ type: 'signature', text: '王小明' }, FIXED));
    const text = await readFile(join(dir, seal.id, 'SEAL.json'), 'utf8');
    expect(JSON.parse(text)).toMatchObject({
      format: 'sealdesk.seal',
      version: 1,
      type: 'signature',
    });
  });
});
