import { availableParallelism } from 'node:os';
import path from 'node:path';
import { env, pipeline } from '@xenova/transformers';
import { loadWithThreads } from '../src/retrieval/onnx-threads.js';
import { loadBbcPassages } from './lib/bbc-passages.js';
import type { BenchContext, Benchmark } from './lib/benchmark.js';
import { interleave, median } from './lib/interleave.js';
import { countThreads } from './lib/count-threads.js';
import { summarize } from './lib/percentiles.js';
import { mib, startRssSampler } from './lib/rss-sampler.js';
import { cpuTimeMs, elapsedMs, nowNs, timeAsync } from './lib/timer.js';

// The raw transformers.js pipeline, measured on purpose: this is the ceiling any embedder wrapper can reach.
const MODELS_SUBDIR = 'models/bench';
const MODEL_ID = 'minilm-l6-random-weights';
const BATCH_SIZES = [1, 8, 16, 32, 64] as const;
/** Also measured with the passages sorted by token count, as an embedder that buckets by length would batch them. */
const SORTED_BATCH_SIZES = [8] as const;

type Extract = (texts: string[]) => Promise<{ data: Float32Array; dims: number[] }>;

interface Pass {
  readonly passagesPerS: number;
  readonly batchMs: readonly number[];
  readonly cpuMs: number;
  readonly wallMs: number;
}

interface Throughput {
  readonly batchSize: number;
  /** Best round: other processes on a shared machine only ever slow a round down, so this is the cleanest figure. */
  readonly passagesPerS: number;
  readonly medianPassagesPerS: number;
  readonly batchP50Ms: number;
  /** CPU time over wall time: the cores kept busy. */
  readonly cpuPerWall: number;
  /** Process RSS after this arm's first batch (arms warm up in order): onnxruntime's arena keeps its high-water mark. */
  readonly rssAfterWarmUpMiB: number;
}

interface Arm {
  readonly label: string;
  readonly extract: Extract;
  readonly batchSize: number;
  /** The passages in the order this arm batches them. */
  readonly passages: readonly string[];
}

async function loadExtractor(modelsDir: string): Promise<{ extract: Extract; countTokens: (t: string) => number }> {
  env.localModelPath = modelsDir;
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  const extractor = await pipeline('feature-extraction', MODEL_ID, { quantized: false });
  return {
    extract: async (texts) => {
      const out = await extractor(texts, { pooling: 'mean', normalize: true });
      return { data: out.data as Float32Array, dims: out.dims };
    },
    countTokens: (text) => extractor.tokenizer.encode(text).length,
  };
}

/** One pass over all `passages` in batches of `batchSize`. */
async function embedAll(extract: Extract, passages: readonly string[], batchSize: number): Promise<Pass> {
  const batchMs: number[] = [];
  const cpuStart = cpuTimeMs();
  const start = nowNs();
  for (let i = 0; i < passages.length; i += batchSize) {
    const batchStart = nowNs();
    const { dims } = await extract(passages.slice(i, i + batchSize));
    batchMs.push(elapsedMs(batchStart));
    if (dims[1] !== 384) throw new Error(`expected 384-dimension vectors, got ${dims.join('×')}`);
  }
  const wallMs = elapsedMs(start);
  return { passagesPerS: passages.length / (wallMs / 1000), batchMs, cpuMs: cpuTimeMs() - cpuStart, wallMs };
}

/** Warms each arm on one batch of its shape, then measures all arms interleaved over `rounds` rounds. */
async function measureArms(arms: readonly Arm[], rounds: number): Promise<Throughput[]> {
  const rssAfterWarmUp: number[] = [];
  for (const arm of arms) {
    await arm.extract(arm.passages.slice(0, arm.batchSize));
    rssAfterWarmUp.push(mib(process.memoryUsage.rss()));
  }
  const samples = await interleave(arms, rounds, (arm) => embedAll(arm.extract, arm.passages, arm.batchSize));
  return samples.map((passes, i) => {
    const rates = passes.map((p) => p.passagesPerS);
    const sum = (f: (p: Pass) => number) => passes.reduce((acc, p) => acc + f(p), 0);
    return {
      batchSize: arms[i]?.batchSize ?? 0,
      passagesPerS: Math.max(...rates),
      medianPassagesPerS: median(rates),
      batchP50Ms: summarize(passes.flatMap((p) => p.batchMs)).p50,
      cpuPerWall: sum((p) => p.cpuMs) / sum((p) => p.wallMs),
      rssAfterWarmUpMiB: rssAfterWarmUp[i] ?? Number.NaN,
    };
  });
}

const delta = (before: number | undefined, after: number | undefined) =>
  before === undefined || after === undefined ? undefined : after - before;

const throughputColumns = [
  { header: 'passages/s best' },
  { header: 'median' },
  { header: 'ms/batch p50' },
  { header: 'cpu/wall', digits: 2 },
];

const throughputRow = (t: Throughput) => [t.passagesPerS, t.medianPassagesPerS, t.batchP50Ms, t.cpuPerWall];

/** Extra tokens computed because each batch is padded to its longest passage, as a share of the real tokens. */
function paddingShare(tokenCounts: readonly number[], batchSize: number): number {
  let real = 0;
  let padded = 0;
  for (let i = 0; i < tokenCounts.length; i += batchSize) {
    const batch = tokenCounts.slice(i, i + batchSize);
    real += batch.reduce((a, b) => a + b, 0);
    padded += Math.max(...batch) * batch.length;
  }
  return padded / real - 1;
}

async function run(ctx: BenchContext) {
  const perRound = 64;
  const rounds = ctx.quick ? 1 : 8;
  const passages = await loadBbcPassages(path.join(ctx.sharedDir, 'bench-corpus/bbc'), perRound);
  const modelsDir = path.join(ctx.sharedDir, MODELS_SUBDIR);

  const threadsBefore = countThreads();
  const { result: model, ms: loadMs } = await timeAsync(() => loadExtractor(modelsDir));
  const threadsAfter = countThreads();
  const tokenCounts = passages.map(model.countTokens);
  const tokens = summarize(tokenCounts);
  const words = summarize(passages.map((p) => p.split(/\s+/).length));
  ctx.log(
    `${passages.length} BBC passages × ${rounds} interleaved rounds per setting: ${words.mean.toFixed(0)} words, ` +
      `${tokens.mean.toFixed(0)} tokens on average (max ${tokens.max}); model loaded in ${loadMs.toFixed(0)} ms`,
  );

  // Batches are padded to their longest passage; sorting by length first (a bucketing embedder) avoids most of it.
  const byLength = passages.map((text, i) => ({ text, tokens: tokenCounts[i] ?? 0 })).sort((a, b) => a.tokens - b.tokens);
  const arms: Arm[] = [
    ...BATCH_SIZES.map((batchSize) => ({ label: String(batchSize), extract: model.extract, batchSize, passages })),
    ...SORTED_BATCH_SIZES.map((batchSize) => ({
      label: `${batchSize}, length-sorted`,
      extract: model.extract,
      batchSize,
      passages: byLength.map((p) => p.text),
    })),
  ];
  const armTokens = (arm: Arm) => (arm.passages === passages ? tokenCounts : byLength.map((p) => p.tokens));
  const sampler = startRssSampler();
  const rows = await measureArms(arms, rounds);
  const peakRssMiB = mib(sampler.stop().peakRssBytes);
  const bestIndex = rows.reduce((bi, t, i) => (t.passagesPerS > (rows[bi]?.passagesPerS ?? 0) ? i : bi), 0);
  const best = rows[bestIndex] ?? rows[0];
  if (best === undefined) throw new Error('no batch size was measured');
  const padding = arms.map((arm) => paddingShare(armTokens(arm), arm.batchSize));
  ctx.table(
    `embed: raw pipeline, fp32, passages/s over ${rounds} rounds of ${passages.length} passages`,
    [{ header: 'batch' }, ...throughputColumns, { header: 'padding %', digits: 0 }, { header: 'RSS MiB', digits: 0 }],
    rows.map((t, i) => [arms[i]?.label ?? '', ...throughputRow(t), (padding[i] ?? 0) * 100, t.rssAfterWarmUpMiB]),
  );
  ctx.log(`best: ${best.passagesPerS.toFixed(1)} passages/s at batch ${arms[bestIndex]?.label}; peak RSS ${peakRssMiB} MiB`);

  // transformers.js passes no thread setting; the product sets one through `loadWithThreads`. Compare
  // onnxruntime's default with explicit intra-op counts, each in its own session, interleaved at the best batch
  // size; ratios are to the default measured alongside.
  const cores = availableParallelism();
  const bestPassages = arms[bestIndex]?.passages ?? passages;
  const threadArms: (Arm & { threadsAdded: number | undefined })[] = [
    {
      label: 'default (unset)',
      extract: model.extract,
      batchSize: best.batchSize,
      passages: bestPassages,
      threadsAdded: delta(threadsBefore, threadsAfter),
    },
  ];
  for (const n of ctx.quick ? [1] : [...new Set([1, cores, 2 * cores])]) {
    const before = countThreads();
    const { result: variant, applied } = await loadWithThreads(n, path.join(modelsDir, MODEL_ID, 'onnx/model.onnx'), () => loadExtractor(modelsDir));
    threadArms.push({
      label: applied ? `intraOpNumThreads=${n}` : `intraOpNumThreads=${n} NOT APPLIED (default pool)`,
      extract: variant.extract,
      batchSize: best.batchSize,
      passages: bestPassages,
      threadsAdded: delta(before, countThreads()),
    });
  }
  const threadRows = await measureArms(threadArms, rounds);
  const reference = threadRows[0]?.passagesPerS ?? Number.NaN;
  ctx.table(
    `embed: onnxruntime-node intra-op threads at batch ${arms[bestIndex]?.label} (${cores} cores; each setting in its own session)`,
    [{ header: 'setting' }, { header: 'threads added', digits: 0 }, ...throughputColumns, { header: 'vs default', digits: 2 }],
    threadRows.map((t, i) => [threadArms[i]?.label ?? '', threadArms[i]?.threadsAdded ?? Number.NaN, ...throughputRow(t), t.passagesPerS / reference]),
  );
  const onnxEnv = env.backends.onnx as { wasm?: { numThreads?: number } };
  const wasmThreads = onnxEnv.wasm?.numThreads;
  ctx.log(
    `env.backends.onnx.wasm.numThreads=${String(wasmThreads)}: read by onnxruntime-web only, unused under Node. ` +
      'transformers.js 2.17 passes onnxruntime-node no session options (src/models.js constructSession), and onnxruntime-node 1.14 ' +
      'ignores them for a model given as bytes; the intra-op rows create their sessions from the model file (src/retrieval/onnx-threads.ts).',
  );

  return {
    model: `${MODELS_SUBDIR}/${MODEL_ID} (fp32, random weights)`,
    passagesPerRound: passages.length,
    rounds,
    meanWords: words.mean,
    meanTokens: tokens.mean,
    modelLoadMs: loadMs,
    peakRssMiB,
    byBatchSize: rows.map((t, i) => ({ batch: arms[i]?.label, ...t, paddingShare: padding[i] })),
    best: { batch: arms[bestIndex]?.label, passagesPerS: best.passagesPerS },
    threads: {
      wasmNumThreads: wasmThreads ?? null,
      processThreadsBeforeModel: threadsBefore ?? null,
      processThreadsAfterModel: threadsAfter ?? null,
      intraOp: threadRows.map((t, i) => ({
        setting: threadArms[i]?.label,
        threadsAdded: threadArms[i]?.threadsAdded ?? null,
        ...t,
        ratioToDefault: t.passagesPerS / reference,
      })),
    },
  };
}

export const embedBenchmark: Benchmark = {
  name: 'embed',
  description: 'raw transformers.js throughput (passages/s) by batch size: the ceiling for indexing',
  needsShared: [`${MODELS_SUBDIR}/${MODEL_ID}/onnx/model.onnx`, 'bench-corpus/bbc'],
  run,
};
