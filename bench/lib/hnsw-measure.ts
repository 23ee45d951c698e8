import { fork } from 'node:child_process';
import type { KnnResult } from './exact-knn.js';
import type { LoadReply } from './hnsw-load-child.js';
import { summarize } from './percentiles.js';
import { elapsedMs, nowNs } from './timer.js';

export interface SearchFigures {
  readonly recallAt10: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
}

/**
 * Times `search` on every query in each of `passes` passes (after a warm-up over the first 50), so p99 rests on
 * more samples, and scores recall@k on the first pass: the share of the exact top-k labels returned.
 */
export function measureSearch(
  search: (query: Float32Array) => readonly number[],
  queries: Float32Array,
  dims: number,
  truth: KnnResult,
  passes: number,
): SearchFigures {
  const count = queries.length / dims;
  const query = (q: number) => queries.subarray(q * dims, (q + 1) * dims);
  for (let q = 0; q < Math.min(50, count); q++) search(query(q));
  const latencies: number[] = [];
  let found = 0;
  for (let pass = 0; pass < passes; pass++) {
    for (let q = 0; q < count; q++) {
      const start = nowNs();
      const labels = search(query(q));
      latencies.push(elapsedMs(start));
      if (pass > 0) continue;
      const exact = new Set(truth.labels.subarray(q * truth.k, (q + 1) * truth.k));
      found += labels.filter((label) => exact.has(label)).length;
    }
  }
  const { p50, p99, mean } = summarize(latencies);
  return { recallAt10: found / (count * truth.k), p50Ms: p50, p99Ms: p99, meanMs: mean };
}

/** Loads `file` in a fresh process (as the bot does at start-up) and reports its load time and RSS growth. */
export function measureLoadInChild(file: string, dims: number): Promise<LoadReply> {
  const child = fork(new URL('./hnsw-load-child.ts', import.meta.url), [file, String(dims)]);
  return new Promise((resolve, reject) => {
    child.once('message', (reply) => resolve(reply as LoadReply));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`index load child exited with code ${code} before replying`)));
  });
}
