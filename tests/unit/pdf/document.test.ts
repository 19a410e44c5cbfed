import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isSealdeskError } from '../../../main/errors/sealdesk-error';
import { PdfDocument, type OpenOptions } from '../../../main/pdf/document';
import { BufferSource, type RandomAccessSource } from '../../../main/pdf/file-source';
import { PdfDict, PdfRef, PdfStream, PdfString, isStream } from '../../../main/pdf/objects';
import { buildPdf, concat, simpleObjects, stream, type BuildOptions } from './helpers/build-pdf';

const open = (bytes: Uint8Array, o: OpenOptions = {}): Promise<PdfDocument> =>
  PdfDocument.fromSource(new BufferSource(bytes), { fileName: 'test.pdf', ...o });

async function expectCode(p: Promise<unknown>, code: string): Promise<void> {
  await expect(p).rejects.toSatisfy((e) => isSealdeskError(e, code));
}

/** Counts the bytes read, to show that opening touches only the tail and the objects needed. */
class CountingSource implements RandomAccessSource {
  bytesRead = 0;
  constructor(private readonly inner: RandomAccessSource) {}
  get size(): number {
    return this.inner.size;
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    const b = await this.inner.read(offset, length);
    this.bytesRead += b.length;
    return b;
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

const base = (o: Partial<BuildOptions> = {}): BuildOptions => ({
  objects: simpleObjects(3),
  trailer: '/Root 1 0 R',
  ...o,
});

async function walk(doc: PdfDocument): Promise<void> {
  const n = await doc.pageCount();
  for (let i = 0; i < n; i++) await doc.page(i);
  for (let num = 1; num <= doc.maxObjectNumber; num++) {
    const o = await doc.get(new PdfRef(num, 0));
    if (isStream(o)) await doc.streamData(o);
  }
}

describe('PdfDocument: xref forms', () => {
  for (const eol of ['\n', '\r\n', '\r']) {
    it(`reads a classic xref table with ${JSON.stringify(eol)} line ends`, async () => {
      const doc = await open(
        buildPdf(base({ eol, entryEol: eol === '\r\n' ? '\r\n' : ' ' + eol })).bytes,
      );
      expect(doc.lastXrefKind).toBe('table');
      expect(doc.recovered).toBe(false);
      expect(await doc.pageCount()).toBe(3);
      expect((await doc.page(1)).ref.num).toBe(4);
      await walk(doc);
    });
  }

  it('accepts a first subsection written as `1 N` that really starts at object 0', async () => {
    const doc = await open(buildPdf(base({ offByOne: true })).bytes);
    expect(doc.recovered).toBe(false);
    expect((await doc.catalog()).getName('Type')).toBe('Catalog');
  });

  it('reads a predicted xref stream and objects inside an object stream', async () => {
    const b = buildPdf(
      base({ xref: 'stream', predictor: true, objStm: { num: 30, members: [1, 2, 3, 4] } }),
    );
    const doc = await open(b.bytes);
    expect(doc.lastXrefKind).toBe('stream');
    expect(doc.lastStartxref).toBe(b.startxref);
    expect(doc.recovered).toBe(false);
    expect(await doc.pageCount()).toBe(3);
    const page = await doc.page(0);
    expect(page.mediaBox).toEqual([0, 0, 595, 842]);
    await walk(doc);
  });

  it('merges the hidden xref stream of a hybrid file into its section', async () => {
    const doc = await open(
      buildPdf(base({ xref: 'hybrid', objStm: { num: 30, members: [1, 2] } })).bytes,
    );
    expect(doc.lastXrefKind).toBe('hybrid');
    expect(doc.revisions).toHaveLength(1);
    expect(await doc.pageCount()).toBe(3);
  });

  it('reads only the tail and the objects needed when opening', async () => {
    const filler = { num: 50, body: stream('', new Uint8Array(2_000_000).fill(65)) };
    const b = buildPdf(base({ objects: [...simpleObjects(1), filler] }));
    const src = new CountingSource(new BufferSource(b.bytes));
    const doc = await PdfDocument.fromSource(src);
    await doc.page(0);
    expect(src.bytesRead).toBeLessThan(64 * 1024);
  });
});

describe('PdfDocument: revisions', () => {
  function threeRevisions(kind: 'table' | 'stream'): { bytes: Uint8Array; ends: number[] } {
    const r0 = buildPdf(base({ xref: kind }));
    const r1 = buildPdf({
      base: r0.bytes,
      prev: r0.startxref,
      xref: kind,
      objects: [{ num: 1, body: '<< /Type /Catalog /Pages 2 0 R /Lang (v1) >>' }],
      trailer: '/Root 1 0 R',
    });
    const r2 = buildPdf({
      base: r1.bytes,
      prev: r1.startxref,
      xref: kind,
      objects: [{ num: 1, body: '<< /Type /Catalog /Pages 2 0 R /Lang (v2) >>' }],
      trailer: '/Root 1 0 R',
    });
    return { bytes: r2.bytes, ends: [r0.bytes.length, r1.bytes.length, r2.bytes.length] };
  }

  for (const kind of ['table', 'stream'] as const) {
    it(`lists every revision of an incrementally updated file (${kind}) with its end offset`, async () => {
      const { bytes, ends } = threeRevisions(kind);
      const doc = await open(bytes);
      expect(doc.revisions.map((r) => r.endOffset)).toEqual(ends);
      expect(doc.revisions.map((r) => r.index)).toEqual([0, 1, 2]);
      const lang = async (d: PdfDocument): Promise<string | undefined> => {
        const v = (await d.catalog()).get('Lang');
        return v instanceof PdfString ? v.text() : undefined;
      };
      expect(await lang(doc)).toBe('v2');
      expect(await lang(doc.atRevision(1))).toBe('v1');
      expect(await lang(doc.atRevision(0))).toBeUndefined();
      expect(await doc.atRevision(0).pageCount()).toBe(3);
      expect(() => doc.atRevision(3)).toThrow();
    });
  }

  it('ends a /Prev loop instead of following it forever', async () => {
    // r0's /Prev points at r1 and r1's at r0.
    const r0 = buildPdf(base({ prev: 9_999_999 }));
    const r1 = buildPdf({
      base: r0.bytes,
      prev: r0.startxref,
      objects: [{ num: 1, body: '<< /Type /Catalog /Pages 2 0 R >>' }],
      trailer: '/Root 1 0 R',
    });
    const text = Buffer.from(r1.bytes)
      .toString('latin1')
      .replace('/Prev 9999999', `/Prev ${String(r1.startxref).padEnd(7)}`);
    const t = Date.now();
    const doc = await open(Buffer.from(text, 'latin1'));
    expect(doc.revisions).toHaveLength(2);
    expect(await doc.pageCount()).toBe(3);
    expect(Date.now() - t).toBeLessThan(500);
  });
});

describe('PdfDocument: streams', () => {
  it('reads a stream whose /Length is an indirect reference', async () => {
    const objs = simpleObjects(1);
    objs[3] = { num: 4, body: stream('', 'q Q', '9 0 R') };
    objs.push({ num: 9, body: '3' });
    const doc = await open(buildPdf(base({ objects: objs })).bytes);
    const s = await doc.get(new PdfRef(4, 0));
    expect(Buffer.from(await doc.streamData(s as PdfStream)).toString()).toBe('q Q');
  });

  it('finds endstream when /Length is wrong or absurd', async () => {
    for (const len of ['2', '99999999999', '-5', '4 0 R']) {
      const objs = simpleObjects(1);
      objs[3] = { num: 4, body: stream('', 'hello world', len) };
      const doc = await open(buildPdf(base({ objects: objs })).bytes);
      const s = (await doc.get(new PdfRef(4, 0))) as PdfStream;
      expect(Buffer.from(await doc.streamData(s)).toString()).toBe('hello world');
    }
  });

  it('stops a deflate bomb at maxDecodedStreamBytes', async () => {
    const objs = simpleObjects(1);
    objs.push({
      num: 9,
      body: stream('/Filter /FlateDecode', deflateSync(new Uint8Array(20_000_000))),
    });
    const doc = await open(buildPdf(base({ objects: objs })).bytes, {
      limits: { maxDecodedStreamBytes: 1_000_000 },
    });
    const s = (await doc.get(new PdfRef(9, 0))) as PdfStream;
    await expectCode(doc.streamData(s), 'PDF_TOO_COMPLEX');
    expect((await doc.rawStreamBytes(s)).length).toBeLessThan(100_000);
  });
});

describe('PdfDocument: recovery', () => {
  it('rebuilds the xref by scanning when startxref is garbage', async () => {
    const b = buildPdf(base());
    const text = Buffer.from(b.bytes)
      .toString('latin1')
      .replace(/startxref\n\d+/, 'startxref\nxyz');
    const doc = await open(Buffer.from(text, 'latin1'));
    expect(doc.recovered).toBe(true);
    expect(await doc.pageCount()).toBe(3);
    await walk(doc);
  });

  it('rebuilds the xref when its offsets point at the wrong objects', async () => {
    const b = buildPdf(base());
    const s = Buffer.from(b.bytes).toString('latin1');
    const shifted = s.replace(
      '%\xe2\xe3\xcf\xd3\n',
      '%\xe2\xe3\xcf\xd3\n% some inserted comment\n',
    );
    const doc = await open(Buffer.from(shifted, 'latin1'));
    expect(doc.recovered).toBe(true);
    expect(await doc.pageCount()).toBe(3);
    await walk(doc);
  });

  it('finds objects of object streams when the xref stream is gone', async () => {
    const b = buildPdf(base({ xref: 'stream', objStm: { num: 30, members: [1, 2, 3] } }));
    const s = Buffer.from(b.bytes).toString('latin1');
    const cut = s.slice(0, b.startxref) + '%%EOF\n';
    const doc = await open(Buffer.from(cut, 'latin1'));
    expect(doc.recovered).toBe(true);
    expect(await doc.pageCount()).toBe(3);
  });

  it('refuses a file with neither a usable xref nor any catalog', async () => {
    await expectCode(
      open(Buffer.from('%PDF-1.7\n1 0 obj\n<< /A 1 >>\nendobj\n%%EOF\n')),
      'PDF_XREF_BROKEN',
    );
  });

  it('reports a file cut off before any object as truncated', async () => {
    const b = buildPdf(base());
    await expectCode(open(b.bytes.subarray(0, 20)), 'PDF_TRUNCATED');
  });

  it('opens what is left of a file cut in the middle, and says what is missing', async () => {
    const b = buildPdf(base());
    const doc = await open(b.bytes.subarray(0, b.offsets.get(3)! + 5));
    expect(doc.recovered).toBe(true);
    await expect(doc.page(0)).rejects.toSatisfy((e) => isSealdeskError(e));
  });
});

describe('PdfDocument: files that are not PDFs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sealdesk-pdf-'));

  it('names the missing file', async () => {
    const p = join(dir, 'missing.pdf');
    await expect(PdfDocument.open(p)).rejects.toSatisfy(
      (e) =>
        isSealdeskError(e, 'PDF_NOT_FOUND') &&
        e.message.includes('missing.pdf') &&
        e.localized('zh-CN').includes('不存在'),
    );
  });

  it('refuses a directory', async () => {
    await expectCode(PdfDocument.open(dir), 'PDF_IS_DIRECTORY');
  });

  it('refuses an empty file and a file without a %PDF- header', async () => {
    const empty = join(dir, 'empty.pdf');
    writeFileSync(empty, '');
    await expectCode(PdfDocument.open(empty), 'PDF_EMPTY');
    const text = join(dir, 'text.pdf');
    writeFileSync(text, 'hello, this is not a PDF\n'.repeat(100));
    await expectCode(PdfDocument.open(text), 'PDF_NOT_A_PDF');
  });

  it('opens a real file by positioned reads and closes it', async () => {
    const p = join(dir, 'ok.pdf');
    writeFileSync(
      p,
      buildPdf(base({ xref: 'stream', objStm: { num: 30, members: [1, 2] } })).bytes,
    );
    const doc = await PdfDocument.open(p);
    expect(doc.fileName).toBe(p);
    await walk(doc);
    await doc.close();
    await expectCode(doc.get(new PdfRef(3, 0)), 'PDF_CLOSED');
  });
});

describe('PdfDocument: hostile input', () => {
  it('ends a reference loop with PDF_TOO_COMPLEX', async () => {
    const objs = simpleObjects(1);
    objs.push({ num: 9, body: '10 0 R' }, { num: 10, body: '9 0 R' });
    const doc = await open(buildPdf(base({ objects: objs })).bytes);
    await expectCode(doc.resolve(new PdfRef(9, 0)), 'PDF_TOO_COMPLEX');
  });

  it('refuses arrays nested 100 000 deep quickly', async () => {
    const objs = simpleObjects(1);
    objs.push({ num: 9, body: '['.repeat(100_000) + ']'.repeat(100_000) });
    const doc = await open(buildPdf(base({ objects: objs })).bytes);
    const t = Date.now();
    await expectCode(doc.get(new PdfRef(9, 0)), 'PDF_TOO_COMPLEX');
    expect(Date.now() - t).toBeLessThan(500);
  });

  it('refuses an xref stream with absurd /W or /Size values', async () => {
    const b = buildPdf(base({ xref: 'stream' }));
    const s = Buffer.from(b.bytes).toString('latin1');
    for (const [from, to] of [
      ['/W [1 4 2]', '/W [1 99 2]'],
      ['/Size 6', '/Size 999999999999'],
    ] as const) {
      const t = Date.now();
      const bad = Buffer.from(s.replace(from, to), 'latin1');
      // Either recovery by scanning or an error; never a hang or a huge allocation.
      try {
        const doc = await open(bad);
        expect(doc.maxObjectNumber).toBeLessThanOrEqual(8_388_608);
        await walk(doc);
      } catch (e) {
        expect(isSealdeskError(e)).toBe(true);
      }
      expect(Date.now() - t).toBeLessThan(1000);
    }
  });

  it('refuses a table subsection claiming billions of objects', async () => {
    const b = buildPdf(base());
    const s = Buffer.from(b.bytes)
      .toString('latin1')
      .replace(/xref\n0 7/, 'xref\n0 4000000000');
    await expectCode(open(Buffer.from(s, 'latin1')), 'PDF_TOO_COMPLEX');
  });
});

describe('PdfDocument: encryption wiring', () => {
  it('leaves strings of unencrypted files as stored', async () => {
    const objs = simpleObjects(1);
    objs.push({ num: 9, body: '<< /Type /Sig /Contents <0102> /Name (x) >>' });
    const doc = await open(buildPdf(base({ objects: objs })).bytes);
    expect(doc.security).toBeUndefined();
    const sig = (await doc.get(new PdfRef(9, 0))) as PdfDict;
    expect((sig.get('Contents') as PdfString).bytes).toEqual(Uint8Array.from([1, 2]));
  });
});

describe('PdfDocument: in-memory stream data', () => {
  it('returns memory streams as given', async () => {
    const doc = await open(buildPdf(base()).bytes);
    const s = PdfStream.fromBytes(new PdfDict(), concat(['abc']));
    expect(Buffer.from(await doc.streamData(s)).toString()).toBe('abc');
  });
});

describe('decryptStrings (§7.6.2)', () => {
  it('decrypts every string but the /Contents of a signature or timestamp dictionary', async () => {
    const { decryptStrings } = await import('../../../main/pdf/object-decryption');
    const { parseObjectAt } = await import('../../../main/pdf/parser');
    const obj = parseObjectAt(
      Buffer.from(
        '<< /T (a) /V << /Type /Sig /Contents <01> /Name (b) >> /K [(c) << /Type /DocTimeStamp /Contents <02> >>] /Contents (d) >>',
        'latin1',
      ),
    ).obj;
    const upper = (b: Uint8Array): Uint8Array => Uint8Array.from(b, (x) => x + 1);
    const d = decryptStrings(obj, upper) as PdfDict;
    const str = (v: unknown): number[] => [...(v as PdfString).bytes];
    expect(str(d.get('T'))).toEqual([0x62]);
    expect(str(d.get('Contents'))).toEqual([0x65]);
    const sig = d.get('V') as PdfDict;
    expect(str(sig.get('Contents'))).toEqual([1]);
    expect(str(sig.get('Name'))).toEqual([0x63]);
    const k = d.get('K') as unknown[];
    expect(str(k[0])).toEqual([0x64]);
    expect(str((k[1] as PdfDict).get('Contents'))).toEqual([2]);
  });
});
