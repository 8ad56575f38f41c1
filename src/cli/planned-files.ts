/**
 * The walk every per-file command shares (migrate, verify, interactive): the
 * discovered files their config includes, each real file once, with the path
 * to show the user. What a command does with a file stays in the command.
 */
import { isAbsolute, relative } from 'node:path';
import type { FilePlan } from './config-options.js';

/** A path as shown to the user: relative to the current directory when inside it. */
export function displayPath(path: string, cwd: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(cwd, path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

export function* plannedFiles<F extends { path: string; realPath: string }>(
  files: readonly F[],
  plans: ReadonlyMap<string, FilePlan>,
  cwd: string,
): Generator<{ file: F; plan: FilePlan; display: string }> {
  const seen = new Set<string>();
  for (const file of files) {
    const plan = plans.get(file.realPath)!;
    // Excluded by a config; or a directory holding both a Dockerfile and a link to it names one file twice.
    if (!plan.included || seen.has(file.realPath)) continue;
    seen.add(file.realPath);
    yield { file, plan, display: displayPath(file.path, cwd) };
  }
}
