/** One build command, its time limit, and what its log says when it fails. */
import type { BuildOutcome } from './builders.js';
import { parseBuildFailure } from './build-log.js';
import { runProcess } from './process.js';

export async function runBuild(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<BuildOutcome> {
  const t0 = Date.now();
  const r = await runProcess(cmd, args, { env, timeoutMs });
  const durationMs = Date.now() - t0;
  if (r.startError) return { ok: false, durationMs, log: '', error: `${cmd} could not be started: ${r.startError.message}` };
  if (r.timedOut) {
    const seen = parseBuildFailure(r.all);
    const step = seen.failedStep ? ` (at ${seen.failedStep})` : '';
    return {
      ok: false,
      durationMs,
      log: r.all,
      failedStep: seen.failedStep,
      failedStage: seen.failedStage,
      error: `build timed out after ${seconds(timeoutMs)} s${step}`,
    };
  }
  if (r.code === 0) return { ok: true, durationMs, log: r.all };
  return { ok: false, durationMs, log: r.all, ...parseBuildFailure(r.all) };
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? String(ms / 1000) : (ms / 1000).toFixed(1);
}
