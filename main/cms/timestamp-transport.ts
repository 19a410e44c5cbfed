/**
 * HTTP transport for the online parts of long-term signatures: RFC 3161 §3.4 (time-stamp
 * protocol via HTTP), RFC 6960 Appendix A (OCSP over HTTP), RFC 5280 §4.2.1.13 / §4.2.2.1
 * (CRLs and caIssuers over HTTP).
 *
 * Owns: the `HttpTransport` port (one request in, status + content type + body out) and its
 * default implementation over Node's global fetch, with a time limit and a body-size limit.
 * Must never: retry, cache, follow a redirect to another scheme, or log request bodies or
 * credentials. Callers decide what a failure means; this only reports it.
 */

export interface HttpRequest {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
  /** Time limit for the whole exchange, in ms. */
  readonly timeoutMs: number;
  /** Largest accepted body, in bytes. */
  readonly maxBytes: number;
}

export interface HttpResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: Uint8Array;
}

/** One HTTP exchange. Rejects (with an Error whose message says why) when no answer came. */
export type HttpTransport = (request: HttpRequest) => Promise<HttpResponse>;

export class HttpTransportError extends Error {
  override readonly name = 'HttpTransportError';
}

/** Reads at most `maxBytes` of a fetch body, so a hostile server cannot fill memory. */
async function readLimited(res: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes)
    throw new HttpTransportError(`answer of ${declared} bytes exceeds the ${maxBytes}-byte limit`);
  if (!res.body) return new Uint8Array(0);
  const parts: Uint8Array[] = [];
  let total = 0;
  // Node's web ReadableStream is async-iterable (undici); the node tsconfig lacks DOM types.
  for await (const value of res.body as unknown as AsyncIterable<Uint8Array>) {
    total += value.length;
    if (total > maxBytes) {
      await res.body.cancel().catch(() => undefined);
      throw new HttpTransportError(`answer exceeds the ${maxBytes}-byte limit`);
    }
    parts.push(value);
  }
  return new Uint8Array(Buffer.concat(parts));
}

function describe(e: unknown, timeoutMs: number): string {
  if (e instanceof HttpTransportError) return e.message;
  if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError'))
    return `no answer within ${timeoutMs} ms`;
  const cause =
    e instanceof Error ? (e.cause as { code?: string; message?: string } | undefined) : undefined;
  if (cause?.code === 'UND_ERR_SOCKET') return 'the connection was closed without an answer';
  if (cause?.code) return `connection failed (${cause.code})`;
  if (cause?.message) return `connection failed (${cause.message})`;
  return e instanceof Error ? e.message : String(e);
}

/** The default transport: Node's fetch, http and https only, redirects not followed. */
export const fetchTransport: HttpTransport = async (req) => {
  const scheme = new URL(req.url).protocol;
  if (scheme !== 'http:' && scheme !== 'https:')
    throw new HttpTransportError(`unsupported URL scheme ${scheme}`);
  try {
    const res = await fetch(req.url, {
      method: req.method,
      redirect: 'manual',
      signal: AbortSignal.timeout(req.timeoutMs),
      ...(req.headers ? { headers: req.headers } : {}),
      ...(req.body ? { body: req.body } : {}),
    });
    const body = await readLimited(res, req.maxBytes);
    return {
      status: res.status,
      contentType: (res.headers.get('content-type') ?? '').toLowerCase(),
      body,
    };
  } catch (e) {
    throw new HttpTransportError(describe(e, req.timeoutMs), { cause: e });
  }
};

/** A URL without user info, query or fragment, safe to put in messages and logs. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
