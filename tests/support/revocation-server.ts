/**
 * Loopback revocation and timestamp services for the tests, over the test PKI: OCSP (RFC 6960),
 * CRLs (RFC 5280 §5), issuer certificates for AIA caIssuers (RFC 5280 §4.2.2.1) and an RFC 3161
 * time-stamping authority. The answers are made by the real `openssl ocsp`, `openssl ca -gencrl`
 * and `openssl ts -reply`, once per request, from files (never /dev/stdin).
 *
 * Owns: an HTTP server bound to 127.0.0.1, one openssl-ca database (index.txt) per issuer that
 * revoke() writes to, the failure modes later tests ask for, and a private temp dir.
 * Must never: listen on anything but 127.0.0.1, run an openssl child without a timeout, write
 * outside its temp dir, or be imported by product code.
 *
 * Routes (`<issuer>` is issuing-ca | root-ca | untrusted-root, as make-pki.ts writes in AIA/CDP):
 *   POST /ocsp/<issuer>            OCSP request in the body (RFC 6960 Appendix A.1)
 *   GET  /ocsp/<issuer>/<base64>   URL-encoded base64 DER request (RFC 6960 Appendix A.1)
 *   GET  /crl/<issuer>.crl         DER CRL, regenerated after revoke()
 *   GET  /ca/<issuer>.cer          DER issuer certificate
 *   POST /tsa                      RFC 3161 §3.4 TimeStampReq -> TimeStampResp
 *   GET  /_sealdesk/identity       JSON saying who holds the port (for global-setup's checks)
 *
 * Decisions:
 * - A serial the responder has never heard of is added to the index as valid when first asked
 *   about (openssl still answers "unknown" when the CertID's issuer hashes are not this CA's), so
 *   that certificates tests issue on demand check out good without being registered first. Mode
 *   'unknown' answers from an empty index instead.
 * - 'stale': openssl ocsp always dates thisUpdate now (no -ndays below 0, no faketime here), so
 *   the server takes openssl's honest answer, re-dates it with pkijs (producedAt = thisUpdate =
 *   now - 12 h, nextUpdate = now - 1 h; inside the responder certificate's validity) and re-signs
 *   the tbsResponseData with the same responder key. Everything else in it is openssl's.
 * - 'down' destroys the connection without an HTTP answer (as an unreachable host looks to a
 *   client after connect); 'try-later' answers the RFC 6960 §4.2.1 tryLater status.
 */
import { spawn } from 'node:child_process';
import {
  X509Certificate,
  createPrivateKey,
  sign as cryptoSign,
  timingSafeEqual,
} from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { testPki, type TestPki } from './pki';

export const ISSUER_SLUGS = ['issuing-ca', 'root-ca', 'untrusted-root'] as const;
export type IssuerSlug = (typeof ISSUER_SLUGS)[number];

/**
 * How an issuer's OCSP endpoint answers. 'good' means honest: statuses from the index, so a
 * revoked certificate is still reported revoked.
 */
export type OcspMode =
  'good' | 'unknown' | 'unauthorised-responder' | 'stale' | 'try-later' | 'down';
export type CrlMode = 'good' | 'down';
export type TsaMode = 'good' | 'down';

/** CRLReason names as openssl's index.txt spells them (RFC 5280 §5.3.1). */
export type RevocationReason =
  | 'unspecified'
  | 'keyCompromise'
  | 'CACompromise'
  | 'affiliationChanged'
  | 'superseded'
  | 'cessationOfOperation'
  | 'certificateHold';

export interface BasicAuth {
  readonly user: string;
  readonly password: string;
}

export interface RevocationServerOptions {
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  readonly port?: number;
  /** The PKI to serve; defaults to testPki() (ensureTestPki must have run). */
  readonly pki?: TestPki;
  /** When set, POST /tsa requires HTTP basic auth with these credentials (test values only). */
  readonly tsaAuth?: BasicAuth;
  /** Time limit of each openssl child; default 10 s. */
  readonly opensslTimeoutMs?: number;
  /** Where internal failures (answered 500) are reported; default stderr. */
  readonly onError?: (e: Error) => void;
}

export type RouteKind = 'ocsp' | 'crl' | 'ca' | 'tsa';

export interface RevocationServer {
  /** Base URL, e.g. http://127.0.0.1:18080 (no trailing slash). */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
  /** Marks a certificate revoked (at `at`, default now) in its issuer's index; CRL follows. */
  revoke(certPem: string, at?: Date, reason?: RevocationReason): void;
  setMode(issuer: IssuerSlug, mode: OcspMode): void;
  setCrlMode(issuer: IssuerSlug, mode: CrlMode): void;
  setTsaMode(mode: TsaMode): void;
  setTsaAuth(auth: BasicAuth | undefined): void;
  /** Requests answered so far per route kind, so a test can tell that a client really asked. */
  requestCounts(): Readonly<Record<RouteKind, number>>;
  /**
   * Milliseconds during which at least one request was being answered, since the start: what a
   * client spent waiting on these services (benchmarks subtract it from file-bound costs).
   */
  busyMs(): number;
}

/** Raised when the port is held by something else; global-setup tells the user what to do. */
export class PortInUseError extends Error {
  readonly code = 'EADDRINUSE';
  constructor(readonly port: number) {
    super(`127.0.0.1:${port} is already in use`);
  }
}

export const IDENTITY_PATH = '/_sealdesk/identity';
export const IDENTITY_SERVICE = 'sealdesk-test-services';

const MAX_BODY = 64 * 1024;
/** OCSPResponse with only a responseStatus (RFC 6960 §4.2.1): malformedRequest(1), tryLater(3). */
const OCSP_MALFORMED = Buffer.from([0x30, 0x03, 0x0a, 0x01, 0x01]);
const OCSP_TRY_LATER = Buffer.from([0x30, 0x03, 0x0a, 0x01, 0x03]);
const TSA_POLICY = '1.3.6.1.4.1.58888.1.1';

interface IndexEntry {
  readonly serial: string;
  readonly expiry: string;
  readonly subject: string;
  revocation?: string;
}

interface IssuerState {
  readonly slug: IssuerSlug;
  readonly cert: X509Certificate;
  readonly certPath: string;
  readonly certDer: Buffer;
  readonly keyPath: string;
  readonly responderCertPath: string;
  readonly responderKeyPath: string;
  readonly dir: string;
  readonly indexPath: string;
  readonly emptyIndexPath: string;
  readonly caConfigPath: string;
  readonly entries: Map<string, IndexEntry>;
  ocspMode: OcspMode;
  crlMode: CrlMode;
  crl: Promise<Buffer> | undefined;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** openssl's index.txt time: UTCTime YYMMDDHHMMSSZ (GeneralizedTime from 2050, RFC 5280 §4.1.2.5). */
function indexTime(d: Date): string {
  const iso = d.toISOString(); // 2026-11-23T16:17:52.000Z
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '');
  return d.getUTCFullYear() >= 2050 ? `${digits}Z` : `${digits.slice(2)}Z`;
}

/** Serial as openssl's index keys it: uppercase hex, no leading zero octets, even length. */
function normaliseSerial(hex: string): string {
  let s = hex.toUpperCase().replace(/[^0-9A-F]/g, '');
  if (s.length % 2 === 1) s = `0${s}`;
  while (s.length > 2 && s.startsWith('00')) s = s.slice(2);
  return s;
}

function pemToDer(pem: string): Buffer {
  const b64 = pem.replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, '').replace(/\s+/g, '');
  return Buffer.from(b64, 'base64');
}

function opensslRunner(timeoutMs: number) {
  return (args: readonly string[]): Promise<void> =>
    new Promise((resolve, reject) => {
      const child = spawn('openssl', args, {
        stdio: ['ignore', 'ignore', 'pipe'],
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
      });
      const err: Buffer[] = [];
      child.stderr.on('data', (d: Buffer) => err.push(d));
      child.on('error', (e: NodeJS.ErrnoException) => {
        reject(
          e.code === 'ENOENT'
            ? new Error('The test services need the `openssl` command (Debian package openssl).')
            : e,
        );
      });
      child.on('close', (code, signal) => {
        if (code === 0) return resolve();
        const why = signal ? `was killed (${signal}) after ${timeoutMs} ms` : `exited ${code}`;
        reject(new Error(`openssl ${args[0] ?? ''} ${why}: ${Buffer.concat(err).toString()}`));
      });
    });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (d: Buffer) => {
      size += d.length;
      if (size > MAX_BODY) {
        reject(new HttpError(413, `request body over ${MAX_BODY} bytes`));
        req.destroy();
        return;
      }
      parts.push(d);
    });
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

/** The serials an OCSP request asks about (RFC 6960 §4.1.1), or undefined if it is not one. */
function requestedSerials(der: Buffer): string[] | undefined {
  try {
    const req = pkijs.OCSPRequest.fromBER(der);
    return req.tbsRequest.requestList.map((r) =>
      normaliseSerial(Buffer.from(r.reqCert.serialNumber.valueBlock.valueHexView).toString('hex')),
    );
  } catch {
    return undefined;
  }
}

/**
 * Re-dates an openssl-made OCSP response into the past and re-signs it with the same key
 * (see 'stale' in the charter). The signature algorithm openssl chose (sha256WithRSAEncryption
 * for the test PKI's RSA responders) is kept; node's sign() with SHA-256 matches it.
 */
function backdateOcspResponse(respDer: Buffer, signerKeyPem: string): Buffer {
  if (createPrivateKey(signerKeyPem).asymmetricKeyType !== 'rsa') {
    throw new Error('stale mode re-signs with SHA-256 RSA; the responder key is not RSA');
  }
  const ocsp = pkijs.OCSPResponse.fromBER(respDer);
  const bytes = ocsp.responseBytes;
  if (!bytes) return respDer;
  const basic = pkijs.BasicOCSPResponse.fromBER(bytes.response.valueBlock.valueHexView);
  const now = Math.floor(Date.now() / 1000) * 1000;
  const produced = new Date(now - 12 * 3600_000);
  basic.tbsResponseData.producedAt = produced;
  for (const r of basic.tbsResponseData.responses) {
    r.thisUpdate = produced;
    r.nextUpdate = new Date(now - 3600_000);
  }
  // pkijs types ResponseData.toSchema loosely; with `true` it re-encodes from the fields.
  const tbsSchema = basic.tbsResponseData.toSchema(true) as asn1js.Sequence;
  const tbs = Buffer.from(tbsSchema.toBER());
  basic.tbsResponseData.tbsView = new Uint8Array(tbs);
  const signature = cryptoSign('sha256', tbs, signerKeyPem);
  basic.signature = new asn1js.BitString({ valueHex: signature });
  bytes.response = new asn1js.OctetString({ valueHex: basic.toSchema().toBER() });
  return Buffer.from(ocsp.toSchema().toBER());
}

function basicAuthOk(header: string | undefined, auth: BasicAuth): boolean {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!m) return false;
  const given = Buffer.from(Buffer.from(m[1]!, 'base64').toString('utf8'));
  const want = Buffer.from(`${auth.user}:${auth.password}`);
  return given.length === want.length && timingSafeEqual(given, want);
}

/**
 * Starts the services on 127.0.0.1. Rejects with PortInUseError when the port is taken.
 *
 * @example
 *   const services = await startRevocationServer();
 *   services.revoke(fresh.certPem, new Date(), 'keyCompromise');
 *   // openssl ocsp -url `${services.url}/ocsp/issuing-ca` ... now says "revoked"
 *   await services.close();
 */
export async function startRevocationServer(
  opts: RevocationServerOptions = {},
): Promise<RevocationServer> {
  const pki = opts.pki ?? testPki();
  const runOpenssl = opensslRunner(opts.opensslTimeoutMs ?? 10_000);
  const onError =
    opts.onError ?? ((e: Error) => process.stderr.write(`[test services] ${e.message}\n`));
  const workDir = mkdtempSync(join(tmpdir(), 'sealdesk-test-services-'));
  let tsaAuth = opts.tsaAuth;
  let tsaMode: TsaMode = 'good';
  let tsaQueue: Promise<unknown> = Promise.resolve();
  let seq = 0;
  const counts: Record<RouteKind, number> = { ocsp: 0, crl: 0, ca: 0, tsa: 0 };

  const issuers = new Map<IssuerSlug, IssuerState>();
  const unauthorised = pki.ids.rsa2048;

  function makeIssuer(
    slug: IssuerSlug,
    base: string,
    responder: { certPath: string; keyPath: string } | undefined,
  ): IssuerState {
    const dir = join(workDir, slug);
    const certPath = join(pki.dir, `${base}.pem`);
    const keyPath = join(pki.dir, `${base}.key.pem`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const indexPath = join(dir, 'index.txt');
    const emptyIndexPath = join(dir, 'empty-index.txt');
    // unique_subject = no: several test certificates may share a subject.
    for (const p of [indexPath, emptyIndexPath]) {
      writeFileSync(p, '');
      writeFileSync(`${p}.attr`, 'unique_subject = no\n');
    }
    writeFileSync(join(dir, 'crlnumber'), '01\n');
    const caConfigPath = join(dir, 'ca.cnf');
    // The least `openssl ca -gencrl` needs (RFC 5280 §5.2.1 AKI, §5.2.3 CRL number is added).
    writeFileSync(
      caConfigPath,
      [
        '[ ca ]',
        'default_ca = test_ca',
        '[ test_ca ]',
        `database = ${indexPath}`,
        `crlnumber = ${join(dir, 'crlnumber')}`,
        'default_md = sha256',
        'default_crl_days = 7',
        'crl_extensions = crl_ext',
        '[ crl_ext ]',
        'authorityKeyIdentifier = keyid:always',
        '',
      ].join('\n'),
    );
    const certPem = readFileSync(certPath, 'utf8');
    return {
      slug,
      cert: new X509Certificate(certPem),
      certPath,
      certDer: pemToDer(certPem),
      keyPath,
      // openssl ocsp accepts the CA itself as -rsigner (RFC 6960 §4.2.2.2, first case).
      responderCertPath: responder?.certPath ?? certPath,
      responderKeyPath: responder?.keyPath ?? keyPath,
      dir,
      indexPath,
      emptyIndexPath,
      caConfigPath,
      entries: new Map(),
      ocspMode: 'good',
      crlMode: 'good',
      crl: undefined,
    };
  }

  issuers.set(
    'issuing-ca',
    makeIssuer('issuing-ca', 'intermediate', {
      certPath: pki.ids.ocspResponder.certPath,
      keyPath: pki.ids.ocspResponder.keyPath,
    }),
  );
  issuers.set('root-ca', makeIssuer('root-ca', 'root', undefined));
  issuers.set('untrusted-root', makeIssuer('untrusted-root', 'untrusted-root', undefined));

  function issuerOf(slug: string): IssuerState {
    const st = issuers.get(slug as IssuerSlug);
    if (!st) throw new HttpError(404, `no issuer "${slug}" (known: ${ISSUER_SLUGS.join(', ')})`);
    return st;
  }

  function writeIndex(st: IssuerState): void {
    const lines = [...st.entries.values()].map((e) =>
      [e.revocation ? 'R' : 'V', e.expiry, e.revocation ?? '', e.serial, 'unknown', e.subject].join(
        '\t',
      ),
    );
    const tmp = `${st.indexPath}.tmp`;
    writeFileSync(tmp, lines.map((l) => `${l}\n`).join(''));
    renameSync(tmp, st.indexPath); // openssl children never see a half-written index
    st.crl = undefined;
  }

  function entryFor(cert: X509Certificate): IndexEntry {
    const serial = normaliseSerial(cert.serialNumber);
    return { serial, expiry: indexTime(new Date(cert.validTo)), subject: `/CN=serial-${serial}` };
  }

  function register(st: IssuerState, cert: X509Certificate): void {
    const e = entryFor(cert);
    if (!st.entries.has(e.serial)) st.entries.set(e.serial, e);
  }

  // Pre-register what the test PKI issued, so the index reads like a CA's own database.
  for (const id of Object.values(pki.ids)) {
    const cert = new X509Certificate(id.certPem);
    register(id.name === 'untrusted' ? issuerOf('untrusted-root') : issuerOf('issuing-ca'), cert);
  }
  register(issuerOf('root-ca'), issuerOf('issuing-ca').cert);
  for (const st of issuers.values()) writeIndex(st);

  function tmpName(kind: string): string {
    seq += 1;
    return join(workDir, `${kind}-${seq}`);
  }

  async function answerOcsp(st: IssuerState, reqDer: Buffer): Promise<Buffer> {
    const mode = st.ocspMode;
    if (mode === 'try-later') return OCSP_TRY_LATER;
    const serials = requestedSerials(reqDer);
    if (!serials || serials.length === 0) return OCSP_MALFORMED;
    if (mode !== 'unknown') {
      let added = false;
      for (const serial of serials) {
        if (st.entries.has(serial)) continue;
        const expiry = indexTime(new Date(Date.now() + 365 * 24 * 3600_000));
        st.entries.set(serial, { serial, expiry, subject: `/CN=serial-${serial}` });
        added = true;
      }
      if (added) writeIndex(st);
    }
    const signer =
      mode === 'unauthorised-responder'
        ? { certPath: unauthorised.certPath, keyPath: unauthorised.keyPath }
        : { certPath: st.responderCertPath, keyPath: st.responderKeyPath };
    const base = tmpName('ocsp');
    const reqPath = `${base}.req.der`;
    const respPath = `${base}.resp.der`;
    try {
      await writeFile(reqPath, reqDer);
      await runOpenssl([
        'ocsp',
        '-index',
        mode === 'unknown' ? st.emptyIndexPath : st.indexPath,
        '-CA',
        st.certPath,
        '-rsigner',
        signer.certPath,
        '-rkey',
        signer.keyPath,
        '-reqin',
        reqPath,
        '-respout',
        respPath,
        '-ndays',
        '1',
      ]);
      const resp = await readFile(respPath);
      return mode === 'stale'
        ? backdateOcspResponse(resp, readFileSync(signer.keyPath, 'utf8'))
        : resp;
    } finally {
      await Promise.all([rm(reqPath, { force: true }), rm(respPath, { force: true })]);
    }
  }

  function crlOf(st: IssuerState): Promise<Buffer> {
    if (st.crl) return st.crl;
    const out = join(st.dir, `crl-${++seq}.pem`);
    const made = runOpenssl([
      'ca',
      '-gencrl',
      '-batch',
      '-config',
      st.caConfigPath,
      '-keyfile',
      st.keyPath,
      '-cert',
      st.certPath,
      '-out',
      out,
    ])
      .then(async () => pemToDer(await readFile(out, 'latin1')))
      .finally(() => rm(out, { force: true }));
    // A later revoke() resets st.crl; a failed run is not cached.
    st.crl = made;
    made.catch(() => {
      if (st.crl === made) st.crl = undefined;
    });
    return made;
  }

  const tsaDir = join(workDir, 'tsa');
  mkdirSync(tsaDir, { recursive: true });
  const tsaConfigPath = join(tsaDir, 'tsa.cnf');
  // RFC 3161 §2.4.2 fields; ESSCertIDv2 with SHA-256 (RFC 5816), no TSA name, no ordering.
  writeFileSync(
    tsaConfigPath,
    [
      '[ tsa ]',
      'default_tsa = test_tsa',
      '[ test_tsa ]',
      `serial = ${join(tsaDir, 'serial')}`,
      'crypto_device = builtin',
      'signer_digest = sha256',
      `default_policy = ${TSA_POLICY}`,
      'digests = sha256, sha384, sha512',
      'accuracy = secs:1',
      'ordering = no',
      'tsa_name = no',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
  writeFileSync(join(tsaDir, 'serial'), '01\n');

  function answerTsa(query: Buffer): Promise<Buffer> {
    // openssl ts -reply reads and rewrites the serial file: one reply at a time.
    const run = tsaQueue.then(async () => {
      const base = tmpName('tsa');
      const qPath = `${base}.tsq`;
      const rPath = `${base}.tsr`;
      try {
        await writeFile(qPath, query);
        await runOpenssl([
          'ts',
          '-reply',
          '-config',
          tsaConfigPath,
          '-queryfile',
          qPath,
          '-signer',
          pki.ids.tsa.certPath,
          '-inkey',
          pki.ids.tsa.keyPath,
          '-chain',
          pki.intermediatePath,
          '-out',
          rPath,
        ]);
        return await readFile(rPath);
      } finally {
        await Promise.all([rm(qPath, { force: true }), rm(rPath, { force: true })]);
      }
    });
    tsaQueue = run.catch(() => undefined);
    return run;
  }

  function send(res: ServerResponse, type: string, body: Buffer): void {
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length });
    res.end(body);
  }

  function hangUp(req: IncomingMessage, res: ServerResponse): void {
    req.socket.destroy();
    res.destroy();
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = req.method ?? 'GET';
    let m: RegExpExecArray | null;

    if (path === IDENTITY_PATH && method === 'GET') {
      const body = JSON.stringify({
        service: IDENTITY_SERVICE,
        pid: process.pid,
        pki: pki.dir,
        requests: counts,
      });
      return send(res, 'application/json', Buffer.from(body));
    }
    if ((m = /^\/ocsp\/([a-z-]+)(?:\/(.+))?$/.exec(path))) {
      const st = issuerOf(m[1]!);
      let reqDer: Buffer;
      if (method === 'POST' && m[2] === undefined) reqDer = await readBody(req);
      else if (method === 'GET' && m[2] !== undefined) {
        // RFC 6960 Appendix A.1: GET {url}/{url-encoding of base-64 encoding of the DER}.
        reqDer = Buffer.from(decodeURIComponent(m[2]), 'base64');
      } else throw new HttpError(405, 'OCSP takes POST /ocsp/<issuer> or GET /ocsp/<issuer>/<b64>');
      if (st.ocspMode === 'down') return hangUp(req, res);
      counts.ocsp += 1;
      return send(res, 'application/ocsp-response', await answerOcsp(st, reqDer));
    }
    if ((m = /^\/crl\/([a-z-]+)\.crl$/.exec(path))) {
      if (method !== 'GET') throw new HttpError(405, 'GET only');
      const st = issuerOf(m[1]!);
      if (st.crlMode === 'down') return hangUp(req, res);
      counts.crl += 1;
      return send(res, 'application/pkix-crl', await crlOf(st));
    }
    if ((m = /^\/ca\/([a-z-]+)\.cer$/.exec(path))) {
      if (method !== 'GET') throw new HttpError(405, 'GET only');
      const st = issuerOf(m[1]!);
      counts.ca += 1;
      return send(res, 'application/pkix-cert', st.certDer);
    }
    if (path === '/tsa') {
      if (method !== 'POST') throw new HttpError(405, 'RFC 3161 §3.4: POST a TimeStampReq');
      if (tsaMode === 'down') return hangUp(req, res);
      if (tsaAuth && !basicAuthOk(req.headers.authorization, tsaAuth)) {
        throw new HttpError(401, 'authentication required', {
          'WWW-Authenticate': 'Basic realm="sealdesk-test-tsa"',
        });
      }
      const query = await readBody(req);
      counts.tsa += 1;
      return send(res, 'application/timestamp-reply', await answerTsa(query));
    }
    throw new HttpError(404, `nothing at ${path}`);
  }

  let inFlight = 0;
  let busySince = 0;
  let busyTotal = 0;
  const server: Server = createServer((req, res) => {
    if (inFlight++ === 0) busySince = performance.now();
    res.once('close', () => {
      if (--inFlight === 0) busyTotal += performance.now() - busySince;
    });
    route(req, res).catch((e: unknown) => {
      const err = e instanceof Error ? e : new Error(String(e));
      const status = err instanceof HttpError ? err.status : 500;
      if (status === 500) onError(err);
      if (res.headersSent || res.destroyed) return void res.destroy();
      const headers = err instanceof HttpError ? err.headers : {};
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
      res.end(`${err.message}\n`);
    });
  });

  const requested = opts.port ?? 0;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // Loopback only: these services answer for test keys and must not be reachable from outside.
      server.listen({ port: requested, host: '127.0.0.1', exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    rmSync(workDir, { recursive: true, force: true });
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(requested);
    throw e;
  }
  const addr = server.address() as AddressInfo;
  if (addr.address !== '127.0.0.1') throw new Error(`bound to ${addr.address}, not 127.0.0.1`);
  const url = `http://127.0.0.1:${addr.port}`;

  let closed: Promise<void> | undefined;
  return {
    url,
    port: addr.port,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(async () => {
        await tsaQueue;
        await rm(workDir, { recursive: true, force: true });
      });
      return closed;
    },
    revoke(certPem, at = new Date(), reason) {
      const cert = new X509Certificate(certPem);
      const st = [...issuers.values()].find(
        (s) => cert.checkIssued(s.cert) && cert.verify(s.cert.publicKey),
      );
      if (!st) throw new Error(`revoke: ${cert.subject} was not issued by a served issuer`);
      const entry = st.entries.get(normaliseSerial(cert.serialNumber)) ?? entryFor(cert);
      entry.revocation = reason ? `${indexTime(at)},${reason}` : indexTime(at);
      st.entries.set(entry.serial, entry);
      writeIndex(st);
    },
    setMode(issuer, mode) {
      issuerOf(issuer).ocspMode = mode;
    },
    setCrlMode(issuer, mode) {
      issuerOf(issuer).crlMode = mode;
    },
    setTsaMode(mode) {
      tsaMode = mode;
    },
    setTsaAuth(auth) {
      tsaAuth = auth;
    },
    requestCounts() {
      return { ...counts };
    },
    busyMs() {
      return busyTotal + (inFlight > 0 ? performance.now() - busySince : 0);
    },
  };
}
