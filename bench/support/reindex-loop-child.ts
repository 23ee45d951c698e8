/**
 * Run by bench/support/reindex-model.ts as `node --import tsx bench/support/reindex-loop-child.ts <mode> <corpusDir>
 * <indexDir> <rounds>`, one fresh process per mode, so that each is the size of a bot: the bot's services over the
 * bench model (questions on one onnxruntime thread), then `rounds` reindexes through `moderation.reindex` (what
 * `/reindex` runs), each after 20 BBC articles changed, with the event loop's delay sampled at 2 ms resolution
 * during each. `child`: the whole reindex in another process (as `npm start` runs it); `process`: the reindex in this
 * process with only the embedding in a child (as before). Then question latency: answered idle, and during one more
 * reindex (not part of the event-loop figures). Runs the compiled code in dist/ (build it first:
 * `node scripts/run-compiled.mjs --build`). Prints one JSON line.
 */
import { appendFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import type * as Services from '../../src/app/create-services.js';
import { loadConfig } from '../../src/config.js';
import { benchEnv } from './accord-setup.js';

// The compiled services, as `npm start` runs them (the caller builds dist/ first): from the TypeScript sources, every
// reindex process would compile them again with tsx, a second of CPU a bot never spends.
const { createAccordServices } = (await import(pathToFileURL(path.resolve('dist/app/create-services.js')).href)) as typeof Services;

const [mode = 'child', corpusDir = '', indexDir = '', roundsText = '3', sharedDir = '../shared'] = process.argv.slice(2);
const config = loadConfig(benchEnv(path.resolve(sharedDir), corpusDir, indexDir), process.cwd());
/** What the bot is doing: the phase its reindex last reported, then `loading` and `served` from its log. */
let phase = 'idle';
const log = {
  write(line: string) {
    const message = (JSON.parse(line) as { msg?: string }).msg;
    if (message === 'loading the new index') phase = 'loading';
    else if (message === 'now serving the new index') phase = 'served';
  },
};
const services = await createAccordServices(config, pino({ level: 'debug' }, log), { reindexInChildProcess: mode === 'child' });
const files = (await readdir(path.join(corpusDir, 'bbc'), { recursive: true })).filter((f) => f.endsWith('.txt')).sort().slice(0, 20);
const all = monitorEventLoopDelay({ resolution: 2 });
const rounds: { p99Ms: number; maxMs: number; wallMs: number; passages: number; stalls: string[]; notice?: string }[] = [];
/** Timer turns more than 20 ms late, with what the bot was doing (`loading`: the child's version, until `served`). */
const STALL_MS = 20;
for (let round = 1; round <= Number(roundsText); round++) {
  for (const f of files) await appendFile(path.join(corpusDir, 'bbc', f), `\nBenchmark change number ${round} (${mode}).\n`);
  const histogram = monitorEventLoopDelay({ resolution: 2 });
  histogram.enable();
  all.enable();
  const started = performance.now();
  phase = 'starting';
  const stalls: string[] = [];
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    if (now - last > 2 + STALL_MS) stalls.push(`${phase}@${((now - started) / 1000).toFixed(1)}s:${(now - last - 2).toFixed(0)}ms`);
    last = now;
  }, 2);
  const outcome = await services.moderation.reindex((p) => {
    phase = p.phase;
  });
  clearInterval(ticker);
  const wallMs = performance.now() - started;
  all.disable();
  histogram.disable();
  if (outcome.status !== 'done') throw new Error(`reindex ${round}: ${outcome.status}`);
  rounds.push({ p99Ms: histogram.percentile(99) / 1e6, maxMs: histogram.max / 1e6, wallMs, passages: outcome.summary.passages, stalls, ...(outcome.summary.notice ? { notice: outcome.summary.notice } : {}) });
}

// Questions: answered while nothing else runs, then while one more reindex runs (a question every 50 ms).
const QUESTIONS = [
  'How many Piorun systems is Belgium buying?',
  'What did the company report about its profits?',
  'Who won the match on Saturday?',
  'What does the new mobile phone service offer?',
  'Which film won the award?',
  'What did the minister say about the election?',
];
for (const q of QUESTIONS) await services.answers.answer(q); // first sight of each: embedded once, as in a warm bot
const ask = async (until: () => boolean, max: number) => {
  const ms: number[] = [];
  for (let i = 0; ms.length < max && !until(); i++) {
    const t = performance.now();
    await services.answers.answer(QUESTIONS[i % QUESTIONS.length] as string);
    ms.push(performance.now() - t);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return ms;
};
const idle = await ask(() => false, 40);
for (const f of files) await appendFile(path.join(corpusDir, 'bbc', f), `\nBenchmark change before questions (${mode}).\n`);
let finished = false;
const reindexing = services.moderation.reindex(() => {}).finally(() => (finished = true));
const during = await ask(() => finished, 1_000);
await reindexing;
const spread = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { count: ms.length, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: sorted.at(-1) ?? NaN };
};
const questions = { idle: spread(idle), duringReindex: spread(during) };
console.log(JSON.stringify({ mode, p99Ms: all.percentile(99) / 1e6, maxMs: all.max / 1e6, rounds, questions, rssBytes: process.memoryUsage().rss }));
await services.close();
process.exit(0);
