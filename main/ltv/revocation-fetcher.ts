/**
 * Online revocation data for a certificate chain, checked before anyone embeds it.
 *
 * Owns: finding each certificate's issuer (in the chain given, else from its AIA caIssuers URL,
 * RFC 5280 §4.2.2.1), asking the OCSP responder named in its AIA (RFC 6960 §4.1.1 OCSPRequest
 * with a SHA-1 CertID, POSTed per Appendix A.1) and downloading the CRLs its CDP names (RFC 5280
 * §4.2.1.13), with time limits and an on-disk cache keyed by URL and certificate that honours
 * nextUpdate; and judging every answer with main/verify (CertID match, authorised responder,
 * signature, freshness) before it is returned. The issuers are found first, then every
 * certificate's responders are asked at once (a chain costs one round trip); a task fetching
 * several chains shares a memo so a CA they have in common is asked once. The result is what a
 * DSS needs (ETSI EN 319 142-1 §5.4.2): certificates, OCSP responses, CRLs, and the problems
 * met on the way.
 * Must never: return data that main/verify rejected or found stale, treat a cached answer as
 * better than a fresh check (cached bytes are judged again on every use), or decide trust (the
 * chain's root is not checked for revocation and not vouched for here).
 *
 * Decision: no OCSP nonce. Responders in the wild often pre-produce answers and ignore nonces;
 * freshness is judged from thisUpdate/nextUpdate instead (RFC 6960 §4.4.1 makes it optional).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  TAG,
  children,
  contents,
  octetString,
  oid,
  readNode,
  readOid,
  seq,
  tlv,
  derNull,
  type DerNode,
} from '../cms/der';
import { displayUrl, httpTransport, type HttpTransport } from '../cms/timestamp-transport';
import { checkCrl } from '../verify/crl';
import { checkOcspResponse } from '../verify/ocsp';
import { OID as VOID } from '../verify/oids';
import { namesMatch, nameDer, ParsedCertificate } from '../verify/parsed-certificate';
import type { RevocationDataCheck } from '../verify/revocation-evidence';
import { ltvError } from './ltv-errors';

const OID_AD_OCSP = '1.3.6.1.5.5.7.48.1';
const OID_AD_CA_ISSUERS = '1.3.6.1.5.5.7.48.2';
const OID_SHA1 = '1.3.14.3.2.26';
const MAX_OCSP_BYTES = 256 * 1024;
const MAX_CRL_BYTES = 32 * 1024 * 1024;
const MAX_CERT_BYTES = 256 * 1024;
const MAX_CHAIN = 8;

export interface RevocationFetchOptions {
  /** Folder for cached answers; none when absent. Created when missing. */
  readonly cacheDir?: string;
  /** Per-request time limit in ms; default 10 000. */
  readonly timeoutMs?: number;
  /** CRLs: 'fallback' (default) only when OCSP gave no usable answer, 'always', or 'never'. */
  readonly crl?: 'fallback' | 'always' | 'never';
  readonly transport?: HttpTransport;
  /** Clock (tests); default the system time. */
  readonly now?: () => Date;
  /**
   * Answers shared by the fetches of one task (a few seconds at most): an augmentation asks for
   * the signer's chain and then for each new timestamp's, which share their CAs; each
   * certificate's responders are asked, and their answers judged, once (in flight or done).
   */
  readonly memo?: RevocationMemo;
}

/** One certificate's judged answers (what `fetchRevocationData` collects per certificate). */
interface CertificateAnswer {
  readonly status: CertificateRevocationStatus;
  readonly ocsps: readonly Uint8Array[];
  readonly crls: readonly Uint8Array[];
  readonly problems: readonly RevocationProblem[];
}

/** See RevocationFetchOptions.memo. A failed ask is not kept: the next one tries again. */
export class RevocationMemo {
  private readonly answers = new Map<string, Promise<CertificateAnswer>>();

  /** @internal */
  answer(key: string, ask: () => Promise<CertificateAnswer>): Promise<CertificateAnswer> {
    let p = this.answers.get(key);
    if (!p) {
      p = ask();
      this.answers.set(key, p);
      p.catch(() => this.answers.delete(key));
    }
    return p;
  }
}

export interface RevocationProblem {
  /** Subject of the certificate the problem is about. */
  readonly certificate: string;
  readonly source: 'ocsp' | 'crl' | 'ca-issuers' | 'chain';
  /** URL without credentials or query, when a URL was involved. */
  readonly url?: string;
  readonly reason: string;
}

export interface CertificateRevocationStatus {
  readonly subject: string;
  /** SHA-256 fingerprint (hex) of the certificate. */
  readonly fingerprint: string;
  readonly status: 'good' | 'revoked' | 'unknown' | 'no-data' | 'trust-anchor-candidate';
  /** Where the answer came from. */
  readonly via: readonly ('ocsp' | 'crl')[];
}

export interface FetchedRevocationData {
  /** The chain as completed (leaf first), DER, each once. */
  readonly certs: readonly Uint8Array[];
  /** Accepted, fresh OCSPResponse DER (as the responder sent it). */
  readonly ocsps: readonly Uint8Array[];
  /** Accepted, fresh CRL DER. */
  readonly crls: readonly Uint8Array[];
  readonly statuses: readonly CertificateRevocationStatus[];
  readonly problems: readonly RevocationProblem[];
}

/** URIs ([6] IA5String, RFC 5280 §4.2.1.6) anywhere under a node. */
function uris(n: DerNode, out: string[] = []): string[] {
  if (n.tag === 0x86) out.push(Buffer.from(contents(n)).toString('latin1'));
  else if ((n.tag & 0x20) !== 0) for (const c of children(n)) uris(c, out);
  return out;
}

/** AIA (RFC 5280 §4.2.2.1): OCSP and caIssuers URLs, http(s) only. */
export function authorityInfoAccess(cert: ParsedCertificate): {
  ocsp: string[];
  caIssuers: string[];
} {
  const out = { ocsp: [] as string[], caIssuers: [] as string[] };
  const ext = cert.extension(VOID.authorityInfoAccess);
  if (!ext) return out;
  for (const ad of children(readNode(ext.value))) {
    const [method, location] = children(ad);
    if (!method || !location || location.tag !== 0x86) continue;
    const url = Buffer.from(contents(location)).toString('latin1');
    if (!/^https?:\/\//i.test(url)) continue;
    const m = readOid(method);
    if (m === OID_AD_OCSP) out.ocsp.push(url);
    else if (m === OID_AD_CA_ISSUERS) out.caIssuers.push(url);
  }
  return out;
}

/** CRL distribution points (RFC 5280 §4.2.1.13): the http(s) fullName URIs. */
export function crlDistributionPoints(cert: ParsedCertificate): string[] {
  const ext = cert.extension(VOID.crlDistributionPoints);
  if (!ext) return [];
  return uris(readNode(ext.value)).filter((u) => /^https?:\/\//i.test(u));
}

/** OCSPRequest for one certificate (RFC 6960 §4.1.1), CertID with SHA-1 (§4.3 interop). */
export function buildOcspRequest(cert: ParsedCertificate, issuer: ParsedCertificate): Uint8Array {
  const sha1 = (b: Uint8Array) => new Uint8Array(createHash('sha1').update(b).digest());
  const serial = readNode(new Uint8Array(cert.cert.serialNumber.toBER(false)));
  if (serial.tag !== TAG.INTEGER) throw new RangeError('certificate serial is not an INTEGER');
  const certId = seq(
    seq(oid(OID_SHA1), derNull()),
    octetString(sha1(nameDer(cert.issuerName))),
    octetString(sha1(issuer.publicKeyBits)),
    tlv(TAG.INTEGER, contents(serial)),
  );
  // OCSPRequest { TBSRequest { requestList SEQUENCE OF Request { reqCert CertID } } }
  return seq(seq(seq(seq(certId))));
}

interface CacheMeta {
  readonly url: string;
  readonly nextUpdate?: string;
}

/** A small file cache: `<key>.der` plus `<key>.json`, written by temp file + rename. */
class AnswerCache {
  constructor(private readonly dir: string | undefined) {}

  private key(url: string, cert: ParsedCertificate | undefined): string {
    return createHash('sha256')
      .update(`${url}\n${cert?.fingerprint ?? ''}`)
      .digest('hex');
  }

  async get(
    url: string,
    cert: ParsedCertificate | undefined,
    now: Date,
  ): Promise<Uint8Array | undefined> {
    if (!this.dir) return undefined;
    const k = this.key(url, cert);
    try {
      const meta = JSON.parse(await readFile(join(this.dir, `${k}.json`), 'utf8')) as CacheMeta;
      if (meta.url !== url) return undefined;
      if (cert && (!meta.nextUpdate || Date.parse(meta.nextUpdate) <= now.getTime()))
        return undefined;
      return new Uint8Array(await readFile(join(this.dir, `${k}.der`)));
    } catch {
      return undefined;
    }
  }

  async put(
    url: string,
    cert: ParsedCertificate | undefined,
    bytes: Uint8Array,
    nextUpdate?: Date,
  ): Promise<void> {
    if (!this.dir) return;
    const k = this.key(url, cert);
    const meta: CacheMeta = {
      url,
      ...(nextUpdate ? { nextUpdate: nextUpdate.toISOString() } : {}),
    };
    // Best effort: a cache that cannot be written only costs a download next time.
    await mkdir(this.dir, { recursive: true }).catch(() => undefined);
    const tmp = `.${k}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(join(this.dir, tmp), bytes)
      .then(() => rename(join(this.dir!, tmp), join(this.dir!, `${k}.der`)))
      .then(() => writeFile(join(this.dir!, tmp), JSON.stringify(meta)))
      .then(() => rename(join(this.dir!, tmp), join(this.dir!, `${k}.json`)))
      .catch(() => undefined);
  }
}

/** Fetches and checks revocation data for `chain` (DER, leaf first). */
export async function fetchRevocationData(
  chain: readonly Uint8Array[],
  options: RevocationFetchOptions = {},
): Promise<FetchedRevocationData> {
  if (chain.length === 0) throw ltvError('LTV_EMPTY_CHAIN');
  const transport = options.transport ?? httpTransport;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = (options.now ?? (() => new Date()))();
  const times = { controlTime: now, validationTime: now };
  const cache = new AnswerCache(options.cacheDir);
  const crlMode = options.crl ?? 'fallback';
  const problems: RevocationProblem[] = [];

  const parsed = chain.map((der, i) => {
    try {
      return ParsedCertificate.fromDer(der, `certificate ${i + 1}`);
    } catch (e) {
      throw ltvError('LTV_BAD_CERTIFICATE', { index: i + 1, reason: (e as Error).message }, e);
    }
  });
  const pool = [...parsed];

  const get = async (url: string, accept: string, maxBytes: number, body?: Uint8Array) => {
    const res = await transport({
      url,
      method: body ? 'POST' : 'GET',
      headers: body ? { 'content-type': 'application/ocsp-request', accept } : { accept },
      ...(body ? { body } : {}),
      timeoutMs,
      maxBytes,
    });
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    return res.body;
  };
  const findIssuer = async (cert: ParsedCertificate): Promise<ParsedCertificate | undefined> => {
    const known = pool.find((c) => c !== cert && namesMatch(c.subjectName, cert.issuerName));
    if (known) return known;
    for (const url of authorityInfoAccess(cert).caIssuers) {
      try {
        let der = await cache.get(url, undefined, now);
        der ??= await get(url, 'application/pkix-cert', MAX_CERT_BYTES);
        const issuer = ParsedCertificate.fromDer(der, `issuer certificate from ${displayUrl(url)}`);
        if (!namesMatch(issuer.subjectName, cert.issuerName)) {
          problems.push({
            certificate: cert.subject,
            source: 'ca-issuers',
            url: displayUrl(url),
            reason: `served "${issuer.subject}", not the issuer`,
          });
          continue;
        }
        await cache.put(url, undefined, der);
        pool.push(issuer);
        return issuer;
      } catch (e) {
        problems.push({
          certificate: cert.subject,
          source: 'ca-issuers',
          url: displayUrl(url),
          reason: (e as Error).message,
        });
      }
    }
    return undefined;
  };

  /** Judges bytes; returns the status they vouch for, or records why not. */
  const judge = (
    check: RevocationDataCheck,
    cert: ParsedCertificate,
    source: 'ocsp' | 'crl',
    url: string,
    found: RevocationProblem[],
  ): 'good' | 'revoked' | 'unknown' | undefined => {
    const problem = (reason: string) => {
      found.push({ certificate: cert.subject, source, url: displayUrl(url), reason });
      return undefined;
    };
    if (check.outcome === 'rejected') return problem(`rejected: ${check.rejected.reason}`);
    if (check.outcome === 'not-about-this-certificate')
      return problem('the answer is about another certificate');
    if (!check.evidence.fresh) {
      const next = check.evidence.nextUpdate?.toISOString() ?? 'none';
      return problem(
        `stale: thisUpdate ${check.evidence.thisUpdate.toISOString()}, nextUpdate ${next}`,
      );
    }
    return check.evidence.status;
  };

  /** One certificate's OCSP answer (else its CRL), judged. */
  const ask = async (
    cert: ParsedCertificate,
    issuer: ParsedCertificate,
  ): Promise<CertificateAnswer> => {
    const found: RevocationProblem[] = [];
    const ocsps: Uint8Array[] = [];
    const crls: Uint8Array[] = [];
    let status: CertificateRevocationStatus['status'] = 'no-data';
    const via: ('ocsp' | 'crl')[] = [];

    for (const url of authorityInfoAccess(cert).ocsp) {
      let bytes = await cache.get(url, cert, now);
      const cached = bytes !== undefined;
      try {
        bytes ??= await get(
          url,
          'application/ocsp-response',
          MAX_OCSP_BYTES,
          buildOcspRequest(cert, issuer),
        );
      } catch (e) {
        found.push({
          certificate: cert.subject,
          source: 'ocsp',
          url: displayUrl(url),
          reason: (e as Error).message,
        });
        continue;
      }
      const check = checkOcspResponse({ response: bytes, certificate: cert, issuer, times });
      const s = judge(check, cert, 'ocsp', url, found);
      if (s === undefined || check.outcome !== 'evidence') continue;
      if (!cached) await cache.put(url, cert, bytes, check.evidence.nextUpdate);
      ocsps.push(bytes);
      via.push('ocsp');
      status = s;
      if (s === 'unknown')
        found.push({
          certificate: cert.subject,
          source: 'ocsp',
          url: displayUrl(url),
          reason: 'the responder does not know this certificate',
        });
      else break;
    }

    const wantCrl =
      crlMode === 'always' ||
      (crlMode === 'fallback' && (status === 'no-data' || status === 'unknown'));
    if (wantCrl) {
      for (const url of crlDistributionPoints(cert)) {
        let bytes = await cache.get(url, cert, now);
        const cached = bytes !== undefined;
        try {
          bytes ??= await get(url, 'application/pkix-crl', MAX_CRL_BYTES);
        } catch (e) {
          found.push({
            certificate: cert.subject,
            source: 'crl',
            url: displayUrl(url),
            reason: (e as Error).message,
          });
          continue;
        }
        const check = checkCrl({ crl: bytes, certificate: cert, issuer, times });
        const s = judge(check, cert, 'crl', url, found);
        if (s === undefined || check.outcome !== 'evidence') continue;
        if (!cached) await cache.put(url, cert, bytes, check.evidence.nextUpdate);
        crls.push(bytes);
        via.push('crl');
        if (status === 'no-data' || status === 'unknown' || s === 'revoked') status = s;
        break;
      }
    }
    if (status === 'no-data')
      found.push({
        certificate: cert.subject,
        source: 'chain',
        reason: 'no usable revocation data was found',
      });
    return {
      status: { subject: cert.subject, fingerprint: cert.fingerprint, status, via },
      ocsps,
      crls,
      problems: found,
    };
  };

  // The issuers first (the pool grows when one comes from a caIssuers URL), then every
  // certificate's responders are asked at once: a chain costs one round trip, not one each.
  const asked: Promise<CertificateAnswer>[] = [];
  for (let i = 0; i < pool.length && i < MAX_CHAIN; i++) {
    const cert = pool[i]!;
    const status = (s: CertificateRevocationStatus['status']): CertificateRevocationStatus => ({
      subject: cert.subject,
      fingerprint: cert.fingerprint,
      status: s,
      via: [],
    });
    if (cert.isSelfIssued()) {
      asked.push(
        Promise.resolve({
          status: status('trust-anchor-candidate'),
          ocsps: [],
          crls: [],
          problems: [],
        }),
      );
      continue;
    }
    const issuer = await findIssuer(cert);
    if (!issuer) {
      const problem: RevocationProblem = {
        certificate: cert.subject,
        source: 'chain',
        reason: 'its issuer certificate was not found',
      };
      asked.push(
        Promise.resolve({ status: status('no-data'), ocsps: [], crls: [], problems: [problem] }),
      );
      continue;
    }
    const key = `${cert.fingerprint}\n${issuer.fingerprint}\n${crlMode}`;
    const answer = options.memo
      ? options.memo.answer(key, () => ask(cert, issuer))
      : ask(cert, issuer);
    // Awaited below in chain order; this only keeps an early failure from going unhandled.
    answer.catch(() => undefined);
    asked.push(answer);
  }
  const ocsps: Uint8Array[] = [];
  const crls: Uint8Array[] = [];
  const statuses: CertificateRevocationStatus[] = [];
  for (const a of await Promise.all(asked)) {
    statuses.push(a.status);
    ocsps.push(...a.ocsps);
    for (const c of a.crls) if (!crls.some((x) => Buffer.compare(x, c) === 0)) crls.push(c);
    problems.push(...a.problems);
  }

  const certs: Uint8Array[] = [];
  for (const c of pool) {
    const der = c.der;
    if (!certs.some((x) => Buffer.compare(x, der) === 0)) certs.push(der);
  }
  return { certs, ocsps, crls, statuses, problems };
}
