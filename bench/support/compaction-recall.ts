import { VectorIndex } from '../../src/retrieval/vector-index.js';
import { exactKnnRange } from '../lib/exact-knn.js';
import { summarize } from '../lib/percentiles.js';
import { createClusterMixture, sampleMixture } from '../lib/synthetic-vectors.js';

export interface CompactionPoint {
  readonly share: number;
  readonly recall: number;
  readonly searchP50Ms: number;
}

const DIMS = 384;
const K = 10;

/**
 * Recall@10 of an HNSW graph (the project's defaults: M 16, efConstruction 200, efSearch 128) as a growing share
 * of its points is replaced the way an incremental reindex does it: old points marked deleted, new ones added.
 * The basis for COMPACT_DELETED_SHARE in src/index/place-vectors.ts.
 */
export function measureCompaction(count: number, shares: readonly number[]): CompactionPoint[] {
  const mixture = createClusterMixture(DIMS, 64, 11);
  const base = sampleMixture(mixture, count, 12);
  const fresh = sampleMixture(mixture, Math.ceil(count * Math.max(...shares)), 13);
  const queries = sampleMixture(mixture, 200, 14);
  const graph = VectorIndex.create(DIMS, count, { m: 16, efConstruction: 200, efSearch: 128 });
  for (let i = 0; i < count; i++) graph.add(base.subarray(i * DIMS, (i + 1) * DIMS), i);
  const vectorOf = (label: number) => (label < count ? base.subarray(label * DIMS, (label + 1) * DIMS) : fresh.subarray((label - count) * DIMS, (label - count + 1) * DIMS));
  let replaced = 0;
  const points: CompactionPoint[] = [];
  for (const share of shares) {
    const target = Math.round(share * count);
    for (; replaced < target; replaced++) {
      graph.markDeleted(replaced);
      graph.add(vectorOf(count + replaced), count + replaced);
    }
    const live: number[] = [];
    for (let label = replaced; label < count + replaced; label++) live.push(label);
    const data = new Float32Array(live.length * DIMS);
    live.forEach((label, i) => data.set(vectorOf(label), i * DIMS));
    const exact = exactKnnRange({ data, queries, dims: DIMS, k: K, queryStart: 0, queryEnd: 200 });
    let found = 0;
    const times: number[] = [];
    for (let q = 0; q < 200; q++) {
      const t = performance.now();
      const hits = graph.search(queries.subarray(q * DIMS, (q + 1) * DIMS), K);
      times.push(performance.now() - t);
      const truth = new Set(Array.from(exact.labels.subarray(q * K, (q + 1) * K), (i) => live[i]));
      found += hits.filter((h) => truth.has(h.label)).length;
    }
    points.push({ share, recall: found / (200 * K), searchP50Ms: summarize(times).p50 });
  }
  return points;
}
