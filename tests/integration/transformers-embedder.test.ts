import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AccordError } from '../../src/errors.js';
import type { Embedder, EmbedderOptions } from '../../src/retrieval/embedder.js';
import { loadTransformersEmbedder } from '../../src/retrieval/transformers-embedder.js';
import {
  TINY_MODEL_DIMENSIONS,
  TINY_MODEL_ID,
  TINY_MODEL_MAX_TOKENS,
  writeTinyModel,
} from '../../scripts/make-tiny-model.js';

const FIXTURE_MODELS_DIR = resolve('tests/fixtures/tiny-model');
const TEXTS = [
  'Poland signs a drone training agreement with Ukraine',
  'NATO opens a defence training center in Belgium',
  'the Piorun missile system',
  'Ukraine',
  'budget of two billion for air defence',
];

function tinyOptions(overrides: Partial<EmbedderOptions> = {}): EmbedderOptions {
  return { modelId: TINY_MODEL_ID, modelsDir: FIXTURE_MODELS_DIR, allowRemote: false, quantized: true, batchSize: 2, ...overrides };
}

function cosine(a: Float32Array, b: Float32Array): number {
  return a.reduce((sum, value, i) => sum + value * (b[i] ?? Number.NaN), 0);
}

function expectSameVector(actual: Float32Array | undefined, expected: Float32Array | undefined): void {
  expect(actual).toBeDefined();
  expect(actual?.length).toBe(expected?.length);
  expect(cosine(actual ?? new Float32Array(), expected ?? new Float32Array())).toBeCloseTo(1, 6);
}

async function loadError(options: EmbedderOptions): Promise<AccordError> {
  const error: unknown = await loadTransformersEmbedder(options).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AccordError);
  return error as AccordError;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}

let tempDir: string;
beforeAll(async () => {
  tempDir = await mkdtemp(join(tmpdir(), 'accord-embedder-'));
});
afterAll(async () => {
  await rm(tempDir, { recursive: true, force: true });
});

describe.each([true, false])('loadTransformersEmbedder on the tiny model (quantized: %s)', (quantized) => {
  let embedder: Embedder;
  beforeAll(async () => {
    embedder = await loadTransformersEmbedder(tinyOptions({ quantized }));
  });

  it('reports the model id and the hidden size as dimensions', () => {
    expect(embedder.modelId).toBe(TINY_MODEL_ID);
    expect(embedder.dimensions).toBe(TINY_MODEL_DIMENSIONS);
  });

  it('returns one unit-length vector per text', async () => {
    const vectors = await embedder.embed(TEXTS);
    expect(vectors).toHaveLength(TEXTS.length);
    for (const vector of vectors) {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector).toHaveLength(TINY_MODEL_DIMENSIONS);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    }
  });

  it('gives the same text the same vector and different texts different vectors', async () => {
    const [first, again] = await embedder.embed([TEXTS[0] ?? '', TEXTS[0] ?? '']);
    expect(first).toEqual(again);
    const vectors = await embedder.embed(TEXTS);
    for (let i = 0; i < vectors.length; i++) {
      for (let j = i + 1; j < vectors.length; j++) {
        expect(cosine(vectors[i] ?? new Float32Array(), vectors[j] ?? new Float32Array())).toBeLessThan(0.95);
      }
    }
  });

  it('returns batched vectors in input order, equal to one-at-a-time vectors', async () => {
    const batched = await embedder.embed(TEXTS);
    const single = await Promise.all(TEXTS.map(async (text) => (await embedder.embed([text]))[0]));
    TEXTS.forEach((_, i) => expectSameVector(batched[i], single[i]));
  });

  it('returns no vectors for no texts', async () => {
    expect(await embedder.embed([])).toEqual([]);
  });

  it('embeds empty and whitespace-only texts to one shared unit vector', async () => {
    const [empty, blank] = await embedder.embed(['', '   ']);
    expect(Math.hypot(...(empty ?? []))).toBeCloseTo(1, 5);
    expect(blank).toEqual(empty);
  });

  it('truncates texts longer than model_max_length instead of failing', async () => {
    const prefix = Array.from({ length: TINY_MODEL_MAX_TOKENS + 10 }, (_, i) => TEXTS[i % TEXTS.length]).join(' ');
    const [a, b, tail] = await embedder.embed([`${prefix} poland poland`, `${prefix} budget nato`, 'budget nato']);
    expect(a).toEqual(b);
    expect(cosine(a ?? new Float32Array(), tail ?? new Float32Array())).toBeLessThan(0.95);
  });
});

describe('loadTransformersEmbedder load failures', () => {
  it('names the local path and the fixes when the model is missing and downloads are off', async () => {
    const started = Date.now();
    const error = await loadError(tinyOptions({ modelId: 'accord/missing-model' }));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error.message).toContain('accord/missing-model');
    expect(error.message).toContain(join(FIXTURE_MODELS_DIR, 'accord/missing-model'));
    expect(error.hint).toContain('config.json, tokenizer.json, tokenizer_config.json, onnx/model_quantized.onnx');
    expect(error.hint).toContain('ALLOW_REMOTE_MODELS=true');
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('suggests EMBEDDING_QUANTIZED=false when only model.onnx is present', async () => {
    const modelsDir = join(tempDir, 'fp32-only');
    await cp(join(FIXTURE_MODELS_DIR, TINY_MODEL_ID), join(modelsDir, TINY_MODEL_ID), { recursive: true });
    await rm(join(modelsDir, TINY_MODEL_ID, 'onnx/model_quantized.onnx'));
    const error = await loadError(tinyOptions({ modelsDir }));
    expect(error.message).toContain('model_quantized.onnx');
    expect(error.hint).toContain('EMBEDDING_QUANTIZED=false');
  });

  it('rejects a corrupt model.onnx with an AccordError naming the file', async () => {
    const modelsDir = join(tempDir, 'corrupt');
    await cp(join(FIXTURE_MODELS_DIR, TINY_MODEL_ID), join(modelsDir, TINY_MODEL_ID), { recursive: true });
    const onnxPath = join(modelsDir, TINY_MODEL_ID, 'onnx/model.onnx');
    await writeFile(onnxPath, 'this is not a protobuf');
    // transformers.js logs onnxruntime's own error before retrying on wasm; keep the test output quiet.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const error = await loadError(tinyOptions({ modelsDir, quantized: false }));
      expect(error.message).toContain(onnxPath);
      expect(error.cause).toBeDefined();
    } finally {
      warn.mockRestore();
    }
  });
});

describe.skipIf(!existsSync('/proc/self/task'))('onnxruntime intra-op threads (Linux: counts the process threads)', () => {
  /** Loads the tiny model in a fresh process, where no other session has started threads. */
  async function loadInChild(threads: string): Promise<{ intraOpThreads: number | null; threadsAdded: number; vector: number[] }> {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'tests/integration/fixtures/count-onnx-threads.ts', threads]);
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as { intraOpThreads: number | null; threadsAdded: number; vector: number[] };
  }

  it('reach the session: n threads give onnxruntime a pool of n (n − 1 new threads), with the same vectors', async () => {
    const [one, three, library] = await Promise.all([loadInChild('1'), loadInChild('3'), loadInChild('default')]);
    expect(one).toMatchObject({ intraOpThreads: 1, threadsAdded: 0 });
    expect(three).toMatchObject({ intraOpThreads: 3, threadsAdded: 2 });
    expect(library.intraOpThreads).toBeNull();
    for (const { vector } of [one, three]) {
      expect(vector).toHaveLength(library.vector.length);
      vector.forEach((value, i) => expect(value).toBeCloseTo(library.vector[i] ?? Number.NaN, 6));
    }
  }, 60_000);
});

describe('the committed tiny model fixture', () => {
  it('is byte-identical to what scripts/make-tiny-model.ts generates', async () => {
    const committed = join(FIXTURE_MODELS_DIR, TINY_MODEL_ID);
    const generated = await writeTinyModel(join(tempDir, 'regenerated'));
    const files = await listFiles(generated);
    expect(await listFiles(committed)).toEqual(files);
    for (const file of files) {
      const same = (await readFile(join(committed, file))).equals(await readFile(join(generated, file)));
      expect(same, `${file} differs: run npm run make-tiny-model`).toBe(true);
    }
  });
});

// Shared benchmark model: all-MiniLM-L6-v2's architecture with random weights, fp32 model.onnx only (90 MB).
const SHARED_MODELS_DIR = resolve(process.cwd(), '../shared/models/bench');
const SHARED_MODEL_ID = 'minilm-l6-random-weights';

describe.skipIf(!existsSync(join(SHARED_MODELS_DIR, SHARED_MODEL_ID)))('loadTransformersEmbedder on MiniLM-L6', () => {
  it('loads the 384-dimension model and truncates a text longer than 512 tokens', async () => {
    const embedder = await loadTransformersEmbedder({
      modelId: SHARED_MODEL_ID, modelsDir: SHARED_MODELS_DIR, allowRemote: false, quantized: false, batchSize: 8,
    });
    expect(embedder.dimensions).toBe(384);
    const vectors = await embedder.embed(['NATO training center in Poland', 'Poland trains drone operators. '.repeat(200)]);
    expect(vectors.map((v) => v.length)).toEqual([384, 384]);
    for (const vector of vectors) expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
  });
});
