import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../../main/cli/exit-codes';
import { makeClassicPdf } from '../../fixtures/pdfs/classic-pdf';
import { testPki } from '../../support/pki';
import { cli } from '../cli/cli-harness';
import { expectAllValid, expectNoLeftovers, workspace } from '../sign/sign-helpers';
import { mmBox, redInside, renderPage } from './render-helpers';

const ENV = { P12_PASS: 'sealdesk-test' };

/** A scanned seal: a red ring with a red dot on white paper, 300 dpi by assumption. */
function scanPng(size = 240): Buffer {
  const png = new PNG({ width: size, height: size });
  const c = size / 2;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - c, y - c);
      const ink = (d > size * 0.4 && d < size * 0.46) || d < size * 0.1;
      const i = (y * size + x) * 4;
      png.data[i] = ink ? 220 : 250;
      png.data[i + 1] = ink ? 20 : 248;
      png.data[i + 2] = ink ? 30 : 245;
      png.data[i + 3] = 255;
    }
  return PNG.sync.write(png);
}

/** Only a PNG signature and an IHDR claiming 6000 x 5000 pixels (30 megapixels). */
function hugePngHeader(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(6000, 0);
  ihdr.writeUInt32BE(5000, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('sealdesk seal', () => {
  it('creates a round seal with previews, adds it to the library and lists it', async () => {
    const dir = workspace();
    const out = join(dir, 'seal.json');
    const r = await cli([
      'seal',
      'create',
      '--type',
      'round',
      '--org',
      '上海示例贸易有限公司',
      '--title',
      '合同专用章',
      '--code',
      '3101150001234',
      '--size',
      '42',
      '-o',
      out,
      '--svg',
      join(dir, 'seal.svg'),
      '--png',
      join(dir, 'seal.png'),
    ]);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({
      type: 'round',
      sizeMm: { width: 42 },
    });
    expect(readFileSync(join(dir, 'seal.svg'), 'utf8')).toMatch(/<svg/);
    expect(readFileSync(join(dir, 'seal.png')).subarray(1, 4).toString()).toBe('PNG');
    const env = { SEALDESK_DATA_DIR: join(dir, 'data') };
    expect((await cli(['seal', 'add', out], { env })).code).toBe(EXIT.ok);
    const list = await cli(['seal', 'list', '--json'], { env });
    expect(list.code, list.stderr).toBe(EXIT.ok);
    const json = JSON.parse(list.stdout) as {
      seals: Array<{ type: string; organisation: string }>;
    };
    expect(json.seals).toEqual([
      expect.objectContaining({ type: 'round', organisation: '上海示例贸易有限公司' }),
    ]);
  });

  for (const [label, org] of [
    ['an empty', ''],
    ['a 60-character', '中'.repeat(60)],
  ] as const) {
    it(`refuses ${label} company name and writes nothing`, async () => {
      const dir = workspace();
      const r = await cli([
        'seal',
        'create',
        '--type',
        'round',
        '--org',
        org,
        '--title',
        '公章',
        '-o',
        join(dir, 'seal.json'),
        '--png',
        join(dir, 'seal.png'),
      ]);
      expect(r.code).not.toBe(EXIT.ok);
      expect(r.stderr).toMatch(/SEAL_NAME_(EMPTY|TOO_LONG)/);
      expectNoLeftovers(dir, []);
    });
  }

  it('refuses a file that is not an image as a scan, and a 30-megapixel image', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'scan.png'), '%PDF-1.7 not an image');
    writeFileSync(join(dir, 'huge.png'), hugePngHeader());
    const a = await cli(['seal', 'import', join(dir, 'scan.png'), '-o', join(dir, 'a.json')]);
    expect(a.code).not.toBe(EXIT.ok);
    expect(a.stderr).toMatch(/SEAL_IMAGE_UNSUPPORTED/);
    const b = await cli(['seal', 'import', join(dir, 'huge.png'), '-o', join(dir, 'b.json')]);
    expect(b.code).not.toBe(EXIT.ok);
    expect(b.stderr).toMatch(/SEAL_IMAGE_TOO_LARGE/);
    expectNoLeftovers(dir, ['huge.png', 'scan.png']);
  });

  it('signs with an imported seal placed, cut across the page edges and with a date stamp', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'scan.png'), scanPng());
    const imp = await cli([
      'seal',
      'import',
      join(dir, 'scan.png'),
      '-o',
      join(dir, 'seal.json'),
      '--width-mm',
      '30',
    ]);
    expect(imp.code, imp.stderr).toBe(EXIT.ok);
    const seal = JSON.parse(readFileSync(join(dir, 'seal.json'), 'utf8')) as {
      sizeMm: { width: number; height: number };
    };
    const input = join(dir, 'in.pdf');
    writeFileSync(input, makeClassicPdf({ pages: 2 }));
    const output = join(dir, 'out.pdf');
    const id = testPki().ids.rsa2048;
    const r = await cli(
      [
        'sign',
        input,
        '-o',
        output,
        '--p12',
        id.p12Path,
        '--passphrase-env',
        'P12_PASS',
        '--seal',
        join(dir, 'seal.json'),
        '--page',
        '1',
        '--at',
        '50,60',
        '--page',
        '2',
        '--at',
        '150,250',
        '--paging-seal',
        '--pages',
        '1-2',
        '--date-stamp',
        '--page',
        '2',
        '--at',
        '150,200',
        '--time-zone',
        'Asia/Shanghai',
        '--json',
      ],
      { env: ENV },
    );
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, warnings: [] });
    await expectAllValid(output, 1);
    const { width: w, height: h } = seal.sizeMm;
    const p1 = await renderPage(output, 1);
    expect(redInside(p1, mmBox(50, 60, w, h)).inside).toBeGreaterThan(200);
    const p2 = await renderPage(output, 2);
    expect(redInside(p2, mmBox(150, 250, w, h)).inside).toBeGreaterThan(200);
    expect(redInside(p2, mmBox(150, 200, 60, 8)).inside).toBeGreaterThan(50);
    // The cross-page slice at the right edge, middle height, of both pages.
    for (const p of [p1, p2]) {
      const edge = mmBox(p.width / (72 / 25.4) - w / 4, p.height / (72 / 25.4) / 2, w / 2, h);
      expect(redInside(p, edge).inside).toBeGreaterThan(50);
    }
  });

  it('refuses a page number past the end from the command line and writes nothing', async () => {
    const dir = workspace();
    const s = await cli([
      'seal',
      'create',
      '--org',
      '示例公司',
      '--title',
      '公章',
      '-o',
      join(dir, 's.json'),
    ]);
    expect(s.code, s.stderr).toBe(EXIT.ok);
    const input = join(dir, 'in.pdf');
    writeFileSync(input, makeClassicPdf({ pages: 2 }));
    const id = testPki().ids.rsa2048;
    const r = await cli(
      [
        'sign',
        input,
        '-o',
        join(dir, 'out.pdf'),
        '--p12',
        id.p12Path,
        '--passphrase-env',
        'P12_PASS',
        '--seal',
        join(dir, 's.json'),
        '--page',
        '5',
        '--at',
        '50,50',
      ],
      { env: ENV },
    );
    expect(r.code).not.toBe(EXIT.ok);
    expect(r.stderr).toMatch(/APPEARANCE_PAGE_OUT_OF_RANGE.*Page 5/);
    expect(existsSync(join(dir, 'out.pdf'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['in.pdf', 's.json']);
  });
});
