/**
 * The PDF report without a system TrueType CJK font: the fallback to Type 3 fonts drawn from the
 * bundled glyph pack (main/verify/report-type3-fonts.ts). The fallback is forced by giving
 * findReportFont no TrueType folders; the result is checked with poppler (pdftotext, pdffonts,
 * pdftoppm) and qpdf, not with our own reader.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isSealdeskError } from '../../../main/errors/sealdesk-error';
import { GlyphPackFontProvider } from '../../../main/seals/glyph-pack-font';
import { findReportFont } from '../../../main/verify/report-font';
import { renderPdfReport, writePdfReport } from '../../../main/verify/report-pdf';
import { Type3ReportFonts } from '../../../main/verify/report-type3-fonts';
import type {
  DocumentVerification,
  SignatureVerification,
} from '../../../main/verify/verdict-model';
import { pdffonts, qpdfCheck, runTool, runToolOk } from '../../support/external-tools';

const PACKS = [join(process.cwd(), 'resources', 'fonts')];
const WQY = '/usr/share/fonts/truetype/wqy';

const ORG = '示例科技有限公司';
const SIGNER = '张伟';

/** 300 distinct GB 2312 hanzi from the pack (more than one Type 3 font's 256 codes). */
function manyHanzi(): string {
  const pack = new GlyphPackFontProvider({ dirs: PACKS });
  const path = pack.packPath('sans-regular');
  if (!path) throw new Error('no sans-regular glyph pack in resources/fonts');
  const font = pack.font('sans-regular');
  const out: string[] = [];
  for (let cp = 0x5000; out.length < 300 && cp < 0x9fa5; cp += 7) {
    const ch = String.fromCodePoint(cp);
    if (font.glyph(ch)) out.push(ch);
  }
  return out.join('');
}

function signature(notes: readonly string[]): SignatureVerification {
  return {
    field: 'Signature1',
    kind: 'signature',
    indication: 'TOTAL_PASSED',
    subIndication: null,
    level: 'B-T',
    signer: `${SIGNER} (${ORG})`,
    signerSubject: `CN=${SIGNER}, O=${ORG}, C=CN`,
    claimedTime: '2025-03-01T08:00:00Z',
    provenTime: '2025-03-01T08:00:05Z',
    coversWholeFile: true,
    revision: 0,
    subFilter: 'ETSI.CAdES.detached',
    certified: null,
    modificationsAfter: [],
    reason: null,
    notes,
    chain: [],
    timestamps: [],
    revocation: [],
    digestAlgorithm: 'SHA-256',
    signatureAlgorithm: 'RSA',
    messageZh: `有效：由 ${SIGNER}（${ORG}）签署，签署后文档未被修改。`,
    messageEn: `Valid: signed by ${SIGNER} (${ORG}); the document was not modified after signing.`,
  };
}

function doc(notes: readonly string[]): DocumentVerification {
  return {
    file: 'contract-合同.pdf',
    sha256: 'ab'.repeat(32),
    size: 12345,
    revisions: 1,
    validationTime: '2025-03-02T00:00:00Z',
    policy: 'default',
    online: false,
    signatures: [signature(notes)],
    error: null,
  };
}

const squash = (s: string): string => s.replace(/\s+/g, '');

describe('PDF report drawn with the bundled glyph pack', () => {
  let dir: string;
  let out: string;
  const hanzi = manyHanzi();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'report-type3-'));
    out = join(dir, 'report.pdf');
    const font = findReportFont([], PACKS);
    await writePdfReport(
      [doc([`Archive note: reviewed by the records office, batch 7.`, hanzi, '證'])],
      out,
      'en',
      { font },
    );
  });

  it('falls back to the sans regular glyph pack when no TrueType CJK font is found', () => {
    const font = findReportFont([join(dir, 'no-fonts-here')], PACKS);
    expect(font.kind).toBe('glyph-pack');
    expect(font.path).toMatch(/seal-glyphs-sans-regular\.bin\.gz$/);
  });

  it('still chooses an installed TrueType CJK font first', () => {
    // fonts-wqy-microhei (Debian) must be installed for this test, as for the CLI report test.
    expect(readFileSync(join(WQY, 'wqy-microhei.ttc')).length).toBeGreaterThan(0);
    expect(findReportFont([WQY], PACKS).kind).toBe('truetype');
  });

  it('fails with REPORT_FONT_MISSING naming the glyph pack when even the pack is absent', () => {
    let caught: unknown;
    try {
      findReportFont([], [join(dir, 'no-packs')]);
    } catch (e) {
      caught = e;
    }
    expect(isSealdeskError(caught, 'REPORT_FONT_MISSING')).toBe(true);
    expect(String((caught as Error).message)).toContain('glyph pack');
  });

  it('lists only Type 3 fonts, split into more than one for over 256 characters', async () => {
    const { fonts, raw } = await pdffonts(out);
    expect(fonts.length, raw).toBeGreaterThanOrEqual(2);
    for (const f of fonts) expect(f.type, raw).toBe('Type 3');
    // Columns encoding, emb, sub, uni: every font carries a ToUnicode CMap.
    const rows = raw.split('\n').filter((l) => l.includes('Type 3'));
    for (const l of rows) expect(l, raw).toMatch(/Type 3\s+Custom\s+yes\s+no\s+yes\s/);
  });

  it('gives back the Chinese and English text through pdftotext', async () => {
    const text = (await runToolOk('pdftotext', ['-enc', 'UTF-8', out, '-'])).stdout;
    expect(text).toContain('PDF Signature Verification Report');
    expect(text).toContain(ORG);
    expect(text).toContain(SIGNER);
    expect(text).toContain('Archive note: reviewed by the records office, batch 7.');
    expect(text).toContain('the document was not modified after signing');
    expect(text).toContain('contract-合同.pdf');
    // The 300 hanzi wrap over lines and span two Type 3 fonts; all come back in order.
    expect(squash(text)).toContain(hanzi);
    // The notes' bullet (U+2022, not in GB 2312) is drawn with the pack's identical U+00B7
    // glyph and extracted as itself; a character the pack lacks (traditional 證) as "?".
    expect(text).toContain('• Archive note');
    expect(text).not.toContain('證');
    expect(text).toMatch(/•\s*\?/);
  });

  it('renders the first page with pdftoppm, without errors, ink where the text is', async () => {
    const base = join(dir, 'page');
    const r = await runTool('pdftoppm', [
      '-gray',
      '-r',
      '72',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      out,
      base,
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const { width, height, pixels } = readPgm(readFileSync(`${base}.pgm`));
    const dark = (x0: number, y0: number, x1: number, y1: number): number => {
      let count = 0;
      for (let y = y0; y < y1; y++)
        for (let x = x0; x < x1; x++) if (pixels[y * width + x]! < 128) count++;
      return count;
    };
    // The 18 pt title's baseline is 76 pt below the top edge, starting at the 50 pt margin.
    expect(dark(50, 58, 300, 82)).toBeGreaterThan(100);
    // Nothing is drawn in the left margin or above the title.
    expect(dark(0, 0, 45, height)).toBe(0);
    expect(dark(0, 0, width, 50)).toBe(0);
  });

  it('passes qpdf --check', async () => {
    const r = await qpdfCheck(out);
    expect(r.ok, r.raw).toBe(true);
  });

  it('draws the same layout in Chinese with the fallback font', async () => {
    const zh = join(dir, 'report-zh.pdf');
    await writePdfReport([doc([])], zh, 'zh-CN', { font: findReportFont([], PACKS) });
    const text = (await runToolOk('pdftotext', ['-enc', 'UTF-8', zh, '-'])).stdout;
    expect(text).toContain('电子签名验证报告');
    expect(squash(text)).toContain(`有效：由${SIGNER}（${ORG}）签署`);
    expect((await qpdfCheck(zh)).ok).toBe(true);
  });
});

describe('Type3ReportFonts', () => {
  const face = (): Type3ReportFonts => {
    const font = findReportFont([], PACKS);
    if (font.kind !== 'glyph-pack') throw new Error('expected the glyph pack');
    return new Type3ReportFonts(font.font);
  };

  it('counts characters the pack lacks and draws them with the code of "?"', () => {
    const f = face();
    const ops = f.show('?證A', 10);
    expect(f.missing).toBe(1);
    expect(ops).toBe('/T1 10 Tf <000001> Tj');
  });

  it('switches to a second font within a line after 256 codes', () => {
    const f = face();
    const hanzi = [...manyHanzi()];
    f.show(hanzi.slice(0, 255).join(''), 10);
    const ops = f.show(`${hanzi[0]!}${hanzi[255]!}${hanzi[256]!}`, 10);
    expect(ops).toBe('/T1 10 Tf <00FF> Tj /T2 10 Tf <00> Tj');
  });

  it('puts only the glyphs shown into the file', () => {
    const bytes = renderPdfReport([], 'en', findReportFont([], PACKS));
    const charProcs =
      Buffer.from(bytes)
        .toString('latin1')
        .match(/\/uni[0-9A-F]{4}/g) ?? [];
    const distinct = new Set(charProcs);
    // "Signature verification report" plus the generated/validation/policy/online fields only.
    expect(distinct.size).toBeLessThan(70);
    expect(distinct.has('/uni4E2D')).toBe(false);
  });
});

/** Reads a binary PGM (P5, maxval 255) as pdftoppm -gray writes it. */
function readPgm(buf: Buffer): { width: number; height: number; pixels: Uint8Array } {
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(buf.toString('latin1', 0, 64));
  if (!header) throw new Error('not a binary PGM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  return { width, height, pixels: new Uint8Array(buf.subarray(header[0].length)) };
}
