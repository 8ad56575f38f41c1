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

port.on('message', (msg: ToWorker) => {
  const send = (out: FromWorker) => port.postMessage(out);
  processRepository(msg.job, { onFile: () => send({ type: 'file', id: msg.id }) }).then(
    (outcome) => send({ type: 'done', id: msg.id, outcome }),
    (err: unknown) => send({ type: 'failed', id: msg.id, message: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  );
});
