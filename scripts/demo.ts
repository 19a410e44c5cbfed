/**
 * `npm run demo`: makes a test identity (the test PKI, by code), renders the sample contract
 * from ../shared/samples to a CJK PDF, signs it with the real `sealdesk sign` command, and shows
 * what an independent verifier (poppler pdfsig, trusting the test root) says of the result.
 * Everything lands in ./demo/.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { cjkContractPdf } from '../tests/fixtures/pdfs/cjk-contract-pdf';
import { ensureTestPki, testPkiPort } from '../tests/fixtures/pki/make-pki';
import { startRevocationServer } from '../tests/support/revocation-server';
import { makeNssDb } from '../tests/support/nss-db';
import { testPki } from '../tests/support/pki';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'demo');
mkdirSync(out, { recursive: true });

console.log('1/4 Making the test identity (root CA -> issuing CA -> signer) ...');
await ensureTestPki();
const pki = testPki();
const id = pki.ids.rsa2048;

console.log('2/4 Rendering the sample contract (Chinese text, embedded CJK font) ...');
const contract = join(out, 'contract.pdf');
writeFileSync(contract, await cjkContractPdf());

console.log('3/4 Signing it with `sealdesk sign` (PAdES B-B, incremental update) ...');
const signed = join(out, 'contract.signed.pdf');
const r = spawnSync(
  process.execPath,
  [
    join(root, 'bin/sealdesk.js'),
    'sign',
    contract,
    '-o',
    signed,
    '--p12',
    id.p12Path,
    '--passphrase-env',
    'SEALDESK_DEMO_PASSPHRASE',
    '--reason',
    '同意本合同条款',
    '--location',
    '上海',
  ],
  { stdio: 'inherit', env: { ...process.env, SEALDESK_DEMO_PASSPHRASE: id.p12Passphrase } },
);
if (r.status !== 0) process.exit(r.status ?? 1);

console.log('4/4 Asking poppler pdfsig, with an NSS database that trusts the test root ...');
// The test CA's OCSP responder (openssl ocsp on 127.0.0.1), which pdfsig asks online.
const services = await startRevocationServer({ port: testPkiPort() });
try {
  const nss = await makeNssDb([pki.rootPath]);
  // Asynchronously: the OCSP responder runs in this process and must answer pdfsig meanwhile.
  const { stdout } = await promisify(execFile)('pdfsig', ['-nssdir', `sql:${nss}`, signed], {
    encoding: 'utf8',
  });
  console.log(stdout);
} finally {
  await services.close();
}
console.log(`Done. Original: ${contract}\nSigned copy: ${signed}`);
