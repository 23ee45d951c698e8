import { AccordError } from '../errors.js';
import type { Embedder, EmbedderOptions } from '../retrieval/embedder.js';
import { forkModule } from './fork-module.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

/** An {@link Embedder} whose model runs in a child process. `close` ends it (pending calls then fail). */
export interface WorkerEmbedder extends Embedder {
  close(): Promise<void>;
}


/**
 * Loads the model in a child process and resolves once it is ready. onnxruntime-node runs each forward pass
 * synchronously (up to 0.6 s per batch at 11k passages, README Performance), so a reindex inside the bot embeds
 * there: the event loop stays free for questions and gateway heartbeats. (A worker thread would be lighter, but
 * onnxruntime-node 1.14 corrupted its heap when used from two threads of one process: see embedding-worker.ts.)
 *
 * @throws {AccordError} when the model cannot be loaded (the child's own error, message and hint kept).
 */
export async function startWorkerEmbedder(options: EmbedderOptions): Promise<WorkerEmbedder> {
  // The embedding process: embedding-worker.js beside this module (or its .ts source under tsx and vitest).
  const child = forkModule('embedding-worker', import.meta.url);
  const pending = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (e: unknown) => void; count: number }>();
  let nextId = 0;
  let stopped: Error | null = null;
  const failAll = (error: Error) => {
    stopped ??= error;
    for (const call of pending.values()) call.reject(error);
    pending.clear();
  };
  const ready = await new Promise<{ modelId: string; dimensions: number }>((resolve, reject) => {
    const cleanup = () => {
      child.off('message', first);
      child.off('error', early);
      child.off('exit', early);
    };
    const first = (message: FromWorker) => {
      cleanup();
      if (message.type === 'ready') resolve(message);
      else if (message.type === 'failed') reject(new AccordError(message.message, message.hint === undefined ? {} : { hint: message.hint }));
      else reject(new Error(`unexpected first message from the embedding process: ${message.type}`));
    };
    const early = (e: unknown) => {
      cleanup();
      reject(e instanceof Error ? e : new Error(`the embedding process stopped (exit code ${String(e)}) before the model loaded`));
    };
    child.on('message', first);
    child.on('error', early);
    child.on('exit', early);
    child.send({ type: 'init', options } satisfies ToWorker);
  }).catch((e: unknown) => {
    child.kill();
    throw e;
  });
  const { dimensions } = ready;
  child.on('message', (message: FromWorker) => {
    if (message.type !== 'vectors' && message.type !== 'error') return;
    const call = pending.get(message.id);
    if (!call) return;
    pending.delete(message.id);
    if (message.type === 'error') call.reject(new AccordError(message.message, message.hint === undefined ? {} : { hint: message.hint }));
    else call.resolve(Array.from({ length: call.count }, (_, i) => message.flat.subarray(i * dimensions, (i + 1) * dimensions)));
  });
  child.on('error', (e) => failAll(e));
  child.on('exit', (code, signal) => failAll(new Error(`the embedding process stopped (${signal ?? `exit code ${code}`})`)));
  return {
    modelId: ready.modelId,
    dimensions,
    embed(texts) {
      if (stopped) return Promise.reject(stopped);
      if (texts.length === 0) return Promise.resolve([]);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, count: texts.length });
        child.send({ type: 'embed', id, texts: [...texts] } satisfies ToWorker);
      });
    },
    async close() {
      failAll(new Error('the embedding process was closed'));
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.disconnect();
      await exited;
    },
  };
}
