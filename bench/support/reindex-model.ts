import { existsSync } from 'node:fs';
import { appendFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pino } from 'pino';
import { indexSettings, retrieverSettings, smokeCheck } from '../../src/app/create-services.js';
import { embedderOptions } from '../../src/app/load-embedder.js';
import { reindexEmbedder } from '../../src/app/reindex-embedder.js';
import { IndexManager } from '../../src/index/index-manager.js';
import { DEFAULT_CHUNKING, processDocument } from '../../src/index/process-document.js';
import type { Embedder } from '../../src/retrieval/embedder.js';
import { loadTransformersEmbedder } from '../../src/retrieval/transformers-embedder.js';
import type { BenchContext } from '../lib/benchmark.js';
import { BENCH_MODEL_ID, BENCH_MODELS_SUBDIR, benchConfig, copyBbc, copySeedCorpus } from './accord-setup.js';
import { readFile } from 'node:fs/promises';

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

/** p99 and max event-loop delay (ms) while `work` runs. */
async function loopDelay(work: () => Promise<unknown>): Promise<{ p99: number; max: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  await work();
  histogram.disable();
  return { p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6 };
}

/**
 * A bot-sized reindex (60 BBC articles indexed, 20 of them changed) with the bench model, embedding in a child
 * process as the bot now does, then on the main thread as it did before: the event loop's delay during each.
 */
export async function measureLoopDuringReindex(ctx: BenchContext): Promise<{ worker: { p99: number; max: number }; main: { p99: number; max: number } } | null> {
  if (!hasModel(ctx)) return null;
  const corpusDir = path.join(ctx.tmpDir, 'corpus-loop');
  await copySeedCorpus(ctx.projectRoot, corpusDir);
  await copyBbc(ctx.sharedDir, corpusDir, 60);
  const config = benchConfig(ctx, corpusDir, path.join(ctx.tmpDir, 'index-loop'));
  const options = embedderOptions(config, 'questions');
  const questions: Embedder = await loadTransformersEmbedder(options);
  const manager = new IndexManager(indexSettings(config), smokeCheck(questions, retrieverSettings(config)));
  await manager.reindex(questions);
  const files = (await readdir(path.join(corpusDir, 'bbc'), { recursive: true })).filter((f) => f.endsWith('.txt')).slice(0, 20);
  const change = async (round: number) => {
    for (const f of files) await appendFile(path.join(corpusDir, 'bbc', f), `\nBenchmark change number ${round}.\n`);
  };
  await change(1);
  const builder = reindexEmbedder(questions, options, pino({ level: 'silent' }));
  const worker = await loopDelay(() => manager.reindex(builder));
  await builder.close();
  await change(2);
  const main = await loopDelay(() => manager.reindex(questions));
  return { worker, main };
}
