/**
 * The worker thread behind {@link startWorkerEmbedder}: loads the model once and embeds batches on request, so
 * onnxruntime's synchronous forward passes block this thread, never the bot's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AccordError, describeError } from '../errors.js';
import type { EmbedderOptions } from '../retrieval/embedder.js';
import { loadTransformersEmbedder } from '../retrieval/transformers-embedder.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('embedding-worker.ts runs only as a worker thread');
const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
const failure = (e: unknown) => ({ message: e instanceof AccordError ? e.message : describeError(e), hint: e instanceof AccordError ? e.hint : undefined });

try {
  const embedder = await loadTransformersEmbedder(workerData as EmbedderOptions);
  port.on('message', (request: ToWorker) => {
    embedder.embed(request.texts).then(
      (vectors) => {
        const flat = new Float32Array(vectors.length * embedder.dimensions);
        vectors.forEach((v, i) => flat.set(v, i * embedder.dimensions));
        post({ type: 'vectors', id: request.id, flat }, [flat.buffer]);
      },
      (e: unknown) => post({ type: 'error', id: request.id, ...failure(e) }),
    );
  });
  post({ type: 'ready', modelId: embedder.modelId, dimensions: embedder.dimensions });
} catch (e: unknown) {
  post({ type: 'failed', ...failure(e) });
}
