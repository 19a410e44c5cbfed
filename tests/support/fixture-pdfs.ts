/**
 * Test PDFs by name: `await fixturePdf('hybrid')` returns the path of a generated file under
 * `<repo>/.cache/fixtures/<stamp>/`, made once and reused until a generator's source changes.
 *
 * Owns: the catalogue of named fixtures (origins in tests/fixtures/pdfs/README.md) and the
 * cache: the stamp is a hash of every generator source file, so editing a generator makes new
 * files; concurrent test workers write to private temp names and rename (last one wins, all
 * equivalent).
 * Must never: hand out a path to a half-written file, or let a test modify a cached file
 * (tests that damage a file copy it first; `fixtureCopy` does that).
 */
import { createHash, randomBytes } from 'node:crypto';
import { copyFile, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  brokenXrefPdf,
  emptyFile,
  garbagePdf,
  noXrefPdf,
  truncatedPdf,
} from '../fixtures/pdfs/broken-pdfs';
import { makeClassicPdf } from '../fixtures/pdfs/classic-pdf';
import { cjkContractPdf, englishContractPdf } from '../fixtures/pdfs/cjk-contract-pdf';
import { hybridPdf } from '../fixtures/pdfs/hybrid-pdf';
import { incrementallyUpdatedPdf } from '../fixtures/pdfs/incremental-pdf';
import { manyPagesPdf } from '../fixtures/pdfs/many-pages-pdf';
import {
  encryptedOwnerOnlyPdf,
  encryptedUserPasswordPdf,
  linearizedPdf,
  xrefStreamPdf,
} from '../fixtures/pdfs/qpdf-variants';
import { signedByOtherToolPdf } from '../fixtures/pdfs/signed-by-other-tool-pdf';
import { TEST_P12_PASSPHRASE, ensureTestPki, issueCertificate } from '../fixtures/pki/make-pki';
import { testPki } from './pki';

const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(HERE, '..', '..');
export const FIXTURES_CACHE_DIR = join(REPO_ROOT, '.cache', 'fixtures');
const GENERATORS_DIR = join(REPO_ROOT, 'tests', 'fixtures', 'pdfs');
/** The sample contracts the contract fixtures print (their text is an input too). */
const SAMPLES_DIR = join(REPO_ROOT, 'tests', 'fixtures', 'samples');

interface Recipe {
  make: () => Promise<Buffer> | Buffer;
  /** Extra inputs that change the output besides generator sources (e.g. the test PKI). */
  extraKey?: () => Promise<string>;
}

const RECIPES = {
  classic: { make: () => makeClassicPdf({ pages: 3 }) },
  'xref-stream': { make: () => xrefStreamPdf() },
  linearized: { make: () => linearizedPdf() },
  hybrid: { make: () => hybridPdf() },
  incremental: { make: () => incrementallyUpdatedPdf() },
  'encrypted-aes256-owner': { make: () => encryptedOwnerOnlyPdf('aes256') },
  'encrypted-aes128-owner': { make: () => encryptedOwnerOnlyPdf('aes128') },
  'encrypted-rc4-owner': { make: () => encryptedOwnerOnlyPdf('rc4-128') },
  'encrypted-user': { make: () => encryptedUserPasswordPdf() },
  'cjk-contract': { make: () => cjkContractPdf() },
  'en-contract': { make: () => englishContractPdf() },
  'pages-10000': { make: () => manyPagesPdf(10_000) },
  'signed-by-other-tool': {
    make: async () => {
      const signer = await otherToolSigner();
      return signedByOtherToolPdf(signer.p12Path, TEST_P12_PASSPHRASE);
    },
    // The signer is issued by the test root: a new root means a new file.
    extraKey: async () => {
      await ensureTestPki();
      return sha256(await readFile(testPki().rootPath));
    },
  },
  'broken-xref': { make: () => brokenXrefPdf() },
  'no-xref': { make: () => noXrefPdf() },
  truncated: { make: () => truncatedPdf() },
  garbage: { make: () => garbagePdf() },
  empty: { make: () => emptyFile() },
} satisfies Record<string, Recipe>;

export type FixtureName = keyof typeof RECIPES;
export const FIXTURE_NAMES = Object.keys(RECIPES) as FixtureName[];

/** Fixtures qpdf is expected to reject or repair (everything else passes `qpdf --check`). */
export const BROKEN_FIXTURES: readonly FixtureName[] = [
  'broken-xref',
  'no-xref',
  'truncated',
  'garbage',
  'empty',
];

/**
 * The identity @signpdf signs with: an ASCII-named leaf issued directly by the test root, no
 * AIA/CRL URLs. Not testPki().ids.rsa2048: node-forge (inside @signpdf/signer-p12) re-encodes
 * UTF8String names byte-wise, so with the PKI's Chinese O= names it writes a wrong
 * issuerAndSerialNumber and broken certificates (pdfsig: "Unknown Validation Failure.", mutool
 * 1.21 crashes). That is a bug of the other tool, not the shape we want as a "valid" input.
 */
async function otherToolSigner(): Promise<{ p12Path: string; certPath: string }> {
  await ensureTestPki();
  const pki = testPki();
  const outDir = join(FIXTURES_CACHE_DIR, await fixtureStamp(), 'other-tool-signer');
  const issued = await issueCertificate({
    commonName: 'Other Tool Signer',
    organization: 'Sealdesk Test',
    issuer: { certPem: pki.rootPem, keyPem: pki.rootKeyPem },
    revocationUrls: false,
    outDir,
    fileName: `signer-${process.pid}-${randomBytes(4).toString('hex')}`,
  });
  return { p12Path: issued.p12Path!, certPath: issued.certPath! };
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

let stampPromise: Promise<string> | undefined;

/**
 * Hash of every generator input (tests/fixtures/pdfs/**, README aside, the sample contracts in
 * tests/fixtures/samples, and this file).
 */
export function fixtureStamp(): Promise<string> {
  stampPromise ??= (async () => {
    const h = createHash('sha256');
    const inputs = async (dir: string) =>
      (await readdir(dir, { recursive: true, withFileTypes: true }))
        .filter((e) => e.isFile() && e.name !== 'README.md')
        .map((e) => join(e.parentPath, e.name));
    const files = [...(await inputs(GENERATORS_DIR)), ...(await inputs(SAMPLES_DIR))].sort();
    for (const f of files) h.update(relative(GENERATORS_DIR, f)).update(await readFile(f));
    h.update(await readFile(fileURLToPath(import.meta.url)));
    return h.digest('hex').slice(0, 16);
  })();
  return stampPromise;
}

const inFlight = new Map<string, Promise<string>>();

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Returns the path of the named fixture, generating it on first use. Do not modify the file. */
export function fixturePdf(name: FixtureName): Promise<string> {
  const recipe: Recipe | undefined = (RECIPES as Record<string, Recipe>)[name];
  if (!recipe) {
    return Promise.reject(
      new Error(`Unknown fixture '${name}'. Known: ${FIXTURE_NAMES.join(', ')}`),
    );
  }
  let p = inFlight.get(name);
  if (!p) {
    p = (async () => {
      const stamp = await fixtureStamp();
      const extra = recipe.extraKey ? `-${(await recipe.extraKey()).slice(0, 12)}` : '';
      const dir = join(FIXTURES_CACHE_DIR, stamp);
      const path = join(dir, `${name}${extra}.pdf`);
      if (await exists(path)) return path;
      await mkdir(dir, { recursive: true });
      const bytes = await recipe.make();
      const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
      await writeFile(tmp, bytes);
      await rename(tmp, path);
      await pruneOldStamps(stamp);
      return path;
    })();
    inFlight.set(name, p);
    // A failed generation is not cached: the next caller retries (and sees the error again).
    void p.catch(() => inFlight.delete(name));
  }
  return p;
}

/** A private, writable copy of a fixture in `dir` (for tests that damage or append). */
export async function fixtureCopy(name: FixtureName, dir: string): Promise<string> {
  const target = join(dir, `${name}.pdf`);
  await copyFile(await fixturePdf(name), target);
  return target;
}

/** Removes cache dirs made by older generator versions. */
async function pruneOldStamps(current: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(FIXTURES_CACHE_DIR);
  } catch {
    return;
  }
  for (const e of entries) {
    if (e !== current && /^[0-9a-f]{16}$/.test(e)) {
      await rm(join(FIXTURES_CACHE_DIR, e), { recursive: true, force: true });
    }
  }
}
