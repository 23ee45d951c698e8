import { parentPort, workerData } from 'node:worker_threads';
import { type HnswParams, VectorIndex } from '../../src/retrieval/vector-index.js';
import { elapsedMs, nowNs, threadCpuTimeMs } from './timer.js';

/** Build vectors [start, end) of `data` (labels = row numbers) into an index saved at `file`. */
export interface BuildJob {
  readonly data: Float32Array;
  readonly dims: number;
  readonly start: number;
  readonly end: number;
  readonly params: HnswParams;
  readonly file: string;
}

export interface BuildReply {
  readonly buildMs: number;
  /** This worker thread's CPU time for the build: what the build costs when no other process competes. */
  readonly buildCpuMs: number;
  readonly saveMs: number;
}

// Worker entry: an hnswlib index lives in one thread, so each worker builds and saves its own.
const job = workerData as BuildJob;
const start = nowNs();
const cpuStart = threadCpuTimeMs();
const index = VectorIndex.create(job.dims, job.end - job.start, job.params);
for (let i = job.start; i < job.end; i++) index.add(job.data.subarray(i * job.dims, (i + 1) * job.dims), i);
const buildMs = elapsedMs(start);
const buildCpuMs = threadCpuTimeMs() - cpuStart;
const saveStart = nowNs();
await index.save(job.file);
parentPort?.postMessage({ buildMs, buildCpuMs, saveMs: elapsedMs(saveStart) } satisfies BuildReply);
