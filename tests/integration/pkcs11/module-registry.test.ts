// The driver list: defaults that exist on the machine, the user's additions and removals,
// persisted atomically in the data folder.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isSealdeskError } from '../../../main/errors/sealdesk-error';
import { DEFAULT_MODULE_PATHS, ModuleRegistry } from '../../../main/pkcs11/module-registry';
import { SOFTHSM_MODULE } from '../../support/softhsm';

const dirs: string[] = [];
const dataDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'sealdesk-modules-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('ModuleRegistry', () => {
  it('offers the default drivers installed on this machine (SoftHSM2 and OpenSC here)', async () => {
    const list = await new ModuleRegistry(dataDir()).list();
    const paths = list.map((e) => e.path);
    expect(paths).toContain(SOFTHSM_MODULE);
    expect(paths.some((p) => p.endsWith('opensc-pkcs11.so'))).toBe(true);
    expect(list.every((e) => e.source === 'default' && e.present)).toBe(true);
  });

  it('knows the usual install paths on macOS and Windows', () => {
    expect(DEFAULT_MODULE_PATHS.darwin).toContain('/Library/OpenSC/lib/opensc-pkcs11.so');
    expect(DEFAULT_MODULE_PATHS.win32).toContain('C:\\Windows\\System32\\opensc-pkcs11.dll');
  });

  it('persists additions and removals atomically, leaving no temp files', async () => {
    const dir = dataDir();
    const defaults = ['/drivers/a.so', '/drivers/b.so'];
    const exists = (p: string) => p !== '/drivers/b.so';
    const reg = new ModuleRegistry(dir, { defaults, exists });
    await reg.add('/opt/vendor/libukey.so');
    await reg.remove('/drivers/a.so');
    const again = new ModuleRegistry(dir, { defaults, exists });
    expect(await again.list()).toEqual([
      { path: '/opt/vendor/libukey.so', source: 'user', present: true },
    ]);
    await again.add('/drivers/a.so');
    expect((await again.list()).map((e) => e.path)).toEqual([
      '/drivers/a.so',
      '/opt/vendor/libukey.so',
    ]);
    await again.remove('/opt/vendor/libukey.so');
    expect(readdirSync(dir)).toEqual(['pkcs11-modules.json']);
    expect(JSON.parse(readFileSync(join(dir, 'pkcs11-modules.json'), 'utf8'))).toEqual({
      version: 1,
      added: [],
      hidden: [],
    });
  });

  it('refuses a relative driver path', async () => {
    const reg = new ModuleRegistry(dataDir(), { defaults: [] });
    await expect(reg.add('libukey.so')).rejects.toSatisfy((e) =>
      isSealdeskError(e, 'PKCS11_MODULE_PATH_INVALID'),
    );
    const win = new ModuleRegistry(dataDir(), { defaults: [], platform: 'win32' });
    await win.add('C:\\Vendor\\ukey.dll');
    expect((await win.list()).map((e) => e.path)).toEqual(['C:\\Vendor\\ukey.dll']);
  });

  it('starts from the defaults again when the settings file is damaged', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'pkcs11-modules.json'), '{"version": 1, "added": [');
    const reg = new ModuleRegistry(dir, { defaults: ['/d.so'], exists: () => true });
    expect((await reg.list()).map((e) => e.path)).toEqual(['/d.so']);
  });
});
