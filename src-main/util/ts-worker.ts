import { Worker, type WorkerOptions } from 'node:worker_threads';

const BOOTSTRAP = new URL('./ts-worker-bootstrap.mjs', import.meta.url);

/**
 * Starts a worker thread on a module that may be TypeScript source. From source (CLI via tsx, tests)
 * the worker first registers tsx; from a bundled build the module is plain JS and loads directly.
 */
export function startWorker(moduleUrl: URL, options: WorkerOptions = {}): Worker {
  if (!moduleUrl.pathname.endsWith('.ts')) return new Worker(moduleUrl, options);
  return new Worker(BOOTSTRAP, { ...options, workerData: { entry: moduleUrl.href, data: options.workerData } });
}
