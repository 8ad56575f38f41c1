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
/** Ctrl-C during the interactive review (128 + SIGINT, as shells report it); nothing was written. */
export const EXIT_INTERRUPTED = 130;

export class UsageError extends Error {}

/** How every internal error starts, whether it ends the run or only one file. */
export const INTERNAL_ERROR = 'internal error (this is a bug, please report it):';

export function describeInternalError(err: unknown): string {
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return `dhi-migrate: ${INTERNAL_ERROR} ${detail}`;
}

/**
 * One line for a bug hit while migrating one file (the caller prefixes the
 * file name): the message and the frame that threw, enough for a report
 * without a stack trace in the middle of a run's output.
 */
export function internalErrorMessage(err: unknown): string {
  const message = (err instanceof Error ? err.message : String(err)).replace(/^internal error \(a bug\):\s*/, '');
  const frame = err instanceof Error ? /^\s*at (.+)$/m.exec(err.stack ?? '')?.[1] : undefined;
  return `${INTERNAL_ERROR} ${message.split('\n')[0]}${frame ? ` (at ${frame})` : ''}`;
}
