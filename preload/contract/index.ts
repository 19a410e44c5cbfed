/**
 * The typed API between the UI and main: zod schemas and types, no runtime dependencies beyond
 * zod. Every call crosses as `{ ok: true, value } | { ok: false, error: { code, message } }`.
 * The renderer imports types only from here (lint rule); main/host, the doors and the preload
 * import the schemas.
 */
export * from './result';
export * from './schemas';
export * from './methods';
export * from './events';
export * from './channels';
export type * from './bridge';
