/**
 * The web door's `POST /call` (main/web/web-door.ts): one contract call as an HTTP request, as
 * the renderer sends large byte ranges. It answers with the same framing as the WebSocket (a
 * result holding bytes as one binary body), and refuses a missing or wrong token, another
 * Origin, another Host, and an oversized body, before the host sees anything.
 */
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSealdeskHost, type SealdeskHost } from '../../../main/host/sealdesk-host';
import { startWebDoor, type WebDoor } from '../../../main/web/web-door';
import { fixturePdf } from '../../support/fixture-pdfs';

let dataDir: string;
let host: SealdeskHost;
let door: WebDoor;
const seen: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sd-web-http-'));
  const real = createSealdeskHost({
    door: 'web',
    version: '0.0.0-test',
    env: { SEALDESK_DATA_DIR: dataDir },
    tokenModules: [],
  });
  host = {
    ...real,
    subscribe: (l) => real.subscribe(l),
    call: (method, input) => {
      seen.push(method);
      return real.call(method, input);
    },
  };
  door = await startWebDoor({ host, rendererDir: join(dataDir, 'renderer') });
});
afterAll(async () => {
  await door?.close();
  await host?.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

function post(
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; type: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: door.port,
        path: '/call',
        method: 'POST',
        headers: {
          Host: `127.0.0.1:${door.port}`,
          Origin: door.origin,
          Authorization: `Bearer ${door.token}`,
          'Content-Type': 'application/json',
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const call = (id: number, method: string, input: unknown) => JSON.stringify({ id, method, input });

describe('the web door over HTTP', () => {
  it('answers a byte range as one binary body framed like a WebSocket reply', async () => {
    const path = await fixturePdf('classic');
    const opened = await host.call('documents.openPath', { path });
    if (!opened.ok) throw new Error(opened.error.message);
    const { docId } = opened.value as { docId: string };
    const r = await post(call(7, 'documents.readRange', { docId, offset: 0, length: 8 }));
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/octet-stream');
    const len = r.body.readUInt32BE(0);
    const header = JSON.parse(r.body.subarray(4, 4 + len).toString('utf8')) as {
      id: number;
      result: { ok: boolean };
      binary: { key: string; length: number }[];
    };
    expect(header.id).toBe(7);
    expect(header.result.ok).toBe(true);
    expect(header.binary).toEqual([{ key: 'bytes', length: 8 }]);
    expect(r.body.subarray(4 + len).toString('latin1')).toBe('%PDF-1.7');
  });

  it('answers a call without bytes, and a failed one, as JSON', async () => {
    const r = await post(call(8, 'documents.info', { docId: 'doc-0000000000000000' }));
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^application\/json/);
    const reply = JSON.parse(r.body.toString('utf8')) as { id: number; result: { ok: boolean } };
    expect(reply).toMatchObject({ id: 8, result: { ok: false } });
  });

  it('refuses a missing or wrong token, another Origin or Host, and a body over 1 MiB', async () => {
    seen.length = 0;
    const body = call(9, 'documents.recent', {});
    expect((await post(body, { Authorization: '' })).status).toBe(401);
    expect((await post(body, { Authorization: `Bearer ${'0'.repeat(64)}` })).status).toBe(401);
    expect((await post(body, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await post(body, { Host: 'evil.example' })).status).toBe(421);
    expect((await post('x'.repeat((1 << 20) + 1))).status).toBe(413);
    expect(seen).toEqual([]);
  });
});
