import { stat } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { type HnswParams, VectorIndex } from '../src/retrieval/vector-index.js';
import type { BenchContext, Benchmark } from './lib/benchmark.js';
import { exactKnn, type KnnResult } from './lib/exact-knn.js';
import { measureConversion } from './lib/hnsw-conversion.js';
import { measureLoadInChild, measureSearch, type SearchFigures } from './lib/hnsw-measure.js';
import { buildInWorkers } from './lib/hnsw-workers.js';
import { mib, startRssSampler } from './lib/rss-sampler.js';
import { createClusterMixture, sampleMixture, sharedFloat32 } from './lib/synthetic-vectors.js';
import { elapsedMs, nowNs, threadCpuTimeMs, timeAsync } from './lib/timer.js';

const DIMS = 384;
const K = 10;
/** Timed passes over the queries per ef: p99 then rests on 3 × queries samples. */
const SEARCH_PASSES = 3;

interface Scale {
  readonly vectors: number;
  readonly queries: number;
  readonly builds: readonly Pick<HnswParams, 'm' | 'efConstruction'>[];
  readonly efs: readonly number[];
  /** Worker experiments: 1 = build off the main thread, 2 = two shards in parallel. */
  readonly workerParts: readonly number[];
  readonly target: { readonly recall: number; readonly p99Ms: number };
}

function chooseScale(ctx: BenchContext): Scale {
  if (ctx.large) {
    return {
      vectors: 1_000_000,
      queries: 100,
      builds: [{ m: 16, efConstruction: 100 }, { m: 16, efConstruction: 200 }],
      efs: [64, 128, 256, 512],
      workerParts: [2],
      target: { recall: 0.95, p99Ms: 10 },
    };
  }
  if (ctx.quick) {
    const builds = [{ m: 16, efConstruction: 200 }];
    return { vectors: 20_000, queries: 200, builds, efs: [32, 64, 128], workerParts: [2], target: { recall: 0.98, p99Ms: 3 } };
  }
  return {
    vectors: 100_000,
    queries: 400,
    // Kept to what the defaults need, so the whole suite stays under 15 minutes: M = 24 and the one-worker build
    // were measured once (README) and gained nothing at this scale.
    builds: [100, 200].map((efConstruction) => ({ m: 16, efConstruction })),
    efs: [32, 64, 128, 256],
    workerParts: [2],
    target: { recall: 0.98, p99Ms: 3 },
  };
}

interface BuildFigures {
  readonly m: number;
  readonly efConstruction: number;
  readonly buildS: number;
  /** Main-thread CPU time of the build: unlike wall time, barely moved by other processes competing for the cores. */
  readonly buildCpuS: number;
  /** CPU µs per insert (from buildCpuS). */
  readonly insertUs: number;
  readonly fileMiB: number;
  /** The whole process's peak RSS while building (vectors, ground truth and earlier indexes included). */
  readonly processPeakRssMiB: number;
  readonly loadMs: number;
  readonly loadRssMiB: number;
  readonly search: readonly (SearchFigures & { ef: number })[];
}

interface Dataset {
  readonly data: Float32Array;
  readonly queries: Float32Array;
  readonly truth: KnnResult;
}

const labelsOf = (hits: readonly { label: number }[]) => hits.map((h) => h.label);

/** Builds on the main thread, saves, loads in a fresh process, and searches at every ef. */
async function measureBuild(ctx: BenchContext, { data, queries, truth }: Dataset, params: HnswParams, efs: readonly number[]): Promise<BuildFigures> {
  const count = data.length / DIMS;
  const sampler = startRssSampler();
  const cpuStart = threadCpuTimeMs();
  const start = nowNs();
  const index = VectorIndex.create(DIMS, count, params);
  for (let i = 0; i < count; i++) {
    index.add(data.subarray(i * DIMS, (i + 1) * DIMS), i);
    if (i % 2000 === 0) sampler.sample();
  }
  const buildMs = elapsedMs(start);
  const buildCpuS = (threadCpuTimeMs() - cpuStart) / 1000;
  const memory = sampler.stop();
  const file = path.join(ctx.tmpDir, `m${params.m}-efc${params.efConstruction}.hnsw`);
  await index.save(file);
  const load = await measureLoadInChild(file, DIMS);
  const search = efs.map((ef) => {
    index.setEfSearch(ef);
    return { ef, ...measureSearch((q) => labelsOf(index.search(q, K)), queries, DIMS, truth, SEARCH_PASSES) };
  });
  return {
    m: params.m,
    efConstruction: params.efConstruction,
    buildS: buildMs / 1000,
    buildCpuS,
    insertUs: (buildCpuS * 1e6) / count,
    fileMiB: mib((await stat(file)).size),
    processPeakRssMiB: mib(memory.peakRssBytes),
    loadMs: load.loadMs,
    loadRssMiB: mib(load.rssAfterBytes - load.rssBeforeBytes),
    search,
  };
}

/** Searches every shard for k and keeps the k most similar overall. */
function searchShards(shards: readonly VectorIndex[], query: Float32Array): number[] {
  const hits = shards.flatMap((shard) => shard.search(query, K));
  return labelsOf(hits.sort((a, b) => b.similarity - a.similarity).slice(0, K));
}

/** What converting each Float32Array for hnswlib-node costs, against an insert and a search at the current defaults. */
function reportConversion(ctx: BenchContext, data: Float32Array, reference: BuildFigures | undefined, defaults: HnswParams) {
  const conversion = measureConversion(data.subarray(0, Math.min(data.length / DIMS, 20_000) * DIMS), DIMS);
  const insertUs = reference?.insertUs ?? Number.NaN;
  const searchUs = (reference?.search.find((s) => s.ef === defaults.efSearch)?.p50Ms ?? Number.NaN) * 1000;
  const steps: [string, number][] = [
    ['Array.from(Float32Array) (wrapper before)', conversion.arrayFromUs],
    ['indexed copy to number[] (wrapper now)', conversion.indexedCopyUs],
    ['VectorIndex.add floor (M=2, efC=2)', conversion.addFloorUs],
  ];
  ctx.table(
    `hnsw: per-vector conversion for hnswlib-node, vs insert (${insertUs.toFixed(0)} µs) and search p50 (${searchUs.toFixed(0)} µs) at M=${defaults.m} efC=${defaults.efConstruction} ef=${defaults.efSearch}`,
    [{ header: 'step' }, { header: 'µs/vector', digits: 2 }, { header: '% of insert' }, { header: '% of search p50' }],
    steps.map(([step, us]) => [step, us, (us / insertUs) * 100, (us / searchUs) * 100]),
  );
  return { ...conversion, insertUs, searchP50Us: searchUs };
}

/**
 * Off the main thread: one worker (the same work, the event loop stays free) and two shards built in parallel
 * (one per core; a search must then query both and merge). Ratios are to the main-thread build at the same settings.
 */
async function reportWorkerBuilds(ctx: BenchContext, scale: Scale, set: Dataset, reference: BuildFigures | undefined, params: HnswParams) {
  const rows: (string | number)[][] = [];
  const results: Record<string, unknown>[] = [];
  for (const parts of scale.workerParts) {
    ctx.log(`building M=${params.m} efConstruction=${params.efConstruction} in ${parts} worker(s)…`);
    const built = await buildInWorkers(set.data, DIMS, params, parts, ctx.tmpDir);
    const shards = await Promise.all(built.files.map((file) => VectorIndex.load(file, DIMS, params.efSearch)));
    const search = scale.efs.map((ef) => {
      shards.forEach((shard) => shard.setEfSearch(ef));
      return { ef, ...measureSearch((q) => searchShards(shards, q), set.queries, DIMS, set.truth, SEARCH_PASSES) };
    });
    const wallS = built.wallMs / 1000;
    const ratio = wallS / (reference?.buildS ?? Number.NaN);
    // The slowest worker's own CPU time: the wall time this split would take with its cores to itself.
    const maxCpuS = Math.max(...built.replies.map((r) => r.buildCpuMs)) / 1000;
    const cpuRatio = maxCpuS / (reference?.buildCpuS ?? Number.NaN);
    const label = parts === 1 ? '1 worker' : `${parts} workers, ${parts} shards`;
    for (const s of search) rows.push([label, wallS, ratio, maxCpuS, cpuRatio, built.maxEventLoopDelayMs, s.ef, s.recallAt10, s.p50Ms, s.p99Ms]);
    results.push({ parts, wallS, ratioToMainThreadBuild: ratio, maxWorkerCpuS: maxCpuS, cpuRatioToMainThreadBuild: cpuRatio, maxEventLoopDelayMs: built.maxEventLoopDelayMs, search });
  }
  ctx.table(
    `hnsw: build in worker threads, M=${params.m} efC=${params.efConstruction} (wall time incl. worker start and save; main-thread build: ${reference?.buildS.toFixed(1) ?? '?'} s wall, ${reference?.buildCpuS.toFixed(1) ?? '?'} s CPU, event loop blocked throughout)`,
    [{ header: 'setup' }, { header: 'wall s' }, { header: 'vs main', digits: 2 }, { header: 'max worker CPU s' }, { header: 'vs main CPU', digits: 2 }, { header: 'loop stall ms', digits: 0 }, { header: 'ef', digits: 0 }, { header: 'recall@10', digits: 4 }, { header: 'p50 ms', digits: 3 }, { header: 'p99 ms', digits: 3 }],
    rows,
  );
  return results;
}

async function run(ctx: BenchContext) {
  const scale = chooseScale(ctx);
  const defaults = loadConfig({}, ctx.projectRoot).hnsw;
  const clusters = Math.round(scale.vectors / 100);

  const { result: generated, ms: generateMs } = await timeAsync(async () => {
    const mixture = createClusterMixture(DIMS, clusters, 1);
    return {
      data: sampleMixture(mixture, scale.vectors, 2, sharedFloat32(scale.vectors * DIMS)),
      queries: sampleMixture(mixture, scale.queries, 3, sharedFloat32(scale.queries * DIMS)),
    };
  });
  const { data, queries } = generated;
  const { result: truth, ms: truthMs } = await timeAsync(() => exactKnn(data, queries, DIMS, K));
  const meanSimilarity = (rank: number) =>
    Array.from({ length: scale.queries }, (_, q) => truth.similarities[q * K + rank] ?? 0).reduce((a, b) => a + b, 0) / scale.queries;
  ctx.log(
    `${scale.vectors.toLocaleString('en-US')} vectors (${DIMS} dims, ${clusters} clusters) and ${scale.queries} held-out queries ` +
      `in ${(generateMs / 1000).toFixed(1)} s; exact top-${K} by brute force in ${(truthMs / 1000).toFixed(1)} s; ` +
      `mean similarity of the exact 1st / 10th neighbour: ${meanSimilarity(0).toFixed(3)} / ${meanSimilarity(K - 1).toFixed(3)}`,
  );

  const set: Dataset = { data, queries, truth };
  const builds: BuildFigures[] = [];
  for (const params of scale.builds) {
    ctx.log(`building M=${params.m} efConstruction=${params.efConstruction}…`);
    builds.push(await measureBuild(ctx, set, { ...params, efSearch: defaults.efSearch }, scale.efs));
  }
  ctx.table(
    `hnsw: build on the main thread, ${scale.vectors.toLocaleString('en-US')} vectors (load in a fresh process)`,
    [{ header: 'M', digits: 0 }, { header: 'efC', digits: 0 }, { header: 'build s' }, { header: 'CPU s' }, { header: 'CPU µs/insert', digits: 0 }, { header: 'file MiB' }, { header: 'process peak RSS MiB', digits: 0 }, { header: 'load ms' }, { header: 'load RSS +MiB', digits: 0 }],
    builds.map((b) => [b.m, b.efConstruction, b.buildS, b.buildCpuS, b.insertUs, b.fileMiB, b.processPeakRssMiB, b.loadMs, b.loadRssMiB]),
  );
  const meets = (s: SearchFigures) => s.recallAt10 >= scale.target.recall && s.p99Ms <= scale.target.p99Ms;
  ctx.table(
    `hnsw: search k=${K}, ${scale.queries} queries × ${SEARCH_PASSES} passes (target: recall@10 ≥ ${scale.target.recall}, p99 ≤ ${scale.target.p99Ms} ms)`,
    [{ header: 'M', digits: 0 }, { header: 'efC', digits: 0 }, { header: 'ef', digits: 0 }, { header: 'recall@10', digits: 4 }, { header: 'p50 ms', digits: 3 }, { header: 'p99 ms', digits: 3 }, { header: 'meets' }],
    builds.flatMap((b) => b.search.map((s) => [b.m, b.efConstruction, s.ef, s.recallAt10, s.p50Ms, s.p99Ms, meets(s) ? 'yes' : 'no'])),
  );

  const reference = builds.find((b) => b.m === defaults.m && b.efConstruction === defaults.efConstruction);
  const conversion = reportConversion(ctx, data, reference, defaults);
  const workers = await reportWorkerBuilds(ctx, scale, set, reference, defaults);

  return {
    vectors: scale.vectors,
    dims: DIMS,
    clusters,
    queries: scale.queries,
    exactTop1Similarity: meanSimilarity(0),
    exactTop10Similarity: meanSimilarity(K - 1),
    groundTruthS: truthMs / 1000,
    target: scale.target,
    currentDefaults: defaults,
    builds,
    conversion,
    workers,
  };
}

export const hnswBenchmark: Benchmark = {
  name: 'hnsw',
  description: 'HNSW on synthetic clustered vectors: build, size, load, memory, search latency and recall@10',
  needsShared: [],
  run,
};
