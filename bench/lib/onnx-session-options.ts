import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { InferenceSession } from 'onnxruntime-node';

// The same CommonJS instance transformers.js imports, so patching it here reaches its sessions.
const ort = createRequire(import.meta.url)('onnxruntime-node') as typeof import('onnxruntime-node');

/**
 * transformers.js 2.17 creates onnxruntime-node sessions with `{ executionProviders }` only (src/models.js,
 * constructSession), so no thread setting reaches onnxruntime and its intra-op pool defaults to one thread per
 * physical core. To measure other settings, this adds `extra` to every session created while `fn` runs.
 * Benchmark only: the product keeps the library's own session creation.
 */
export async function withSessionOptions<T>(extra: InferenceSession.SessionOptions, fn: () => Promise<T>): Promise<T> {
  const factory = ort.InferenceSession;
  const original = factory.create;
  const patched = (buffer: Uint8Array, options?: InferenceSession.SessionOptions) =>
    original.call(factory, buffer, { ...options, ...extra });
  factory.create = patched as typeof factory.create;
  try {
    return await fn();
  } finally {
    factory.create = original;
  }
}

/** Threads in this process (Linux `/proc/self/task`); undefined elsewhere. */
export function countThreads(): number | undefined {
  try {
    return readdirSync('/proc/self/task').length;
  } catch {
    return undefined;
  }
}
