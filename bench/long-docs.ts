import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { indexSettings, retrieverSettings, smokeCheck } from '../src/app/create-services.js';
import { IndexManager } from '../src/index/index-manager.js';
import { DEFAULT_CHUNKING, processDocument } from '../src/index/process-document.js';
import { decodeDocument } from '../src/index/read-corpus.js';
import type { Embedder } from '../src/retrieval/embedder.js';
import type { BenchContext, Benchmark } from './lib/benchmark.js';
import { elapsedMs, nowNs } from './lib/timer.js';
import { BENCH_MODEL_ID, BENCH_MODELS_SUBDIR, benchConfig, rssPeak, toMiB } from './support/accord-setup.js';

/** Best of `n` timings of `fn` (ms). */
function bestOf(n: number, fn: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    const t = nowNs();
    fn();
    best = Math.min(best, elapsedMs(t));
  }
  return best;
}

/** The text up to the paragraph break nearest half its length. */
function firstHalf(text: string): string {
  const mid = text.length >> 1;
  const cut = text.indexOf('\n\n', mid);
  return text.slice(0, cut < 0 ? mid : cut);
}

async function buildOnce(ctx: BenchContext, corpusDir: string, indexDir: string, embedder: Embedder | null) {
  const config = benchConfig(ctx, corpusDir, indexDir);
  const manager = new IndexManager(indexSettings(config), smokeCheck(embedder, retrieverSettings(config)));
  const rss = rssPeak(100);
  const t = nowNs();
  const r = await manager.reindex(embedder, () => rss.sample());
  const ms = elapsedMs(t);
  const peak = rss.stop();
  if (r.status !== 'done') throw new Error('reindex busy');
  return { ms, peak, build: r.build };
}

async function run(ctx: BenchContext) {
  const booksDir = path.join(ctx.sharedDir, 'bench-corpus/books');
  const names = (await readdir(booksDir)).filter((n) => n.endsWith('.txt')).sort();
  const fullCorpus = path.join(ctx.tmpDir, 'full/corpus');
  const halfCorpus = path.join(ctx.tmpDir, 'half/corpus');
  await mkdir(fullCorpus, { recursive: true });
  await mkdir(halfCorpus, { recursive: true });
  const texts = new Map<string, string>();
  for (const name of names) {
    await cp(path.join(booksDir, name), path.join(fullCorpus, name));
    const text = decodeDocument(await readFile(path.join(booksDir, name)));
    texts.set(name, text);
    await writeFile(path.join(halfCorpus, name), firstHalf(text));
  }
  // Lexical only: what this checks (linear processing, bounded memory) does not depend on the model, and the
  // embedding rate is measured by `index`; embedding 5,000 book passages would add minutes to every run.
  const embedder: Embedder | null = null;
  const mode = embedder ? 'hybrid (embedded)' : 'lexical only';

  // Whole-pipeline builds: half books vs whole books, each into a fresh index folder, after one untimed warm-up
  // build (JIT, module loading) so the first timed build is not penalised.
  await buildOnce(ctx, halfCorpus, path.join(ctx.tmpDir, 'warm/index'), null);
  await rm(path.join(ctx.tmpDir, 'warm'), { recursive: true, force: true });
  const half = await buildOnce(ctx, halfCorpus, path.join(ctx.tmpDir, 'half/index'), embedder);
  const full = await buildOnce(ctx, fullCorpus, path.join(ctx.tmpDir, 'full/index'), embedder);
  await rm(path.join(ctx.tmpDir, 'half'), { recursive: true, force: true });
  const phases = Object.keys(full.build.timings) as (keyof typeof full.build.timings)[];
  ctx.table(
    `long-docs: index build of ${names.join(', ')} (${mode})`,
    [{ header: 'corpus' }, { header: 'passages', digits: 0 }, ...phases.map((header) => ({ header, digits: 0 })), { header: 'total ms', digits: 0 }, { header: 'peak RSS MiB' }],
    [
      ['first halves', half.build.passages, ...phases.map((p) => half.build.timings[p]), half.ms, toMiB(half.peak)],
      ['whole books', full.build.passages, ...phases.map((p) => full.build.timings[p]), full.ms, toMiB(full.peak)],
      ['whole ÷ half', full.build.passages / half.build.passages, ...phases.map((p) => full.build.timings[p] / half.build.timings[p]), full.ms / half.ms, Number.NaN],
    ],
  );

  // processDocument alone on each book, first half vs whole, best of several runs.
  const reps = ctx.quick ? 6 : 12;
  const perBook = [...texts].map(([name, text]) => {
    const halfText = firstHalf(text);
    let halfMs = Infinity;
    let wholeMs = Infinity;
    for (let i = 0; i < reps; i++) {
      // Interleaved, best of each: load from other processes only ever slows a run down.
      halfMs = Math.min(halfMs, bestOf(1, () => processDocument(name, halfText, DEFAULT_CHUNKING)));
      wholeMs = Math.min(wholeMs, bestOf(1, () => processDocument(name, text, DEFAULT_CHUNKING)));
    }
    const passages = processDocument(name, text, DEFAULT_CHUNKING).passages.length;
    return { book: name, chars: text.length, passages, halfMs, wholeMs, ratio: wholeMs / halfMs, charRatio: text.length / halfText.length };
  });
  ctx.table(
    `long-docs: processDocument, first half vs whole (best of ${reps}); linear ≈ char ratio ≈ 2, quadratic ≈ 4`,
    [{ header: 'book' }, { header: 'chars', digits: 0 }, { header: 'passages', digits: 0 }, { header: 'half ms' }, { header: 'whole ms' }, { header: 'time ratio', digits: 2 }, { header: 'char ratio', digits: 2 }],
    perBook.map((b) => [b.book, b.chars, b.passages, b.halfMs, b.wholeMs, b.ratio, b.charRatio]),
  );
  const worst = Math.max(...perBook.map((b) => b.ratio));
  ctx.log(`worst whole ÷ half processing ratio ${worst.toFixed(2)} (≈2 linear: ${worst <= 2.6 ? 'no quadratic step seen' : 'SUPERLINEAR'})`);

  return {
    model: embedder ? `${BENCH_MODELS_SUBDIR}/${BENCH_MODEL_ID} (fp32, random weights)` : null,
    indexMode: mode,
    books: names,
    build: {
      whole: { passages: full.build.passages, totalMs: full.ms, timings: full.build.timings, peakRssMiB: toMiB(full.peak) },
      half: { passages: half.build.passages, totalMs: half.ms, timings: half.build.timings, peakRssMiB: toMiB(half.peak) },
      ratioTotal: full.ms / half.ms,
    },
    processDocument: perBook,
    worstProcessRatio: worst,
  };
}

export const longDocsBenchmark: Benchmark = {
  name: 'long-docs',
  description: 'indexing two whole books: per-phase time, passages, peak RSS; half vs whole book (no quadratic step)',
  needsShared: ['bench-corpus/books'],
  run,
};
