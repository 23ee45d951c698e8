import { containsEvidence } from '../cli/evaluate.js';
import { readQuestionFile, type QuestionLine } from '../cli/question-file.js';
import type { Config } from '../config.js';
import { ANSWER_FEATURE_SIGNS, ANSWER_FEATURES, answerFeatures } from '../retrieval/answer-evidence.js';
import type { Calibration } from '../retrieval/calibration.js';
import type { Embedder } from '../retrieval/embedder.js';
import { fuseRankings } from '../retrieval/fuse-rankings.js';
import { fitLogistic, predict, type LogisticModel } from '../retrieval/logistic-model.js';
import { fitRanker, type RankingGroup } from './fit-ranker.js';
import { QUOTE_FEATURE_SIGNS, QUOTE_FEATURES } from '../retrieval/quote-candidates.js';
import { Retriever, type Retrieval } from '../retrieval/retriever.js';
import type { EvalSet } from './eval-sets.js';
import { auroc } from './metrics.js';
import { openCorpusIndex } from './open-corpus-index.js';

/**
 * `npm run calibrate`: fits, for one embedding model (or lexical mode), the fusion weight of the dense ranking,
 * the quote model and the answerability model, on training questions only.
 */

/** Dense weights tried in fusion: a coarse grid is enough, the optimum is flat. */
const DENSE_WEIGHTS = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1];
/** Rank cut-off of the fusion objective (MRR@10 of a passage holding the evidence). */
const FUSION_DEPTH = 10;

/**
 * A training question file and what it trains. `answers: false` (the file's questions train the quote model and the
 * fusion weight only) is for questions whose unanswerable ones were written to share the answer's words — near misses
 * that no word signal can tell from paraphrases: their only effect on the answer model would be to flatten it, until
 * a question that matches a sentence word for word is refused.
 */
export interface TrainingSet {
  readonly set: Extract<EvalSet, { kind: 'questions' }>;
  readonly answers: boolean;
}

interface TrainingQuestion {
  /** The corpus it is asked about. */
  readonly corpus: string;
  /** Whether the answer model fits on it (see `TrainingSet`). */
  readonly answers: boolean;
  readonly line: QuestionLine;
  readonly retrieval: Retrieval;
  readonly passageHolds: (label: number) => boolean;
}

export interface CalibrationReport {
  readonly calibration: Calibration;
  readonly questions: number;
  readonly candidates: number;
  readonly fusionMrr: readonly { readonly denseWeight: number; readonly mrr: number }[];
  /** On the training questions themselves: how well each model separates, as a sanity check, not a result. */
  readonly trainingAuroc: { readonly quote: number | undefined; readonly answer: number | undefined };
}

const placeholder: LogisticModel = { features: ['coverage'], means: [0], scales: [1], weights: [0], bias: 0 };

function reciprocalRank(ranking: readonly { label: number }[], holds: (label: number) => boolean): number {
  const rank = ranking.slice(0, FUSION_DEPTH).findIndex((r) => holds(r.label));
  return rank < 0 ? 0 : 1 / (rank + 1);
}

async function gather(config: Config, sets: readonly TrainingSet[], embedder: Embedder | null, denseWeight: number, onProgress: (m: string) => void) {
  const questions: TrainingQuestion[] = [];
  const fittedOn: { file: string; questions: number; answers?: boolean }[] = [];
  const bootstrap: Calibration = { modelId: embedder?.modelId ?? null, fittedAt: '', fittedOn: [], denseWeight, quote: placeholder, answer: placeholder };
  for (const { set, answers } of sets) {
    onProgress(`${set.name}: indexing ${set.corpusDir}`);
    const loaded = await openCorpusIndex(config, set.name, set.corpusDir, embedder);
    const retriever = new Retriever(loaded.snapshot, embedder, { ...config.retrieval, calibrations: { lexical: bootstrap, model: bootstrap } }, { warn: () => {} });
    const lines = await readQuestionFile(set.file);
    onProgress(`${set.name}: ${lines.length} questions`);
    for (const line of lines) {
      const retrieval = await retriever.retrieve(line.question);
      const evidence = line.evidence ?? [];
      const passageHolds = (label: number) => {
        const passage = loaded.snapshot.passages[label];
        return passage !== undefined && line.kind !== 'none' && containsEvidence(passage.text, evidence);
      };
      questions.push({ corpus: set.corpusDir, answers, line, retrieval, passageHolds });
    }
    fittedOn.push({ file: set.name, questions: lines.length, ...(answers ? {} : { answers }) });
  }
  return { questions, fittedOn };
}

/**
 * Each question's weight in a fit, such that every training corpus weighs the same in total (mean weight 1): how
 * often a corpus's questions are answerable, how they are phrased and on what scale its signals lie differ from corpus
 * to corpus, and the corpus with most questions (SQuAD) must not decide for the team's own.
 */
function corpusBalance(questions: readonly TrainingQuestion[]): (q: TrainingQuestion) => number {
  const perCorpus = new Map<string, number>();
  for (const q of questions) perCorpus.set(q.corpus, (perCorpus.get(q.corpus) ?? 0) + 1);
  return (q) => questions.length / (perCorpus.size * perCorpus.get(q.corpus)!);
}

/** The dense weight whose fused ranking puts a passage with the evidence highest (mean reciprocal rank). */
function fitDenseWeight(questions: readonly TrainingQuestion[]) {
  const answerable = questions.filter((q) => q.line.kind !== 'none');
  const weightOf = corpusBalance(answerable);
  const total = answerable.reduce((sum, q) => sum + weightOf(q), 0);
  const scores = DENSE_WEIGHTS.map((denseWeight) => ({
    denseWeight,
    mrr:
      answerable.reduce(
        (sum, q) => sum + weightOf(q) * reciprocalRank(fuseRankings([q.retrieval.lexicalRanking, q.retrieval.denseRanking], [1, denseWeight]), q.passageHolds),
        0,
      ) / Math.max(1, total),
  }));
  // The smallest weight within a thousandth of the best: a weaker dense side should not be trusted for nothing.
  const best = Math.max(...scores.map((s) => s.mrr));
  return { denseWeight: scores.find((s) => s.mrr >= best - 0.001)!.denseWeight, scores };
}

export async function fitCalibration(
  config: Config,
  sets: readonly TrainingSet[],
  embedder: Embedder | null,
  onProgress: (message: string) => void = () => {},
): Promise<CalibrationReport> {
  let denseWeight = 0;
  let fusionMrr: { denseWeight: number; mrr: number }[] = [];
  let gathered = await gather(config, sets, embedder, denseWeight, onProgress);
  if (embedder !== null) {
    const fitted = fitDenseWeight(gathered.questions);
    ({ denseWeight } = fitted);
    fusionMrr = fitted.scores;
    onProgress(`dense weight ${denseWeight}; candidates again with it`);
    gathered = await gather(config, sets, embedder, denseWeight, onProgress);
  }
  const { questions, fittedOn } = gathered;

  const answerable = questions.filter((q) => q.line.kind !== 'none');
  const quoteBalance = corpusBalance(answerable);
  const groups: RankingGroup[] = answerable.map((q) => ({
    rows: q.retrieval.candidates.map((c) => c.features),
    labels: q.retrieval.candidates.map((c) => containsEvidence(sliceOf(q, c), q.line.evidence ?? [])),
    weight: quoteBalance(q),
  }));
  const quoteRows = groups.flatMap((g) => g.rows);
  const quoteLabels = groups.flatMap((g) => g.labels);
  onProgress(`fitting the quote model on ${quoteRows.length} candidates of ${groups.length} questions`);
  const quote = fitRanker(QUOTE_FEATURES, groups, { l2: 1e-2, signs: QUOTE_FEATURE_SIGNS });

  const answering = questions.filter((q) => q.answers);
  const answerRows = answering.map((q) => {
    const scored = q.retrieval.candidates.map((c) => ({ c, p: predict(quote, c.features) }));
    const best = scored.reduce<(typeof scored)[number] | undefined>((a, s) => (a === undefined || s.p > a.p ? s : a), undefined);
    return answerFeatures({ ...q.retrieval.signals, bestQuote: best?.p ?? 0, ...(best ? { best: best.c.features } : {}) });
  });
  const answerLabels = answering.map((q) => q.line.kind !== 'none');
  const sampleWeights = answering.map(corpusBalance(answering));
  onProgress(`fitting the answer model on ${answerRows.length} questions`);
  const answer = fitLogistic(ANSWER_FEATURES, answerRows, answerLabels, { l2: 1e-2, sampleWeights, signs: ANSWER_FEATURE_SIGNS });

  return {
    calibration: { modelId: embedder?.modelId ?? null, fittedAt: new Date().toISOString(), fittedOn, denseWeight, quote, answer },
    questions: questions.length,
    candidates: quoteRows.length,
    fusionMrr,
    trainingAuroc: {
      quote: auroc(quoteRows.map((r) => predict(quote, r)), quoteLabels),
      answer: auroc(answerRows.map((r) => predict(answer, r)), answerLabels),
    },
  };
}

/** A candidate's text, from the snapshot text its passage came from. */
function sliceOf(q: TrainingQuestion, c: { docId: string; start: number; end: number }): string {
  const passage = q.retrieval.evidencePool.find((p) => p.passage.docId === c.docId && p.passage.start <= c.start && c.end <= p.passage.end);
  if (passage === undefined) return '';
  return passage.passage.text.slice(c.start - passage.passage.start, c.end - passage.passage.start);
}
