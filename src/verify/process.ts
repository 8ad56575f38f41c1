/**
 * Runs one builder command with a time limit. Each command gets its own
 * process group so a timeout kills the builder and everything it started.
 */
import { spawn } from 'node:child_process';

export interface ProcResult {
  /** Exit code; null when the process was killed or could not start. */
  code: number | null;
  stdout: Buffer;
  stderr: string;
  /** stdout and stderr as text, in arrival order (the build log). */
  all: string;
  timedOut: boolean;
  /** Set when the program could not be started at all (e.g. ENOENT: not installed). */
  startError?: NodeJS.ErrnoException;
}

export interface RunOptions {
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Keep at most this much of the interleaved log (its tail); stdout is kept whole. */
  maxLogChars?: number;
}

const DEFAULT_MAX_LOG_CHARS = 4 * 1024 * 1024;

// Builders run in their own process groups (so a timeout can kill a whole build), which also
// keeps Ctrl-C from reaching them: forward the signal, then let it end this process as usual.
const activeGroups = new Set<number>();
let signalsHooked = false;
function forwardSignals(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      for (const pid of activeGroups) {
        try {
          process.kill(-pid, 'SIGTERM');
        } catch {
          /* already gone */
        }
      }
      process.kill(process.pid, signal);
    });
  }
}

export function runProcess(cmd: string, args: readonly string[], o: RunOptions): Promise<ProcResult> {
  const maxLog = o.maxLogChars ?? DEFAULT_MAX_LOG_CHARS;
  return new Promise((resolve) => {
    forwardSignals();
    const child = spawn(cmd, args, { env: o.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    if (child.pid !== undefined) activeGroups.add(child.pid);
    const out: Buffer[] = [];
    let stderr = '';
    let all = '';
    let timedOut = false;
    let startError: NodeJS.ErrnoException | undefined;
    const log = (text: string) => {
      all += text;
      if (all.length > maxLog * 2) all = all.slice(-maxLog);
    };
    child.stdout.on('data', (d: Buffer) => {
      out.push(d);
      log(d.toString('utf8'));
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (stderr.length > maxLog * 2) stderr = stderr.slice(-maxLog);
      log(d);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, o.timeoutMs);
    child.on('error', (e) => {
      startError = e;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (child.pid !== undefined) activeGroups.delete(child.pid);
      resolve({ code: startError ? null : code, stdout: Buffer.concat(out), stderr, all: all.slice(-maxLog), timedOut, startError });
    });
  });
}

/** The first line worth showing from a failed command: its last non-empty stderr line. */
export function lastLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .at(-1) ?? ''
  );
}

/** JSON a builder printed; a clear error naming the command when it is not JSON. */
export function parseJson(stdout: Buffer, what: string): unknown {
  try {
    return JSON.parse(stdout.toString('utf8'));
  } catch {
    throw new Error(`${what} printed no readable JSON`);
  }
}
