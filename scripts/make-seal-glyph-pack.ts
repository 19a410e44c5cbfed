/**
 * Makes the seal glyph packs bundled in resources/fonts/ (format: main/seals/glyph-pack-font.ts):
 *
 *   npx tsx scripts/make-seal-glyph-pack.ts                       # the three faces, Debian fonts
 *   npx tsx scripts/make-seal-glyph-pack.ts --font-dir ~/noto --out resources/fonts --style sans-bold
 *
 * Reads the Noto CJK SC faces Sealdesk draws with (serif-bold for official seals, sans-regular
 * for signatures and signer names, sans-bold for date stamps; any SealFontStyle with --style) from the same files FileFontProvider opens
 * (Debian fonts-noto-cjk: /usr/share/fonts/opentype/noto), takes each character's outline exactly
 * as main/seals gets it from fontkit 2 (openSealFont), and writes one pack per face for:
 * GB 2312 level 1 + level 2 hanzi (6763, found by decoding every code 0xB0A1-0xF7FE as GB 18030),
 * GB 2312 rows 1-3 (punctuation, symbols, numerals, full-width ASCII: 年月日（）·、：— and
 * ０-９ among them), printable ASCII and 〇 (U+3007, as in 二〇二五年). Then it decodes every
 * pack it wrote and compares each glyph with fontkit's, and writes resources/fonts/OFL-NotoCJK.txt
 * (the fonts' copyright notices and the SIL OFL 1.1 text, which must accompany the font data).
 *
 * Owns: the character set and the regeneration. Must never: write a pack that differs from the
 * font (the round-trip check fails the run instead), or run at application start.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { create, type FontkitFont } from 'fontkit';
import { decodeGlyphPack, encodeGlyphPack, glyphPackFile } from '../main/seals/glyph-pack-font';
import {
  openSealFont,
  SEAL_FONT_FACES,
  type SealFontStyle,
  type SealGlyph,
} from '../main/seals/seal-font';

// Name-table fields this script reads, beyond main/seals/fontkit.d.ts.
declare module 'fontkit' {
  interface FontkitFont {
    readonly familyName: string;
    readonly subfamilyName: string;
    readonly version: string;
    readonly copyright: string;
    getName(key: 'trademark'): string | null;
  }
}

const DEBIAN_COPYRIGHT = '/usr/share/doc/fonts-noto-cjk/copyright';
const CHARSET = 'GB 2312 hanzi (levels 1+2) and rows 1-3, printable ASCII, U+3007';

/** The pack's characters, ascending by code point. */
function sealGlyphCharset(): string[] {
  const set = new Set<string>();
  const gb = new TextDecoder('gb18030', { fatal: true });
  const decode = (hi: number, lo: number): string | undefined => {
    try {
      const s = gb.decode(new Uint8Array([hi, lo]));
      return Array.from(s).length === 1 && s !== '\ufffd' ? s : undefined;
    } catch {
      return undefined;
    }
  };
  // GB 2312 rows 16-55 (level 1) and 56-87 (level 2): hanzi only; unassigned cells decode to
  // private-use code points under GB 18030, which the Han test drops.
  for (let hi = 0xb0; hi <= 0xf7; hi++)
    for (let lo = 0xa1; lo <= 0xfe; lo++) {
      const s = decode(hi, lo);
      if (s && /^\p{Script=Han}$/u.test(s)) set.add(s);
    }
  // Rows 1-3: punctuation and symbols, numerals, full-width ASCII; skip unassigned cells.
  for (let hi = 0xa1; hi <= 0xa3; hi++)
    for (let lo = 0xa1; lo <= 0xfe; lo++) {
      const s = decode(hi, lo);
      if (s && !/^\p{Co}$/u.test(s)) set.add(s);
    }
  for (let cp = 0x20; cp <= 0x7e; cp++) set.add(String.fromCodePoint(cp));
  set.add('\u3007');
  return [...set].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
}

function usage(): never {
  console.error(
    'usage: make-seal-glyph-pack.ts [--font-dir <dir>]... [--out <dir>] [--style <style>]...',
  );
  process.exit(2);
}

function findFace(dirs: readonly string[], style: SealFontStyle): string {
  const face = SEAL_FONT_FACES[style];
  const candidates = dirs.flatMap((d) => [
    join(d, `${face.postscriptName}.otf`),
    join(d, face.file),
  ]);
  const path = candidates.find((p) => existsSync(p));
  if (!path)
    throw new Error(`no font for ${style} in ${candidates.join(', ')}: install fonts-noto-cjk`);
  return path;
}

function fontkitFace(bytes: Uint8Array, postscriptName: string): FontkitFont {
  const f = create(bytes);
  if (!('fonts' in f)) return f;
  const face = f.getFont(postscriptName);
  if (!face) throw new Error(`the collection has no face ${postscriptName}`);
  return face;
}

/** The OFL text from Debian's machine-readable copyright file ("License: SIL-1.1" stanza). */
function oflText(): string {
  if (!existsSync(DEBIAN_COPYRIGHT))
    throw new Error(`${DEBIAN_COPYRIGHT} is missing: install fonts-noto-cjk`);
  const lines = readFileSync(DEBIAN_COPYRIGHT, 'utf8').split('\n');
  // The stanza with the text, not the one-line reference in "Files: *".
  const start = lines.findIndex(
    (l, i) => /^License: SIL-1\.1\s*$/.test(l) && lines[i + 1]?.startsWith(' ') === true,
  );
  if (start < 0) throw new Error(`no SIL-1.1 licence stanza in ${DEBIAN_COPYRIGHT}`);
  const body: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (!l.startsWith(' ')) break;
    body.push(l === ' .' ? '' : l.slice(1));
  }
  if (!body.join('\n').includes('SIL OPEN FONT LICENSE Version 1.1'))
    throw new Error(`the SIL-1.1 stanza in ${DEBIAN_COPYRIGHT} is not the OFL 1.1`);
  return body.join('\n').trimEnd() + '\n';
}

function main(argv: string[]): void {
  const fontDirs: string[] = [];
  const styles: SealFontStyle[] = [];
  let out = join('resources', 'fonts');
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--font-dir') fontDirs.push(argv[++i] ?? usage());
    else if (a === '--out') out = argv[++i] ?? usage();
    else if (a === '--style') {
      const s = argv[++i] ?? usage();
      if (!(s in SEAL_FONT_FACES)) usage();
      styles.push(s as SealFontStyle);
    } else usage();
  }
  if (fontDirs.length === 0) fontDirs.push('/usr/share/fonts/opentype/noto');
  if (styles.length === 0) styles.push('serif-bold', 'sans-regular', 'sans-bold');
  mkdirSync(out, { recursive: true });
  const chars = sealGlyphCharset();
  const notices: string[] = [];

  for (const style of styles) {
    const face = SEAL_FONT_FACES[style];
    const path = findFace(fontDirs, style);
    const bytes = readFileSync(path);
    const meta = fontkitFace(bytes, face.postscriptName);
    const font = openSealFont(bytes, face.postscriptName);
    const glyphs: SealGlyph[] = [];
    const missing: string[] = [];
    for (const ch of chars) {
      const g = font.glyph(ch);
      if (g) glyphs.push(g);
      else missing.push(ch);
    }
    const file = join(out, glyphPackFile(style));
    const { bytes: packed, report } = encodeGlyphPack(
      {
        style,
        family: meta.familyName,
        postscriptName: font.id,
        unitsPerEm: font.unitsPerEm,
        ascent: meta.ascent,
        descent: meta.descent,
        emBottom: font.emBottom,
        license: 'SIL OFL 1.1',
        source: `${face.file} (${meta.version}), ${meta.copyright}`,
        charset: CHARSET,
      },
      glyphs,
    );
    writeFileSync(file, packed);

    // Round trip: every glyph read back must equal fontkit's, to the last bit.
    const pack = decodeGlyphPack(readFileSync(file), file);
    const differing = glyphs.filter((g) => !isDeepStrictEqual(pack.glyph(g.char), g));
    if (differing.length > 0 || report.maxRoundingError > 0)
      throw new Error(
        `${file}: ${differing.length} glyphs differ from the font (e.g. ${differing
          .slice(0, 5)
          .map((g) => g.char)
          .join('')}), largest rounding ${report.maxRoundingError} units`,
      );
    console.log(
      `${file}: ${glyphs.length} glyphs of ${font.id}, ${(packed.length / 1048576).toFixed(2)} MiB` +
        (missing.length ? `; not in the face: ${missing.join(' ')}` : ''),
    );
    notices.push(`${meta.familyName} ${meta.subfamilyName} (${font.id}): ${meta.copyright}`);
    const tm = meta.getName('trademark');
    if (tm) notices.push(tm);
  }

  const licence = join(out, 'OFL-NotoCJK.txt');
  writeFileSync(
    licence,
    [
      'The seal glyph packs in this folder (seal-glyphs-*.bin.gz) hold glyph outlines taken from',
      'the Noto CJK fonts (https://github.com/notofonts/noto-cjk), converted to the Sealdesk glyph',
      'pack format by scripts/make-seal-glyph-pack.ts. They are Modified Versions of the Font',
      'Software and are distributed under the SIL Open Font License, Version 1.1, below.',
      '',
      ...[...new Set(notices)],
      'Reserved Font Name: "Source" (Adobe).',
      '',
      oflText(),
    ].join('\n'),
  );
  console.log(`${licence}: written`);
}

main(process.argv.slice(2));
