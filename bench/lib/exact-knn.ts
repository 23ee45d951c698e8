import { availableParallelism } from 'node:os';
import { runWorker } from './run-worker.js';

/** Exact top-k by dot product (= cosine for unit vectors): `labels[q·k + j]` is query q's j-th best, best first. */
export interface KnnResult {
  readonly k: number;
  readonly labels: Int32Array;
  readonly similarities: Float32Array;
}

export interface ExactKnnJob {
  readonly data: Float32Array;
  readonly queries: Float32Array;
  readonly dims: number;
  readonly k: number;
  readonly queryStart: number;
  readonly queryEnd: number;
}

/** Inserts (sim, label) into a descending top-k list at `base` if it beats the last entry. */
function offer(sims: Float32Array, labels: Int32Array, base: number, k: number, sim: number, label: number): void {
  if (sim <= (sims[base + k - 1] ?? Infinity)) return;
  let j = k - 1;
  while (j > 0 && sim > (sims[base + j - 1] ?? Infinity)) {
    sims[base + j] = sims[base + j - 1] ?? 0;
    labels[base + j] = labels[base + j - 1] ?? 0;
    j--;
  }
  sims[base + j] = sim;
  labels[base + j] = label;
}

/**
 * Brute force over every vector for queries [queryStart, queryEnd), four queries per pass over the data
 * so each vector is read from memory once per four dot products.
 */
export function exactKnnRange({ data, queries, dims, k, queryStart, queryEnd }: ExactKnnJob): KnnResult {
  const count = data.length / dims;
  const nq = queryEnd - queryStart;
  const labels = new Int32Array(nq * k).fill(-1);
  const similarities = new Float32Array(nq * k).fill(-Infinity);
  for (let q0 = 0; q0 < nq; q0 += 4) {
    const rows = [0, 1, 2, 3].map((i) => Math.min(q0 + i, nq - 1));
    const [o0, o1, o2, o3] = rows.map((r) => (queryStart + r) * dims) as [number, number, number, number];
    for (let v = 0; v < count; v++) {
      const off = v * dims;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let d = 0; d < dims; d++) {
        const x = data[off + d] as number;
        s0 += x * (queries[o0 + d] as number);
        s1 += x * (queries[o1 + d] as number);
        s2 += x * (queries[o2 + d] as number);
        s3 += x * (queries[o3 + d] as number);
      }
      offer(similarities, labels, q0 * k, k, s0, v);
      if (q0 + 1 < nq) offer(similarities, labels, (q0 + 1) * k, k, s1, v);
      if (q0 + 2 < nq) offer(similarities, labels, (q0 + 2) * k, k, s2, v);
      if (q0 + 3 < nq) offer(similarities, labels, (q0 + 3) * k, k, s3, v);
    }
  }
  return { k, labels, similarities };
}

/** Exact top-k for every query, split across one worker per core (data and queries should be on shared memory). */
export async function exactKnn(data: Float32Array, queries: Float32Array, dims: number, k: number): Promise<KnnResult> {
  const nq = queries.length / dims;
  const parts = Math.min(availableParallelism(), nq);
  const bounds = Array.from({ length: parts + 1 }, (_, i) => Math.round((i * nq) / parts));
  const results = await Promise.all(
    bounds.slice(0, -1).map((start, i) =>
      runWorker<KnnResult>(new URL('./exact-knn-worker.ts', import.meta.url), {
        data, queries, dims, k, queryStart: start, queryEnd: bounds[i + 1] ?? nq,
      } satisfies ExactKnnJob),
    ),
  );
  const labels = new Int32Array(nq * k);
  const similarities = new Float32Array(nq * k);
  results.forEach((r, i) => {
    labels.set(r.labels, (bounds[i] ?? 0) * k);
    similarities.set(r.similarities, (bounds[i] ?? 0) * k);
  });
  return { k, labels, similarities };
}
