/**
 * Writes every answer of the default evaluation sets (what `npm run eval` runs) as JSON lines, in full precision:
 * each question's quotes, confidence, passages and every candidate's features, and each BEIR query's ranking. Two
 * snapshots taken before and after a change to the question path show whether any answer changed at all:
 *
 *   npx tsx scripts/snapshot-answers.ts > before.jsonl   (same settings as `eval`: .env, EMBEDDING_MODEL, …)
 *   npx tsx scripts/snapshot-answers.ts > after.jsonl && cmp before.jsonl after.jsonl
 *
 * Lexical mode unless a model loads; `--mode lexical` forces it.
 */
import { parseArgs } from 'node:util';
import { lazyEmbedder } from '../src/app/load-embedder.js';
import { retrieverSettings } from '../src/app/create-services.js';
import { loadConfig, loadDotEnv } from '../src/config.js';
import { beirDocumentId, materializeBeirCorpus, readBeirDataset } from '../src/eval/beir.js';
import { cacheKey, defaultEvalSets } from '../src/eval/eval-sets.js';
import { openCorpusIndex } from '../src/eval/open-corpus-index.js';
import { readQuestionFile } from '../src/cli/question-file.js';
import { Retriever } from '../src/retrieval/retriever.js';
import path from 'node:path';

const { values } = parseArgs({ options: { mode: { type: 'string', default: 'auto' } } });
loadDotEnv();
const config = loadConfig();
const { embedder } = values.mode === 'lexical' ? { embedder: null } : await lazyEmbedder(config, 'indexing')();
const settings = retrieverSettings(config);
const quiet = { warn: () => {} };
const write = (row: unknown) => process.stdout.write(`${JSON.stringify(row)}\n`);

for (const set of defaultEvalSets(config.projectRoot, config.corpusDir)) {
  const corpusDir = set.kind === 'questions' ? set.corpusDir : await materializeBeirCorpus(set.dir, path.join(config.evalCacheDir, 'corpora', cacheKey(set.name, set.dir)));
  const loaded = await openCorpusIndex(config, set.name, corpusDir, embedder);
  const retriever = new Retriever(loaded.snapshot, embedder, settings, quiet);
  if (set.kind === 'questions') {
    for (const question of await readQuestionFile(set.file)) {
      const answer = await retriever.answer(question.question);
      const retrieval = await retriever.retrieve(question.question);
      write({
        set: set.name,
        mode: retriever.mode,
        id: question.id,
        answered: answer.answered,
        confidence: answer.confidence,
        quotes: answer.quotes.map((q) => [q.docId, q.start, q.end, q.score, q.text]),
        passages: answer.passages.map((p) => [p.passage.chunkId, p.score, p.similarity ?? null, p.lexicalScore ?? null]),
        candidates: retrieval.candidates.map((c) => [c.docId, c.start, c.end, c.features]),
        signals: { ...retrieval.signals, query: undefined, isUnknown: undefined },
      });
    }
  } else {
    for (const query of (await readBeirDataset(set.dir)).queries) {
      const passages = await retriever.rank(query.text, 100);
      write({ set: set.name, mode: retriever.mode, id: query.id, ranked: [...new Set(passages.map((p) => beirDocumentId(p.passage.docId)))].slice(0, 20), scores: passages.slice(0, 20).map((p) => p.score) });
    }
  }
}
