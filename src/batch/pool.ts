/**
 * Runs repository jobs in parallel. From the compiled package, each job goes
 * to a worker thread (node:worker_threads, one catalog per worker, created
 * lazily up to --jobs); a worker that dies is replaced and its repository is
 * reported as an internal error. When the compiled worker is not there (the
 * TypeScript sources run under vitest), jobs run in-process instead, with the
 * same concurrency and the same code.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { processRepository, type RepoOutcome } from './repo-job.js';
import type { RepoJob } from './types.js';

export type ToWorker = { id: number; job: RepoJob };
/** `files`: Dockerfiles finished since the last message about this job (progress, see worker.ts). */
export type FromWorker =
  | { type: 'file'; id: number; files: number }
  | { type: 'done'; id: number; outcome: RepoOutcome; files: number }
  | { type: 'failed'; id: number; message: string; files: number };

/** A job that failed because of a bug (an exception, a crashed worker), not because of its input. */
export class InternalJobError extends Error {}

export interface Executor {
  readonly kind: 'worker-threads' | 'in-process';
  run(job: RepoJob, onFile: () => void): Promise<RepoOutcome>;
  close(): Promise<void>;
}

/**
 * The compiled worker next to this module (dist/src/batch/ for tsc's output,
 * dist/bundle/ for the bundle), or null when running from TypeScript source
 * (tests), where jobs run in-process. Compiled code without its worker is a
 * broken build: an error, not a quiet fall-back to one thread.
 */
export function compiledWorker(moduleUrl: string = import.meta.url): URL | null {
  const url = new URL('./worker.js', moduleUrl);
  if (existsSync(fileURLToPath(url))) return url;
  if (moduleUrl.endsWith('.ts')) return null;
  throw new InternalJobError(`the batch worker ${fileURLToPath(url)} is missing: rebuild dhi-migrate (npm run build)`);
}

export function createExecutor(jobs: number, opts: { inProcess?: boolean } = {}): Executor {
  const script = opts.inProcess ? null : compiledWorker();
  return script ? new ThreadExecutor(script, jobs) : new InProcessExecutor();
}

class InProcessExecutor implements Executor {
  readonly kind = 'in-process' as const;
  async run(job: RepoJob, onFile: () => void): Promise<RepoOutcome> {
    try {
      return await processRepository(job, { onFile });
    } catch (err) {
      throw new InternalJobError(err instanceof Error ? (err.stack ?? err.message) : String(err));
    }
  }
  async close(): Promise<void> {}
}

interface Task {
  id: number;
  onFile: () => void;
  resolve: (entry: RepoOutcome) => void;
  reject: (err: Error) => void;
}

/**
 * Jobs a worker holds at once. With one, a worker sat idle from posting a
 * result until the main thread had read it and posted the next job (a
 * quarter of its time on small repositories); with a second one queued it
 * goes straight on, and one job's file reads overlap the other's rules.
 */
export const JOBS_PER_WORKER = 2;

interface Slot {
  worker: Worker;
  /** Tasks posted to this worker (or reserved for it) and not yet answered. */
  tasks: Map<number, Task>;
  reserved: number;
}

class ThreadExecutor implements Executor {
  readonly kind = 'worker-threads' as const;
  private readonly slots: Slot[] = [];
  private readonly waiting: ((slot: Slot) => void)[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly script: URL,
    private readonly max: number,
  ) {}

  async run(job: RepoJob, onFile: () => void): Promise<RepoOutcome> {
    const slot = await this.acquire();
    const id = this.nextId++;
    return new Promise<RepoOutcome>((resolve, reject) => {
      slot.reserved--;
      slot.tasks.set(id, { id, onFile, resolve, reject });
      slot.worker.postMessage({ id, job } satisfies ToWorker);
    }).finally(() => this.release(slot, id));
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }

  private load(slot: Slot): number {
    return slot.tasks.size + slot.reserved;
  }

  private async acquire(): Promise<Slot> {
    const slot = this.pick();
    if (slot === null) return new Promise<Slot>((resolve) => this.waiting.push(resolve)); // release() reserves it
    slot.reserved++;
    return slot;
  }

  /** An idle worker, else a new one while under --jobs, else the least busy one with room; null when all are full. */
  private pick(): Slot | null {
    const least = this.slots.reduce<Slot | null>((best, s) => (best === null || this.load(s) < this.load(best) ? s : best), null);
    if (least !== null && this.load(least) === 0) return least;
    if (this.slots.length < this.max) return this.spawn();
    return least !== null && this.load(least) < JOBS_PER_WORKER ? least : null;
  }

  private release(slot: Slot, id: number): void {
    slot.tasks.delete(id);
    const next = this.waiting.shift();
    if (next) {
      slot.reserved++;
      next(slot);
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(this.script), tasks: new Map(), reserved: 0 };
    this.slots.push(slot);
    this.listen(slot);
    return slot;
  }

  private listen(slot: Slot): void {
    const { worker } = slot;
    worker.on('message', (msg: FromWorker) => {
      const task = slot.tasks.get(msg.id);
      if (!task) return;
      for (let i = 0; i < msg.files; i++) task.onFile();
      if (msg.type === 'done') task.resolve(msg.outcome);
      else if (msg.type === 'failed') task.reject(new InternalJobError(msg.message));
    });
    const crashed = (why: string) => {
      if (this.closed || slot.worker !== worker) return;
      // Replace the dead worker in place so waiting jobs still get a thread.
      slot.worker = new Worker(this.script);
      this.listen(slot);
      void worker.terminate();
      for (const task of slot.tasks.values()) task.reject(new InternalJobError(`batch worker ${why}`));
    };
    worker.on('error', (err) => crashed(`crashed: ${err.stack ?? err.message}`));
    worker.on('exit', (code) => crashed(`exited unexpectedly with code ${code}`));
  }
}

/** Calls `fn` for every item with at most `concurrency` calls in flight; order of completion is free. */
export async function forEachConcurrently<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
}
