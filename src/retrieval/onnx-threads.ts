/**
 * Sets onnxruntime's intra-op thread count for the sessions transformers.js creates.
 *
 * transformers.js 2.17 creates its onnxruntime-node sessions with `{ executionProviders }` only, from the model's
 * bytes, and onnxruntime-node 1.14 reads session options only when the model is given as a file path: for bytes it
 * ignores them (an invalid `intraOpNumThreads` passes silently there, and fails for a path; checked here, no upstream
 * issue found). So a thread count can reach the session only by creating it from the model file. While a load runs,
 * `loadWithThreads` does that: a session request for `modelFile`'s bytes is served from `modelFile` itself, with
 * the thread count added. Anything else (other files, the library's wasm retry) passes through unchanged.
 *
 * This is the one module besides the embedder that touches onnxruntime, and only to wrap session creation.
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

export interface ThreadedLoad<T> {
  readonly result: T;
  /** Whether the session was created from `modelFile` with the thread count; false: onnxruntime's default applies. */
  readonly applied: boolean;
}

/**
 * Model loads of this process, one at a time: the patch is process-wide while a load runs, so a load that asks for
 * no thread count must not overlap one that does, or its session would get that count too.
 */
let loads: Promise<unknown> = Promise.resolve();

/** Runs `load` after every earlier load has settled; with `threads`, its session for `modelFile` gets that many. */
export function loadWithThreads<T>(threads: number | undefined, modelFile: string, load: () => Promise<T>): Promise<ThreadedLoad<T>> {
  const run = loads.then(() => (threads === undefined ? load().then((result) => ({ result, applied: false })) : patchedLoad(threads, modelFile, load)));
  loads = run.catch(() => undefined);
  return run;
}

async function patchedLoad<T>(threads: number, modelFile: string, load: () => Promise<T>): Promise<ThreadedLoad<T>> {
  const factory = transformersOrt().InferenceSession;
  const original = factory.create;
  const createOriginal = original.bind(factory) as CreateSession;
  let applied = false;
  const create = async (model: unknown, options?: InferenceSession.SessionOptions) => {
    if (model instanceof Uint8Array && options?.executionProviders?.includes('cpu') && sameSize(modelFile, model.byteLength)) {
      const session = await createOriginal(modelFile, { ...options, executionProviders: ['cpu'], intraOpNumThreads: threads });
      applied = true;
      return session;
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

/**
 * The bytes transformers.js read are this file's: same size (it read them from there, or just cached them there).
 * Comparing the bytes themselves would mean reading a second copy of the model into memory.
 */
function sameSize(file: string, byteLength: number): boolean {
  try {
    return statSync(file).size === byteLength;
  } catch {
    return false;
  }
}
