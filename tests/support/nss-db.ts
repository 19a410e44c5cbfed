/**
 * Fresh NSS certificate databases for `pdfsig -nssdir`: poppler checks signer chains against the
 * roots trusted there, so each test decides exactly which roots pdfsig trusts.
 *
 * Owns: creating an empty-password sql: database and importing roots with trust "CT,C,C"
 * (valid CA for TLS client/server, email and object signing).
 * Must never: touch the user's ~/.pki/nssdb, or reuse a database between callers.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runToolOk } from './external-tools';

/**
 * Creates a new NSS database trusting the given root certificates (PEM files) and returns its
 * directory, to pass as `pdfsig(file, { nssDir })`. `parentDir` defaults to the OS temp dir.
 */
export async function makeNssDb(
  trustedRootPemPaths: readonly string[],
  parentDir: string = tmpdir(),
): Promise<string> {
  const dir = await mkdtemp(join(parentDir, 'sealdesk-nssdb-'));
  await runToolOk('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
  let i = 0;
  for (const pemPath of trustedRootPemPaths) {
    const pem = await readFile(pemPath, 'latin1');
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
      throw new Error(`makeNssDb: ${pemPath} is not a PEM certificate`);
    }
    await runToolOk('certutil', [
      '-A',
      '-n',
      `sealdesk-test-root-${i++}`,
      '-t',
      'CT,C,C',
      '-a',
      '-i',
      pemPath,
      '-d',
      `sql:${dir}`,
    ]);
  }
  return dir;
}
