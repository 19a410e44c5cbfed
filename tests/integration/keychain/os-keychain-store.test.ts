// OsKeychainStore against a real gnome-keyring (Secret Service) in a private D-Bus session, and
// outside any D-Bus session, where it must refuse rather than fall back to a file.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInKeyringSession } from '../../support/keyring-session';

const DRIVER = resolve(import.meta.dirname, 'keychain-driver.ts');

interface Report {
  available: boolean;
  reason: string | null;
  reasonCode: string | null;
  reasonZh: string | null;
  [step: string]: unknown;
}

async function drive(keyring: boolean): Promise<Report> {
  const run = await runInKeyringSession(DRIVER, { keyring });
  const line = run.stdout.trim().split('\n').pop() ?? '';
  if (run.exitCode !== 0 || !line.startsWith('{')) {
    throw new Error(`driver failed (exit ${run.exitCode}): ${run.stderr}\n${run.stdout}`);
  }
  return JSON.parse(line) as Report;
}

describe('OsKeychainStore', () => {
  it('stores, reads, overwrites and deletes a secret in a running gnome-keyring', async () => {
    const r = await drive(true);
    expect(r.available).toBe(true);
    expect(r['getMissing']).toEqual({ ok: true, value: null });
    expect(r['set']).toEqual({ ok: true });
    expect(r['getAfterSet']).toEqual({ ok: true, value: 'first 口令' });
    expect(r['overwrite']).toEqual({ ok: true });
    expect(r['getAfterOverwrite']).toEqual({ ok: true, value: 'second' });
    expect(r['delete']).toEqual({ ok: true, value: true });
    expect(r['deleteAgain']).toEqual({ ok: true, value: false });
    expect(r['getAfterDelete']).toEqual({ ok: true, value: null });
  });

  it('keeps a token PIN only when the user opted in', async () => {
    const r = await drive(true);
    expect(r['tokenPinRefused']).toMatchObject({
      ok: false,
      code: 'KEYCHAIN_TOKEN_PIN_NOT_ALLOWED',
    });
    expect(r['tokenPinGetWithoutOptIn']).toEqual({ ok: true, value: null });
    expect(r['tokenPinOptedIn']).toEqual({ ok: true });
    expect(r['tokenPinGetOptedIn']).toEqual({ ok: true, value: '123456' });
    expect(r['tokenPinDelete']).toEqual({ ok: true, value: true });
  });

  it('says no keychain runs outside D-Bus and refuses to store, never writing a file', async () => {
    const r = await drive(false);
    expect(r.available).toBe(false);
    expect(r.reasonCode).toBe('KEYCHAIN_UNAVAILABLE');
    expect(r.reason).toContain('Sealdesk will ask each time and never writes secrets to a file');
    expect(r.reasonZh).toContain('绝不会把机密写入文件');
    expect(r['set']).toMatchObject({ ok: false, code: 'KEYCHAIN_UNAVAILABLE' });
    expect(r['getAfterSet']).toEqual({ ok: true, value: null });
    expect(r['tokenPinOptedIn']).toMatchObject({ ok: false, code: 'KEYCHAIN_UNAVAILABLE' });
  });
});
