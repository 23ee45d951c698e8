import type { Config } from '../config.js';
import { describeError } from '../errors.js';
import type { Embedder } from '../retrieval/embedder.js';

/** The embedder, or why there is none (then retrieval runs lexically). */
export interface EmbedderState {
  readonly embedder: Embedder | null;
  readonly reason?: string;
}

/**
 * Returns a function that loads the configured embedding model on first call and remembers the outcome:
 * the model is loaded once, lazily, and a model that cannot be loaded is not retried on every question.
 */
export function lazyEmbedder(config: Config): () => Promise<EmbedderState> {
  let state: Promise<EmbedderState> | undefined;
  return () => {
    state ??= (async (): Promise<EmbedderState> => {
      if (config.embedding.mode === 'lexical') return { embedder: null, reason: 'RETRIEVAL_MODE=lexical' };
      try {
        const { loadTransformersEmbedder } = await import('../retrieval/transformers-embedder.js');
        return { embedder: await loadTransformersEmbedder(config.embedding) };
      } catch (e: unknown) {
        return { embedder: null, reason: `embedding model unavailable: ${describeError(e).split('\n')[0]}` };
      }
    })();
    return state;
  };
}
