/**
 * The list of PKCS#11 module (token driver) paths Sealdesk offers.
 *
 * Owns: the default driver locations per OS (OpenSC, SoftHSM2, in their usual install paths),
 * the user's additions and removals, and persisting them in `<dataDir>/pkcs11-modules.json`,
 * written atomically (temp file + fsync + rename + fsync of the folder).
 * Must never: load a module (that is ./loaded-modules), or keep anything but paths.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join, posix, win32 } from 'node:path';
import { z } from 'zod';
import { pkcs11Errors } from './pkcs11-errors';

const SETTINGS_FILE = 'pkcs11-modules.json';

/** Where vendors and distributions install the drivers we know, per platform. */
export const DEFAULT_MODULE_PATHS: Readonly<Partial<Record<NodeJS.Platform, readonly string[]>>> = {
  linux: [
    '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so',
    '/usr/lib/x86_64-linux-gnu/pkcs11/opensc-pkcs11.so',
    '/usr/lib/aarch64-linux-gnu/opensc-pkcs11.so',
    '/usr/lib64/opensc-pkcs11.so',
    '/usr/lib64/pkcs11/opensc-pkcs11.so',
    '/usr/lib/opensc-pkcs11.so',
    '/usr/lib/pkcs11/opensc-pkcs11.so',
    '/usr/local/lib/opensc-pkcs11.so',
    '/usr/lib/softhsm/libsofthsm2.so',
    '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
    '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so',
    '/usr/lib64/pkcs11/libsofthsm2.so',
    '/usr/lib64/softhsm/libsofthsm2.so',
    '/usr/local/lib/softhsm/libsofthsm2.so',
  ],
  darwin: [
    '/Library/OpenSC/lib/opensc-pkcs11.so',
    '/usr/local/lib/opensc-pkcs11.so',
    '/opt/homebrew/lib/opensc-pkcs11.so',
    '/usr/local/lib/softhsm/libsofthsm2.so',
    '/opt/homebrew/lib/softhsm/libsofthsm2.so',
  ],
  win32: [
    'C:\\Windows\\System32\\opensc-pkcs11.dll',
    'C:\\Program Files\\OpenSC Project\\OpenSC\\pkcs11\\opensc-pkcs11.dll',
    'C:\\SoftHSM2\\lib\\softhsm2-x64.dll',
    'C:\\Program Files\\SoftHSM2\\lib\\softhsm2-x64.dll',
  ],
};

const Settings = z.object({
  version: z.literal(1),
  added: z.array(z.string()),
  hidden: z.array(z.string()),
});
type Settings = z.infer<typeof Settings>;

export interface ModuleEntry {
  readonly path: string;
  /** 'default': found at a known install path; 'user': added by the user. */
  readonly source: 'default' | 'user';
  /** Whether the file exists now (a user entry may point at a driver that was uninstalled). */
  readonly present: boolean;
}

export interface ModuleRegistryDeps {
  readonly platform?: NodeJS.Platform;
  readonly exists?: (path: string) => boolean;
  /** Replaces the per-platform defaults (tests). */
  readonly defaults?: readonly string[];
}

export class ModuleRegistry {
  private readonly file: string;
  private readonly platform: NodeJS.Platform;
  private readonly exists: (path: string) => boolean;
  private readonly defaults: readonly string[];

  constructor(
    private readonly dataDir: string,
    deps: ModuleRegistryDeps = {},
  ) {
    this.file = join(dataDir, SETTINGS_FILE);
    this.platform = deps.platform ?? process.platform;
    this.exists = deps.exists ?? existsSync;
    this.defaults = deps.defaults ?? DEFAULT_MODULE_PATHS[this.platform] ?? [];
  }

  /** Defaults that exist on this machine (minus those the user removed), then the user's own. */
  async list(): Promise<ModuleEntry[]> {
    const settings = await this.read();
    const seen = new Set<string>();
    const out: ModuleEntry[] = [];
    for (const path of this.defaults) {
      if (settings.hidden.includes(path) || seen.has(path) || !this.exists(path)) continue;
      seen.add(path);
      out.push({ path, source: 'default', present: true });
    }
    for (const path of settings.added) {
      if (seen.has(path)) continue;
      seen.add(path);
      out.push({ path, source: 'user', present: this.exists(path) });
    }
    return out;
  }

  /** Adds a driver path (absolute). Adding a removed default brings it back. */
  async add(path: string): Promise<void> {
    const absolute = this.platform === 'win32' ? win32.isAbsolute(path) : posix.isAbsolute(path);
    if (path.trim() === '' || !absolute) {
      throw pkcs11Errors('PKCS11_MODULE_PATH_INVALID', { path });
    }
    const settings = await this.read();
    const hidden = settings.hidden.filter((p) => p !== path);
    const added =
      this.defaults.includes(path) || settings.added.includes(path)
        ? settings.added
        : [...settings.added, path];
    await this.write({ version: 1, added, hidden });
  }

  /** Removes a driver path: a user entry is dropped, a default one is hidden from the list. */
  async remove(path: string): Promise<void> {
    const settings = await this.read();
    const added = settings.added.filter((p) => p !== path);
    const hidden =
      this.defaults.includes(path) && !settings.hidden.includes(path)
        ? [...settings.hidden, path]
        : settings.hidden;
    await this.write({ version: 1, added, hidden });
  }

  private async read(): Promise<Settings> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return { version: 1, added: [], hidden: [] };
    }
    // A damaged settings file only costs the user's list of paths: start from the defaults
    // again; the next change rewrites the file whole.
    try {
      const parsed = Settings.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : { version: 1, added: [], hidden: [] };
    } catch {
      return { version: 1, added: [], hidden: [] };
    }
  }

  private async write(settings: Settings): Promise<void> {
    const temp = join(this.dataDir, `.${SETTINGS_FILE}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await mkdir(this.dataDir, { recursive: true });
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(`${JSON.stringify(settings, null, 2)}\n`, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, this.file);
      await this.syncDir();
    } catch (e) {
      await unlink(temp).catch(() => undefined);
      throw pkcs11Errors(
        'PKCS11_SETTINGS_WRITE_FAILED',
        { file: this.file, reason: e instanceof Error ? e.message : String(e) },
        e,
      );
    }
  }

  /** fsync of the folder makes the rename durable (POSIX); Windows cannot open folders. */
  private async syncDir(): Promise<void> {
    if (process.platform === 'win32') return;
    const dir = await open(this.dataDir, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}
