/**
 * Raising a document in place (issue 5, "Speed"): the updates are appended to the file itself
 * behind a journal. The original bytes stay a prefix and the result is B-LTA for our verifier
 * and pdfsig; a TSA failing after bytes were appended, a crash (a journal and junk left behind)
 * and another writer changing the file between our read and our first append all end with the
 * file as it should be and no journal.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { httpTransport, type HttpTransport } from '../../../main/cms/timestamp-transport';
import { isSealdeskError } from '../../../main/errors/sealdesk-error';
import { appendJournalPath, recoverInterruptedAppend } from '../../../main/library/in-place-append';
import { augmentPdf } from '../../../main/ltv/augment';
import { testPki } from '../../support/pki';
import { sha256File, workspace } from '../sign/sign-helpers';
import { expectLtaIntact, runWideTsa, signFixture, verifyWithTestRoot } from './ltv-support';

const prefixSha256 = (file: string, size: number): string =>
  createHash('sha256').update(readFileSync(file).subarray(0, size)).digest('hex');

/** A TSA transport that lets `allowed` requests through and then answers with `fail()`. */
function tsaThatFailsAfter(allowed: number, before?: (n: number) => void): HttpTransport {
  let n = 0;
  return async (req) => {
    n += 1;
    before?.(n);
    if (n > allowed) throw new Error('TSA went away');
    return httpTransport(req);
  };
}

describe('augmenting a document in place', () => {
  let dir: string;
  beforeAll(() => {
    dir = workspace();
  });

  /** Journals, temp and staging files of the document `name`. */
  const leftovers = (name: string) =>
    readdirSync(dir).filter((f) => f.startsWith(`.${name}.`) && f.includes('sealdesk-'));

  const signedAt = async (name: string, level: 'B-B' | 'B-T') => {
    const r = await signFixture(dir, name, testPki().ids.rsa2048, {
      level,
      ...(level === 'B-T' ? { tsa: runWideTsa() } : {}),
    });
    expect(r.level).toBe(level);
    return { file: r.output, size: statSync(r.output).size, sha256: sha256File(r.output) };
  };

  it('appends B-LTA to the file itself: its original bytes stay a prefix, and it verifies', async () => {
    const s = await signedAt('inplace', 'B-T');
    const r = await augmentPdf({
      input: s.file,
      level: 'B-LTA',
      tsa: runWideTsa(),
      revocation: { crl: 'never' },
    });
    expect([r.output, r.changed]).toEqual([s.file, true]);
    expect(statSync(s.file).size).toBe(r.outputBytes);
    expect(r.outputBytes).toBeGreaterThan(s.size);
    expect(prefixSha256(s.file, s.size)).toBe(s.sha256);
    const v = await verifyWithTestRoot(s.file);
    expect(v.signatures.map((x) => [x.kind, x.indication, x.level])).toEqual([
      ['signature', 'TOTAL_PASSED', 'B-LTA'],
      ['timestamp', 'TOTAL_PASSED', null],
    ]);
    await expectLtaIntact(s.file);
    expect(leftovers('inplace')).toEqual([]);
  });

  it('cuts the file back to its original bytes when the TSA fails at the second timestamp', async () => {
    // B-B to B-LTA: document timestamp (appended), DSS (appended), archive timestamp (fails).
    const s = await signedAt('tsa-fails', 'B-B');
    const err = await augmentPdf({
      input: s.file,
      level: 'B-LTA',
      tsa: { ...runWideTsa(), transport: tsaThatFailsAfter(1) },
      revocation: { crl: 'never' },
    }).catch((e: unknown) => e);
    expect(isSealdeskError(err), String(err)).toBe(true);
    expect((err as Error).message).toMatch(/TSA went away|time-stamp/i);
    expect(statSync(s.file).size).toBe(s.size);
    expect(sha256File(s.file)).toBe(s.sha256);
    expect(leftovers('tsa-fails')).toEqual([]);
  });

  it('rolls back an append a crash interrupted: the junk is gone and the journal removed', async () => {
    const s = await signedAt('crash', 'B-T');
    const journal = appendJournalPath(s.file);
    writeFileSync(
      journal,
      JSON.stringify({
        version: 1,
        originalSize: s.size,
        mtimeMs: statSync(s.file).mtimeMs,
        sha256: s.sha256,
      }),
    );
    appendFileSync(s.file, Buffer.concat([Buffer.from('\n1 0 obj\n<<'), randomBytes(5000)]));
    expect(await recoverInterruptedAppend(s.file)).toBe('rolled-back');
    expect(sha256File(s.file)).toBe(s.sha256);
    expect(existsSync(journal)).toBe(false);
    expect(await recoverInterruptedAppend(s.file)).toBe('none');
  });

  it('augments a file a crash left mid-append to a valid B-LTA without the junk', async () => {
    const s = await signedAt('crash-augment', 'B-T');
    writeFileSync(
      appendJournalPath(s.file),
      JSON.stringify({ version: 1, originalSize: s.size, mtimeMs: 0, sha256: s.sha256 }),
    );
    const junk = randomBytes(3000);
    appendFileSync(s.file, junk);
    const r = await augmentPdf({
      input: s.file,
      level: 'B-LTA',
      tsa: runWideTsa(),
      revocation: { crl: 'never' },
    });
    expect(r.changed).toBe(true);
    expect(prefixSha256(s.file, s.size)).toBe(s.sha256);
    expect(readFileSync(s.file).includes(junk)).toBe(false);
    const v = await verifyWithTestRoot(s.file);
    expect(v.signatures.map((x) => [x.indication, x.level])).toEqual([
      ['TOTAL_PASSED', 'B-LTA'],
      ['TOTAL_PASSED', null],
    ]);
    expect(leftovers('crash-augment')).toEqual([]);
  });

  it('leaves a file whose prefix is not the journal’s alone and says so', async () => {
    const s = await signedAt('mismatch', 'B-T');
    const journal = appendJournalPath(s.file);
    writeFileSync(
      journal,
      JSON.stringify({ version: 1, originalSize: s.size, mtimeMs: 0, sha256: '0'.repeat(64) }),
    );
    appendFileSync(s.file, 'tail');
    const before = sha256File(s.file);
    const err = await augmentPdf({ input: s.file, level: 'B-LT' }).catch((e: unknown) => e);
    expect(isSealdeskError(err) && err.code).toBe('APPEND_RECOVERY_MISMATCH');
    expect((err as Error).message).toContain(s.file);
    expect(sha256File(s.file)).toBe(before);
    expect(existsSync(journal)).toBe(true);
  });

  it('refuses a file another writer changed between the read and the first append, leaving their bytes', async () => {
    const s = await signedAt('changed', 'B-B');
    const theirs = Buffer.from('\n% appended by another program\n');
    // B-B to B-LT: the document timestamp's TSA request comes after the read, before any append.
    const err = await augmentPdf({
      input: s.file,
      level: 'B-LT',
      tsa: {
        ...runWideTsa(),
        transport: tsaThatFailsAfter(1, (n) => {
          if (n === 1) appendFileSync(s.file, theirs);
        }),
      },
      revocation: { crl: 'never' },
    }).catch((e: unknown) => e);
    expect(isSealdeskError(err) && err.code).toBe('LTV_INPUT_CHANGED');
    const now = readFileSync(s.file);
    expect(now.length).toBe(s.size + theirs.length);
    expect(prefixSha256(s.file, s.size)).toBe(s.sha256);
    expect(now.subarray(s.size).equals(theirs)).toBe(true);
    expect(leftovers('changed')).toEqual([]);
  });
});
