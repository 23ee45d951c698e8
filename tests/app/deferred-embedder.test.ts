import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deferredEmbedder } from '../../src/app/deferred-embedder.js';
import { AccordError } from '../../src/errors.js';
import type { EmbedderOptions } from '../../src/retrieval/embedder.js';
import { loadTransformersEmbedder } from '../../src/retrieval/transformers-embedder.js';
import { TINY_MODEL_DIMENSIONS, TINY_MODEL_ID } from '../../scripts/make-tiny-model.js';

const OPTIONS: EmbedderOptions = { modelId: TINY_MODEL_ID, modelsDir: resolve('tests/fixtures/tiny-model'), allowRemote: false, quantized: true, batchSize: 4, threads: 1 };
const TEXTS = ['Poland signs a drone training agreement with Ukraine', 'the Piorun missile system'];

describe('the reindex process’s embedder (real transformers.js, tiny model)', () => {
  it('names its model before loading it, then embeds as the model does', async () => {
    const embedder = deferredEmbedder({ id: TINY_MODEL_ID, dimensions: TINY_MODEL_DIMENSIONS }, OPTIONS);
    expect([embedder.modelId, embedder.dimensions]).toEqual([TINY_MODEL_ID, TINY_MODEL_DIMENSIONS]);
    const direct = await (await loadTransformersEmbedder(OPTIONS)).embed(TEXTS);
    expect((await embedder.embed(TEXTS)).map((v) => [...v])).toEqual(direct.map((v) => [...v]));
  }, 60_000);

  it('refuses a model other than the one the bot answers with', async () => {
    const embedder = deferredEmbedder({ id: TINY_MODEL_ID, dimensions: TINY_MODEL_DIMENSIONS + 1 }, OPTIONS);
    const error: unknown = await embedder.embed(TEXTS).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(AccordError);
    expect((error as AccordError).message).toContain(`but the bot answers with ${TINY_MODEL_ID} (${TINY_MODEL_DIMENSIONS + 1} dims)`);
    expect((error as AccordError).hint).toContain('Restart the bot');
  }, 60_000);
});
