import path from 'node:path';
import { toAnswerJson } from '../cli/answer-json.js';
import { evaluateByKind, type EvalCase, type EvalReport } from '../cli/evaluate.js';
import { readQuestionFile } from '../cli/question-file.js';
import type { Config } from '../config.js';
import type { LoadedVersion } from '../index/index-store.js';
import type { Embedder } from '../retrieval/embedder.js';
import { Retriever, type RetrieverSettings } from '../retrieval/retriever.js';
import type { RetrievalMode } from '../retrieval/types.js';
import { beirDocumentId, materializeBeirCorpus, readBeirDataset } from './beir.js';
import { cacheKey, type EvalSet } from './eval-sets.js';
import { ndcgAt, recallAt } from './metrics.js';
import { openCorpusIndex } from './open-corpus-index.js';

export type SetResult =
  | { readonly set: string; readonly kind: 'questions'; readonly mode: RetrievalMode; readonly all: EvalReport; readonly byKind: Readonly<Record<string, EvalReport>> }
  | { readonly set: string; readonly kind: 'beir'; readonly mode: RetrievalMode; readonly queries: number; readonly ndcgAt10: number; readonly recallAt100: number };

export interface EvalRun {
  readonly config: Config;
  readonly settings: RetrieverSettings;
  /** Null: lexical mode only. */
  readonly embedder: Embedder | null;
  readonly modes: readonly RetrievalMode[];
  /** Evaluate only the first N questions of each set (quick checks). */
  readonly limit?: number;
  readonly onProgress?: (message: string) => void;
}

const quiet = { warn: () => {} };

/** Passages retrieved per BEIR query: enough distinct documents for recall@100. */
const BEIR_PASSAGES = 400;

async function loadSet(run: EvalRun, set: EvalSet): Promise<LoadedVersion> {
  const corpusDir =
    set.kind === 'questions' ? set.corpusDir : await materializeBeirCorpus(set.dir, path.join(run.config.evalCacheDir, 'corpora', cacheKey(set.name, set.dir)));
  run.onProgress?.(`${set.name}: indexing ${corpusDir}`);
  return openCorpusIndex(run.config, set.name, corpusDir, run.embedder);
}

async function questionSet(run: EvalRun, set: Extract<EvalSet, { kind: 'questions' }>, loaded: LoadedVersion, mode: RetrievalMode): Promise<SetResult> {
  const questions = (await readQuestionFile(set.file)).slice(0, run.limit);
  const retriever = new Retriever(loaded.snapshot, mode === 'hybrid' ? run.embedder : null, run.settings, quiet);
  const cases: EvalCase[] = [];
  for (const question of questions) {
    const answer = await retriever.answer(question.question);
    const json = toAnswerJson(question.id, answer);
    const verbatim = answer.quotes.map((q) => loaded.snapshot.texts.get(q.docId)?.slice(q.start, q.end) === q.text);
    cases.push({ question, answer: json, verbatim });
  }
  return { set: set.name, kind: 'questions', mode, ...evaluateByKind(cases) };
}

async function beirSet(run: EvalRun, set: Extract<EvalSet, { kind: 'beir' }>, loaded: LoadedVersion, mode: RetrievalMode): Promise<SetResult> {
  const dataset = await readBeirDataset(set.dir);
  const queries = dataset.queries.slice(0, run.limit);
  const retriever = new Retriever(loaded.snapshot, mode === 'hybrid' ? run.embedder : null, run.settings, quiet);
  let ndcg = 0;
  let recall = 0;
  for (const query of queries) {
    const passages = await retriever.rank(query.text, BEIR_PASSAGES);
    // A document ranks where its best passage ranks.
    const ranked = [...new Set(passages.map((p) => beirDocumentId(p.passage.docId)))];
    const judged = dataset.qrels.get(query.id) ?? new Map<string, number>();
    ndcg += ndcgAt(ranked, judged, 10);
    recall += recallAt(ranked, judged, 100);
  }
  const n = Math.max(1, queries.length);
  return { set: set.name, kind: 'beir', mode, queries: queries.length, ndcgAt10: ndcg / n, recallAt100: recall / n };
}

/** Runs every set in every mode asked for, one index per corpus. */
export async function runEval(run: EvalRun, sets: readonly EvalSet[]): Promise<SetResult[]> {
  const results: SetResult[] = [];
  for (const set of sets) {
    const loaded = await loadSet(run, set);
    for (const mode of run.modes) {
      run.onProgress?.(`${set.name}: ${mode}`);
      results.push(set.kind === 'beir' ? await beirSet(run, set, loaded, mode) : await questionSet(run, set, loaded, mode));
    }
  }
  return results;
}
