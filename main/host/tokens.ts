/**
 * Token use cases: which drivers Sealdesk knows, and what each one sees (slots, tokens, flags,
 * certificates paired with keys).
 *
 * Owns: combining the module registry (or the paths a person named) with discovery, so that a
 * driver that is missing or fails to load is reported in its row and the others still list.
 * Must never: log in to a token or ask for a PIN.
 */
import { asSealdeskError } from '../errors/sealdesk-error';
import { ModuleRegistry } from '../pkcs11/module-registry';
import { listTokens, type TokenSummary } from '../pkcs11/token-discovery';
import { existsSync } from 'node:fs';

export interface ModuleReport {
  readonly path: string;
  /** 'default': a known install path; 'user': added in Settings; 'given': named on request. */
  readonly source: 'default' | 'user' | 'given';
  /** Whether the driver file exists. */
  readonly present: boolean;
  readonly tokens: readonly TokenSummary[];
  /** Why the driver could not be used, when it could not. */
  readonly error?: { readonly code: string; readonly message: string; readonly messageZh: string };
}

export interface ListTokenModulesRequest {
  /** Look only at these driver paths; otherwise at the registry's list. */
  readonly modules?: readonly string[];
  readonly dataDir: string;
  /** Test seam (Pkcs11SignerDeps.viewTokenFlags): how the tokens' flags look. */
  readonly viewTokenFlags?: (flags: number) => number;
}

export async function listTokenModules(request: ListTokenModulesRequest): Promise<ModuleReport[]> {
  const entries =
    request.modules && request.modules.length > 0
      ? request.modules.map((path) => ({
          path,
          source: 'given' as const,
          present: existsSync(path),
        }))
      : await new ModuleRegistry(request.dataDir).list();
  return entries.map((entry): ModuleReport => {
    try {
      return { ...entry, tokens: listTokens(entry.path, request.viewTokenFlags) };
    } catch (e) {
      const error = asSealdeskError(e);
      return {
        ...entry,
        tokens: [],
        error: {
          code: error.code,
          message: error.localized('en'),
          messageZh: error.localized('zh-CN'),
        },
      };
    }
  });
}

/**
 * The driver to use for a token when none was named: the first known driver that sees a token
 * with this label. Undefined when none does.
 */
export async function moduleForToken(
  tokenLabel: string,
  dataDir: string,
): Promise<string | undefined> {
  const modules = await listTokenModules({ dataDir });
  return modules.find((m) => m.tokens.some((t) => t.label === tokenLabel))?.path;
}

/** The certified keys on one token (no login), to pick a key when only one is there. */
export function keysOnToken(modulePath: string, tokenLabel: string): TokenSummary['keys'] {
  return listTokens(modulePath).find((t) => t.label === tokenLabel)?.keys ?? [];
}
