/**
 * Worker thread entry (compiled to dist/src/batch/worker.js): loads the
 * catalog once, then processes one repository per message. Only plain data
 * crosses the thread boundary.
 */
import { parentPort } from 'node:worker_threads';
import { Catalog } from '../catalog/catalog.js';
import { processRepository } from './repo-job.js';
import type { FromWorker, ToWorker } from './pool.js';

const port = parentPort;
if (port === null) throw new Error('internal error (this is a bug): batch worker started outside a worker thread');

Catalog.builtin();

/**
 * Progress is sent at most every PROGRESS_MS per job, with the count of files
 * done since the last message, and the rest with the result: a message per
 * file woke the main thread thousands of times a run, each wake-up taking a
 * CPU from the workers on a small machine.
 */
const PROGRESS_MS = 100;

port.on('message', (msg: ToWorker) => {
  const send = (out: FromWorker) => port.postMessage(out);
  let files = 0;
  let last = Date.now();
  const onFile = () => {
    files++;
    const now = Date.now();
    if (now - last < PROGRESS_MS) return;
    send({ type: 'file', id: msg.id, files });
    files = 0;
    last = now;
  };
  processRepository(msg.job, { onFile }).then(
    (outcome) => send({ type: 'done', id: msg.id, outcome, files }),
    (err: unknown) => send({ type: 'failed', id: msg.id, message: err instanceof Error ? (err.stack ?? err.message) : String(err), files }),
  );
});
