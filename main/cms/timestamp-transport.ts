/**
 * HTTP transport for the online parts of long-term signatures: RFC 3161 §3.4 (time-stamp
 * protocol via HTTP), RFC 6960 Appendix A (OCSP over HTTP), RFC 5280 §4.2.1.13 / §4.2.2.1
 * (CRLs and caIssuers over HTTP).
 *
 * Owns: the `HttpTransport` port (one request in, status + content type + body out) and its
 * default implementation over node:http and node:https, with a time limit and a body-size limit
 * (Node's fetch would load undici, a large module, into every signing and augmenting process).
 * Must never: retry, cache, follow a redirect to another scheme, or log request bodies or
 * credentials. Callers decide what a failure means; this only reports it.
 */

import type { ClientRequest, IncomingMessage, RequestOptions } from 'node:http';

type Send = (
  url: URL,
  options: RequestOptions,
  onResponse: (res: IncomingMessage) => void,
) => ClientRequest;

/**
 * node:http or node:https, loaded at the first request: verification imports this module (for
 * `--online`) but most runs never go online, and node:https (TLS) costs ~30 ms to load.
 */
async function sender(protocol: string): Promise<Send> {
  return protocol === 'https:'
    ? (await import('node:https')).request
    : (await import('node:http')).request;
}

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

function describe(e: unknown): string {
  if (e instanceof HttpTransportError) return e.message;
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'ECONNRESET') return 'the connection was closed without an answer';
  if (typeof code === 'string') return `connection failed (${code})`;
  return e instanceof Error ? `connection failed (${e.message})` : String(e);
}

/**
 * The default transport: node:http / node:https (one exchange, the default agent's keep-alive),
 * http and https only, redirects not followed (a 3xx is returned as it is).
 */
export const httpTransport: HttpTransport = async (req) => {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    throw new HttpTransportError('invalid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new HttpTransportError(`unsupported URL scheme ${url.protocol}`);
  const send = await sender(url.protocol);
  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false;
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      reject(new HttpTransportError(describe(e), { cause: e }));
    };
    const headers: Record<string, string> = { ...req.headers };
    if (req.body) headers['content-length'] = String(req.body.length);
    const request = send(url, { method: req.method, headers }, (res) => {
      const declared = Number(res.headers['content-length'] ?? NaN);
      if (Number.isFinite(declared) && declared > req.maxBytes) {
        fail(
          new HttpTransportError(
            `answer of ${declared} bytes exceeds the ${req.maxBytes}-byte limit`,
          ),
        );
        return;
      }
      const parts: Buffer[] = [];
      let total = 0;
      res.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > req.maxBytes)
          fail(new HttpTransportError(`answer exceeds the ${req.maxBytes}-byte limit`));
        else parts.push(chunk);
      });
      res.on('error', fail);
      res.on('aborted', () => fail(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({
          status: res.statusCode ?? 0,
          contentType: (res.headers['content-type'] ?? '').toLowerCase(),
          body: new Uint8Array(Buffer.concat(parts)),
        });
      });
    });
    const timer = setTimeout(
      () => fail(new HttpTransportError(`no answer within ${req.timeoutMs} ms`)),
      req.timeoutMs,
    );
    request.on('error', fail);
    request.end(req.body ? Buffer.from(req.body) : undefined);
  });
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
