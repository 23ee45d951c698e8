import { join } from 'node:path';
import type { Config } from '../config.js';
import { describeError } from '../errors.js';
import type { Embedder, EmbedderOptions } from '../retrieval/embedder.js';

/** The embedder, or why there is none (then retrieval runs lexically). */
export interface EmbedderState {
  readonly embedder: Embedder | null;
  readonly reason?: string;
  /** Set when the model loaded but not as configured (the thread count did not apply): worth a warning. */
  readonly warning?: string;
}

/** What a process embeds: one short question at a time, or batches of passages. */
export type EmbeddingWorkload = 'questions' | 'indexing';

/**
 * The embedder settings for a workload. With `EMBEDDING_THREADS=auto`, answering questions runs onnxruntime on one
 * thread: a question is one short text, and onnxruntime's default pool (one spinning thread per core) makes it
 * faster at the median but slower in the tail, since on a small machine any other busy thread stalls the pool.
 * Building an index embeds long batches, where every core helps, so it keeps onnxruntime's default.
 * (README, Performance: "Query embedding threads".)
 */
export function embedderOptions(config: Config, workload: EmbeddingWorkload): EmbedderOptions {
  const { modelId, modelsDir, allowRemote, quantized, batchSize, threads } = config.embedding;
  const resolved = threads !== 'auto' ? threads : workload === 'questions' ? 1 : undefined;
  return { modelId, modelsDir, allowRemote, quantized, batchSize, threads: resolved };
}

/**
 * Returns a function that loads the configured embedding model on first call and remembers the outcome:
 * the model is loaded once, lazily, and a model that cannot be loaded is not retried on every question.
 */
export function lazyEmbedder(config: Config, workload: EmbeddingWorkload): () => Promise<EmbedderState> {
  let state: Promise<EmbedderState> | undefined;
  return () => {
    state ??= (async (): Promise<EmbedderState> => {
      if (config.embedding.mode === 'lexical') return { embedder: null, reason: 'RETRIEVAL_MODE=lexical' };
      try {
        const { loadTransformersEmbedder } = await import('../retrieval/transformers-embedder.js');
        const options = embedderOptions(config, workload);
        const embedder = await loadTransformersEmbedder(options);
        if (options.threads === undefined || embedder.intraOpThreads === options.threads) return { embedder };
        const warning =
          `the embedding model runs on onnxruntime's default threads, not EMBEDDING_THREADS=${options.threads}: its .onnx file ` +
          `is not in ${join(options.modelsDir, options.modelId, 'onnx')} (a download that could not be saved there?), and ` +
          'the thread count can only be applied to a session created from that file';
        return { embedder, warning };
      } catch (e: unknown) {
        return { embedder: null, reason: `embedding model unavailable: ${describeError(e).split('\n')[0]}` };
      }
    })();
    return state;
  };
}
