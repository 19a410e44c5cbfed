// The path the seal Export dialog proposes (renderer/src/features/seals/seal-export-path.ts).
import { describe, expect, it } from 'vitest';
import { exportPathFor, folderOf } from '../../../renderer/src/features/seals/seal-export-path';

describe('the proposed export path', () => {
  it('is "<name>.seal.json" in the folder of the document, POSIX or Windows', () => {
    expect(exportPathFor('合同专用章', folderOf('/home/li/合同/a.pdf'))).toBe(
      '/home/li/合同/合同专用章.seal.json',
    );
    expect(exportPathFor('Seal', folderOf('C:\\Users\\li\\a.pdf'))).toBe(
      'C:\\Users\\li\\Seal.seal.json',
    );
  });

  it('is a bare file name when no folder is known', () => {
    expect(folderOf('a.pdf')).toBe('');
    expect(exportPathFor('张三')).toBe('张三.seal.json');
  });

  it('makes characters no file name may hold into "_" and never starts with a dot', () => {
    expect(exportPathFor('a/b\\c:d*e?"<>|', '/t/')).toBe('/t/a_b_c_d_e_____.seal.json');
    expect(exportPathFor('..secret')).toBe('_secret.seal.json');
    expect(exportPathFor('   ')).toBe('seal.seal.json');
  });
});
