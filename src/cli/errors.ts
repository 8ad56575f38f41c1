/**
 * Exit codes, mapped in one place. A UsageError is something the user can fix
 * (bad flag, bad path, bad input): one line on stderr, exit 2. Anything else
 * escaping a command is a bug and says so.
 */
export const EXIT_OK = 0;
export const EXIT_CHANGES = 1;
export const EXIT_USAGE = 2;
/** An internal error (a bug): distinct from user errors so scripts can tell them apart. */
export const EXIT_INTERNAL = 3;

export class UsageError extends Error {}

export function describeInternalError(err: unknown): string {
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return `dhi-migrate: internal error (this is a bug, please report it): ${detail}`;
}
