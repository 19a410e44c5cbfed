/**
 * The annotation changes of a signature in the verification panel (renderer/src/features/
 * verification/annotation-words.ts, changes-store.ts): their kind and change in words in both
 * languages, and which of them the viewer can outline.
 */
import { describe, expect, it } from 'vitest';
import { annotationLabel } from '../../../renderer/src/features/verification/annotation-words';
import { annotationMarks } from '../../../renderer/src/features/verification/changes-store';
import { translate, type Translate } from '../../../renderer/src/i18n/i18n';

const zh: Translate = (k, p) => translate('zh-CN', k, p);
const en: Translate = (k, p) => translate('en', k, p);

describe('annotation changes in words', () => {
  it('names the kind and the change in Chinese and in English', () => {
    expect(annotationLabel(zh, 'Square', 'added')).toBe('新增矩形');
    expect(annotationLabel(en, 'Square', 'added')).toBe('rectangle added');
    expect(annotationLabel(zh, 'FreeText', 'changed')).toBe('修改文本框批注');
    expect(annotationLabel(en, 'Widget', 'removed')).toBe('form or signature field removed');
  });

  it('shows a kind it has no name for as the file spells it', () => {
    expect(annotationLabel(en, 'MyVendorMark', 'added')).toBe('annotation (MyVendorMark) added');
    expect(annotationLabel(zh, 'MyVendorMark', 'added')).toBe('新增批注（MyVendorMark）');
  });
});

describe('annotation outlines', () => {
  it('outlines the annotations that name a page and a rectangle, keyed by revision and position', () => {
    const square = {
      page: 1,
      subtype: 'Square',
      rect: [100, 500, 300, 600] as [number, number, number, number],
      change: 'added' as const,
      allowed: true,
    };
    const marks = annotationMarks([
      { annotations: [square, { ...square, page: null }] },
      {
        annotations: [
          { ...square, rect: null },
          { ...square, page: 2, allowed: false },
        ],
      },
    ]);
    expect(marks.map((m) => [m.key, m.page, m.allowed])).toEqual([
      ['0.0', 1, true],
      ['1.1', 2, false],
    ]);
  });
});
