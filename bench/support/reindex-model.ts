import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { embedderOptions } from '../../src/app/load-embedder.js';
import { DEFAULT_CHUNKING, processDocument } from '../../src/index/process-document.js';
import { loadTransformersEmbedder } from '../../src/retrieval/transformers-embedder.js';
import type { BenchContext } from '../lib/benchmark.js';
import { BENCH_MODEL_ID, BENCH_MODELS_SUBDIR, benchConfig, copyBbc, copySeedCorpus } from './accord-setup.js';
import { readFile } from 'node:fs/promises';

const run = promisify(execFile);

const hasModel = (ctx: BenchContext) => existsSync(path.join(ctx.sharedDir, BENCH_MODELS_SUBDIR, BENCH_MODEL_ID));

/** What embedding one changed BBC article costs with the bench model (questions' settings, as in the bot). */
export async function realEmbedding(ctx: BenchContext): Promise<{ passages: number; ms: number } | null> {
  if (!hasModel(ctx)) return null;
  const config = benchConfig(ctx, ctx.tmpDir, ctx.tmpDir);
  const embedder = await loadTransformersEmbedder(embedderOptions(config, 'indexing'));
  const file = path.join(ctx.sharedDir, 'bench-corpus/bbc/tech/010.txt');
  const doc = processDocument('bbc/tech/010.txt', await readFile(file, 'utf8'), DEFAULT_CHUNKING);
  const texts = doc.passages.map((p) => `${doc.title}\n${p.text}`);
  await embedder.embed(texts.slice(0, 1));
  const t = performance.now();
  for (let i = 0; i < texts.length; i += config.embedding.batchSize) await embedder.embed(texts.slice(i, i + config.embedding.batchSize));
  return { passages: texts.length, ms: performance.now() - t };
}

/** What one bot-sized process measured over its reindexes (bench/support/reindex-loop-child.ts). */
export interface LoopRun {
  readonly mode: 'child' | 'process';
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly rounds: readonly { readonly p99Ms: number; readonly maxMs: number; readonly wallMs: number; readonly passages: number; readonly stalls: readonly string[]; readonly notice?: string }[];
  /** Answer latency, ms: idle, and during one more reindex (a question every 50 ms). */
  readonly questions: Record<'idle' | 'duringReindex', { readonly count: number; readonly p50Ms: number; readonly p95Ms: number; readonly maxMs: number }>;
  readonly rssBytes: number;
}

const LOOP_CHILD = 'bench/support/reindex-loop-child.ts';

/**
 * The event loop of a bot during its reindexes: 60 BBC articles and the seed corpus indexed, 20 articles changed
 * before each of 3 reindexes, the bench model on one thread, through the bot's own `moderation.reindex`. Each run
 * is a fresh process the size of a bot (the compiled code, as `npm start` runs it), alternately with the whole
 * reindex in another process (`child`, now) and in the bot's process with only the embedding in a child
 * (`process`, before), `pairs` times: the two are compared in the same run, on the same machine load.
 */
export async function measureLoopDuringReindex(ctx: BenchContext, pairs = 2): Promise<LoopRun[] | null> {
  if (!hasModel(ctx)) return null;
  await run(process.execPath, ['scripts/run-compiled.mjs', '--build'], { cwd: ctx.projectRoot });
  const runs: LoopRun[] = [];
  for (const mode of ['child', 'process'] as const) {
    const corpusDir = path.join(ctx.tmpDir, `corpus-loop-${mode}`);
    await copySeedCorpus(ctx.projectRoot, corpusDir);
    await copyBbc(ctx.sharedDir, corpusDir, 60);
  }
  for (let pair = 0; pair < pairs; pair++) {
    for (const mode of ['child', 'process'] as const) {
      const args = [LOOP_CHILD, mode, path.join(ctx.tmpDir, `corpus-loop-${mode}`), path.join(ctx.tmpDir, `index-loop-${mode}`), '3', ctx.sharedDir];
      const { stdout } = await run(process.execPath, ['--import', 'tsx', ...args], { cwd: ctx.projectRoot, maxBuffer: 16 << 20 });
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (!line) throw new Error(`${LOOP_CHILD} printed no JSON: ${stdout.slice(-500)}`);
      const measured = JSON.parse(line) as LoopRun;
      ctx.log(`event loop, reindex in ${mode}: p99 ${measured.p99Ms.toFixed(1)} ms, max ${measured.maxMs.toFixed(1)} ms; stalls over 20 ms: ${measured.rounds.flatMap((r) => r.stalls).join(' ') || 'none'}`);
      runs.push(measured);
    }
  }
  return runs;
}
