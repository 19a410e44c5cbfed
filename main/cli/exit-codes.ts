/**
 * Exit codes of the `sealdesk` command line: distinct per kind of failure so scripts can react.
 * Verification (`sealdesk verify`) adds its own codes for failed and indeterminate results.
 */
import type { ErrorCategory } from '../errors/sealdesk-error';

export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  input: 3,
  key: 4,
  io: 5,
  /** A batch in which some documents were not signed. */
  batchIncomplete: 6,
  cancelled: 130,
} as const;

export function exitCodeFor(category: ErrorCategory): number {
  return EXIT[category === 'cancelled' ? 'cancelled' : category];
}
