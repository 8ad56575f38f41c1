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
export type FromWorker =
  { type: 'file'; id: number } | { type: 'done'; id: number; outcome: RepoOutcome } | { type: 'failed'; id: number; message: string };

/** A job that failed because of a bug (an exception, a crashed worker), not because of its input. */
export class InternalJobError extends Error {}

export interface Executor {
  readonly kind: 'worker-threads' | 'in-process';
  run(job: RepoJob, onFile: () => void): Promise<RepoOutcome>;
  close(): Promise<void>;
}

/** The compiled worker next to this module, or null when running from source. */
export function compiledWorker(): URL | null {
  const url = new URL('./worker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : null;
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

interface Slot {
  worker: Worker;
  /** Reserved for a job (from acquire until release), even before its task is posted. */
  busy: boolean;
  task: Task | null;
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
    return new Promise<RepoOutcome>((resolve, reject) => {
      slot.task = { id: this.nextId++, onFile, resolve, reject };
      slot.worker.postMessage({ id: slot.task.id, job } satisfies ToWorker);
    }).finally(() => this.release(slot));
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }

  private async acquire(): Promise<Slot> {
    const idle = this.slots.find((s) => !s.busy);
    if (idle) {
      idle.busy = true;
      return idle;
    }
    if (this.slots.length < this.max) return this.spawn();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: Slot): void {
    slot.task = null;
    const next = this.waiting.shift();
    // Handed straight to the next job: the slot stays busy.
    if (next) next(slot);
    else slot.busy = false;
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(this.script), busy: true, task: null };
    this.slots.push(slot);
    this.listen(slot);
    return slot;
  }

  private listen(slot: Slot): void {
    const { worker } = slot;
    worker.on('message', (msg: FromWorker) => {
      const task = slot.task;
      if (!task || task.id !== msg.id) return;
      if (msg.type === 'file') task.onFile();
      else if (msg.type === 'done') task.resolve(msg.outcome);
      else task.reject(new InternalJobError(msg.message));
    });
    const crashed = (why: string) => {
      if (this.closed || slot.worker !== worker) return;
      const task = slot.task;
      // Replace the dead worker in place so waiting jobs still get a thread.
      slot.worker = new Worker(this.script);
      this.listen(slot);
      void worker.terminate();
      task?.reject(new InternalJobError(`batch worker ${why}`));
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
