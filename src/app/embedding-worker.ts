/**
 * The child process behind {@link startWorkerEmbedder}: loads the model once and embeds batches on request, so
 * onnxruntime's synchronous forward passes block this process, never the bot's event loop. A process, not a
 * worker thread: onnxruntime-node 1.14 corrupted its heap ("free(): invalid next size") when one process ran it
 * on two threads, as the bot does with its question model on the main thread.
 */
import { AccordError, describeError } from '../errors.js';
import { loadTransformersEmbedder } from '../retrieval/transformers-embedder.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

const send = (message: FromWorker) => process.send?.(message);
const failure = (e: unknown) => ({ message: e instanceof AccordError ? e.message : describeError(e), hint: e instanceof AccordError ? e.hint : undefined });

if (!process.send) throw new Error('embedding-worker runs only as a child process started by startWorkerEmbedder');
// The parent went away (closed, crashed or killed): nothing is left to embed for.
process.on('disconnect', () => process.exit(0));
process.once('message', (init: ToWorker) => {
  if (init.type !== 'init') return;
  loadTransformersEmbedder(init.options).then(
    (embedder) => {
      process.on('message', (request: ToWorker) => {
        if (request.type !== 'embed') return;
        embedder.embed(request.texts).then(
          (vectors) => {
            const flat = new Float32Array(vectors.length * embedder.dimensions);
            vectors.forEach((v, i) => flat.set(v, i * embedder.dimensions));
            send({ type: 'vectors', id: request.id, flat });
          },
          (e: unknown) => send({ type: 'error', id: request.id, ...failure(e) }),
        );
      });
      send({ type: 'ready', modelId: embedder.modelId, dimensions: embedder.dimensions });
    },
    (e: unknown) => send({ type: 'failed', ...failure(e) }),
  );
});
