import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createAccordServices } from '../src/app/create-services.js';
import { formatAnswer } from '../src/bot/format-answer.js';
import { renderAnswer } from '../src/cli/render-answer.js';
import { embedderOptions } from '../src/app/load-embedder.js';
import { loadTransformersEmbedder } from '../src/retrieval/transformers-embedder.js';
import type { AnswerTimings } from '../src/retrieval/types.js';
import type { BenchContext, Benchmark } from './lib/benchmark.js';
import { percentile } from './lib/percentiles.js';
import { cpuTimeMs, elapsedMs, nowNs } from './lib/timer.js';
import { BENCH_MODEL_ID, BENCH_MODELS_SUBDIR, benchConfig, copySeedCorpus, silentLogger } from './support/accord-setup.js';

const CONCURRENCY = 8;

interface Dist {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

function dist(samples: readonly number[]): Dist {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s.at(-1) ?? Number.NaN };
}

const threadsLabel = (threads: number | undefined) =>
  threads === undefined ? 'onnxruntime default threads' : `${threads} intra-op thread${threads === 1 ? '' : 's'}`;

async function run(ctx: BenchContext) {
  const corpusDir = path.join(ctx.tmpDir, 'corpus');
  const indexDir = path.join(ctx.tmpDir, 'index');
  await copySeedCorpus(ctx.projectRoot, corpusDir);
  const config = benchConfig(ctx, corpusDir, indexDir);
  const lines = (await readFile(path.join(ctx.sharedDir, 'eval/questions.dev.jsonl'), 'utf8')).split('\n').filter((l) => l.trim() !== '');
  const dev = lines.map((l) => (JSON.parse(l) as { question: string }).question);
  const count = ctx.quick ? 100 : 500;
  const questions = Array.from({ length: count }, (_, i) => dev[i % dev.length] as string);

  const services = await createAccordServices(config, silentLogger());
  await services.warmUp();
  // A separate Embedder with the same settings for the bare query-embedding reference (the services keep theirs
  // private), and one with onnxruntime's default thread pool, to show what the one-thread setting trades.
  const embedder = await loadTransformersEmbedder(embedderOptions(config, 'questions'));
  const defaultThreads = await loadTransformersEmbedder({ ...embedderOptions(config, 'questions'), threads: undefined });
  const warmUp = 10;
  for (const q of dev.slice(0, warmUp)) {
    await embedder.embed([q]);
    await defaultThreads.embed([q]);
    renderAnswer(await services.answers.answer(q));
  }

  const total: number[] = [];
  const answerMs: number[] = [];
  // The dev questions not asked in the warm-up, the first time each is asked: their candidate sentences may not be
  // embedded yet (hybrid mode caches sentence vectors), so these show the cost of a new question.
  const firstSight: number[] = [];
  const renderMs: number[] = [];
  const discordMs: number[] = [];
  const bare: number[] = [];
  // CPU time (process.resourceUsage, all threads) of the same calls: other processes on the machine stretch wall
  // time (a preempted question waits) but hardly its CPU time, so on a shared machine this ratio is the steadier one.
  const bareCpu: number[] = [];
  const answerCpu: number[] = [];
  const bareDefaultThreads: number[] = [];
  const steps: Record<keyof AnswerTimings, number[]> = { queryEmbedding: [], denseSearch: [], lexicalSearch: [], fusion: [], quoteSelection: [], sentenceEmbedding: [] };
  let answered = 0;
  let mode = '';
  for (const [i, q] of questions.entries()) {
    // Alternate which goes first, so drift hits both alike.
    const bareFirst = i % 2 === 0;
    const measureBare = async () => {
      const c = cpuTimeMs();
      const b = nowNs();
      await embedder.embed([q]);
      bare.push(elapsedMs(b));
      bareCpu.push(cpuTimeMs() - c);
    };
    if (bareFirst) await measureBare();
    const c0 = cpuTimeMs();
    const t0 = nowNs();
    const answer = await services.answers.answer(q);
    const a = elapsedMs(t0);
    answerCpu.push(cpuTimeMs() - c0);
    const r0 = nowNs();
    renderAnswer(answer);
    const r = elapsedMs(r0);
    total.push(a + r);
    answerMs.push(a);
    if (i >= warmUp && i < dev.length) firstSight.push(a);
    renderMs.push(r);
    const d0 = nowNs();
    formatAnswer(answer);
    discordMs.push(elapsedMs(d0));
    for (const k of Object.keys(steps) as (keyof AnswerTimings)[]) steps[k].push(answer.timingsMs[k]);
    if (answer.answered) answered++;
    mode = answer.mode;
    if (!bareFirst) await measureBare();
  }

  // Measured apart: onnxruntime's default pool keeps spinning for a moment after each run, which would slow
  // whatever runs next on this 2-core machine.
  for (const q of questions) {
    const d = nowNs();
    await defaultThreads.embed([q]);
    bareDefaultThreads.push(elapsedMs(d));
  }

  const rows: [string, Dist][] = [
    ['total (answer + render)', dist(total)],
    ['answer()', dist(answerMs)],
    [`answer(), first sight (${firstSight.length} questions)`, dist(firstSight)],
    ...(Object.entries(steps).map(([k, v]) => [`  ${k}`, dist(v)]) as [string, Dist][]),
    ['renderAnswer (terminal)', dist(renderMs)],
    ['formatAnswer (Discord, not in total)', dist(discordMs)],
    [`bare embedder.embed([q]), ${threadsLabel(embedder.intraOpThreads)}`, dist(bare)],
    [`  reference: ${threadsLabel(defaultThreads.intraOpThreads)} (not used)`, dist(bareDefaultThreads)],
  ];
  ctx.table(
    `questions: ${count} dev questions (${dev.length} distinct, repeated), sequential, ${mode} mode, ${answered} answered`,
    [{ header: 'step' }, { header: 'p50 ms', digits: 2 }, { header: 'p95 ms', digits: 2 }, { header: 'p99 ms', digits: 2 }, { header: 'max ms', digits: 2 }],
    rows.map(([name, d]) => [name, d.p50, d.p95, d.p99, d.max]),
  );

  const seqStart = nowNs();
  for (const q of questions) renderAnswer(await services.answers.answer(q));
  const seqQps = questions.length / (elapsedMs(seqStart) / 1000);
  let next = 0;
  const concStart = nowNs();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < questions.length) {
        const q = questions[next++] as string;
        renderAnswer(await services.answers.answer(q));
      }
    }),
  );
  const concQps = questions.length / (elapsedMs(concStart) / 1000);

  const t = dist(total);
  const b = dist(bare);
  const ratioToBare = t.p50 / b.p50;
  // Warm questions only (the first sight of a question embeds its sentences), against the same questions' bare runs.
  const warm = (xs: readonly number[]) => xs.filter((_, i) => i >= dev.length);
  const cpuRatio = dist(warm(answerCpu)).p50 / dist(warm(bareCpu)).p50;
  const tail = t.p99 / t.p50;
  ctx.table(
    'questions: ratios and throughput (same run)',
    [{ header: 'measure' }, { header: 'value', digits: 2 }, { header: 'target' }, { header: 'verdict' }],
    [
      ['p50 total ÷ p50 bare query embedding', ratioToBare, '≤ 1.3', ctx.verdict(ratioToBare <= 1.3)],
      ['p99 ÷ p50 total', tail, '≤ 2', ctx.verdict(tail <= 2)],
      ['p50 CPU time of answer() ÷ of bare embedding (warm questions)', cpuRatio, '≤ 1.15', ctx.verdict(cpuRatio <= 1.15)],
      ['questions/s sequential', seqQps, '', ''],
      [`questions/s ${CONCURRENCY} concurrent`, concQps, '', ''],
      [`concurrent ÷ sequential`, concQps / seqQps, '', ''],
    ],
  );
  await services.close();
  return {
    model: `${BENCH_MODELS_SUBDIR}/${BENCH_MODEL_ID} (fp32, random weights)`,
    questions: count,
    retrievalMode: mode,
    answered,
    totalMs: t,
    answerMs: dist(answerMs),
    stepsMs: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, dist(v)])),
    renderMs: dist(renderMs),
    discordFormatMs: dist(discordMs),
    bareQueryEmbeddingMs: b,
    queryEmbeddingThreads: embedder.intraOpThreads ?? 'onnxruntime default',
    bareQueryEmbeddingDefaultThreadsMs: dist(bareDefaultThreads),
    ratioP50ToBare: ratioToBare,
    ratioP99ToP50: tail,
    cpuMs: { answerWarm: dist(warm(answerCpu)), bareWarm: dist(warm(bareCpu)), ratioP50: cpuRatio },
    questionsPerS: { sequential: seqQps, concurrent: concQps, concurrency: CONCURRENCY },
  };
}

export const questionsBenchmark: Benchmark = {
  name: 'questions',
  description: 'question latency p50/p95/p99 per step on the seed corpus, vs bare query embedding; 8-way throughput',
  needsShared: [`${BENCH_MODELS_SUBDIR}/${BENCH_MODEL_ID}/onnx/model.onnx`, 'eval/questions.dev.jsonl'],
  run,
};
