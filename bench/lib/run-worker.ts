import { Worker } from 'node:worker_threads';

// tsx's loader does not reach worker threads on Node 20, so each worker first registers it, then imports the module.
const tsxApi = import.meta.resolve('tsx/esm/api');

/**
 * Runs the TypeScript module at `moduleUrl` in a worker thread with `workerData`, and resolves with the first
 * message it posts. Rejects when the worker throws or exits without posting.
 */
export function runWorker<T>(moduleUrl: URL, workerData: unknown): Promise<T> {
  const boot = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(moduleUrl.href)}); });`;
  const worker = new Worker(boot, { eval: true, workerData });
  return new Promise<T>((resolve, reject) => {
    worker.once('message', (message: T) => {
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker ${moduleUrl.pathname} exited with code ${code} before replying`)));
  });
}
