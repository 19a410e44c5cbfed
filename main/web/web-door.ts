/**
 * The loopback browser door: serves the built renderer and the contract over a WebSocket on
 * 127.0.0.1 only, for the e2e tests and for machines where Electron cannot run.
 *
 * Owns: the HTTP static server (GET/HEAD only, files under the renderer folder only, a strict
 * CSP, Host header pinned to 127.0.0.1:<port> against DNS rebinding), the WebSocket upgrade
 * (refused without the random token or from another Origin), framing (JSON text frames; a
 * result holding bytes goes as one binary frame: u32 header length, JSON header, the bytes),
 * and `POST /call`: one call as an HTTP request (the same token, as `Authorization: Bearer`, the
 * same Origin check, the same framing in the response body). The renderer reads byte ranges that
 * way: Chromium moves a large HTTP body several times faster than a large WebSocket message,
 * and a DevTools client (the e2e tests' Playwright) is sent a copy of every WebSocket frame.
 * Must never: listen on anything but 127.0.0.1, implement a use case (main/host does), log a
 * message's input (it may hold a PIN), or serve a file outside the renderer folder.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { SealdeskHost } from '../host/sealdesk-host';
import { type WireCall, type WireEvent, type WireReply } from '../../preload/contract';

export interface WebDoorOptions {
  /**
   * The host, a promise of it, or a function that loads it: `npm run start:web` loads the host
   * (and with it every core module) once its first page has been served or the first
   * WebSocket connects, whichever comes first, so that the page is served at once and the host
   * loads while the browser parses the renderer; calls wait for it.
   */
  readonly host: SealdeskHost | Promise<SealdeskHost> | (() => Promise<SealdeskHost>);
  /** The built renderer (out/renderer). */
  readonly rendererDir: string;
  /** 0 (default): any free port. */
  readonly port?: number;
  /** Default: 32 random bytes, hex. */
  readonly token?: string;
}

export interface WebDoor {
  /** The URL to open: http://127.0.0.1:<port>/#token=<token>. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.pfb': 'application/octet-stream',
  '.bcmap': 'application/octet-stream',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

/** Largest message the page may send: calls are small (paths, placements, a PIN). */
const MAX_INCOMING = 1 << 20;

const sameSecret = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Encodes a reply; top-level Uint8Array fields of the value travel raw in a binary frame. */
export function encodeReply(id: number, result: Awaited<ReturnType<SealdeskHost['call']>>) {
  if (!result.ok || typeof result.value !== 'object' || result.value === null)
    return JSON.stringify({ id, result } satisfies WireReply);
  const value: Record<string, unknown> = {};
  const binary: { key: string; length: number }[] = [];
  const parts: Uint8Array[] = [];
  for (const [k, v] of Object.entries(result.value)) {
    if (v instanceof Uint8Array) {
      binary.push({ key: k, length: v.byteLength });
      parts.push(v);
    } else value[k] = v;
  }
  if (binary.length === 0) return JSON.stringify({ id, result } satisfies WireReply);
  const header = Buffer.from(
    JSON.stringify({ id, result: { ok: true, value }, binary } satisfies WireReply),
  );
  const len = Buffer.alloc(4);
  len.writeUInt32BE(header.length);
  return Buffer.concat([len, header, ...parts]);
}

export async function startWebDoor(options: WebDoorOptions): Promise<WebDoor> {
  const token = options.token ?? randomBytes(32).toString('hex');
  let hostReady: Promise<SealdeskHost> | undefined;
  let subscribed: Promise<() => void> | undefined;
  const host = (): Promise<SealdeskHost> => {
    if (hostReady) return hostReady;
    const given = options.host;
    hostReady = Promise.resolve(typeof given === 'function' ? given() : given);
    subscribed = hostReady.then((h) =>
      h.subscribe((event, payload) => {
        const frame = JSON.stringify({ event, payload } satisfies WireEvent);
        for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(frame);
      }),
    );
    // A host that fails to load fails every call; the server itself stays up.
    subscribed.catch(() => undefined);
    return hostReady;
  };
  const root = resolve(options.rendererDir);
  let origin = '';
  let hostHeader = '';

  const csp = () =>
    [
      "default-src 'self'",
      "script-src 'self'",
      // antd writes its styles at run time (CSS-in-JS).
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self' data:",
      `connect-src 'self' ws://${hostHeader}`,
      "worker-src 'self' blob:",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'none'",
    ].join('; ');

  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const refuse = (code: number) => {
      res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(String(code));
    };
    if (req.headers.host !== hostHeader) return refuse(421);
    if (req.method === 'POST' && req.url === '/call') return callOverHttp(req, res, refuse);
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(405);
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', origin).pathname);
    } catch {
      return refuse(400);
    }
    if (pathname.includes('\0')) return refuse(400);
    const rel = pathname === '/' ? 'index.html' : normalize(pathname).replace(/^([/\\])+/, '');
    const file = join(root, rel);
    if (file !== root && !file.startsWith(root + sep)) return refuse(403);
    const st = await stat(file).catch(() => undefined);
    if (!st?.isFile()) return refuse(404);
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': st.size,
      'Content-Security-Policy': csp(),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cache-Control': 'no-cache',
    });
    if (req.method === 'HEAD') return res.end();
    if (rel === 'index.html') res.once('finish', () => void host().catch(() => undefined));
    createReadStream(file).pipe(res);
  };

  /** One contract call as POST /call: `Authorization: Bearer <token>`, our Origin, a JSON body. */
  const callOverHttp = async (
    req: IncomingMessage,
    res: ServerResponse,
    refuse: (code: number) => void,
  ): Promise<void> => {
    if (req.headers.origin !== origin) return refuse(403);
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ') || !sameSecret(auth.slice(7), token)) return refuse(401);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_INCOMING) return refuse(413);
      chunks.push(chunk);
    }
    const reply = await answerFrame(Buffer.concat(chunks), false);
    res.writeHead(200, {
      'Content-Type':
        typeof reply === 'string' ? 'application/json; charset=utf-8' : 'application/octet-stream',
      'Content-Length': Buffer.byteLength(reply),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(reply);
  };

  const server = createServer((req, res) => {
    serve(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_INCOMING });
  const clients = new Set<WebSocket>();

  server.on('upgrade', (req, socket, head) => {
    const reject = (code: number, text: string) => {
      socket.end(`HTTP/1.1 ${code} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    let url: URL;
    try {
      url = new URL(req.url ?? '/', origin);
    } catch {
      return reject(400, 'Bad Request');
    }
    if (req.headers.host !== hostHeader) return reject(421, 'Misdirected Request');
    if (req.headers.origin !== origin) return reject(403, 'Forbidden');
    if (url.pathname !== '/ws' || !sameSecret(url.searchParams.get('token') ?? '', token))
      return reject(401, 'Unauthorized');
    void host().catch(() => undefined);
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      ws.on('message', (data, isBinary) => {
        void answer(ws, data, isBinary);
      });
    });
  });

  const answer = async (ws: WebSocket, data: unknown, isBinary: boolean) => {
    const reply = await answerFrame(data, isBinary);
    if (ws.readyState === ws.OPEN) ws.send(reply);
  };

  /** The reply to one call frame (a WebSocket message, or the body of a POST /call). */
  const answerFrame = async (data: unknown, isBinary: boolean) => {
    let call: WireCall | undefined;
    try {
      const text = isBinary ? '' : Buffer.isBuffer(data) ? data.toString('utf8') : '';
      const raw: unknown = JSON.parse(text);
      if (
        typeof raw === 'object' &&
        raw !== null &&
        typeof (raw as WireCall).id === 'number' &&
        typeof (raw as WireCall).method === 'string'
      )
        call = raw as WireCall;
    } catch {
      call = undefined;
    }
    // A frame that is not a call still gets an answer, from the host's own validation.
    const h = await host();
    const result = call ? await h.call(call.method, call.input) : await h.call('', undefined);
    return encodeReply(call?.id ?? -1, result);
  };

  // A host given as an object or a promise is subscribed to at once.
  if (typeof options.host !== 'function') void host().catch(() => undefined);

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => done());
  });
  const port = (server.address() as AddressInfo).port;
  hostHeader = `127.0.0.1:${port}`;
  origin = `http://${hostHeader}`;

  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    close: async () => {
      (await subscribed?.catch(() => undefined))?.();
      for (const ws of clients) ws.terminate();
      wss.close();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
