import { AccordError } from '../errors.js';
import type { Embedder, EmbedderOptions } from '../retrieval/embedder.js';

/**
 * An embedder that names its model up front and loads it on the first call: a reindex with nothing to embed (no
 * change, only removals in lexical mode) never pays for the model. The model loaded must be the one named, or the
 * vectors would not fit the index: an AccordError says so.
 */
export function deferredEmbedder(model: { readonly id: string; readonly dimensions: number }, options: EmbedderOptions): Embedder {
  let loading: Promise<Embedder> | undefined;
  const load = async (): Promise<Embedder> => {
    const { loadTransformersEmbedder } = await import('../retrieval/transformers-embedder.js');
    const embedder = await loadTransformersEmbedder(options);
    if (embedder.modelId !== model.id || embedder.dimensions !== model.dimensions) {
      throw new AccordError(`The reindex process loaded ${embedder.modelId} (${embedder.dimensions} dims), but the bot answers with ${model.id} (${model.dimensions} dims).`, {
        hint: 'Restart the bot so that both load the model EMBEDDING_MODEL names.',
      });
    }
    return embedder;
  };
  return {
    modelId: model.id,
    dimensions: model.dimensions,
    async embed(texts) {
      loading ??= load();
      return (await loading).embed(texts);
    },
  };
}
