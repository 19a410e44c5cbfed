/**
 * The typed API between the UI and main: zod schemas and types, no runtime dependencies beyond
 * zod. Filled in by the UI issue; every call crosses as `{ ok: true, value } | { ok: false,
 * error: { code, message } }`.
 */
import { z } from 'zod';

export const ErrorShape = z.object({ code: z.string(), message: z.string() });
export type ContractError = z.infer<typeof ErrorShape>;
export type Result<T> = { ok: true; value: T } | { ok: false; error: ContractError };
