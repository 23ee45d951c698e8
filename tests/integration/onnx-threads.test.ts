import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWithThreads } from '../../src/retrieval/onnx-threads.js';
import { TINY_MODEL_ID } from '../../scripts/make-tiny-model.js';

// The onnxruntime-node instance transformers.js uses, as src/retrieval/onnx-threads.ts resolves it.
const ort = createRequire(createRequire(import.meta.url).resolve('@xenova/transformers'))('onnxruntime-node') as typeof import('onnxruntime-node');
const MODEL_FILE = resolve('tests/fixtures/tiny-model', TINY_MODEL_ID, 'onnx/model.onnx');

/** What transformers.js does: a session from the model's bytes, with only the execution providers set. */
async function sessionFromBytes(file = MODEL_FILE) {
  return ort.InferenceSession.create(new Uint8Array(await readFile(file)), { executionProviders: ['cpu', 'wasm'] });
}

describe('loadWithThreads', () => {
  it('creates the session from the model file when the bytes are that file, and restores session creation after', async () => {
    const original = ort.InferenceSession.create;
    const { result: session, applied } = await loadWithThreads(1, MODEL_FILE, () => sessionFromBytes());
    expect(applied).toBe(true);
    expect(session.inputNames).toContain('input_ids');
    expect(ort.InferenceSession.create).toBe(original);
  });

  it('falls back to the bytes, and says so, when the model file is not where it was expected', async () => {
    const { result: session, applied } = await loadWithThreads(1, join(resolve('tests/fixtures/tiny-model'), 'missing/model.onnx'), () => sessionFromBytes());
    expect(applied).toBe(false);
    expect(session.outputNames).toContain('last_hidden_state');
  });

  it('runs a load without a thread count after a threaded one, never while session creation is redirected', async () => {
    const original = ort.InferenceSession.create;
    let releaseFirst = () => {};
    const firstMayFinish = new Promise<void>((r) => (releaseFirst = r));
    const first = loadWithThreads(1, MODEL_FILE, async () => {
      const session = await sessionFromBytes();
      await firstMayFinish;
      return session;
    });
    let patchedDuringSecond: boolean | undefined;
    const second = loadWithThreads(undefined, MODEL_FILE, async () => {
      patchedDuringSecond = ort.InferenceSession.create !== original;
      return sessionFromBytes();
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(patchedDuringSecond).toBeUndefined();
    releaseFirst();
    expect((await first).applied).toBe(true);
    expect((await second).applied).toBe(false);
    expect(patchedDuringSecond).toBe(false);
  });

  it('passes a failed load’s error to its caller and still runs the next load', async () => {
    await expect(loadWithThreads(1, MODEL_FILE, () => Promise.reject(new Error('corrupt model')))).rejects.toThrow('corrupt model');
    expect((await loadWithThreads(1, MODEL_FILE, () => sessionFromBytes())).applied).toBe(true);
  });
});
