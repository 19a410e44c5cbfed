/**
 * How every call's answer crosses the boundary: `{ ok: true, value }` or `{ ok: false, error }`.
 *
 * Owns: the failure shape (a stable `code`, a `message` already in the session's language, and
 * the category so the UI knows how to show it). Must never: carry a stack, a path to a secret,
 * or a secret; failures are values, never thrown strings.
 */
import { z } from 'zod';

export const ErrorShape = z.object({
  code: z.string(),
  message: z.string(),
  category: z.enum(['usage', 'input', 'key', 'io', 'cancelled', 'internal']).optional(),
});
export type ContractError = z.infer<typeof ErrorShape>;

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ContractError };

/** Errors raised by the boundary itself (not by a use case). */
export const CONTRACT_ERROR_CODES = {
  invalidInput: 'CONTRACT_INVALID_INPUT',
  unknownMethod: 'CONTRACT_UNKNOWN_METHOD',
  forbiddenSender: 'CONTRACT_FORBIDDEN_SENDER',
  disconnected: 'CONTRACT_DISCONNECTED',
} as const;
