/**
 * The reader against files written by a real tool: qpdf (Debian package `qpdf`) rewrites a
 * small generated PDF with object streams, linearization, QDF and encryption.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isSealdeskError } from '../../../main/errors/sealdesk-error';
import { PdfDocument } from '../../../main/pdf/document';
import { PdfDict, PdfRef, PdfString, isStream } from '../../../main/pdf/objects';
import { buildPdf, simpleObjects } from './helpers/build-pdf';

const dir = mkdtempSync(join(tmpdir(), 'sealdesk-qpdf-'));
const src = join(dir, 'src.pdf');

function qpdf(args: string[]): void {
  try {
    execFileSync('qpdf', args, { stdio: 'pipe' });
  } catch (e) {
    // qpdf exits 3 for warnings only; anything else (including ENOENT) fails loudly.
    if ((e as { status?: number }).status !== 3) throw e;
  }
}

async function walkAll(doc: PdfDocument): Promise<number> {
  const n = await doc.pageCount();
  for (let i = 0; i < n; i++) await doc.page(i);
  let objects = 0;
  for (let num = 1; num <= doc.maxObjectNumber; num++) {
    const o = await doc.get(new PdfRef(num, 0));
    if (o !== null) objects++;
    if (isStream(o)) await doc.streamData(o);
  }
  return objects;
}

async function title(doc: PdfDocument): Promise<string | undefined> {
  const info = await doc.resolve(doc.trailer.get('Info'));
  const t = info instanceof PdfDict ? info.get('Title') : undefined;
  return t instanceof PdfString ? t.text() : undefined;
}

beforeAll(() => {
  const objs = simpleObjects(5);
  objs.push({ num: 20, body: '<< /Title (Contract 2024) /Producer (sealdesk tests) >>' });
  writeFileSync(src, buildPdf({ objects: objs, trailer: '/Root 1 0 R /Info 20 0 R' }).bytes);
  execFileSync('qpdf', ['--version']);
});

describe('reader on qpdf output', () => {
  const variants: Record<string, string[]> = {
    'object streams': ['--object-streams=generate'],
    linearized: ['--linearize'],
    'linearized with object streams': ['--linearize', '--object-streams=generate'],
    qdf: ['--qdf'],
    'xref stream without object streams': ['--object-streams=preserve', '--force-version=1.5'],
  };
  for (const [label, args] of Object.entries(variants)) {
    it(`walks every page and object of a ${label} file`, async () => {
      const out = join(dir, `${label.replace(/\W+/g, '-')}.pdf`);
      qpdf([...args, src, out]);
      const doc = await PdfDocument.open(out);
      try {
        expect(doc.recovered).toBe(false);
        expect(await doc.pageCount()).toBe(5);
        expect(await walkAll(doc)).toBeGreaterThanOrEqual(8);
        expect(await title(doc)).toBe('Contract 2024');
        if (label.startsWith('linearized')) {
          expect(doc.revisions).toHaveLength(1);
          expect(doc.revisions[0]!.endOffset).toBe(statSync(out).size);
        }
      } finally {
        await doc.close();
      }
    });
  }

  for (const [label, args] of Object.entries({
    'RC4 128': ['128', '--use-aes=n'],
    'AES-128': ['128', '--use-aes=y'],
    'AES-256': ['256'],
  })) {
    it(`decrypts strings and streams of a ${label} encrypted file`, async () => {
      const out = join(dir, `enc-${label.replace(/\W+/g, '-')}.pdf`);
      qpdf([
        '--allow-weak-crypto',
        '--encrypt',
        'user',
        'owner',
        args[0]!,
        ...args.slice(1),
        '--',
        src,
        out,
      ]);
      const doc = await PdfDocument.open(out, { password: 'user' });
      try {
        expect(doc.security).toBeDefined();
        expect(await title(doc)).toBe('Contract 2024');
        const page = await doc.page(0);
        const contents = await doc.resolve(page.dict.get('Contents'));
        if (!isStream(contents)) throw new Error('no contents');
        expect(Buffer.from(await doc.streamData(contents)).toString('latin1')).toContain(
          '(Hello) Tj',
        );
        await walkAll(doc);
      } finally {
        await doc.close();
      }
      await expect(PdfDocument.open(out, { password: 'wrong' })).rejects.toSatisfy((e) =>
        isSealdeskError(e),
      );
    });
  }

  it('reports a qpdf object-stream file as one revision with an xref stream', async () => {
    const out = join(dir, 'os.pdf');
    qpdf(['--object-streams=generate', src, out]);
    const doc = await PdfDocument.open(out);
    expect(doc.revisions).toHaveLength(1);
    expect(doc.lastXrefKind).toBe('stream');
    await doc.close();
  });
});
