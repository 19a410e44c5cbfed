/**
 * `npm run demo`: makes a test identity (the test PKI, by code), renders the project's sample
 * purchase contract (tests/fixtures/samples, in Chinese and in English) to PDFs, makes a round
 * company seal and signs each contract with it on the signature block with the real
 * `sealdesk seal create` and `sealdesk sign` commands, verifies the signed copies with
 * `sealdesk verify`, and shows what an independent verifier (poppler pdfsig, trusting the test
 * root) says of them. Everything lands in ./demo/; nothing outside the repository is read.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { cjkContractPdf, englishContractPdf } from '../tests/fixtures/pdfs/cjk-contract-pdf';
import { ensureTestPki, testPkiPort } from '../tests/fixtures/pki/make-pki';
import { startRevocationServer } from '../tests/support/revocation-server';
import { makeNssDb } from '../tests/support/nss-db';
import { testPki } from '../tests/support/pki';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'demo');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
// The demo's own data folder: the user's trust store, seals and queue stay untouched.
const env = { ...process.env, SEALDESK_DATA_DIR: join(out, 'data') };

/** Runs `sealdesk ARGS` (bin/sealdesk.js: the build in out/cli, else the sources) and checks it. */
function sealdesk(args: string[], extraEnv: NodeJS.ProcessEnv = {}, okCodes = [0]): void {
  console.log(`  $ sealdesk ${args.map((a) => (/\s/.test(a) ? `'${a}'` : a)).join(' ')}`);
  const r = spawnSync(process.execPath, [join(root, 'bin/sealdesk.js'), ...args], {
    stdio: 'inherit',
    env: { ...env, ...extraEnv },
  });
  if (r.status === null || !okCodes.includes(r.status)) process.exit(r.status ?? 1);
}

console.log('1/5 Making the test identity (root CA -> issuing CA -> signer) ...');
await ensureTestPki();
const pki = testPki();
const id = pki.ids.rsa2048;

console.log('2/5 Rendering the sample purchase contract, in Chinese and in English ...');
const contracts = [
  // The seal goes on Party A's signature block: page, and its centre in mm from the top left.
  { name: 'contract.zh', pdf: await cjkContractPdf(), page: 5, at: '70,230' },
  { name: 'contract.en', pdf: await englishContractPdf(), page: 7, at: '60,170' },
];
for (const c of contracts) writeFileSync(join(out, `${c.name}.pdf`), c.pdf);

console.log("3/5 Making Party A's round contract seal (合同专用章) ...");
const seal = join(out, 'seal.json');
sealdesk([
  'seal',
  'create',
  '--type',
  'round',
  '--org',
  '上海澄川精密仪器有限公司',
  '--title',
  '合同专用章',
  '--code',
  '3101120158',
  '-o',
  seal,
  '--png',
  join(out, 'seal.png'),
]);

console.log(
  '4/5 Signing each contract with `sealdesk sign` (PAdES B-B, seal on the signature block) ...',
);
for (const c of contracts) {
  sealdesk(
    [
      'sign',
      join(out, `${c.name}.pdf`),
      '-o',
      join(out, `${c.name}.signed.pdf`),
      '--p12',
      id.p12Path,
      '--passphrase-env',
      'SEALDESK_DEMO_PASSPHRASE',
      '--seal',
      seal,
      '--page',
      String(c.page),
      '--at',
      c.at,
      '--reason',
      '同意本合同条款',
      '--location',
      '上海',
    ],
    { SEALDESK_DEMO_PASSPHRASE: id.p12Passphrase },
  );
}

console.log('5/5 Verifying: `sealdesk verify` trusting the test root, then poppler pdfsig ...');
sealdesk([
  'verify',
  ...contracts.map((c) => join(out, `${c.name}.signed.pdf`)),
  '--trust',
  pki.rootPath,
]);
// The test CA's OCSP responder (openssl ocsp on 127.0.0.1), which pdfsig asks online.
const services = await startRevocationServer({ port: testPkiPort() });
try {
  const nss = await makeNssDb([pki.rootPath]);
  for (const c of contracts) {
    // Asynchronously: the OCSP responder runs in this process and must answer pdfsig meanwhile.
    const { stdout } = await promisify(execFile)(
      'pdfsig',
      ['-nssdir', `sql:${nss}`, join(out, `${c.name}.signed.pdf`)],
      { encoding: 'utf8' },
    );
    console.log(stdout);
  }
} finally {
  await services.close();
}
console.log(
  `Done. In ${out}: contract.zh.pdf and contract.en.pdf (the originals), their signed copies ` +
    '*.signed.pdf, and the seal (seal.json, seal.png).',
);
