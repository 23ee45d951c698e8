import type { Logger } from 'pino';
import { describeError } from '../errors.js';
import type { Embedder, EmbedderOptions } from '../retrieval/embedder.js';
import { startWorkerEmbedder, type WorkerEmbedder } from './worker-embedder.js';

/** An embedder for one reindex; `close` ends its embedding process, if one was started. */
export interface ReindexEmbedder extends Embedder {
  close(): Promise<void>;
}

/**
 * The embedder a serving process reindexes with: the same model as `questions` (same options, same vectors),
 * run in a child process started on the first batch, so a reindex with nothing to embed starts nothing and one
 * with work never blocks the event loop. Should the process not start, batches run on `questions` itself (as
 * before), with a warning.
 */
export function reindexEmbedder(questions: Embedder, options: EmbedderOptions, logger: Pick<Logger, 'warn'>): ReindexEmbedder {
  let worker: Promise<WorkerEmbedder | null> | undefined;
  return {
    modelId: questions.modelId,
    dimensions: questions.dimensions,
    async embed(texts) {
      worker ??= startWorkerEmbedder(options).catch((e: unknown) => {
        logger.warn({ error: describeError(e) }, 'the embedding process did not start: this reindex embeds on the main thread, and questions wait for each batch');
        return null;
      });
      const ready = await worker;
      return ready ? ready.embed(texts) : questions.embed(texts);
    },
    async close() {
      await (await worker)?.close();
    },
  };
}
