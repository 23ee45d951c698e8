import type { BenchContext, Benchmark } from './lib/benchmark.js';
import { measureLoopDuringReindex } from './support/reindex-model.js';

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function run(ctx: BenchContext) {
  const loop = await measureLoopDuringReindex(ctx, ctx.quick ? 1 : 2);
  if (!loop) {
    ctx.log('SKIP bot-reindex: the bench model is not in ../shared/models/bench');
    return { loop: null };
  }
  ctx.table(
    'Event-loop delay in a bot during its reindexes (3 reindexes of 20 changed BBC articles out of 60, bench model on one thread; one fresh bot-sized process per row, compiled code; 2 ms resolution)',
    [{ header: 'reindex runs in' }, { header: 'p99 ms', digits: 1 }, { header: 'max ms', digits: 1 }, { header: 'reindex s (median)', digits: 2 }, { header: 'bot RSS MiB', digits: 0 }, { header: 'target' }],
    loop.map((r) => [
      r.mode === 'child' ? 'another process (now)' : 'the bot’s process (before)',
      r.p99Ms, r.maxMs, median(r.rounds.map((x) => x.wallMs)) / 1000, r.rssBytes / 2 ** 20,
      r.mode === 'child' ? `p99 ≤ 20: ${ctx.verdict(r.p99Ms <= 20)}` : '',
    ]),
  );
  ctx.table(
    'Questions answered by that bot: idle, and during one more reindex (one every 50 ms; each question seen once before)',
    [{ header: 'reindex runs in' }, { header: 'idle p50 ms', digits: 1 }, { header: 'idle p95', digits: 1 }, { header: 'during p50', digits: 1 }, { header: 'during p95', digits: 1 }, { header: 'during max', digits: 1 }, { header: 'asked during' }],
    loop.map((r) => [
      r.mode === 'child' ? 'another process (now)' : 'the bot’s process (before)',
      r.questions.idle.p50Ms, r.questions.idle.p95Ms, r.questions.duringReindex.p50Ms, r.questions.duringReindex.p95Ms, r.questions.duringReindex.maxMs, r.questions.duringReindex.count,
    ]),
  );
  return { loop };
}

export const botReindexBenchmark: Benchmark = {
  name: 'bot-reindex',
  description: 'event-loop delay inside the bot while it reindexes: the reindex in another process (now) against in the bot’s process (before), same run',
  needsShared: ['bench-corpus/bbc'],
  run,
};
