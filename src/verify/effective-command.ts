/**
 * What `docker run IMAGE` executes, from the image's committed config. Pure,
 * shared by `verify` and the real-build test harness.
 *
 * Builders already store shell-form instructions as `[<SHELL>..., "cmd"]`
 * (`/bin/sh -c` unless SHELL changed it), and a Dockerfile ENTRYPOINT already
 * clears an inherited CMD in the committed config, so the argv is ENTRYPOINT
 * followed by CMD.
 */

export interface CommandConfig {
  entrypoint: readonly string[] | null;
  cmd: readonly string[] | null;
}

export interface RunOverrides {
  /** `docker run IMAGE args...`: replaces CMD. */
  args?: string[];
  /** `docker run --entrypoint`: replaces ENTRYPOINT and drops CMD unless args are given. */
  entrypoint?: string[];
}

/** ENTRYPOINT + CMD (or the overrides) as Docker combines them; [] when the image has neither. */
export function combinedCommand(config: CommandConfig, o: RunOverrides = {}): string[] {
  const entrypoint = o.entrypoint ?? config.entrypoint ?? [];
  const cmd = o.args ?? (o.entrypoint ? [] : (config.cmd ?? []));
  return [...entrypoint, ...cmd];
}

/** Like combinedCommand, but an image with nothing to run is an error, as in `docker run`. */
export function effectiveCommand(config: CommandConfig, o: RunOverrides = {}): string[] {
  const argv = combinedCommand(config, o);
  if (argv.length === 0) throw new Error('no command specified: the image has neither ENTRYPOINT nor CMD');
  return argv;
}

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** An argv as one line a shell would split back into the same words. */
export function formatArgv(argv: readonly string[]): string {
  return argv.map((w) => (SAFE_WORD.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');
}
