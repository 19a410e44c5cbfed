// Test fixtures made by code: a tiny one-page PDF (catalog, page, content stream, XMP metadata
// stream, Info with a title), qpdf to encrypt it, a minimal ad-hoc reader for the few objects the
// tests need, and an incremental update writer for objects encrypted by Sealdesk. Origin: this
// file; nothing is stored.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PdfDict, PdfName, PdfRef, PdfString, type PdfObject } from '../../../main/pdf/objects';

const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const text = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

export const CONTENT = 'BT /F1 12 Tf 20 100 Td (Hello Sealdesk) Tj ET\n';
export const TITLE = 'Sealdesk test title';
export const METADATA =
  '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"/><?xpacket end="w"?>\n';

/** The bytes of a tiny valid PDF: objects 1..6, a classic xref table, an /ID. */
export function tinyPdf(): Uint8Array {
  const objs: string[] = [
    '<< /Type /Catalog /Pages 2 0 R /Metadata 6 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>',
    `<< /Length ${CONTENT.length} >>\nstream\n${CONTENT}\nendstream`,
    `<< /Title (${TITLE}) /Producer (Sealdesk tests) >>`,
    `<< /Type /Metadata /Subtype /XML /Length ${METADATA.length} >>\nstream\n${METADATA}\nendstream`,
  ];
  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R /Info 5 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] >>\nstartxref\n${xref}\n%%EOF\n`;
  return latin1(out);
}

/** Runs qpdf; a missing qpdf fails the test loudly (ENOENT). Returns stdout as bytes. */
export function qpdf(args: readonly string[], okExitCodes: readonly number[] = [0]): Buffer {
  try {
    return execFileSync('qpdf', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { status?: number; stdout?: Buffer; stderr?: Buffer; code?: string };
    if (err.code === 'ENOENT') throw new Error('qpdf is not installed (apt-get install qpdf)');
    if (err.status !== undefined && okExitCodes.includes(err.status) && err.stdout)
      return err.stdout;
    throw new Error(`qpdf ${args.join(' ')} failed: ${err.stderr?.toString() ?? String(e)}`);
  }
}

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'sealdesk-sec-'));

/** Encrypts the tiny PDF with `qpdf --encrypt <encryptArgs> --` and returns the output path. */
export function encryptWithQpdf(
  dir: string,
  label: string,
  encryptArgs: readonly string[],
): string {
  const input = join(dir, 'plain.pdf');
  writeFileSync(input, tinyPdf());
  const out = join(dir, `${label}.pdf`);
  qpdf([
    '--allow-weak-crypto',
    '--compress-streams=n',
    '--object-streams=disable',
    '--encrypt',
    ...encryptArgs,
    '--',
    input,
    out,
  ]);
  return out;
}

/** What `qpdf --show-encryption-key --show-encryption` reports as the file key (hex). */
export function qpdfFileKey(file: string, password: string): string {
  const out = qpdf(['--show-encryption', '--show-encryption-key', `--password=${password}`, file]);
  const m = /Encryption key = ([0-9a-f]*)/.exec(out.toString('latin1'));
  if (!m) throw new Error(`qpdf printed no encryption key for ${file}`);
  return m[1]!;
}

/** A minimal reader of unencrypted-syntax PDF objects, enough for qpdf's simple output. */
export class AdHocPdf {
  readonly bytes: Uint8Array;
  private readonly src: string;
  constructor(file: string) {
    this.bytes = new Uint8Array(readFileSync(file));
    this.src = text(this.bytes);
  }

  /** The last trailer dictionary in the file. */
  trailer(): PdfDict {
    const at = this.src.lastIndexOf('trailer');
    const v = new Parser(this.src, at + 'trailer'.length).value();
    if (!(v instanceof PdfDict)) throw new Error('no trailer dictionary');
    return v;
  }

  /** Position just after `num gen obj` of the last definition of the object. */
  private objectStart(ref: PdfRef): number {
    const re = new RegExp(`(?:^|[\\r\\n])${ref.num} ${ref.gen} obj`, 'g');
    let at = -1;
    for (const m of this.src.matchAll(re)) at = m.index + m[0].length;
    if (at < 0) throw new Error(`object ${ref.toString()} not found`);
    return at;
  }

  object(ref: PdfRef): PdfObject {
    return new Parser(this.src, this.objectStart(ref)).value();
  }

  /** Follows references until a direct object. */
  resolve(o: PdfObject | undefined): PdfObject | undefined {
    return o instanceof PdfRef ? this.resolve(this.object(o)) : o;
  }

  /** A dictionary with every value resolved (one level of nesting is enough for /Encrypt). */
  resolvedDict(o: PdfObject | undefined): PdfDict {
    const d = this.resolve(o);
    if (!(d instanceof PdfDict)) throw new Error('not a dictionary');
    const out = new PdfDict();
    for (const [k, v] of d.map) {
      const r = this.resolve(v) ?? null;
      out.set(k, r instanceof PdfDict ? this.resolvedDict(r) : r);
    }
    return out;
  }

  /** A stream's dictionary and its raw (still encrypted) data. */
  stream(ref: PdfRef): { dict: PdfDict; raw: Uint8Array } {
    const p = new Parser(this.src, this.objectStart(ref));
    const dict = p.value();
    if (!(dict instanceof PdfDict)) throw new Error('not a stream');
    const kw = this.src.indexOf('stream', p.pos);
    let start = kw + 'stream'.length;
    if (this.src[start] === '\r') start++;
    if (this.src[start] === '\n') start++;
    const length = this.resolve(dict.get('Length'));
    if (typeof length !== 'number') throw new Error('stream without /Length');
    return { dict, raw: this.bytes.slice(start, start + length) };
  }

  /** The first /ID string of the trailer. */
  idFirst(): Uint8Array {
    const id = this.trailer().get('ID');
    const first = Array.isArray(id) ? id[0] : undefined;
    if (!(first instanceof PdfString)) throw new Error('no /ID');
    return first.bytes;
  }

  encryptDict(): PdfDict {
    return this.resolvedDict(this.trailer().get('Encrypt'));
  }
}

class Parser {
  constructor(
    private readonly s: string,
    public pos: number,
  ) {}

  private skip(): void {
    for (;;) {
      while (this.pos < this.s.length && /[\0\t\n\f\r ]/.test(this.s[this.pos]!)) this.pos++;
      if (this.s[this.pos] !== '%') return;
      while (this.pos < this.s.length && !/[\r\n]/.test(this.s[this.pos]!)) this.pos++;
    }
  }

  private token(): string {
    const m = /^[^\0\t\n\f\r ()<>[\]{}/%]+/.exec(this.s.slice(this.pos, this.pos + 64));
    const t = m ? m[0] : '';
    this.pos += t.length;
    return t;
  }

  value(): PdfObject {
    this.skip();
    const c = this.s[this.pos];
    if (this.s.startsWith('<<', this.pos)) {
      this.pos += 2;
      const d = new PdfDict();
      for (;;) {
        this.skip();
        if (this.s.startsWith('>>', this.pos)) {
          this.pos += 2;
          return d;
        }
        const key = this.value();
        if (!(key instanceof PdfName)) throw new Error(`dictionary key expected at ${this.pos}`);
        d.set(key.name, this.value());
      }
    }
    if (c === '<') {
      const end = this.s.indexOf('>', this.pos);
      const hex = this.s.slice(this.pos + 1, end).replace(/\s/g, '');
      this.pos = end + 1;
      return new PdfString(
        Uint8Array.from(Buffer.from(hex.length % 2 ? hex + '0' : hex, 'hex')),
        true,
      );
    }
    if (c === '(') return this.literal();
    if (c === '[') {
      this.pos++;
      const a: PdfObject[] = [];
      for (;;) {
        this.skip();
        if (this.s[this.pos] === ']') {
          this.pos++;
          return a;
        }
        a.push(this.value());
      }
    }
    if (c === '/') {
      this.pos++;
      return PdfName.of(
        this.token().replace(/#([0-9a-fA-F]{2})/g, (_, h: string) =>
          String.fromCharCode(parseInt(h, 16)),
        ),
      );
    }
    const t = this.token();
    if (t === 'true') return true;
    if (t === 'false') return false;
    if (t === 'null') return null;
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(t))
      throw new Error(`unexpected token '${t}' at ${this.pos}`);
    const n = Number(t);
    const ref = /^\s+(\d+)\s+R(?![^\0\t\n\f\r ()<>[\]{}/%])/.exec(
      this.s.slice(this.pos, this.pos + 32),
    );
    if (/^\d+$/.test(t) && ref) {
      this.pos += ref[0].length;
      return new PdfRef(n, Number(ref[1]));
    }
    return n;
  }

  private literal(): PdfString {
    this.pos++;
    const out: number[] = [];
    let depth = 1;
    const esc: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12 };
    while (this.pos < this.s.length) {
      const c = this.s[this.pos++]!;
      if (c === '\\') {
        const d = this.s[this.pos++]!;
        if (esc[d] !== undefined) out.push(esc[d]);
        else if (/[0-7]/.test(d)) {
          let oct = d;
          while (oct.length < 3 && /[0-7]/.test(this.s[this.pos] ?? '')) oct += this.s[this.pos++];
          out.push(parseInt(oct, 8) & 0xff);
        } else if (d === '\r') {
          if (this.s[this.pos] === '\n') this.pos++;
        } else if (d !== '\n') out.push(d.charCodeAt(0));
        continue;
      }
      if (c === '(') depth++;
      if (c === ')' && --depth === 0) break;
      out.push(c.charCodeAt(0));
    }
    return new PdfString(Uint8Array.from(out));
  }
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/**
 * Appends an incremental update (§7.5.6) to `file` holding new objects written as given (their
 * bodies already encrypted by the caller), and writes the result to `out`.
 */
export function appendUpdate(
  pdf: AdHocPdf,
  out: string,
  objects: ReadonlyArray<{ ref: PdfRef; body: Uint8Array }>,
): void {
  const trailer = pdf.trailer();
  const prev = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text(pdf.bytes));
  if (!prev) throw new Error('no startxref');
  const parts: Uint8Array[] = [pdf.bytes, latin1('\n')];
  let offset = pdf.bytes.length + 1;
  const entries: string[] = [];
  for (const { ref, body } of objects) {
    const head = latin1(`${ref.num} ${ref.gen} obj\n`);
    const tail = latin1('\nendobj\n');
    entries.push(
      `${ref.num} 1\n${String(offset).padStart(10, '0')} ${String(ref.gen).padStart(5, '0')} n \n`,
    );
    parts.push(head, body, tail);
    offset += head.length + body.length + tail.length;
  }
  const maxNum = Math.max(...objects.map((o) => o.ref.num));
  const size = Math.max(trailer.getNumber('Size') ?? 0, maxNum + 1);
  const id = trailer.get('ID');
  const ids = Array.isArray(id)
    ? id.map((s) => (s instanceof PdfString ? `<${hex(s.bytes)}>` : '')).join(' ')
    : '';
  const ref = (k: string): string => trailer.getRef(k)?.toString() ?? 'null';
  parts.push(
    latin1(
      `xref\n0 1\n0000000000 65535 f \n${entries.join('')}trailer\n<< /Size ${size} /Root ${ref('Root')} /Info ${ref('Info')} /Encrypt ${ref('Encrypt')} /ID [${ids}] /Prev ${prev[1]} >>\nstartxref\n${offset}\n%%EOF\n`,
    ),
  );
  writeFileSync(out, Buffer.concat(parts));
}

export { hex, latin1 };
