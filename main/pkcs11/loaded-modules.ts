/**
 * Loading and sharing PKCS#11 modules (token drivers) in this process.
 *
 * Owns: the one place pkcs11js is instantiated. A driver is loaded and C_Initialize'd once per
 * file (keyed by its real path: the dynamic loader shares one copy between loads, so a second
 * C_Initialize would fail with CKR_CRYPTOKI_ALREADY_INITIALIZED), handed out as leases, and
 * C_Finalize'd and unloaded when the last lease is released (PKCS#11 Base v2.40 §5.4).
 * Also: turning a load failure into PKCS11_MODULE_LOAD_FAILED with a reason a user can act on.
 * Must never: keep a module initialised with no lease (no idle token state), or log anything.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import pkcs11js from 'pkcs11js';
import { pkcs11Errors } from './pkcs11-errors';
import { describeFailure, returnCodeOf } from './return-codes';

export type Pkcs11Api = InstanceType<typeof pkcs11js.PKCS11>;

/** The pkcs11js constants (CKA_*, CKM_*, ...) for the other files of this module. */
export const ck = pkcs11js;

export interface ModuleLease {
  readonly path: string;
  readonly api: Pkcs11Api;
  /** Gives the lease back; the last one finalises and unloads the module. Safe to call twice. */
  release(): void;
}

interface Loaded {
  readonly api: Pkcs11Api;
  users: number;
  /** False when something else in the process had initialised it: then it is not ours to end. */
  readonly ownsInitialization: boolean;
}

const loaded = new Map<string, Loaded>();

function loadReason(path: string, e: unknown): { reasonEn: string; reasonZh: string } {
  const text = e instanceof Error ? e.message : String(e);
  if (!existsSync(path)) {
    return { reasonEn: 'the file does not exist', reasonZh: '文件不存在' };
  }
  if (statSync(path).isDirectory()) {
    return { reasonEn: 'it is a folder, not a library', reasonZh: '这是文件夹而不是库文件' };
  }
  if (/C_GetFunctionList/.test(text)) {
    return {
      reasonEn: 'it is a library but not a PKCS#11 module (it has no C_GetFunctionList)',
      reasonZh: '这是一个库文件，但不是 PKCS#11 模块（缺少 C_GetFunctionList）',
    };
  }
  if (
    /ELF|Mach-O|not a valid Win32|%1|wrong architecture|file too short|incompatible/i.test(text)
  ) {
    return {
      reasonEn: `it is not a PKCS#11 library for this computer (${text})`,
      reasonZh: `它不是适用于本机的 PKCS#11 库（${text}）`,
    };
  }
  return {
    reasonEn: `the system could not load it (${text})`,
    reasonZh: `系统无法加载它（${text}）`,
  };
}

function loadModule(path: string): Loaded {
  const api = new pkcs11js.PKCS11();
  try {
    api.load(path);
  } catch (e) {
    throw pkcs11Errors('PKCS11_MODULE_LOAD_FAILED', { path, ...loadReason(path, e) }, e);
  }
  try {
    api.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
    return { api, users: 0, ownsInitialization: true };
  } catch (e) {
    if (returnCodeOf(e)?.name === 'CKR_CRYPTOKI_ALREADY_INITIALIZED') {
      return { api, users: 0, ownsInitialization: false };
    }
    try {
      api.close();
    } catch {
      // unloading a module that failed to start: nothing more to undo
    }
    const why = describeFailure(e);
    throw pkcs11Errors(
      'PKCS11_MODULE_LOAD_FAILED',
      {
        path,
        reasonEn: `C_Initialize failed: ${why.en}`,
        reasonZh: `C_Initialize 失败：${why.zh}`,
      },
      e,
    );
  }
}

function keyOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Loads (or shares) the module at `path`. Throws PKCS11_MODULE_LOAD_FAILED. */
export function acquireModule(path: string): ModuleLease {
  const key = keyOf(path);
  let entry = loaded.get(key);
  if (!entry) {
    entry = loadModule(path);
    loaded.set(key, entry);
  }
  entry.users++;
  const held = entry;
  let released = false;
  return {
    path,
    api: held.api,
    release() {
      if (released) return;
      released = true;
      held.users--;
      if (held.users > 0 || loaded.get(key) !== held) return;
      loaded.delete(key);
      if (held.ownsInitialization) {
        try {
          held.api.C_Finalize();
        } catch {
          // the driver may already be gone (token removed, driver crashed): unload anyway
        }
      }
      try {
        held.api.close();
      } catch {
        // already unloaded
      }
    },
  };
}

/** How many leases are out for a module (tests, and the tokens screen's "in use" state). */
export function moduleUsers(path: string): number {
  return loaded.get(keyOf(path))?.users ?? 0;
}
