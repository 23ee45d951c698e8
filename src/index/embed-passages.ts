import type { Embedder } from '../retrieval/embedder.js';
import type { StoredPassage } from './index-store.js';

/** Vectors of an earlier version, reused for passages whose embed key is unchanged. */
export interface VectorCache {
  readonly passages: readonly StoredPassage[];
  readonly vectors: Float32Array;
}

export interface EmbeddedPassages {
  /** Row-major, one row per passage. */
  readonly vectors: Float32Array;
  /** Labels of the passages whose vectors were computed now (the rest came from the cache). */
  readonly embeddedLabels: readonly number[];
  readonly embedMs: number;
}

/**
 * One vector per passage: from the cache when its embed key is there, otherwise embedded in batches.
 * `onBatch` is awaited after each batch with the labels it filled (a caller may insert them in a graph).
 */
export async function embedPassages(
  embedder: Embedder,
  passages: readonly StoredPassage[],
  texts: readonly string[],
  cache: VectorCache | null,
  batchSize: number,
  onBatch: (labels: readonly number[], done: number, total: number) => Promise<void>,
): Promise<EmbeddedPassages> {
  const dims = embedder.dimensions;
  const vectors = new Float32Array(passages.length * dims);
  const cached = new Map<string, number>();
  cache?.passages.forEach((p, label) => cached.set(p.embedKey, label));
  const todo: number[] = [];
  passages.forEach((p, label) => {
    const from = cached.get(p.embedKey);
    if (from !== undefined && cache) vectors.set(cache.vectors.subarray(from * dims, (from + 1) * dims), label * dims);
    else todo.push(label);
  });
  // Batches of similar length: a batch is padded to its longest text, and on this model padding is pure waste
  // (half the compute of length-mixed batches of 32, measured with npm run bench -- embed).
  todo.sort((a, b) => (texts[a]?.length ?? 0) - (texts[b]?.length ?? 0));
  let embedMs = 0;
  await onBatch([], 0, todo.length);
  for (let i = 0; i < todo.length; i += batchSize) {
    const batch = todo.slice(i, i + batchSize);
    const started = performance.now();
    const output = await embedder.embed(batch.map((label) => texts[label] ?? ''));
    embedMs += performance.now() - started;
    batch.forEach((label, j) => {
      const v = output[j];
      if (!v || v.length !== dims) throw new Error(`embedder returned ${v?.length ?? 'no'} values for passage ${label}, expected ${dims}`);
      vectors.set(v, label * dims);
    });
    await onBatch(batch, Math.min(todo.length, i + batch.length), todo.length);
  }
  return { vectors, embeddedLabels: todo, embedMs };
}
