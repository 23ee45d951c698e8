import { appendFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { indexSettings, retrieverSettings, smokeCheck } from '../src/app/create-services.js';
import { IndexManager } from '../src/index/index-manager.js';
import { normalizeTerm, tokenize } from '../src/retrieval/analyze-terms.js';
import type { Embedder } from '../src/retrieval/embedder.js';
import type { LexicalEntry } from '../src/retrieval/lexical-index.js';
import type { BenchContext, Benchmark } from './lib/benchmark.js';
import { HashedEmbedder } from './lib/hashed-embedder.js';
import { summarize } from './lib/percentiles.js';
import { createPrng, shuffled } from './lib/prng.js';
import { measureCompaction } from './support/compaction-recall.js';
import { realEmbedding } from './support/reindex-model.js';
import { benchConfig, copyBbc, copySeedCorpus } from './support/accord-setup.js';
import { measureCliReindex, type CliReindexFigures } from './support/cli-reindex.js';
import { RACY_WINDOW_MS } from '../src/index/file-stamp.js';
import { setTimeout as sleep } from 'node:timers/promises';

/** Makes a corpus of the seed documents and the BBC articles `copies` times (each copy's text made distinct). */
async function makeCorpus(ctx: BenchContext, dir: string, copies: number, limit?: number): Promise<void> {
  await copySeedCorpus(ctx.projectRoot, dir);
  await copyBbc(ctx.sharedDir, dir, limit);
  if (copies <= 1) return;
  const bbc = path.join(dir, 'bbc');
  const files = (await readdir(bbc, { recursive: true })).filter((f) => f.endsWith('.txt'));
  for (let copy = 2; copy <= copies; copy++) {
    for (const file of files) {
      const target = path.join(dir, `bbc-copy-${copy}`, file);
      await mkdir(path.dirname(target), { recursive: true });
      // A headline keeps its place; the copy number goes at the end so every copy has its own content hash.
      await writeFile(target, `${await readFile(path.join(bbc, file), 'utf8')}\n\nCopy ${copy} of this article.\n`);
    }
  }
}

interface SizeFigures {
  readonly passages: number;
  readonly lexicalFullMs: number;
  readonly lexicalOneChangeMs: number;
  readonly noChangeMs: number;
  readonly hybridFullMs: number;
  readonly hybridOneChangeMs: number;
  readonly graphMode: string;
  readonly bm25NewP50Ms: number;
  readonly bm25MiniSearchP50Ms: number;
  /** `index` as its own process (compiled CLI, lexical), as users run it. */
  readonly cli: CliReindexFigures;
}

const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const result = await work();
  return [result, performance.now() - t];
};

/** Full builds, a one-file change and a no-change check at one corpus size; BM25 query latency against MiniSearch. */
async function measureSize(ctx: BenchContext, label: string, copies: number, limit?: number): Promise<SizeFigures> {
  const corpusDir = path.join(ctx.tmpDir, `corpus-${label}`);
  await makeCorpus(ctx, corpusDir, copies, limit);
  // Files changed within the racy window of a scan are hashed again by the next one (file-stamp.ts): a corpus
  // is normally edited well before it is indexed, so the first build starts once that window has passed.
  await sleep(RACY_WINDOW_MS + 100);
  const config = benchConfig(ctx, corpusDir, path.join(ctx.tmpDir, `lexical-${label}`));
  const lexical = new IndexManager(indexSettings(config), smokeCheck(null, retrieverSettings(config)));
  const [full, lexicalFullMs] = await timed(() => lexical.reindex(null));
  if (full.status !== 'done') throw new Error(`lexical build: ${full.status}`);
  const changed = path.join(corpusDir, 'bbc/tech/010.txt');
  await appendFile(changed, '\nA sentence added to this article for the benchmark.\n');
  const [, lexicalOneChangeMs] = await timed(() => lexical.reindex(null));
  const [fresh, noChangeMs] = await timed(() => lexical.upToDate(null));
  if (fresh === null) throw new Error('the no-change check found a change');

  const embedder: Embedder = new HashedEmbedder();
  const hybridConfig = benchConfig(ctx, corpusDir, path.join(ctx.tmpDir, `hybrid-${label}`));
  const hybrid = new IndexManager(indexSettings(hybridConfig), smokeCheck(embedder, retrieverSettings(hybridConfig)));
  const [, hybridFullMs] = await timed(() => hybrid.reindex(embedder));
  await appendFile(path.join(corpusDir, 'bbc/sport/010.txt'), '\nA sentence added to this article for the benchmark.\n');
  const [one, hybridOneChangeMs] = await timed(() => hybrid.reindex(embedder));
  if (one.status !== 'done') throw new Error(`hybrid reindex: ${one.status}`);

  const { snapshot } = full.loaded;
  const entries: LexicalEntry[] = snapshot.passages.map((p, i) => ({ label: i, docId: p.docId, title: snapshot.documentsById.get(p.docId)?.title ?? '', text: p.text }));
  const questions = shuffled(snapshot.passages, createPrng(3)).slice(0, ctx.quick ? 50 : 200).map((p) => p.text.split(/(?<=[.!?])\s/)[0] ?? p.text);
  const latency = (query: (q: string) => unknown) => {
    for (const q of questions.slice(0, 10)) query(q);
    return summarize(questions.map((q) => {
      const t = performance.now();
      query(q);
      return performance.now() - t;
    })).p50;
  };
  const bm25NewP50Ms = latency((q) => snapshot.lexical.query(q, 20));
  const mini = new MiniSearch<LexicalEntry>({ idField: 'label', fields: ['text', 'title'], tokenize, processTerm: (t) => normalizeTerm(t) ?? false, searchOptions: { boost: { text: 1, title: 0.3 }, combineWith: 'OR' } });
  mini.addAll(entries);
  const bm25MiniSearchP50Ms = latency((q) => mini.search(q).slice(0, 20));
  await sleep(RACY_WINDOW_MS + 100);
  const cli = await measureCliReindex(ctx, corpusDir, path.join(ctx.tmpDir, `lexical-${label}`), 'bbc/business/010.txt', ctx.quick ? 1 : 3);
  const figures = { passages: snapshot.passages.length, lexicalFullMs, lexicalOneChangeMs, noChangeMs, hybridFullMs, hybridOneChangeMs, graphMode: one.build.graphMode, bm25NewP50Ms, bm25MiniSearchP50Ms, cli };
  ctx.log(`${label}: ${JSON.stringify(figures)}`);
  return figures;
}

async function run(ctx: BenchContext) {
  const sizes: [string, number, number | undefined][] = ctx.quick ? [['small', 1, 150], ['10×', 10, 150]] : [['11k', 1, undefined], ['110k', 10, undefined]];
  const figures: Record<string, SizeFigures> = {};
  for (const [label, copies, limit] of sizes) {
    ctx.log(`${label}: building…`);
    figures[label] = await measureSize(ctx, label, copies, limit);
  }
  const rows = Object.entries(figures).map(([label, f]) => [
    `${label} (${f.passages} passages)`,
    f.lexicalFullMs / 1000, f.lexicalOneChangeMs / 1000, f.lexicalOneChangeMs / f.lexicalFullMs, f.noChangeMs / 1000,
    f.hybridFullMs / 1000, f.hybridOneChangeMs / 1000, f.hybridOneChangeMs / f.hybridFullMs, f.graphMode,
  ]);
  ctx.table('Reindex in-process (hybrid: instant stand-in vectors, 384 dims; the model is measured below)', [
    { header: 'corpus' }, { header: 'lexical full s', digits: 2 }, { header: 'one file s', digits: 2 }, { header: '÷ full', digits: 3 }, { header: 'no change s', digits: 2 },
    { header: 'hybrid full s', digits: 2 }, { header: 'one file s', digits: 2 }, { header: '÷ full', digits: 3 }, { header: 'graph' },
  ], rows);
  ctx.table('Reindex as users run it: `index` as its own process (compiled CLI, lexical; median of 3, 1 in a quick run)', [
    { header: 'corpus' }, { header: 'one file s', digits: 2 }, { header: '÷ lexical full', digits: 3 }, { header: 'of it: build s', digits: 2 }, { header: 'no change s', digits: 2 },
    { header: 'targets' },
  ], Object.entries(figures).map(([label, f]) => [
    `${label} (${f.passages} passages)`, f.cli.oneChangeMs / 1000, f.cli.oneChangeMs / f.lexicalFullMs, f.cli.oneChangeBuildMs / 1000, f.cli.noChangeMs / 1000,
    label === '11k' ? `one file ≤ 2 s and ≤ 0.2×: ${ctx.verdict(f.cli.oneChangeMs <= 2000 && f.cli.oneChangeMs <= 0.2 * f.lexicalFullMs)}; no change ≤ 1 s: ${ctx.verdict(f.cli.noChangeMs <= 1000)}` : '',
  ]));
  ctx.table('BM25 query p50, 20 hits (same process, same passages)', [{ header: 'corpus' }, { header: 'flat postings ms', digits: 3 }, { header: 'MiniSearch ms', digits: 3 }, { header: 'ratio', digits: 2 }],
    Object.entries(figures).map(([label, f]) => [label, f.bm25NewP50Ms, f.bm25MiniSearchP50Ms, f.bm25NewP50Ms / f.bm25MiniSearchP50Ms]));
  const embedding = await realEmbedding(ctx);
  if (embedding) ctx.log(`bench model: embedding one changed BBC article's ${embedding.passages} passages took ${embedding.ms.toFixed(0)} ms (add to "one file" in hybrid mode)`);
  const compaction = measureCompaction(ctx.quick ? 5_000 : 20_000, [0, 0.1, 0.25, 0.4, 0.6]);
  ctx.table('HNSW recall@10 against exact search as points are replaced (marked deleted + new ones added)', [{ header: 'deleted share' }, { header: 'recall@10', digits: 4 }, { header: 'search p50 ms', digits: 3 }],
    compaction.map((c) => [c.share, c.recall, c.searchP50Ms]));
  return { sizes: figures, embedding, compaction };
}

export const reindexBenchmark: Benchmark = {
  name: 'reindex',
  description: 'incremental reindex, no-change check and BM25 at two corpus sizes; graph recall vs deleted share',
  needsShared: ['bench-corpus/bbc'],
  run,
};
