// The standard security handler against files encrypted by qpdf (a real, independent
// implementation): keys, authentication, decryption, and objects Sealdesk encrypts that qpdf
// must decrypt. Fixtures are made by tiny-pdf.ts at test time.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PdfDict } from '../../../main/pdf/objects';
import { dict, name, PdfRef, PdfString } from '../../../main/pdf/objects';
import { isSealdeskError } from '../../../main/errors/sealdesk-error';
import {
  createStandardSecurityHandler,
  unlockStandardFileKey,
  type CryptMethod,
} from '../../../main/pdf/standard-security';
import {
  AdHocPdf,
  appendUpdate,
  CONTENT,
  encryptWithQpdf,
  hex,
  latin1,
  METADATA,
  qpdf,
  qpdfFileKey,
  tempDir as makeTempDir,
  TITLE,
} from './tiny-pdf';

const made: string[] = [];
const tempDir = (): string => {
  const d = makeTempDir();
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

const decoder = new TextDecoder('latin1');
const str = (b: Uint8Array): string => decoder.decode(b);

interface Opened {
  readonly file: string;
  readonly pdf: AdHocPdf;
  readonly encrypt: PdfDict;
  readonly idFirst: Uint8Array;
}

function open(file: string): Opened {
  const pdf = new AdHocPdf(file);
  return { file, pdf, encrypt: pdf.encryptDict(), idFirst: pdf.idFirst() };
}

/** The refs of the Info dictionary, the page content stream and the XMP metadata stream. */
function refsOf(pdf: AdHocPdf): { info: PdfRef; content: PdfRef; metadata: PdfRef } {
  const t = pdf.trailer();
  const catalog = pdf.resolve(t.get('Root')) as PdfDict;
  const pages = pdf.resolve(catalog.get('Pages')) as PdfDict;
  const kids = pages.get('Kids') as PdfRef[];
  const page = pdf.resolve(kids[0]) as PdfDict;
  return {
    info: t.getRef('Info')!,
    content: page.getRef('Contents')!,
    metadata: catalog.getRef('Metadata')!,
  };
}

function expectError(fn: () => unknown, code: string): Error {
  try {
    fn();
  } catch (e) {
    expect(isSealdeskError(e, code), `expected ${code}, got ${String(e)}`).toBe(true);
    return e as Error;
  }
  throw new Error(`expected ${code}, nothing was thrown`);
}

beforeAll(() => {
  // Fails loudly (not a skip) when qpdf is missing.
  expect(qpdf(['--version']).toString()).toMatch(/qpdf version/);
});

interface OwnerOnlyCase {
  readonly label: string;
  readonly args: readonly string[];
  readonly revision: number;
  readonly method: CryptMethod;
  readonly clearMetadata?: boolean;
}

const OWNER_ONLY: readonly OwnerOnlyCase[] = [
  { label: 'R2 RC4 40-bit', args: ['', 'owner', '40'], revision: 2, method: 'rc4' },
  {
    label: 'R3 RC4 128-bit',
    args: ['', 'owner', '128', '--use-aes=n'],
    revision: 3,
    method: 'rc4',
  },
  {
    label: 'R4 crypt filter /V2 (RC4)',
    args: ['', 'owner', '128', '--use-aes=n', '--force-V4'],
    revision: 4,
    method: 'rc4',
  },
  { label: 'R4 /AESV2', args: ['', 'owner', '128', '--use-aes=y'], revision: 4, method: 'aes-128' },
  {
    label: 'R4 /AESV2 with /EncryptMetadata false',
    args: ['', 'owner', '128', '--use-aes=y', '--cleartext-metadata'],
    revision: 4,
    method: 'aes-128',
    clearMetadata: true,
  },
  { label: 'R5 /AESV3', args: ['', 'owner', '256', '--force-R5'], revision: 5, method: 'aes-256' },
  { label: 'R6 /AESV3', args: ['', 'owner', '256'], revision: 6, method: 'aes-256' },
  {
    label: 'R6 /AESV3 with /EncryptMetadata false',
    args: ['', 'owner', '256', '--cleartext-metadata'],
    revision: 6,
    method: 'aes-256',
    clearMetadata: true,
  },
];

describe.each(OWNER_ONLY)('an owner-password-only file, $label', (c) => {
  const dir = tempDir();
  let f: Opened;
  beforeAll(() => {
    f = open(encryptWithQpdf(dir, 'enc', c.args));
  });

  it('opens with no password as the user, with the file key qpdf computes', () => {
    const h = createStandardSecurityHandler(f.encrypt, f.idFirst, undefined, f.file);
    expect(h.authenticatedAs).toBe('user');
    expect(h.revision).toBe(c.revision);
    expect(h.stringMethod).toBe(c.method);
    expect(h.streamMethod).toBe(c.method);
    expect(h.permissions).toBe(-4);
    expect(h.encryptMetadata).toBe(!c.clearMetadata);
    const key = unlockStandardFileKey(f.encrypt, f.idFirst, undefined, f.file);
    expect(hex(key.fileKey)).toBe(qpdfFileKey(f.file, ''));
  });

  it('opens with the owner password as the owner, with the same file key', () => {
    const h = createStandardSecurityHandler(f.encrypt, f.idFirst, 'owner', f.file);
    expect(h.authenticatedAs).toBe('owner');
    const key = unlockStandardFileKey(f.encrypt, f.idFirst, 'owner', f.file);
    expect(hex(key.fileKey)).toBe(qpdfFileKey(f.file, ''));
  });

  it('decrypts the Info title, the page content and the metadata the file holds', () => {
    const h = createStandardSecurityHandler(f.encrypt, f.idFirst, undefined, f.file);
    const refs = refsOf(f.pdf);
    const info = f.pdf.object(refs.info) as PdfDict;
    const title = info.get('Title') as PdfString;
    expect(str(title.bytes)).not.toBe(TITLE);
    expect(str(h.decryptString(title.bytes, refs.info))).toBe(TITLE);

    const content = f.pdf.stream(refs.content);
    expect(str(content.raw)).not.toBe(CONTENT);
    const plain = h.decryptStream(content.raw, refs.content, content.dict);
    expect(str(plain)).toBe(CONTENT);
    const qpdfPlain = qpdf([`--show-object=${refs.content.num}`, '--filtered-stream-data', f.file]);
    expect(str(plain)).toBe(qpdfPlain.toString('latin1'));

    const meta = f.pdf.stream(refs.metadata);
    expect(str(meta.raw) === METADATA).toBe(c.clearMetadata === true);
    expect(str(h.decryptStream(meta.raw, refs.metadata, meta.dict))).toBe(METADATA);
  });

  it('round-trips strings and streams it encrypts itself', () => {
    const h = createStandardSecurityHandler(f.encrypt, f.idFirst, undefined, f.file);
    const ref = new PdfRef(4242, 0);
    const s = latin1('a string of 33 bytes, not aligned');
    const encS = h.encryptString(s, ref);
    expect(hex(encS)).not.toBe(hex(s));
    expect(hex(h.decryptString(encS, ref))).toBe(hex(s));
    const body = latin1('q 1 0 0 1 0 0 cm Q\n'.repeat(100));
    const sd = dict({ Length: body.length });
    const encB = h.encryptStream(body, ref, sd);
    expect(hex(h.decryptStream(encB, ref, sd))).toBe(hex(body));
    // The object number is part of the key for RC4 and AES-128 (algorithm 1), not for AES-256.
    const other = new PdfRef(4243, 0);
    const crossed = hex(h.decryptString(encS, other)) === hex(s);
    expect(crossed).toBe(c.method === 'aes-256');
  });

  it('encrypts new objects in an incremental update so that qpdf decrypts them', () => {
    const h = createStandardSecurityHandler(f.encrypt, f.idFirst, undefined, f.file);
    const size = f.pdf.trailer().getNumber('Size')!;
    const dictRef = new PdfRef(size, 0);
    const streamRef = new PdfRef(size + 1, 0);
    const note = 'Signed by Sealdesk (unit test)';
    const encNote = h.encryptString(latin1(note), dictRef);
    const streamText = 'BT /F1 9 Tf 10 10 Td (Sealdesk seal) Tj ET\n';
    const sd = dict({});
    const encStream = h.encryptStream(latin1(streamText), streamRef, sd);
    const out = join(dir, 'updated.pdf');
    appendUpdate(f.pdf, out, [
      { ref: dictRef, body: latin1(`<< /SealdeskNote <${hex(encNote)}> >>`) },
      {
        ref: streamRef,
        body: new Uint8Array(
          Buffer.concat([
            latin1(`<< /Length ${encStream.length} >>\nstream\n`),
            encStream,
            latin1('\nendstream'),
          ]),
        ),
      },
    ]);
    const check = qpdf(['--check', out], [0, 2, 3]).toString('latin1');
    expect(check).toContain('No syntax or stream encoding errors found');
    expect(check).not.toMatch(/WARNING/i);
    expect(qpdf([`--show-object=${dictRef.num}`, out]).toString('latin1')).toContain(
      `(${note.replace(/[()]/g, '\\$&')})`,
    );
    expect(
      qpdf([`--show-object=${streamRef.num}`, '--filtered-stream-data', out]).toString('latin1'),
    ).toBe(streamText);
  });
});

interface UserCase {
  readonly label: string;
  readonly args: readonly string[];
}

const WITH_USER: readonly UserCase[] = [
  { label: 'R2', args: ['user', 'owner', '40'] },
  { label: 'R3', args: ['user', 'owner', '128', '--use-aes=n'] },
  { label: 'R4 /AESV2', args: ['user', 'owner', '128', '--use-aes=y'] },
  { label: 'R5', args: ['user', 'owner', '256', '--force-R5'] },
  { label: 'R6', args: ['user', 'owner', '256'] },
];

describe.each(WITH_USER)('a file with a user password, $label', (c) => {
  let f: Opened;
  beforeAll(() => {
    f = open(encryptWithQpdf(tempDir(), 'user', c.args));
  });

  it('refuses to open without a password and says how to give one', () => {
    const e = expectError(
      () => createStandardSecurityHandler(f.encrypt, f.idFirst, undefined, f.file),
      'PDF_PASSWORD_REQUIRED',
    );
    expect(e.message).toContain(f.file);
    expect(e.message).toContain('--password-env');
    expectError(
      () => createStandardSecurityHandler(f.encrypt, f.idFirst, '', f.file),
      'PDF_PASSWORD_REQUIRED',
    );
  });

  it('refuses a wrong password without repeating it', () => {
    const e = expectError(
      () => createStandardSecurityHandler(f.encrypt, f.idFirst, 'hunter2', f.file),
      'PDF_PASSWORD_WRONG',
    );
    expect(e.message).toContain(f.file);
    expect(e.message).not.toContain('hunter2');
  });

  it('opens with the user password as the user and decrypts the title', () => {
    const h = createStandardSecurityHandler(f.encrypt, f.idFirst, 'user', f.file);
    expect(h.authenticatedAs).toBe('user');
    const key = unlockStandardFileKey(f.encrypt, f.idFirst, 'user', f.file);
    expect(hex(key.fileKey)).toBe(qpdfFileKey(f.file, 'user'));
    const { info } = refsOf(f.pdf);
    const title = (f.pdf.object(info) as PdfDict).get('Title') as PdfString;
    expect(str(h.decryptString(title.bytes, info))).toBe(TITLE);
  });

  it('opens with the owner password as the owner, with the same file key', () => {
    const h = createStandardSecurityHandler(f.encrypt, f.idFirst, 'owner', f.file);
    expect(h.authenticatedAs).toBe('owner');
    const key = unlockStandardFileKey(f.encrypt, f.idFirst, 'owner', f.file);
    expect(hex(key.fileKey)).toBe(qpdfFileKey(f.file, 'user'));
  });
});

describe('passwords beyond ASCII', () => {
  it('opens an R6 file with a password typed in another Unicode normal form (SASLprep, NFKC)', () => {
    const f = open(encryptWithQpdf(tempDir(), 'nfkc', ['pässwörd', 'owner', '256']));
    const decomposed = 'pa\u0308sswo\u0308rd';
    expect(decomposed).not.toBe('pässwörd');
    const h = createStandardSecurityHandler(f.encrypt, f.idFirst, decomposed, f.file);
    expect(h.authenticatedAs).toBe('user');
    expect(hex(unlockStandardFileKey(f.encrypt, f.idFirst, decomposed, f.file).fileKey)).toBe(
      qpdfFileKey(f.file, 'pässwörd'),
    );
  });

  it('opens an R4 file whose password has Latin-1 letters (PDFDocEncoding bytes)', () => {
    const f = open(encryptWithQpdf(tempDir(), 'latin', ['grün', 'owner', '128', '--use-aes=y']));
    const h = createStandardSecurityHandler(f.encrypt, f.idFirst, 'grün', f.file);
    expect(h.authenticatedAs).toBe('user');
    expect(hex(unlockStandardFileKey(f.encrypt, f.idFirst, 'grün', f.file).fileKey)).toBe(
      qpdfFileKey(f.file, 'grün'),
    );
  });
});

describe('streams that stay in clear', () => {
  let f: Opened;
  beforeAll(() => {
    f = open(encryptWithQpdf(tempDir(), 'aes', ['', 'owner', '128', '--use-aes=y']));
  });
  const ref = new PdfRef(77, 0);
  const data = latin1('0123456789abcdef0123456789');

  it('passes through a stream whose /Crypt filter names /Identity, both ways', () => {
    const h = createStandardSecurityHandler(f.encrypt, f.idFirst, undefined, f.file);
    for (const d of [
      dict({
        Filter: [name('Crypt'), name('FlateDecode')],
        DecodeParms: [dict({ Name: name('Identity') }), null],
      }),
      dict({ Filter: name('Crypt') }),
    ]) {
      expect(h.encryptStream(data, ref, d)).toBe(data);
      expect(h.decryptStream(data, ref, d)).toBe(data);
    }
  });

  it('passes through cross-reference streams, which are never encrypted', () => {
    const h = createStandardSecurityHandler(f.encrypt, f.idFirst, undefined, f.file);
    const d = dict({ Type: name('XRef') });
    expect(h.encryptStream(data, ref, d)).toBe(data);
    expect(h.decryptStream(data, ref, d)).toBe(data);
  });

  it('uses /EFF for embedded files: /Identity leaves them in clear while other streams are encrypted', () => {
    const enc = f.encrypt.clone().set('EFF', name('Identity'));
    const h = createStandardSecurityHandler(enc, f.idFirst, undefined, f.file);
    expect(h.encryptStream(data, ref, dict({ Type: name('EmbeddedFile') }))).toBe(data);
    expect(hex(h.encryptStream(data, ref, dict({})))).not.toBe(hex(data));
  });

  it('uses a /Crypt filter named in /CF for its stream', () => {
    const h = createStandardSecurityHandler(f.encrypt, f.idFirst, undefined, f.file);
    const d = dict({ Filter: name('Crypt'), DecodeParms: dict({ Name: name('StdCF') }) });
    const enc = h.encryptStream(data, ref, d);
    expect(enc.length).toBe(16 + 32);
    expect(hex(h.decryptStream(enc, ref, dict({})))).toBe(hex(data));
  });
});

describe('encryption Sealdesk cannot open', () => {
  let base: PdfDict;
  let idFirst: Uint8Array;
  beforeAll(() => {
    const f = open(encryptWithQpdf(tempDir(), 'aes', ['', 'owner', '128', '--use-aes=y']));
    base = f.encrypt;
    idFirst = f.idFirst;
  });
  const attempt = (d: PdfDict) => () =>
    createStandardSecurityHandler(d, idFirst, undefined, 'x.pdf');

  it('refuses public-key security with a reason', () => {
    const e = expectError(
      attempt(dict({ Filter: name('Adobe.PubSec'), SubFilter: name('adbe.pkcs7.s5'), V: 4 })),
      'PDF_ENCRYPTION_UNSUPPORTED',
    );
    expect(e.message).toContain('public-key');
    expect(e.message).toContain('x.pdf');
  });

  it('refuses a security handler other than /Standard', () => {
    expectError(
      attempt(base.clone().set('Filter', name('FOPN_foweb'))),
      'PDF_ENCRYPTION_UNSUPPORTED',
    );
  });

  it('refuses an unknown /V or /R', () => {
    expectError(attempt(base.clone().set('V', 3)), 'PDF_ENCRYPTION_UNSUPPORTED');
    expectError(attempt(base.clone().set('R', 7)), 'PDF_ENCRYPTION_UNSUPPORTED');
  });

  it('refuses an unknown crypt filter method', () => {
    const cf = dict({ StdCF: dict({ CFM: name('SM4'), Length: 16 }) });
    expectError(attempt(base.clone().set('CF', cf)), 'PDF_ENCRYPTION_UNSUPPORTED');
  });

  it('reports a damaged dictionary whose /U is too short', () => {
    expectError(
      attempt(base.clone().set('U', new PdfString(new Uint8Array(5)))),
      'PDF_ENCRYPTION_DAMAGED',
    );
  });
});
