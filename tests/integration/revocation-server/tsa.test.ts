// The loopback RFC 3161 time-stamping authority (tests/support/revocation-server.ts), checked
// with `openssl ts -query` and `openssl ts -verify` against the test root.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool, runToolOk } from '../../support/external-tools';
import { testPki } from '../../support/pki';
import { startRevocationServer, type RevocationServer } from '../../support/revocation-server';

let services: RevocationServer;
let dir: string;

beforeAll(async () => {
  services = await startRevocationServer();
  dir = mkdtempSync(join(tmpdir(), 'sealdesk-tsa-test-'));
  writeFileSync(join(dir, 'data.bin'), 'contract bytes to be time-stamped\n');
});
afterAll(async () => {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

async function query(digest: 'sha256' | 'sha384' | 'sha512'): Promise<Buffer> {
  const out = join(dir, `${digest}.tsq`);
  await runToolOk('openssl', [
    'ts',
    '-query',
    '-data',
    join(dir, 'data.bin'),
    `-${digest}`,
    '-cert',
    '-out',
    out,
  ]);
  return readFileSync(out);
}

function post(body: Buffer, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${services.url}/tsa`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/timestamp-query', ...headers },
    body: new Uint8Array(body),
  });
}

async function verify(reply: Buffer, name: string) {
  const pki = testPki();
  const path = join(dir, `${name}.tsr`);
  writeFileSync(path, reply);
  return runTool('openssl', [
    'ts',
    '-verify',
    '-data',
    join(dir, 'data.bin'),
    '-in',
    path,
    '-CAfile',
    pki.rootPath,
    '-untrusted',
    pki.intermediatePath,
  ]);
}

describe('loopback RFC 3161 TSA', () => {
  it.each(['sha256', 'sha512'] as const)(
    'answers a %s query with a token that openssl ts -verify accepts against the test root',
    async (digest) => {
      const res = await post(await query(digest));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/timestamp-reply');
      const r = await verify(Buffer.from(await res.arrayBuffer()), digest);
      expect(`${r.stdout}${r.stderr}`).toMatch(/Verification: OK/);
    },
  );

  it('gives successive tokens distinct serial numbers', async () => {
    const serials: string[] = [];
    for (const name of ['s1', 's2']) {
      const res = await post(await query('sha256'));
      const path = join(dir, `${name}.tsr`);
      writeFileSync(path, Buffer.from(await res.arrayBuffer()));
      const r = await runToolOk('openssl', ['ts', '-reply', '-in', path, '-text']);
      serials.push(/Serial number: (\S+)/.exec(r.stdout)?.[1] ?? '');
    }
    expect(serials[0]).not.toBe('');
    expect(serials[0]).not.toBe(serials[1]);
  });

  it('asks for basic auth when configured and stamps only with the right credentials', async () => {
    services.setTsaAuth({ user: 'stamper', password: 'test-only' });
    try {
      const q = await query('sha256');
      const none = await post(q);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/^Basic /);
      const wrong = await post(q, {
        Authorization: `Basic ${Buffer.from('stamper:nope').toString('base64')}`,
      });
      expect(wrong.status).toBe(401);
      const right = await post(q, {
        Authorization: `Basic ${Buffer.from('stamper:test-only').toString('base64')}`,
      });
      expect(right.status).toBe(200);
      const r = await verify(Buffer.from(await right.arrayBuffer()), 'auth');
      expect(`${r.stdout}${r.stderr}`).toMatch(/Verification: OK/);
    } finally {
      services.setTsaAuth(undefined);
    }
  });

  it('hangs up in down mode', async () => {
    services.setTsaMode('down');
    try {
      await expect(post(await query('sha256'))).rejects.toThrow();
    } finally {
      services.setTsaMode('good');
    }
  });
});
