import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createAccordServices } from '../src/app/create-services.js';
import { answerQuestion } from '../src/bot/ask-question.js';
import type { BotContext } from '../src/bot/bot-context.js';
import { SlidingWindowRateLimiter } from '../src/bot/rate-limiter.js';
import { RecentAnswers } from '../src/bot/recent-answers.js';
import type { Config } from '../src/config.js';
import { openQuestionLog } from '../src/feedback/open-question-log.js';
import { QuestionLog } from '../src/feedback/question-log.js';
import type { BenchContext, Benchmark } from './lib/benchmark.js';
import { interleave } from './lib/interleave.js';
import { summarize, type Distribution } from './lib/percentiles.js';
import { elapsedMs, nowNs } from './lib/timer.js';
import { BENCH_MODEL_ID, BENCH_MODELS_SUBDIR, benchConfig, copySeedCorpus, silentLogger } from './support/accord-setup.js';

/** The target: answer latency with the log on within 5 % of the log off (issue 11). */
const MAX_RATIO = 1.05;
const WHERE = { guildId: '910000000000000001', channelId: '920000000000000001', userId: '940000000000000001' };

interface ModeFigures {
  readonly retrievalMode: string;
  readonly offMs: Distribution;
  readonly onMs: Distribution;
  /** Writing the queued entry, which runs after the reply is ready (on the next turn of the event loop). */
  readonly writeMs: Distribution;
  readonly ratioP50: number;
  readonly ratioMean: number;
  readonly databaseBytesPerQuestion: number;
}

/** A bot context for `answerQuestion` over real services, with the given log. */
function contextWith(answers: BotContext['answers'], moderation: BotContext['moderation'], questionLog: QuestionLog): BotContext {
  const clock = { now: () => Date.now() };
  return {
    answers, moderation, questionLog, clock, logger: silentLogger(), startedAtMs: clock.now(),
    config: { token: 'x', applicationId: '1', guildId: undefined, moderatorRoleIds: [], apiUrl: 'http://127.0.0.1', rateLimitPerMinute: 1000, healthPort: undefined, healthHost: '127.0.0.1' },
    rateLimiter: new SlidingWindowRateLimiter({ limit: 1_000_000, windowMs: 60_000, clock }),
    recentAnswers: new RecentAnswers(500),
  };
}

async function measure(ctx: BenchContext, config: Config, questions: readonly string[], label: string): Promise<ModeFigures> {
  const services = await createAccordServices(config, silentLogger());
  await services.warmUp();
  const dataDir = path.join(ctx.tmpDir, `data-${label}`);
  const logConfig: Config = { ...config, questionLog: { ...config.questionLog, enabled: true, dataDir, file: path.join(dataDir, 'questions.sqlite') } };
  const on = openQuestionLog(logConfig, silentLogger());
  if (!on.enabled) throw new Error(`the question log did not open: ${on.problem ?? 'unknown'}`);
  const off = QuestionLog.disabled({ retentionDays: 90, storeUserIds: false, logger: silentLogger(), now: Date.now });
  const contexts = { off: contextWith(services.answers, services.moderation, off), on: contextWith(services.answers, services.moderation, on) };
  const writeMs: number[] = [];
  const once = async (arm: 'off' | 'on', round: number): Promise<number> => {
    const question = questions[round % questions.length] as string;
    const start = nowNs();
    await answerQuestion(question, contexts[arm], WHERE);
    const ms = elapsedMs(start);
    if (arm === 'on') {
      // What the event loop does right after the reply is ready; timed apart, as the user does not wait for it.
      const w = nowNs();
      on.flush();
      writeMs.push(elapsedMs(w));
    }
    return ms;
  };
  for (let i = 0; i < 20; i += 1) {
    await once('off', i);
    await once('on', i);
  }
  writeMs.length = 0;
  const [offSamples = [], onSamples = []] = await interleave(['off', 'on'] as const, questions.length, once);
  const mode = (await services.answers.answer(questions[0] as string)).mode;
  const { size } = await stat(logConfig.questionLog.file);
  on.close();
  await services.close();
  const offMs = summarize(offSamples);
  const onMs = summarize(onSamples);
  return {
    retrievalMode: mode, offMs, onMs, writeMs: summarize(writeMs),
    ratioP50: onMs.p50 / offMs.p50, ratioMean: onMs.mean / offMs.mean,
    databaseBytesPerQuestion: Math.round(size / (questions.length + 20)),
  };
}

async function run(ctx: BenchContext) {
  const corpusDir = path.join(ctx.tmpDir, 'corpus');
  await copySeedCorpus(ctx.projectRoot, corpusDir);
  const lines = (await readFile(path.join(ctx.sharedDir, 'eval/questions.dev.jsonl'), 'utf8')).split('\n').filter((l) => l.trim() !== '');
  const dev = lines.map((l) => (JSON.parse(l) as { question: string }).question);
  const count = ctx.quick ? 200 : 1_000;
  const questions = Array.from({ length: count }, (_, i) => dev[i % dev.length] as string);
  const hybrid = benchConfig(ctx, corpusDir, path.join(ctx.tmpDir, 'index-hybrid'));
  const lexical: Config = { ...benchConfig(ctx, corpusDir, path.join(ctx.tmpDir, 'index-lexical')), embedding: { ...hybrid.embedding, mode: 'lexical' } };
  const results = { hybrid: await measure(ctx, hybrid, questions, 'hybrid'), lexical: await measure(ctx, lexical, questions, 'lexical') };
  const rows = Object.values(results).flatMap((r) => [
    [`${r.retrievalMode}: log off`, r.offMs.p50, r.offMs.p90, r.offMs.p99, r.offMs.mean, '', ''],
    [`${r.retrievalMode}: log on`, r.onMs.p50, r.onMs.p90, r.onMs.p99, r.onMs.mean, r.ratioP50, ctx.verdict(r.ratioP50 <= MAX_RATIO)],
    [`${r.retrievalMode}: write after the reply (not waited for)`, r.writeMs.p50, r.writeMs.p90, r.writeMs.p99, r.writeMs.mean, '', ''],
  ]);
  ctx.table(
    `question-log: ${count} questions through the bot's answerQuestion, log off and on interleaved, seed corpus`,
    [{ header: 'arm' }, { header: 'p50 ms', digits: 3 }, { header: 'p90 ms', digits: 3 }, { header: 'p99 ms', digits: 3 }, { header: 'mean ms', digits: 3 }, { header: 'p50 on ÷ off', digits: 3 }, { header: `target ≤ ${MAX_RATIO}` }],
    rows,
  );
  for (const r of Object.values(results)) ctx.log(`${r.retrievalMode}: ${r.databaseBytesPerQuestion} bytes of database per logged question`);
  return { questions: count, targetRatio: MAX_RATIO, model: `${BENCH_MODELS_SUBDIR}/${BENCH_MODEL_ID} (fp32, random weights)`, ...results };
}

export const questionLogBenchmark: Benchmark = {
  name: 'question-log',
  description: 'answer latency with QUESTION_LOG on vs off (target: within 5 %), and the deferred write',
  needsShared: [`${BENCH_MODELS_SUBDIR}/${BENCH_MODEL_ID}/onnx/model.onnx`, 'eval/questions.dev.jsonl'],
  run,
};
