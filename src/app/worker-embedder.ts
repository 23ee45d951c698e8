import { Worker } from 'node:worker_threads';
import { AccordError } from '../errors.js';
import type { Embedder, EmbedderOptions } from '../retrieval/embedder.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

/** An {@link Embedder} whose model runs in a worker thread. `close` ends the thread (pending calls then fail). */
export interface WorkerEmbedder extends Embedder {
  close(): Promise<void>;
}

/**
 * The worker's code: the compiled `embedding-worker.js` beside this module, or, when running from TypeScript
 * sources (tsx, vitest), a bootstrap that registers tsx in the worker first (Node 20 does not carry a parent's
 * `--import` loader hooks into worker threads).
 */
function createWorker(options: EmbedderOptions): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./embedding-worker.js', import.meta.url), { workerData: options });
  const api = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const entry = JSON.stringify(new URL('./embedding-worker.ts', import.meta.url).href);
  return new Worker(`import(${api}).then((tsx) => { tsx.register(); return import(${entry}); })`, { eval: true, workerData: options });
}

/**
 * Loads the model in a worker thread and resolves once it is ready. onnxruntime-node runs each forward pass
 * synchronously (up to 0.6 s per batch at 11k passages, README Performance), so a reindex inside the bot embeds
 * here: the event loop stays free for questions and gateway heartbeats. Vectors come back transferred, not copied.
 *
 * @throws {AccordError} when the model cannot be loaded (the worker's own error, message and hint kept).
 */
export async function startWorkerEmbedder(options: EmbedderOptions): Promise<WorkerEmbedder> {
  const worker = createWorker(options);
  const pending = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (e: unknown) => void; count: number }>();
  let nextId = 0;
  let stopped: Error | null = null;
  const failAll = (error: Error) => {
    stopped = error;
    for (const call of pending.values()) call.reject(error);
    pending.clear();
  };
  // Listeners are removed one by one: Worker keeps its own ('newListener') to start and stop its message port.
  const onMessage = (message: FromWorker) => {
    if (message.type !== 'vectors' && message.type !== 'error') return;
    const call = pending.get(message.id);
    if (!call) return;
    pending.delete(message.id);
    if (message.type === 'error') call.reject(new AccordError(message.message, message.hint === undefined ? {} : { hint: message.hint }));
    else call.resolve(Array.from({ length: call.count }, (_, i) => message.flat.subarray(i * dimensions, (i + 1) * dimensions)));
  };
  const onError = (e: Error) => failAll(e);
  const onExit = (code: number) => failAll(new Error(`the embedding worker stopped (exit code ${code})`));
  const ready = await new Promise<{ modelId: string; dimensions: number }>((resolve, reject) => {
    const cleanup = () => {
      worker.off('message', first);
      worker.off('error', early);
      worker.off('exit', early);
    };
    const first = (message: FromWorker) => {
      cleanup();
      if (message.type === 'ready') resolve(message);
      else if (message.type === 'failed') reject(new AccordError(message.message, message.hint === undefined ? {} : { hint: message.hint }));
      else reject(new Error(`unexpected first message from the embedding worker: ${message.type}`));
    };
    const early = (e: unknown) => {
      cleanup();
      reject(e instanceof Error ? e : new Error(`the embedding worker stopped (exit code ${String(e)}) before the model loaded`));
    };
    worker.on('message', first);
    worker.on('error', early);
    worker.on('exit', early);
  }).catch(async (e: unknown) => {
    await worker.terminate();
    throw e;
  });
  const { dimensions } = ready;
  worker.on('error', onError);
  worker.on('exit', onExit);
  worker.on('message', onMessage);
  return {
    modelId: ready.modelId,
    dimensions: ready.dimensions,
    embed(texts) {
      if (stopped) return Promise.reject(stopped);
      if (texts.length === 0) return Promise.resolve([]);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, count: texts.length });
        worker.postMessage({ id, texts: [...texts] } satisfies ToWorker);
      });
    },
    async close() {
      worker.off('exit', onExit);
      failAll(new Error('the embedding worker was closed'));
      await worker.terminate();
    },
  };
}
