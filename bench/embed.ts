import { availableParallelism } from 'node:os';
import path from 'node:path';
import { env, pipeline } from '@xenova/transformers';
import { loadBbcPassages } from './lib/bbc-passages.js';
import type { BenchContext, Benchmark } from './lib/benchmark.js';
import { interleave, median } from './lib/interleave.js';
import { countThreads, withSessionOptions } from './lib/onnx-session-options.js';
import { summarize } from './lib/percentiles.js';
import { mib, startRssSampler } from './lib/rss-sampler.js';
import { cpuTimeMs, elapsedMs, nowNs, timeAsync } from './lib/timer.js';

// The raw transformers.js pipeline, measured on purpose: this is the ceiling any embedder wrapper can reach.
const MODELS_SUBDIR = 'models/bench';
const MODEL_ID = 'minilm-l6-random-weights';
const BATCH_SIZES = [1, 8, 16, 32, 64] as const;

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
}

interface Arm {
  readonly label: string;
  readonly extract: Extract;
  readonly batchSize: number;
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
async function measureArms(arms: readonly Arm[], passages: readonly string[], rounds: number): Promise<Throughput[]> {
  for (const arm of arms) await arm.extract(passages.slice(0, arm.batchSize));
  const samples = await interleave(arms, rounds, (arm) => embedAll(arm.extract, passages, arm.batchSize));
  return samples.map((passes, i) => {
    const rates = passes.map((p) => p.passagesPerS);
    const sum = (f: (p: Pass) => number) => passes.reduce((acc, p) => acc + f(p), 0);
    return {
      batchSize: arms[i]?.batchSize ?? 0,
      passagesPerS: Math.max(...rates),
      medianPassagesPerS: median(rates),
      batchP50Ms: summarize(passes.flatMap((p) => p.batchMs)).p50,
      cpuPerWall: sum((p) => p.cpuMs) / sum((p) => p.wallMs),
    };
  });
}

const throughputColumns = [
  { header: 'batch', digits: 0 },
  { header: 'passages/s best' },
  { header: 'median' },
  { header: 'ms/batch p50' },
  { header: 'cpu/wall', digits: 2 },
];

const throughputRow = (t: Throughput) => [t.batchSize, t.passagesPerS, t.medianPassagesPerS, t.batchP50Ms, t.cpuPerWall];

async function run(ctx: BenchContext) {
  const perRound = 64;
  const rounds = ctx.quick ? 2 : 8;
  const passages = await loadBbcPassages(path.join(ctx.sharedDir, 'bench-corpus/bbc'), perRound);
  const modelsDir = path.join(ctx.sharedDir, MODELS_SUBDIR);

  const threadsBefore = countThreads();
  const { result: model, ms: loadMs } = await timeAsync(() => loadExtractor(modelsDir));
  const threadsAfter = countThreads();
  const tokens = summarize(passages.map(model.countTokens));
  const words = summarize(passages.map((p) => p.split(/\s+/).length));
  ctx.log(
    `${passages.length} BBC passages × ${rounds} interleaved rounds per setting: ${words.mean.toFixed(0)} words, ` +
      `${tokens.mean.toFixed(0)} tokens on average (max ${tokens.max}); model loaded in ${loadMs.toFixed(0)} ms`,
  );

  const sampler = startRssSampler();
  const rows = await measureArms(
    BATCH_SIZES.map((batchSize) => ({ label: String(batchSize), extract: model.extract, batchSize })),
    passages,
    rounds,
  );
  const peakRssMiB = mib(sampler.stop().peakRssBytes);
  const best = rows.reduce((a, b) => (b.passagesPerS > a.passagesPerS ? b : a));
  ctx.table(`embed: raw pipeline, fp32, passages/s over ${rounds} rounds of ${passages.length} passages`, throughputColumns, rows.map(throughputRow));
  ctx.log(`best: ${best.passagesPerS.toFixed(1)} passages/s at batch ${best.batchSize}; peak RSS ${peakRssMiB} MiB`);

  // transformers.js passes no thread setting: compare onnxruntime's default with explicit intra-op counts,
  // each in its own session, interleaved at the best batch size; ratios are to the default measured alongside.
  const cores = availableParallelism();
  const threadArms: Arm[] = [{ label: 'default (unset)', extract: model.extract, batchSize: best.batchSize }];
  for (const n of [...new Set([1, cores])]) {
    const variant = await withSessionOptions({ intraOpNumThreads: n }, () => loadExtractor(modelsDir));
    threadArms.push({ label: `intraOpNumThreads=${n}`, extract: variant.extract, batchSize: best.batchSize });
  }
  const threadRows = await measureArms(threadArms, passages, rounds);
  const reference = threadRows[0]?.passagesPerS ?? Number.NaN;
  ctx.table(
    `embed: onnxruntime-node intra-op threads at batch ${best.batchSize} (${cores} cores)`,
    [{ header: 'setting' }, ...throughputColumns.slice(1), { header: 'vs default', digits: 2 }],
    threadRows.map((t, i) => [threadArms[i]?.label ?? '', ...throughputRow(t).slice(1), t.passagesPerS / reference]),
  );
  const onnxEnv = env.backends.onnx as { wasm?: { numThreads?: number } };
  const wasmThreads = onnxEnv.wasm?.numThreads;
  ctx.log(
    `threads: env.backends.onnx.wasm.numThreads=${String(wasmThreads)} (read by onnxruntime-web only, unused under Node); ` +
      `transformers.js 2.17 gives onnxruntime-node no session options, so the intra-op pool is onnxruntime's default; ` +
      `process threads: ${threadsBefore ?? '?'} before the model, ${threadsAfter ?? '?'} after`,
  );

  return {
    model: `${MODELS_SUBDIR}/${MODEL_ID} (fp32, random weights)`,
    passagesPerRound: passages.length,
    rounds,
    meanWords: words.mean,
    meanTokens: tokens.mean,
    modelLoadMs: loadMs,
    peakRssMiB,
    byBatchSize: rows,
    best: { batchSize: best.batchSize, passagesPerS: best.passagesPerS },
    threads: {
      wasmNumThreads: wasmThreads ?? null,
      processThreadsBeforeModel: threadsBefore ?? null,
      processThreadsAfterModel: threadsAfter ?? null,
      intraOp: threadRows.map((t, i) => ({ setting: threadArms[i]?.label, ...t, ratioToDefault: t.passagesPerS / reference })),
    },
  };
}

export const embedBenchmark: Benchmark = {
  name: 'embed',
  description: 'raw transformers.js throughput (passages/s) by batch size: the ceiling for indexing',
  needsShared: [`${MODELS_SUBDIR}/${MODEL_ID}/onnx/model.onnx`, 'bench-corpus/bbc'],
  run,
};
