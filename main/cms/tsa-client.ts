/**
 * RFC 3161 time-stamp client: asks a list of TSAs for a TimeStampToken over a digest.
 *
 * Owns: building the TimeStampReq (§2.4.1: version 1, messageImprint, optional reqPolicy, a
 * random nonce, certReq TRUE), sending it over HTTP (§3.4: POST application/timestamp-query,
 * answer application/timestamp-reply), failover across the configured TSAs (the first that
 * answers well wins; every failure is recorded with its reason), and checking the answer
 * (§2.4.2: PKIStatus granted or grantedWithMods, a token that is a SignedData encapsulating a
 * TSTInfo whose nonce and messageImprint are the ones asked for). Also the B-T helper: the
 * signature-time-stamp unsigned attribute (ETSI EN 319 122-1 §5.3, RFC 3161 Appendix A) over a
 * SignerInfo's signature value.
 * Must never: judge the TSA's signature or certificate (that is main/verify's
 * verifyTimestampToken, which main/cms must not import), put credentials in errors or logs, or
 * accept a token for another imprint or nonce.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { HashAlgorithm } from '../sign/signer';
import { HASH_LENGTH, digestAlgorithmId } from './algorithms';
import {
  DerError,
  TAG,
  children,
  contents,
  encoding,
  explicit,
  integer,
  octetString,
  oid,
  readNode,
  readOid,
  seq,
  setOf,
  tlv,
  type DerNode,
} from './der';
import { OID } from './oids';
import { encodeAttribute, type CmsAttribute } from './signed-attributes';
import { timestampError } from './timestamp-errors';
import {
  displayUrl,
  httpTransport,
  HttpTransportError,
  type HttpTransport,
} from './timestamp-transport';

/** RFC 3161 §2.4.2 id-ct-TSTInfo. */
const OID_TST_INFO = '1.2.840.113549.1.9.16.1.4';
const HASH_OID: Record<HashAlgorithm, string> = {
  sha256: OID.sha256,
  sha384: OID.sha384,
  sha512: OID.sha512,
};

export interface TsaCredentials {
  readonly user: string;
  readonly password: string;
}

export interface TsaEndpoint {
  readonly url: string;
  /** HTTP basic credentials (RFC 7617), e.g. from the keychain. Never logged. */
  readonly credentials?: TsaCredentials;
}

export interface TsaOptions {
  /** TSAs in order of preference; a plain string is a URL without credentials. */
  readonly tsas: readonly (string | TsaEndpoint)[];
  /** Imprint hash; default sha256. */
  readonly hash?: HashAlgorithm;
  /** reqPolicy (TSAPolicyId), dotted OID. */
  readonly policy?: string;
  /** Per-TSA time limit in ms; default 15 000. */
  readonly timeoutMs?: number;
  /** Injected HTTP transport; default Node's fetch. */
  readonly transport?: HttpTransport;
  /** Injected nonce source (tests); default 8 random bytes. */
  readonly nonce?: () => Uint8Array;
}

export interface TsaAttempt {
  /** The URL without credentials. */
  readonly url: string;
  readonly outcome: 'unreachable' | 'unauthorised' | 'rejected' | 'bad-response';
  readonly reason: string;
}

export interface TimestampResult {
  /** The TimeStampToken: DER ContentInfo(SignedData) exactly as the TSA sent it. */
  readonly token: Uint8Array;
  readonly genTime: Date;
  /** The TSA that answered (URL without credentials). */
  readonly url: string;
  readonly policy: string;
  readonly serialHex: string;
  /** Failures of the TSAs tried before the one that answered. */
  readonly attempts: readonly TsaAttempt[];
}

const DEFAULT_TIMEOUT_MS = 15_000;
const MAX_REPLY_BYTES = 1024 * 1024;

/** PKIStatus (RFC 3161 §2.4.2, RFC 4210). */
const STATUS_NAMES = [
  'granted',
  'grantedWithMods',
  'rejection',
  'waiting',
  'revocationWarning',
  'revocationNotification',
];
/** PKIFailureInfo bits used by RFC 3161 §2.4.2. */
const FAIL_INFO: Record<number, string> = {
  0: 'badAlg: unrecognized or unsupported algorithm',
  2: 'badRequest: transaction not permitted or supported',
  5: 'badDataFormat: the data submitted has the wrong format',
  14: "timeNotAvailable: the TSA's time source is not available",
  15: 'unacceptedPolicy: the requested TSA policy is not supported',
  16: 'unacceptedExtension: the requested extension is not supported',
  17: 'addInfoNotAvailable: the additional information requested is not available',
  25: 'systemFailure: the request cannot be handled due to system failure',
};

/** A positive INTEGER from random bytes (X.690 §8.3: minimal, non-negative). */
function positiveInteger(bytes: Uint8Array): Uint8Array {
  const b = Uint8Array.from(bytes);
  b[0] = (b[0]! & 0x7f) | 0x01;
  return tlv(TAG.INTEGER, b);
}

/** TimeStampReq (RFC 3161 §2.4.1). */
export function buildTimeStampReq(
  digest: Uint8Array,
  hash: HashAlgorithm,
  nonce: Uint8Array,
  policy?: string,
): { der: Uint8Array; nonceInteger: Uint8Array } {
  const nonceInteger = positiveInteger(nonce);
  const der = seq(
    integer(1),
    seq(digestAlgorithmId(hash), octetString(digest)), // MessageImprint
    ...(policy ? [oid(policy)] : []),
    nonceInteger,
    Uint8Array.of(0x01, 0x01, 0xff), // certReq TRUE
  );
  return { der, nonceInteger };
}

class ReplyProblem extends Error {
  constructor(
    readonly outcome: TsaAttempt['outcome'],
    message: string,
    readonly extra: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

const equalBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** GeneralizedTime (X.690 §11.7): YYYYMMDDHHMMSS[.f+]Z. */
function readGeneralizedTime(n: DerNode): Date {
  if (n.tag !== 0x18) throw new DerError('genTime is not a GeneralizedTime');
  const s = Buffer.from(contents(n)).toString('latin1');
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{1,9}))?Z$/.exec(s);
  if (!m) throw new DerError(`unreadable genTime "${s}"`);
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, ms));
}

function statusText(statusInfo: DerNode): { code: number; text: string; failInfo: string } {
  const parts = children(statusInfo);
  const st = parts[0];
  if (!st || st.tag !== TAG.INTEGER) throw new DerError('PKIStatusInfo without a status');
  const c = contents(st);
  const code = c.length === 1 ? c[0]! : -1;
  let text = STATUS_NAMES[code] ?? `status ${code}`;
  let failInfo = 'no failInfo given';
  for (const p of parts.slice(1)) {
    if (p.tag === TAG.SEQUENCE) {
      // PKIFreeText: SEQUENCE OF UTF8String
      const words = children(p).map((u) => Buffer.from(contents(u)).toString('utf8'));
      if (words.length > 0) text += `: "${words.join(' ').slice(0, 200)}"`;
    } else if (p.tag === TAG.BIT_STRING) {
      const bits = contents(p);
      const names: string[] = [];
      for (let i = 0; i < (bits.length - 1) * 8; i++) {
        if (bits[1 + (i >> 3)]! & (0x80 >> (i & 7))) names.push(FAIL_INFO[i] ?? `failure bit ${i}`);
      }
      if (names.length > 0) failInfo = names.join(', ');
    }
  }
  return { code, text, failInfo };
}

interface TstFacts {
  readonly genTime: Date;
  readonly policy: string;
  readonly serialHex: string;
}

/** Checks the token: ContentInfo(SignedData) with eContentType id-ct-TSTInfo, our imprint, our nonce. */
export function readTimestampToken(
  token: Uint8Array,
  expect: { hash: HashAlgorithm; digest: Uint8Array; nonceInteger?: Uint8Array },
): TstFacts {
  const ci = readNode(token);
  if (ci.tag !== TAG.SEQUENCE || ci.end !== token.length)
    throw new DerError('the token is not one DER ContentInfo');
  const [ctype, wrapped] = children(ci);
  if (!ctype || readOid(ctype) !== OID.signedData || !wrapped || wrapped.tag !== 0xa0)
    throw new DerError('the token is not a SignedData');
  const sd = children(wrapped)[0];
  if (!sd || sd.tag !== TAG.SEQUENCE) throw new DerError('the token is not a SignedData');
  const sdParts = children(sd);
  const eci = sdParts[2];
  if (!eci || eci.tag !== TAG.SEQUENCE) throw new DerError('SignedData without encapContentInfo');
  const [etype, econtent] = children(eci);
  if (!etype || readOid(etype) !== OID_TST_INFO)
    throw new DerError('the token does not encapsulate a TSTInfo');
  const octets = econtent && econtent.tag === 0xa0 ? children(econtent)[0] : undefined;
  if (!octets || octets.tag !== TAG.OCTET_STRING)
    throw new DerError('the TSTInfo content is missing');
  const tstBytes = contents(octets);
  const tst = readNode(tstBytes);
  const f = children(tst);
  // TSTInfo ::= SEQUENCE { version, policy, messageImprint, serialNumber, genTime, accuracy?,
  //   ordering DEFAULT FALSE, nonce?, tsa [0]?, extensions [1]? }
  const [version, policy, imprint, serial, genTime, ...rest] = f;
  if (!version || !policy || !imprint || !serial || !genTime)
    throw new DerError('TSTInfo is missing fields');
  const [alg, hashed] = children(imprint);
  const algOid = alg ? children(alg)[0] : undefined;
  if (!algOid || readOid(algOid) !== HASH_OID[expect.hash] || !hashed)
    throw new ReplyProblem('bad-response', `the token's imprint is not ${expect.hash}`);
  if (!equalBytes(contents(hashed), expect.digest))
    throw new ReplyProblem('bad-response', 'the token stamps another digest than the one sent');
  if (expect.nonceInteger) {
    const nonce = rest.find((n) => n.tag === TAG.INTEGER);
    if (!nonce) throw new ReplyProblem('bad-response', 'the token carries no nonce');
    if (!equalBytes(encoding(nonce), expect.nonceInteger))
      throw new ReplyProblem('bad-response', 'the token carries another nonce (a replay?)');
  }
  return {
    genTime: readGeneralizedTime(genTime),
    policy: readOid(policy),
    serialHex: Buffer.from(contents(serial)).toString('hex'),
  };
}

/** Reads a TimeStampResp (RFC 3161 §2.4.2) and returns the checked token. */
function readReply(
  body: Uint8Array,
  expect: { hash: HashAlgorithm; digest: Uint8Array; nonceInteger: Uint8Array },
): TstFacts & { token: Uint8Array } {
  try {
    const resp = readNode(body);
    if (resp.tag !== TAG.SEQUENCE) throw new DerError('not a TimeStampResp');
    const [statusInfo, tokenNode] = children(resp);
    if (!statusInfo || statusInfo.tag !== TAG.SEQUENCE) throw new DerError('no PKIStatusInfo');
    const st = statusText(statusInfo);
    if (st.code !== 0 && st.code !== 1) {
      throw new ReplyProblem('rejected', `${st.text}; ${st.failInfo}`, {
        status: st.text,
        failInfo: st.failInfo,
      });
    }
    if (!tokenNode) throw new DerError(`status ${st.text} but no timeStampToken`);
    const token = Uint8Array.from(encoding(tokenNode));
    return { ...readTimestampToken(token, expect), token };
  } catch (e) {
    if (e instanceof DerError) throw new ReplyProblem('bad-response', e.message);
    throw e;
  }
}

function endpoint(t: string | TsaEndpoint): TsaEndpoint {
  return typeof t === 'string' ? { url: t } : t;
}

/**
 * Asks the TSAs in order for a token over `digest` (made with `options.hash`, default sha256).
 * Throws TSA_NO_URL, TSA_UNREACHABLE (nobody answered), or, when some TSA answered but none
 * well, the first answer's error (TSA_UNAUTHORISED, TSA_REJECTED, TSA_BAD_RESPONSE); every
 * error lists all attempts.
 */
export async function requestTimestamp(
  digest: Uint8Array,
  options: TsaOptions,
): Promise<TimestampResult> {
  const hash = options.hash ?? 'sha256';
  if (digest.length !== HASH_LENGTH[hash])
    throw new RangeError(`a ${hash} digest has ${HASH_LENGTH[hash]} bytes, got ${digest.length}`);
  if (options.tsas.length === 0) throw timestampError('TSA_NO_URL');
  const transport = options.transport ?? httpTransport;
  const attempts: (TsaAttempt & { extra: Readonly<Record<string, string>> })[] = [];
  for (const t of options.tsas.map(endpoint)) {
    const url = displayUrl(t.url);
    const nonce = options.nonce?.() ?? randomBytes(8);
    const req = buildTimeStampReq(digest, hash, nonce, options.policy);
    const headers: Record<string, string> = {
      'content-type': 'application/timestamp-query',
      accept: 'application/timestamp-reply',
    };
    if (t.credentials) {
      const pair = `${t.credentials.user}:${t.credentials.password}`;
      headers['authorization'] = `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
    }
    try {
      let res;
      try {
        res = await transport({
          url: t.url,
          method: 'POST',
          headers,
          body: req.der,
          timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          maxBytes: MAX_REPLY_BYTES,
        });
      } catch (e) {
        const reason = e instanceof HttpTransportError ? e.message : String(e);
        throw new ReplyProblem('unreachable', reason);
      }
      if (res.status === 401 || res.status === 403)
        throw new ReplyProblem('unauthorised', `HTTP ${res.status}`, {
          httpStatus: String(res.status),
        });
      if (res.status !== 200) throw new ReplyProblem('bad-response', `HTTP ${res.status}`);
      if (res.contentType && !res.contentType.startsWith('application/timestamp-reply'))
        throw new ReplyProblem('bad-response', `content type ${res.contentType}`);
      const reply = readReply(res.body, { hash, digest, nonceInteger: req.nonceInteger });
      return {
        token: reply.token,
        genTime: reply.genTime,
        url,
        policy: reply.policy,
        serialHex: reply.serialHex,
        attempts: attempts.map(({ extra: _e, ...a }) => a),
      };
    } catch (e) {
      if (!(e instanceof ReplyProblem)) throw e;
      attempts.push({ url, outcome: e.outcome, reason: e.message, extra: e.extra });
    }
  }
  const list = attempts.map((a) => `${a.url}: ${a.reason}`).join('; ');
  const answered = attempts.find((a) => a.outcome !== 'unreachable');
  if (!answered) throw timestampError('TSA_UNREACHABLE', { attempts: list });
  const base = { url: answered.url, attempts: list };
  switch (answered.outcome) {
    case 'unauthorised':
      throw timestampError('TSA_UNAUTHORISED', {
        ...base,
        httpStatus: answered.extra['httpStatus'] ?? '401',
      });
    case 'rejected':
      throw timestampError('TSA_REJECTED', {
        ...base,
        status: answered.extra['status'] ?? answered.reason,
        failInfo: answered.extra['failInfo'] ?? 'no failInfo given',
      });
    default:
      throw timestampError('TSA_BAD_RESPONSE', { ...base, reason: answered.reason });
  }
}

/** The signature-time-stamp unsigned attribute (id-aa-signatureTimeStampToken, RFC 3161 App. A). */
export function signatureTimeStampAttribute(token: Uint8Array): CmsAttribute {
  return { type: OID.signatureTimeStampToken, values: [token] };
}

/**
 * B-T (ETSI EN 319 122-1 §5.3): a token over the SignerInfo's signature value (the contents of
 * the `signature` OCTET STRING), ready to add as an unsigned attribute.
 */
export async function timestampSignatureValue(
  signatureValue: Uint8Array,
  tsaOptions: TsaOptions,
): Promise<TimestampResult & { attribute: CmsAttribute }> {
  const hash = tsaOptions.hash ?? 'sha256';
  const digest = new Uint8Array(createHash(hash).update(signatureValue).digest());
  const result = await requestTimestamp(digest, tsaOptions);
  return { ...result, attribute: signatureTimeStampAttribute(result.token) };
}

/**
 * B-T for a finished PAdES CMS: stamps the signature value of its single SignerInfo and returns
 * the same ContentInfo with the signature-time-stamp added to the unsigned attributes (RFC 5652
 * §5.3 unsignedAttrs [1] IMPLICIT SET OF; EN 319 122-1 §5.3). Everything signed stays byte
 * for byte as it was; only the SignerInfo and its enclosing lengths change.
 */
export async function addSignatureTimestamp(
  cms: Uint8Array,
  tsaOptions: TsaOptions,
): Promise<{ cms: Uint8Array; timestamp: TimestampResult }> {
  const ci = readNode(cms);
  const [ctype, wrapped] = children(ci);
  const sd = wrapped && wrapped.tag === 0xa0 ? children(wrapped)[0] : undefined;
  if (!ctype || readOid(ctype) !== OID.signedData || !sd || sd.tag !== TAG.SEQUENCE)
    throw new DerError('not a CMS SignedData');
  const sdParts = children(sd);
  const infos = sdParts.at(-1);
  const infoList = infos && infos.tag === TAG.SET ? children(infos) : [];
  const si = infoList[0];
  if (!si || infoList.length !== 1) throw new DerError('a PAdES CMS has exactly one SignerInfo');
  const siParts = children(si);
  const sigValue = siParts.find((p) => p.tag === TAG.OCTET_STRING);
  if (!sigValue) throw new DerError('SignerInfo without a signature value');
  const ts = await timestampSignatureValue(contents(sigValue), tsaOptions);
  const oldUnsigned = siParts.find((p) => p.tag === 0xa1);
  const unsigned = [
    ...(oldUnsigned ? children(oldUnsigned).map(encoding) : []),
    encodeAttribute(ts.attribute),
  ];
  const newSi = seq(...siParts.filter((p) => p.tag !== 0xa1).map(encoding), setOf(unsigned, 0xa1));
  const newSd = seq(...sdParts.slice(0, -1).map(encoding), setOf([newSi]));
  return { cms: seq(encoding(ctype), explicit(0, newSd)), timestamp: ts };
}
