import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkerEmbedder, type WorkerEmbedder } from '../../src/app/worker-embedder.js';
import { AccordError } from '../../src/errors.js';
import type { EmbedderOptions } from '../../src/retrieval/embedder.js';
import { loadTransformersEmbedder } from '../../src/retrieval/transformers-embedder.js';
import { TINY_MODEL_DIMENSIONS, TINY_MODEL_ID } from '../../scripts/make-tiny-model.js';

const OPTIONS: EmbedderOptions = { modelId: TINY_MODEL_ID, modelsDir: resolve('tests/fixtures/tiny-model'), allowRemote: false, quantized: true, batchSize: 4, threads: 1 };
const TEXTS = ['Poland signs a drone training agreement with Ukraine', 'the Piorun missile system', 'Ukraine', 'budget of two billion for air defence'];

describe('the embedding process (real transformers.js, tiny model)', () => {
  let worker: WorkerEmbedder;
  beforeAll(async () => {
    worker = await startWorkerEmbedder(OPTIONS);
  }, 60_000);
  afterAll(async () => {
    await worker.close();
  });

  it('returns the same vectors as the model loaded in this process', async () => {
    expect(worker.modelId).toBe(TINY_MODEL_ID);
    expect(worker.dimensions).toBe(TINY_MODEL_DIMENSIONS);
    const local = await (await loadTransformersEmbedder(OPTIONS)).embed(TEXTS);
    const remote = await worker.embed(TEXTS);
    expect(remote).toHaveLength(TEXTS.length);
    remote.forEach((v, i) => {
      expect(v).toHaveLength(TINY_MODEL_DIMENSIONS);
      v.forEach((x, j) => expect(x).toBeCloseTo(local[i]?.[j] ?? NaN, 6));
    });
  });

  it('answers concurrent calls each with its own vectors', async () => {
    const [a, b] = await Promise.all([worker.embed(TEXTS.slice(0, 2)), worker.embed(TEXTS.slice(2))]);
    const all = await worker.embed(TEXTS);
    expect([...(a ?? []), ...(b ?? [])].map((v) => [...v])).toEqual(all.map((v) => [...v]));
  });

  it('leaves this process free while it embeds', async () => {
    const texts = Array.from({ length: 400 }, (_, i) => `${TEXTS[i % TEXTS.length]} number ${i}`);
    let turns = 0;
    let done = false;
    const spin = async () => {
      while (!done) {
        await new Promise((r) => setImmediate(r));
        turns++;
      }
    };
    const spinning = spin();
    await worker.embed(texts);
    done = true;
    await spinning;
    expect(turns).toBeGreaterThan(10);
  });

  it('fails to start with the loader’s own message and hint when the model is missing', async () => {
    const error: unknown = await startWorkerEmbedder({ ...OPTIONS, modelId: 'accord/no-such-model' }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(AccordError);
    expect((error as AccordError).message).toContain('accord/no-such-model');
    expect((error as AccordError).hint).toBeTruthy();
  }, 60_000);

  it('refuses calls after it is closed', async () => {
    const short = await startWorkerEmbedder(OPTIONS);
    await short.close();
    await expect(short.embed(TEXTS)).rejects.toThrow('closed');
  }, 60_000);
});
