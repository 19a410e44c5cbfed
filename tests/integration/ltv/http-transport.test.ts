/**
 * The default HTTP transport of the TSA client and the revocation fetcher (node:http): one
 * exchange, status and body as the server sent them, redirects not followed, a body-size limit,
 * a time limit, and a message that says what went wrong when no answer came.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpTransport, type HttpRequest } from '../../../main/cms/timestamp-transport';

let server: Server;
let base: string;
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const body = Buffer.concat(parts);
      switch (req.url) {
        case '/echo':
          res.writeHead(201, { 'content-type': 'Application/Test' });
          res.end(
            Buffer.concat([Buffer.from(`${req.method} ${String(req.headers['x-test'])} `), body]),
          );
          return;
        case '/moved':
          res.writeHead(302, { location: '/echo' });
          res.end();
          return;
        case '/big-declared':
          res.writeHead(200, { 'content-length': '5000' });
          res.end(Buffer.alloc(5000));
          return;
        case '/big-chunked':
          res.writeHead(200);
          for (let i = 0; i < 10; i++) res.write(Buffer.alloc(1000));
          res.end();
          return;
        case '/hang':
          return; // never answers
        case '/hang-up':
          req.socket.destroy();
          return;
        default:
          res.writeHead(404);
          res.end();
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => server.close(r));
});

const ask = (path: string, more: Partial<HttpRequest> = {}) =>
  httpTransport({ url: `${base}${path}`, method: 'GET', timeoutMs: 5000, maxBytes: 4096, ...more });

describe('HTTP transport', () => {
  it('posts the body with its headers and returns status, content type and body', async () => {
    const r = await ask('/echo', {
      method: 'POST',
      headers: { 'x-test': 'yes', 'content-type': 'application/ocsp-request' },
      body: Uint8Array.from([0x30, 0x00]),
    });
    expect(r.status).toBe(201);
    expect(r.contentType).toBe('application/test');
    expect(Buffer.from(r.body).toString('latin1')).toBe('POST yes 0\u0000');
  });

  it('returns a redirect as it is instead of following it', async () => {
    const r = await ask('/moved');
    expect(r.status).toBe(302);
    expect(r.body).toHaveLength(0);
  });

  it('refuses an answer larger than the limit, declared or streamed', async () => {
    await expect(ask('/big-declared')).rejects.toThrow(
      'answer of 5000 bytes exceeds the 4096-byte limit',
    );
    await expect(ask('/big-chunked')).rejects.toThrow('answer exceeds the 4096-byte limit');
  });

  it('gives up after the time limit, and says when the server hung up or is not there', async () => {
    await expect(ask('/hang', { timeoutMs: 200 })).rejects.toThrow('no answer within 200 ms');
    await expect(ask('/hang-up')).rejects.toThrow('the connection was closed without an answer');
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await expect(
      httpTransport({
        url: `http://127.0.0.1:${port}/`,
        method: 'GET',
        timeoutMs: 2000,
        maxBytes: 10,
      }),
    ).rejects.toThrow('connection failed (ECONNREFUSED)');
  });

  it('refuses schemes other than http and https', async () => {
    await expect(ask('', { url: 'ftp://127.0.0.1/x' })).rejects.toThrow(
      'unsupported URL scheme ftp:',
    );
    await expect(ask('', { url: 'not a url' })).rejects.toThrow('invalid URL');
  });
});
