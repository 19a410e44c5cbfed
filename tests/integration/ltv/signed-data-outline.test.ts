/**
 * The CMS outline main/ltv reads while a large file is hashed: the same certificates and
 * signature timestamp tokens as the full parser finds, on signatures Sealdesk made (B-B, B-T)
 * and on openssl's; anything that is not plain DER of that shape gives undefined so the caller
 * falls back to the full parser.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { signedDataOutline } from '../../../main/cms/signed-data-outline';
import { PdfDocument } from '../../../main/pdf/document';
import { findSignatures } from '../../../main/verify/pdf-signatures';
import { parseSignedData } from '../../../main/verify/signed-data';
import { signatureTimestampTokens } from '../../../main/verify/timestamp';
import { testPki } from '../../support/pki';
import { workspace } from '../sign/sign-helpers';
import { runWideTsa, signFixture } from './ltv-support';

async function signatureContents(file: string): Promise<Uint8Array> {
  const doc = await PdfDocument.open(file);
  try {
    const [s] = await findSignatures(doc);
    if (!s?.contents) throw new Error(`no signature in ${file}`);
    return s.contents;
  } finally {
    await doc.close();
  }
}

const hex = (list: readonly Uint8Array[]) => list.map((b) => Buffer.from(b).toString('hex'));

function fullParse(cms: Uint8Array) {
  const sd = parseSignedData(cms, { allowZeroPadding: true });
  return {
    certificates: hex(sd.certificates.map((c) => c.der)),
    timestampTokens: hex(signatureTimestampTokens(sd, 0)),
  };
}

describe('CMS outline', () => {
  let dir: string;
  beforeAll(() => {
    dir = workspace();
  });

  it('reads the certificates of a B-B signature (zero-padded /Contents) and no token', async () => {
    const r = await signFixture(dir, 'outline-bb', testPki().ids.rsa2048, { level: 'B-B' });
    const cms = await signatureContents(r.output);
    const outline = signedDataOutline(cms);
    expect(outline).toBeDefined();
    expect(outline!.certificates.length).toBeGreaterThanOrEqual(2);
    expect({
      certificates: hex(outline!.certificates),
      timestampTokens: hex(outline!.timestampTokens),
    }).toEqual(fullParse(cms));
  });

  it('reads the signature timestamp token of a B-T signature and the token’s own certificates', async () => {
    const r = await signFixture(dir, 'outline-bt', testPki().ids.ecP256, {
      level: 'B-T',
      tsa: runWideTsa(),
    });
    const cms = await signatureContents(r.output);
    const outline = signedDataOutline(cms)!;
    expect(outline.timestampTokens).toHaveLength(1);
    expect({
      certificates: hex(outline.certificates),
      timestampTokens: hex(outline.timestampTokens),
    }).toEqual(fullParse(cms));
    const token = outline.timestampTokens[0]!;
    const tokenCerts = signedDataOutline(token)!.certificates;
    expect(hex(tokenCerts)).toEqual(fullParse(token).certificates);
    expect(hex(tokenCerts)).toContain(testPki().ids.tsa.certDer.toString('hex'));
  });

  it('agrees with the full parser on a SignedData openssl made', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'sealdesk-outline-'));
    const id = testPki().ids.rsa2048;
    writeFileSync(join(tmp, 'data.bin'), 'outline');
    const r = spawnSync('openssl', [
      'cms',
      '-sign',
      '-binary',
      '-in',
      join(tmp, 'data.bin'),
      '-signer',
      id.certPath,
      '-inkey',
      id.keyPath,
      '-certfile',
      testPki().intermediatePath,
      '-outform',
      'DER',
      '-out',
      join(tmp, 'sig.der'),
    ]);
    if (r.error || r.status !== 0) throw new Error(`openssl cms -sign failed: ${String(r.stderr)}`);
    const cms = new Uint8Array(readFileSync(join(tmp, 'sig.der')));
    const outline = signedDataOutline(cms)!;
    expect(outline.certificates).toHaveLength(2);
    expect(hex(outline.certificates)).toEqual(fullParse(cms).certificates);
  });

  it('gives undefined for BER with indefinite lengths, another content type, and noise', () => {
    // ContentInfo with an indefinite length: valid BER, not DER.
    const ber = Uint8Array.from([
      0x30, 0x80, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02, 0x00, 0x00,
    ]);
    expect(signedDataOutline(ber)).toBeUndefined();
    // ContentInfo of id-data (1.2.840.113549.1.7.1).
    const data = Uint8Array.from([
      0x30, 0x0f, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01, 0xa0, 0x02,
      0x04, 0x00,
    ]);
    expect(signedDataOutline(data)).toBeUndefined();
    expect(signedDataOutline(Uint8Array.from([0x30, 0x05, 0x01]))).toBeUndefined();
    expect(signedDataOutline(new Uint8Array(64))).toBeUndefined();
  });
});
