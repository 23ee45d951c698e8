import { AccordError } from '../errors.js';
import { answerFeatures, type AnswerSignals } from './answer-evidence.js';
import { uncalibratedModel, type Calibration, type CalibrationChoice } from './calibration.js';
import { cleanQuestion, requireWords } from './clean-question.js';
import type { Embedder } from './embedder.js';
import { fuseRankings } from './fuse-rankings.js';
import type { IndexSnapshot } from './index-snapshot.js';
import { predict } from './logistic-model.js';
import { PassageUnitCache } from './passage-units.js';
import { quoteCandidates, type Candidate } from './quote-candidates.js';
import { termCoverage, weighQueryTerms, type QueryTerms } from './query-terms.js';
import { selectQuotes } from './select-quotes.js';
import { addSentenceSimilarity, candidateSentences, sentenceKey, type SentenceKey } from './sentence-similarity.js';
import type { Answer, DocumentMeta, Passage, Quote, RetrievalMode, ScoredPassage } from './types.js';
import { byBestQuote } from './by-best-quote.js';

export interface RetrieverSettings {
  readonly topK: number;
  readonly maxQuotes: number;
  /** Lowest calibrated probability that the corpus answers, for an answer to be given. */
  readonly minConfidence: number;
  readonly calibrations: CalibrationChoice;
}

/** The logging a retriever needs: pino's signature, so a pino logger fits. */
export interface RetrieverLogger {
  warn(details: object, message: string): void;
}

/** Longest question accepted, in characters: longer input is almost certainly pasted by mistake. */
export const MAX_QUESTION_CHARS = 1000;

/** How many candidates each side contributes to fusion, relative to the number of passages returned. */
const CANDIDATES_PER_RESULT = 4;

/** How many of each retriever's own best passages are always considered as evidence. */
const EACH_SIDE_EVIDENCE = 3;

/**
 * A further quote must be at least this share as likely to hold the answer as the first: a probability ratio, so
 * it means the same under every calibration.
 */
const MIN_RELATIVE_QUOTE_PROBABILITY = 0.6;

/** Sentence vectors kept between questions, per snapshot. */
const SENTENCE_CACHE_LIMIT = 50_000;

/**
 * Passages whose sentence analyses are kept between questions, per snapshot: 9.9 KiB each on the BBC corpus
 * (measured: 11,644 passages, 112 MiB of heap; README, Performance), so at most about 40 MiB. A question looks at 11
 * at most, and analysing one again costs about 0.3–1 ms.
 */
const PASSAGE_CACHE_LIMIT = 4_000;

/** What retrieval found for a question, before any answer is chosen: what calibration fits on. */
export interface Retrieval {
  readonly question: string;
  readonly query: QueryTerms;
  /** Labels, best first, as each side ranked them. */
  readonly lexicalRanking: readonly number[];
  readonly denseRanking: readonly number[];
  /** The fused top-k. */
  readonly passages: readonly ScoredPassage[];
  /** The fused top-k and each side's own best few: where quotes are sought. */
  readonly evidencePool: readonly ScoredPassage[];
  readonly candidates: readonly Candidate[];
  /** Every signal for answerability except the best quote's probability, which needs a quote model. */
  readonly signals: Omit<AnswerSignals, 'bestQuote' | 'best'>;
  readonly timingsMs: Answer['timingsMs'];
}

/**
 * Answers questions from one index snapshot: hybrid (HNSW + BM25, fused) when an embedder for the snapshot's
 * model is given, lexical otherwise. Stateless between questions apart from caches; safe to call concurrently.
 */
export class Retriever {
  readonly mode: RetrievalMode;
  readonly calibration: Calibration;
  private readonly passageUnits: PassageUnitCache;
  private readonly sentenceVectorCache = new Map<SentenceKey, Float32Array>();

  constructor(
    private readonly snapshot: IndexSnapshot,
    private readonly embedder: Embedder | null,
    private readonly settings: RetrieverSettings,
    private readonly logger: RetrieverLogger,
    readonly modeReason?: string,
  ) {
    this.mode = embedder !== null && snapshot.vectors !== null ? 'hybrid' : 'lexical';
    this.passageUnits = new PassageUnitCache(snapshot.texts, PASSAGE_CACHE_LIMIT);
    const { lexical, model } = settings.calibrations;
    this.calibration =
      this.mode === 'lexical' || embedder === null ? lexical : model?.modelId === embedder.modelId ? model : uncalibratedModel(lexical, embedder.modelId);
  }

  /** The passages for a question, best first, without choosing quotes: for ranking benchmarks. */
  async rank(rawQuestion: string, k: number): Promise<ScoredPassage[]> {
    return [...(await this.retrieve(rawQuestion, { topK: k, withCandidates: false })).passages];
  }

  /**
   * Runs both retrievers, fuses them, and gathers the candidate quotes with their signals. `denseWeight`
   * overrides the calibration's (calibration itself fits it).
   */
  async retrieve(
    rawQuestion: string,
    options: { readonly topK?: number; readonly denseWeight?: number; readonly withCandidates?: boolean } = {},
  ): Promise<Retrieval> {
    const question = checkQuestion(rawQuestion);
    const topK = options.topK ?? this.settings.topK;
    const { snapshot } = this;
    const candidates = Math.max(topK * CANDIDATES_PER_RESULT, 20);
    const clock = stopwatch();

    const queryVector = this.mode === 'hybrid' && this.embedder ? (await this.embedder.embed([question]))[0] : undefined;
    const queryEmbedding = clock();
    const denseHits = queryVector && snapshot.vectors ? snapshot.vectors.search(queryVector, candidates) : [];
    const denseSearch = clock();
    // The question's words resolved against the corpus (typos corrected, filler dropped) are what BM25 searches.
    const query = weighQueryTerms(question, snapshot.lexical);
    const lexicalHits = snapshot.lexical.queryTerms(query.terms, candidates);
    const lexicalSearch = clock();

    const similarity = new Map(denseHits.map((h) => [h.label, h.similarity] as const));
    const lexicalScore = new Map(lexicalHits.map((h) => [h.label, h.score] as const));
    const lexicalRanking = lexicalHits.map((h) => h.label);
    const denseRanking = denseHits.map((h) => h.label);
    const fusedAll = fuseRankings([lexicalRanking, denseRanking], [1, options.denseWeight ?? this.calibration.denseWeight]);
    const toScored = ({ label, score }: { label: number; score: number }): ScoredPassage[] => {
      const passage = snapshot.passages[label];
      if (passage === undefined) return [];
      const scored: { passage: Passage; score: number; similarity?: number; lexicalScore?: number } = { passage, score };
      const sim = similarity.get(label);
      if (sim !== undefined) scored.similarity = sim;
      const lex = lexicalScore.get(label);
      if (lex !== undefined) scored.lexicalScore = lex;
      return [scored];
    };
    const passages = fusedAll.slice(0, topK).flatMap(toScored);
    // Evidence is sought in the fused top-k and in each retriever's own best few: a passage one side ranks first
    // must not be lost because the other side does not know it.
    const ownBest = new Set([...lexicalRanking.slice(0, EACH_SIDE_EVIDENCE), ...denseRanking.slice(0, EACH_SIDE_EVIDENCE)]);
    const inTop = new Set(passages.map((p) => p.passage.chunkId));
    const evidencePool = [...passages, ...fusedAll.filter((f) => ownBest.has(f.label)).flatMap(toScored).filter((p) => !inTop.has(p.passage.chunkId))];
    const fusion = clock();

    const hasTerm = (docId: string, term: string) => snapshot.lexical.documentHasTerm(docId, term);
    const passageCoverage = Math.max(
      0,
      ...evidencePool.map(({ passage }) => termCoverage(query, this.passageUnits.get(passage).terms, (t) => hasTerm(passage.docId, t))),
    );
    const found =
      options.withCandidates === false
        ? []
        : quoteCandidates({
            question,
            query,
            passages: evidencePool,
            texts: snapshot.texts,
            documentHasTerm: hasTerm,
            passageUnits: (passage) => this.passageUnits.get(passage),
          });
    const quoteSelection = clock();
    if (queryVector && found.length > 0) addSentenceSimilarity(found, queryVector, await this.sentenceVectors(found));
    const sentenceEmbedding = clock();
    const bestSimilarity = denseHits[0]?.similarity;
    return {
      question,
      query,
      lexicalRanking,
      denseRanking,
      passages,
      evidencePool,
      candidates: found,
      signals: {
        passageCoverage,
        typeNowhere: found.some((c) => c.features['typeExpected'] === 1) && !found.some((c) => c.features['typeHeld'] === 1),
        query,
        isUnknown: (term) => snapshot.lexical.frequency(term) === 0,
        lexicalTop: lexicalHits[0]?.score ?? 0,
        ...(bestSimilarity === undefined ? {} : { similarity: bestSimilarity }),
      },
      timingsMs: { queryEmbedding, denseSearch, lexicalSearch, fusion, quoteSelection, sentenceEmbedding },
    };
  }

  async answer(rawQuestion: string, options: { readonly topK?: number } = {}): Promise<Answer> {
    const retrieval = await this.retrieve(rawQuestion, options);
    const started = performance.now();
    const { calibration } = this;
    const scored = retrieval.candidates.map((c) => ({ ...c, probability: predict(calibration.quote, c.features) }));
    const best = scored.reduce<(typeof scored)[number] | undefined>((a, c) => (a === undefined || c.probability > a.probability ? c : a), undefined);
    const confidence = predict(
      calibration.answer,
      answerFeatures({ ...retrieval.signals, bestQuote: best?.probability ?? 0, ...(best ? { best: best.features } : {}) }),
    );
    const answered = confidence >= this.settings.minConfidence;
    const selected = answered
      ? selectQuotes(scored, { maxQuotes: this.settings.maxQuotes, minRelativeProbability: MIN_RELATIVE_QUOTE_PROBABILITY, texts: this.snapshot.texts })
      : [];
    const quotes = selected.filter((q) => this.isVerbatim(q));
    const { timingsMs, question } = retrieval;
    // Sources are listed by their best sentence: the quote model weighs the retrieval ranks with the sentence's own
    // match (measured on SQuAD train: passage hit@1 0.816 -> 0.844). The pool includes each side's own best passages,
    // so the passage holding the first quote is always among them.
    const passages = byBestQuote(retrieval.evidencePool, scored).slice(0, retrieval.passages.length);
    return {
      question,
      answered: answered && quotes.length > 0,
      confidence,
      mode: this.mode,
      ...(this.modeReason === undefined || this.mode === 'hybrid' ? {} : { modeReason: this.modeReason }),
      quotes,
      passages,
      documents: documentsOf([...passages.map((p) => p.passage), ...quotes], this.snapshot.documentsById),
      timingsMs: { ...timingsMs, quoteSelection: timingsMs.quoteSelection + performance.now() - started },
    };
  }

  /**
   * Takes over another retriever's sentence vectors for the documents whose text is the same in both snapshots and
   * when both use the same model: after a reindex, only new and changed sentences need embedding. Returns how many.
   */
  adoptSentenceVectors(from: Retriever): number {
    if (this.embedder === null || from.embedder === null || this.embedder.modelId !== from.embedder.modelId) return 0;
    const same = new Map<string, boolean>();
    let adopted = 0;
    for (const [key, vector] of from.sentenceVectorCache) {
      if (this.sentenceVectorCache.size >= SENTENCE_CACHE_LIMIT) break;
      const docId = key.slice(0, key.lastIndexOf(':'));
      let unchanged = same.get(docId);
      if (unchanged === undefined) same.set(docId, (unchanged = this.snapshot.texts.get(docId) === from.snapshot.texts.get(docId) && this.snapshot.texts.has(docId)));
      if (!unchanged) continue;
      this.sentenceVectorCache.set(key, vector);
      adopted++;
    }
    return adopted;
  }

  /**
   * Embeds the corpus's sentences ahead of questions, in passage order, `batch` at a time, awaiting `pause` between
   * batches so that questions are answered meanwhile; stops at `limit` sentences, when `signal` aborts, or when all are
   * done. Hybrid mode only (returns 0 otherwise). Returns how many sentences it embedded.
   */
  async embedSentencesAhead(options: { readonly limit: number; readonly batch: number; readonly pause: () => Promise<void>; readonly signal?: AbortSignal }): Promise<number> {
    if (this.mode !== 'hybrid' || this.embedder === null) return 0;
    const cache = this.sentenceVectorCache;
    let embedded = 0;
    let pending: { key: SentenceKey; text: string }[] = [];
    const flush = async () => {
      const vectors = await this.embedder!.embed(pending.map((p) => p.text));
      pending.forEach(({ key }, i) => cache.set(key, vectors[i]!));
      embedded += pending.length;
      pending = [];
      await options.pause();
    };
    for (const passage of this.snapshot.passages) {
      for (const sentence of passage.sentences) {
        if (options.signal?.aborted || cache.size >= Math.min(SENTENCE_CACHE_LIMIT, options.limit)) return embedded;
        const key = sentenceKey(passage.docId, sentence.start);
        if (cache.has(key) || pending.some((p) => p.key === key)) continue;
        pending.push({ key, text: this.snapshot.texts.get(passage.docId)?.slice(sentence.start, sentence.end) ?? '' });
        if (pending.length >= options.batch) await flush();
      }
    }
    if (pending.length > 0 && !options.signal?.aborted) await flush();
    return embedded;
  }

  /**
   * Unit vectors of the candidates' sentences, embedded in one batch for those not seen before. A corpus's
   * sentences recur across questions, so a bot that has answered a while embeds few per question.
   */
  private async sentenceVectors(candidates: readonly Candidate[]): Promise<(key: SentenceKey) => Float32Array | undefined> {
    const cache = this.sentenceVectorCache;
    const found = new Map<SentenceKey, Float32Array>();
    const missing: [SentenceKey, { readonly docId: string; readonly start: number; readonly end: number }][] = [];
    for (const entry of candidateSentences(candidates)) {
      const vector = cache.get(entry[0]);
      if (vector === undefined) missing.push(entry);
      else found.set(entry[0], vector);
    }
    if (missing.length > 0 && this.embedder) {
      const texts = missing.map(([, s]) => this.snapshot.texts.get(s.docId)?.slice(s.start, s.end) ?? '');
      const vectors = await this.embedder.embed(texts);
      if (cache.size + missing.length > SENTENCE_CACHE_LIMIT) cache.clear();
      missing.forEach(([key], i) => {
        found.set(key, vectors[i]!);
        cache.set(key, vectors[i]!);
      });
    }
    return (key) => found.get(key);
  }

  /**
   * A quote is shown only when it is exactly the document text at its offsets. The text is the indexed copy of
   * the file (checksummed on load, equal to the file's bytes when it was indexed), so answers stay quotable
   * while a moderator edits or removes files, until the next reindex; this guards quote selection itself.
   */
  private isVerbatim(quote: Quote): boolean {
    const source = this.snapshot.texts.get(quote.docId);
    const ok = source !== undefined && quote.text.length > 0 && source.slice(quote.start, quote.end) === quote.text;
    if (!ok) this.logger.warn({ docId: quote.docId, start: quote.start, end: quote.end }, 'dropped a quote that is not verbatim at its offsets');
    return ok;
  }
}

function checkQuestion(raw: string): string {
  // Discord markup and word-less junk never reach retrieval as content (issue 12).
  const question = cleanQuestion(raw);
  if (raw.trim() !== '') requireWords(question, raw);
  if (question === '') throw new AccordError('The question is empty.', { hint: 'Ask a question in plain English, e.g. "How many Piorun systems is Belgium buying?"' });
  if (question.length > MAX_QUESTION_CHARS) {
    throw new AccordError(`The question is ${question.length} characters long; the limit is ${MAX_QUESTION_CHARS}.`, {
      hint: 'Ask a shorter, single question.',
    });
  }
  return question;
}

/** The metadata of every document a passage or quote comes from: what citations need. */
function documentsOf(sources: readonly { readonly docId: string }[], byId: ReadonlyMap<string, DocumentMeta>): Map<string, DocumentMeta> {
  const documents = new Map<string, DocumentMeta>();
  for (const { docId } of sources) {
    const meta = byId.get(docId);
    if (meta) documents.set(meta.docId, meta);
  }
  return documents;
}

/** Returns a function that yields the milliseconds since the previous call. */
function stopwatch(): () => number {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const elapsed = now - last;
    last = now;
    return elapsed;
  };
}

