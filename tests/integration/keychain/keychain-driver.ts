// Child-process driver for keychain tests: runs inside (or outside) a private D-Bus session made
// by tests/support/keyring-session.ts, exercises OsKeychainStore through the real
// @napi-rs/keyring, and prints one JSON line the test asserts on. Never prints a secret except
// the fixed test values it chose itself.
import { isSealdeskError } from '../../../main/errors/sealdesk-error';
import { OsKeychainStore } from '../../../main/keychain/os-keychain-store';
import type { SecretRef } from '../../../main/keychain/secret-store';

const outcome = async <T>(fn: () => Promise<T>) => {
  try {
    return { ok: true as const, value: await fn() };
  } catch (e) {
    return {
      ok: false as const,
      code: isSealdeskError(e) ? e.code : 'UNEXPECTED',
      message: e instanceof Error ? e.message : String(e),
      zh: isSealdeskError(e) ? e.localized('zh-CN') : '',
    };
  }
};
const text = (b: Buffer | undefined) => (b === undefined ? null : b.toString('utf8'));

async function main(): Promise<void> {
  const store = new OsKeychainStore();
  const optedIn = new OsKeychainStore({ policy: { allowTokenPins: true } });
  const p12: SecretRef = { kind: 'p12-passphrase', name: 'seal-2025.p12' };
  const pinRef: SecretRef = { kind: 'token-pin', name: 'token 776bb54e8c58876e' };
  const availability = await store.available();
  const report: Record<string, unknown> = {
    available: availability.available,
    reason: availability.available ? null : availability.reason.message,
    reasonCode: availability.available ? null : availability.reason.code,
    reasonZh: availability.available ? null : availability.reason.localized('zh-CN'),
  };
  report['getMissing'] = await outcome(async () => text(await store.get(p12)));
  report['set'] = await outcome(() => store.set(p12, Buffer.from('first 口令')));
  report['getAfterSet'] = await outcome(async () => text(await store.get(p12)));
  report['overwrite'] = await outcome(() => store.set(p12, Buffer.from('second')));
  report['getAfterOverwrite'] = await outcome(async () => text(await store.get(p12)));
  report['tokenPinRefused'] = await outcome(() => store.set(pinRef, Buffer.from('123456')));
  report['tokenPinGetWithoutOptIn'] = await outcome(async () => text(await store.get(pinRef)));
  report['tokenPinOptedIn'] = await outcome(() => optedIn.set(pinRef, Buffer.from('123456')));
  report['tokenPinGetOptedIn'] = await outcome(async () => text(await optedIn.get(pinRef)));
  report['tokenPinDelete'] = await outcome(() => store.delete(pinRef));
  report['delete'] = await outcome(() => store.delete(p12));
  report['deleteAgain'] = await outcome(() => store.delete(p12));
  report['getAfterDelete'] = await outcome(async () => text(await store.get(p12)));
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

await main();
