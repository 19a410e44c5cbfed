/**
 * Typed errors with a stable `code` and a message a user can act on, in zh-CN and en.
 *
 * Owns: the error type every module throws across a boundary, and the helper modules use to
 * declare their own error catalogues next to the code that raises them.
 * Must never: carry secrets (PINs, passphrases, keys) in params or messages; callers pass only
 * file names, counts and reasons.
 */
import type { Lang } from '../i18n/locale';

/** What kind of failure: the CLI maps these to exit codes, the UI to how it shows them. */
export type ErrorCategory = 'usage' | 'input' | 'key' | 'io' | 'cancelled' | 'internal';

export type ErrorParams = Readonly<Record<string, string | number>>;

export interface ErrorDefinition {
  readonly category: ErrorCategory;
  /** English template; `{name}` is replaced by params.name. Say what is wrong and what to do. */
  readonly en: string;
  /** Chinese (zh-CN) template with the same params. */
  readonly zh: string;
}

function fill(template: string, params: ErrorParams): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) =>
    params[k] === undefined ? m : String(params[k]),
  );
}

export class SealdeskError extends Error {
  override readonly name = 'SealdeskError';
  constructor(
    readonly code: string,
    readonly definition: ErrorDefinition,
    readonly params: ErrorParams = {},
    options?: { cause?: unknown },
  ) {
    super(fill(definition.en, params), options);
  }
  get category(): ErrorCategory {
    return this.definition.category;
  }
  localized(lang: Lang): string {
    return fill(lang === 'en' ? this.definition.en : this.definition.zh, this.params);
  }
}

/**
 * Declares a module's error catalogue and returns a typed factory:
 * `const fail = defineErrors({ PDF_NOT_FOUND: { category: 'input', en: ..., zh: ... } });`
 * `throw fail('PDF_NOT_FOUND', { file })`.
 */
export function defineErrors<const T extends Record<string, ErrorDefinition>>(defs: T) {
  const make = (code: keyof T & string, params: ErrorParams = {}, cause?: unknown) => {
    const definition: ErrorDefinition | undefined = defs[code];
    if (!definition) throw new TypeError(`undeclared error code ${code}`);
    return new SealdeskError(code, definition, params, cause === undefined ? undefined : { cause });
  };
  return Object.assign(make, { definitions: defs });
}

export const isSealdeskError = (e: unknown, code?: string): e is SealdeskError =>
  e instanceof SealdeskError && (code === undefined || e.code === code);

/** Wraps anything thrown into a SealdeskError without losing the cause. */
export function asSealdeskError(e: unknown): SealdeskError {
  if (e instanceof SealdeskError) return e;
  const reason = e instanceof Error ? e.message : String(e);
  return new SealdeskError(
    'INTERNAL',
    {
      category: 'internal',
      en: 'Unexpected internal error: {reason}. Please report this with the file that caused it.',
      zh: '发生意外的内部错误：{reason}。请连同引发问题的文件一起报告。',
    },
    { reason },
    { cause: e },
  );
}
