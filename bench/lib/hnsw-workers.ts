import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { HnswParams } from '../../src/retrieval/vector-index.js';
import type { BuildJob, BuildReply } from './hnsw-build-worker.js';
import { runWorker } from './run-worker.js';
import { elapsedMs, nowNs } from './timer.js';

export interface WorkerBuild {
  /** Wall time until every worker had built and saved its part. */
  readonly wallMs: number;
  /** The longest the main thread's event loop stalled meanwhile: what a bot would feel. */
  readonly maxEventLoopDelayMs: number;
  readonly files: readonly string[];
  readonly replies: readonly BuildReply[];
}

/**
 * Builds `data` (on shared memory, `count × dims`) as `parts` separate indexes, one worker each, in parallel.
 * One part moves the build off the main thread; several are shards that a search must query and merge,
 * since one hnswlib index cannot be shared between JavaScript threads.
 */
export async function buildInWorkers(data: Float32Array, dims: number, params: HnswParams, parts: number, dir: string): Promise<WorkerBuild> {
  const count = data.length / dims;
  const bounds = Array.from({ length: parts + 1 }, (_, i) => Math.round((i * count) / parts));
  const files = bounds.slice(0, -1).map((_, i) => path.join(dir, `worker-${parts}-${i}.hnsw`));
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const start = nowNs();
  const replies = await Promise.all(
    files.map((file, i) =>
      runWorker<BuildReply>(new URL('./hnsw-build-worker.ts', import.meta.url), {
        data, dims, start: bounds[i] ?? 0, end: bounds[i + 1] ?? count, params, file,
      } satisfies BuildJob),
    ),
  );
  const wallMs = elapsedMs(start);
  loop.disable();
  return { wallMs, maxEventLoopDelayMs: loop.max / 1e6, files, replies };
}
