/**
 * Sets onnxruntime's intra-op thread count for the sessions transformers.js creates.
 *
 * transformers.js 2.17 creates its onnxruntime-node sessions with `{ executionProviders }` only, from the model's
 * bytes, and onnxruntime-node 1.14 reads session options only when the model is given as a file path: for bytes it
 * ignores them (an invalid `intraOpNumThreads` passes silently there, and fails for a path). So a thread count can
 * reach the session only by creating it from the model file. While `load` runs, `withIntraOpThreads` does that:
 * a session request for `modelFile`'s bytes is served from `modelFile` itself, with the thread count added.
 * Anything else (other files, the library's wasm retry) passes through unchanged.
 */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { InferenceSession } from 'onnxruntime-node';

type Ort = typeof import('onnxruntime-node');
type CreateSession = (model: string | Uint8Array, options?: InferenceSession.SessionOptions) => Promise<InferenceSession>;

/** The onnxruntime-node instance transformers.js itself loads: resolved from its folder, not this project's. */
function transformersOrt(): Ort {
  const transformersEntry = createRequire(import.meta.url).resolve('@xenova/transformers');
  return createRequire(transformersEntry)('onnxruntime-node') as Ort;
}

/** One patch at a time: loads that overlap wait for each other. */
let queue: Promise<unknown> = Promise.resolve();

export interface ThreadedLoad<T> {
  readonly result: T;
  /** Whether a session was created from `modelFile` with the thread count; false: onnxruntime's default applies. */
  readonly applied: boolean;
}

export function withIntraOpThreads<T>(threads: number, modelFile: string, load: () => Promise<T>): Promise<ThreadedLoad<T>> {
  const run = queue.then(() => patchedLoad(threads, modelFile, load));
  queue = run.catch(() => undefined);
  return run;
}

async function patchedLoad<T>(threads: number, modelFile: string, load: () => Promise<T>): Promise<ThreadedLoad<T>> {
  const factory = transformersOrt().InferenceSession;
  const original = factory.create;
  const createOriginal = original.bind(factory) as CreateSession;
  let applied = false;
  const create = (model: unknown, options?: InferenceSession.SessionOptions) => {
    if (model instanceof Uint8Array && options?.executionProviders?.includes('cpu') && sameSize(modelFile, model.byteLength)) {
      applied = true;
      return createOriginal(modelFile, { ...options, executionProviders: ['cpu'], intraOpNumThreads: threads });
    }
    return createOriginal(model as Uint8Array, options);
  };
  factory.create = create as typeof factory.create;
  try {
    return { result: await load(), applied };
  } finally {
    factory.create = original;
  }
}

/** The bytes transformers.js read are this file's: same size (it read them from there, or just cached them there). */
function sameSize(file: string, byteLength: number): boolean {
  try {
    return statSync(file).size === byteLength;
  } catch {
    return false;
  }
}
