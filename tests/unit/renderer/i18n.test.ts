/**
 * The UI's string catalogues: zh-CN (default) and English hold exactly the same keys, no empty
 * string, the same {params}, and every t('key') the renderer source uses exists.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../../renderer/src/i18n/en';
import { translate } from '../../../renderer/src/i18n/i18n';
import { zhCN } from '../../../renderer/src/i18n/zh-cn';

const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(n) ? [p] : [];
  });
}

describe('the string catalogues', () => {
  it('have no key missing from or extra in English', () => {
    const zh = Object.keys(zhCN).sort();
    const e = Object.keys(en).sort();
    expect(
      e.filter((k) => !zh.includes(k)),
      'extra in en',
    ).toEqual([]);
    expect(
      zh.filter((k) => !e.includes(k)),
      'missing in en',
    ).toEqual([]);
  });

  it('have no empty message and the same parameters in both languages', () => {
    for (const [k, zh] of Object.entries(zhCN)) {
      const e = (en as Record<string, string>)[k] ?? '';
      expect(zh.trim(), k).not.toBe('');
      expect(e.trim(), k).not.toBe('');
      expect(params(e), k).toEqual(params(zh));
    }
  });

  it('cover every literal key the renderer passes to t()', () => {
    const used = new Set<string>();
    for (const file of sources(join(__dirname, '../../../renderer/src'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([\w.-]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(20);
    expect([...used].filter((k) => !(k in zhCN))).toEqual([]);
  });

  it('fills parameters and speaks zh-CN unless told otherwise', () => {
    expect(translate('zh-CN', 'signatures.count', { count: 2 })).toBe('此文档有 2 个签名。');
    expect(translate('en', 'signatures.count', { count: 2 })).toBe(
      'This document has 2 signature(s).',
    );
  });
});
