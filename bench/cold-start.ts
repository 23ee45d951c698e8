import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { indexSettings, retrieverSettings, smokeCheck } from '../src/app/create-services.js';
import { embedderOptions } from '../src/app/load-embedder.js';
import { IndexManager } from '../src/index/index-manager.js';
import { loadTransformersEmbedder } from '../src/retrieval/transformers-embedder.js';
import type { Embedder } from '../src/retrieval/embedder.js';
import type { BenchContext, Benchmark } from './lib/benchmark.js';
import { median } from './lib/interleave.js';
import { elapsedMs, nowNs } from './lib/timer.js';
import { rm } from 'node:fs/promises';
import {
  BENCH_MODEL_ID,
  BENCH_MODELS_SUBDIR,
  KEPT_BBC_DIR,
  benchConfig,
  benchEnv,
  copyBbc,
  copySeedCorpus,
  toMiB,
} from './support/accord-setup.js';

interface ChildResult {
  readonly firstAnswerMs: number;
  readonly beforeImportsMs: number;
  readonly importsMs: number;
  readonly servicesMs: number;
  readonly answerMs: number;
  readonly mode: string;
  readonly passages: number;
  readonly maxRssBytes: number;
  readonly wallMs: number;
}

const CHILD = 'bench/support/cold-start-child.ts';
const QUESTION = 'How many Piorun systems is Belgium going to buy?';

function runChild(ctx: BenchContext, corpusDir: string, indexDir: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const start = nowNs();
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      cwd: ctx.projectRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...benchEnv(ctx.sharedDir, corpusDir, indexDir), BENCH_QUESTION: QUESTION },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = elapsedMs(start);
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || !line) return reject(new Error(`cold-start child exited ${code}: ${err.slice(-2000)}`));
      resolve({ ...(JSON.parse(line) as Omit<ChildResult, 'wallMs'>), wallMs });
    });
  });
}

async function build(ctx: BenchContext, embedder: Embedder, corpusDir: string, indexDir: string): Promise<number> {
  const config = benchConfig(ctx, corpusDir, indexDir);
  const manager = new IndexManager(indexSettings(config), smokeCheck(embedder, retrieverSettings(config)));
  const r = await manager.reindex(embedder);
  if (r.status !== 'done') throw new Error('reindex busy');
  return r.build.passages;
}

async function run(ctx: BenchContext) {
  const seedCorpus = path.join(ctx.tmpDir, 'seed/corpus');
  const seedIndex = path.join(ctx.tmpDir, 'seed/index');
  await copySeedCorpus(ctx.projectRoot, seedCorpus);
  let bbcCorpus = path.join(KEPT_BBC_DIR, 'corpus');
  let bbcIndex = path.join(KEPT_BBC_DIR, 'index');
  const kept = existsSync(bbcIndex);
  const embedder = await loadTransformersEmbedder(embedderOptions(benchConfig(ctx, seedCorpus, seedIndex), 'indexing'));
  await build(ctx, embedder, seedCorpus, seedIndex);
  let bbcSource = `kept from the index benchmark (${KEPT_BBC_DIR})`;
  if (!kept) {
    bbcCorpus = path.join(ctx.tmpDir, 'bbc/corpus');
    bbcIndex = path.join(ctx.tmpDir, 'bbc/index');
    await copySeedCorpus(ctx.projectRoot, bbcCorpus);
    const n = await copyBbc(ctx.sharedDir, bbcCorpus, 150);
    bbcSource = `built here (quick form: ${n} BBC articles + seed)`;
    const t = nowNs();
    await build(ctx, embedder, bbcCorpus, bbcIndex);
    ctx.log(`built BBC index in ${(elapsedMs(t) / 1000).toFixed(1)} s`);
  }

  const runs = ctx.quick ? 2 : 5;
  const arms = [
    { label: 'seed', corpus: seedCorpus, index: seedIndex, target: 1500 },
    { label: 'bbc', corpus: bbcCorpus, index: bbcIndex, target: 3000 },
  ];
  const results: Record<string, ChildResult[]> = { seed: [], bbc: [] };
  for (let r = 0; r < runs; r++) {
    for (const arm of r % 2 === 0 ? arms : [...arms].reverse()) results[arm.label]?.push(await runChild(ctx, arm.corpus, arm.index));
  }
  const summary = arms.map((arm) => {
    const rs = results[arm.label] ?? [];
    const m = (f: (c: ChildResult) => number) => median(rs.map(f));
    return {
      index: arm.label,
      passages: rs[0]?.passages ?? 0,
      mode: rs[0]?.mode ?? '',
      firstAnswerMs: m((c) => c.firstAnswerMs),
      beforeImportsMs: m((c) => c.beforeImportsMs),
      importsMs: m((c) => c.importsMs),
      servicesMs: m((c) => c.servicesMs),
      answerMs: m((c) => c.answerMs),
      wallMs: m((c) => c.wallMs),
      maxRssMiB: toMiB(m((c) => c.maxRssBytes)),
      targetMs: arm.target,
    };
  });
  ctx.table(
    `cold-start: process start → first answer, median of ${runs} child processes (BBC index ${bbcSource})`,
    [
      { header: 'index' }, { header: 'passages', digits: 0 }, { header: 'mode' }, { header: 'first answer ms', digits: 0 },
      { header: 'tsx+boot', digits: 0 }, { header: 'imports', digits: 0 }, { header: 'services', digits: 0 },
      { header: 'answer', digits: 0 }, { header: 'spawn→exit', digits: 0 }, { header: 'maxRSS MiB' }, { header: 'target' },
    ],
    summary.map((s) => [
      s.index, s.passages, s.mode, s.firstAnswerMs, s.beforeImportsMs, s.importsMs, s.servicesMs, s.answerMs, s.wallMs, s.maxRssMiB,
      `≤ ${s.targetMs} ms ${ctx.verdict(s.firstAnswerMs <= s.targetMs)}`,
    ]),
  );
  const bbc = summary[1];
  if (bbc) ctx.log(`BBC child peak RSS ${bbc.maxRssMiB} MiB (target ≤ 600 MB: ${ctx.verdict(bbc.maxRssMiB * 1.048576 <= 600)})`);
  if (kept) await rm(KEPT_BBC_DIR, { recursive: true, force: true });
  return { model: `${BENCH_MODELS_SUBDIR}/${BENCH_MODEL_ID} (fp32, random weights)`, bbcIndex: bbcSource, runs, results: summary };
}

export const coldStartBenchmark: Benchmark = {
  name: 'cold-start',
  description: 'child process start → first answer for the seed and BBC indexes, and the child’s peak RSS',
  needsShared: [`${BENCH_MODELS_SUBDIR}/${BENCH_MODEL_ID}/onnx/model.onnx`, 'bench-corpus/bbc'],
  run,
};
