import { AccordError } from '../errors.js';
import { cleanQuestion, requireWords } from './clean-question.js';
import { isAnswerable, type AbstainThresholds } from './decide-answerable.js';
import type { Embedder } from './embedder.js';
import { fuseRankings } from './fuse-rankings.js';
import type { IndexSnapshot } from './index-snapshot.js';
import { termCoverage, weighQueryTerms } from './query-terms.js';
import { analyzeTerms } from './analyze-terms.js';
import { selectQuotes } from './select-quotes.js';
import type { Answer, DocumentMeta, Quote, RetrievalMode, ScoredPassage } from './types.js';

export interface RetrieverSettings extends AbstainThresholds {
  readonly topK: number;
  readonly maxQuotes: number;
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
 * Answers questions from one index snapshot: hybrid (HNSW + BM25, fused) when an embedder for the snapshot's
 * model is given, lexical otherwise. Stateless between questions; safe to call concurrently.
 */
export class Retriever {
  readonly mode: RetrievalMode;

  constructor(
    private readonly snapshot: IndexSnapshot,
    private readonly embedder: Embedder | null,
    private readonly settings: RetrieverSettings,
    private readonly logger: RetrieverLogger,
    readonly modeReason?: string,
  ) {
    this.mode = embedder !== null && snapshot.vectors !== null ? 'hybrid' : 'lexical';
  }

  async answer(rawQuestion: string, options: { readonly topK?: number } = {}): Promise<Answer> {
    const question = checkQuestion(rawQuestion);
    const topK = options.topK ?? this.settings.topK;
    const { snapshot } = this;
    const candidates = Math.max(topK * CANDIDATES_PER_RESULT, 20);
    const clock = stopwatch();

    const queryVector = this.mode === 'hybrid' && this.embedder ? (await this.embedder.embed([question]))[0] : undefined;
    const queryEmbedding = clock();
    const denseHits = queryVector && snapshot.vectors ? snapshot.vectors.search(queryVector, candidates) : [];
    const denseSearch = clock();
    const lexicalHits = snapshot.lexical.query(question, candidates);
    const lexicalSearch = clock();

    const similarity = new Map(denseHits.map((h) => [h.label, h.similarity] as const));
    const lexicalScore = new Map(lexicalHits.map((h) => [h.label, h.score] as const));
    const fusedAll = fuseRankings([lexicalHits.map((h) => h.label), denseHits.map((h) => h.label)]);
    const toScored = ({ label, score }: { label: number; score: number }): ScoredPassage[] => {
      const passage = snapshot.passages[label];
      if (passage === undefined) return [];
      const sim = similarity.get(label);
      const lex = lexicalScore.get(label);
      return [{ passage, score, ...(sim === undefined ? {} : { similarity: sim }), ...(lex === undefined ? {} : { lexicalScore: lex }) }];
    };
    const passages = fusedAll.slice(0, topK).flatMap(toScored);
    // Evidence is sought in the fused top-k and in each retriever's own best few: a passage one side ranks first
    // must not be lost because the other side does not know it (fusion favours passages both sides found).
    const ownBest = new Set([...lexicalHits.slice(0, EACH_SIDE_EVIDENCE), ...denseHits.slice(0, EACH_SIDE_EVIDENCE)].map((h) => h.label));
    const inTop = new Set(passages.map((p) => p.passage.chunkId));
    const evidencePool = [...passages, ...fusedAll.filter((f) => ownBest.has(f.label)).flatMap(toScored).filter((p) => !inTop.has(p.passage.chunkId))];
    const fusion = clock();

    const query = weighQueryTerms(question, snapshot.lexical);
    const hasTerm = (docId: string, term: string) => snapshot.lexical.documentHasTerm(docId, term);
    // Overlapping passages share sentences: analyse each sentence once per question.
    const analysed = new Map<string, ReadonlySet<string>>();
    const sentenceTerms = (docId: string, start: number, end: number): ReadonlySet<string> => {
      const key = `${docId}:${start}`;
      let terms = analysed.get(key);
      if (terms === undefined) analysed.set(key, (terms = new Set(analyzeTerms(snapshot.texts.get(docId)?.slice(start, end) ?? ''))));
      return terms;
    };
    const coverage = Math.max(
      0,
      ...evidencePool.map(({ passage }) => {
        const terms = new Set<string>();
        for (const s of passage.sentences) for (const t of sentenceTerms(passage.docId, s.start, s.end)) terms.add(t);
        return termCoverage(query, terms, (t) => hasTerm(passage.docId, t));
      }),
    );
    const bestSimilarity = denseHits[0]?.similarity;
    const evidence = bestSimilarity === undefined ? { coverage } : { coverage, similarity: bestSimilarity };
    const answered = isAnswerable(evidence, this.settings);
    const selected = answered
      ? selectQuotes({ question, query, passages: evidencePool, texts: snapshot.texts, documentHasTerm: hasTerm, sentenceTerms, maxQuotes: this.settings.maxQuotes })
      : [];
    const quotes = selected.filter((q) => this.isVerbatim(q));
    const quoteSelection = clock();

    return {
      question,
      answered: answered && quotes.length > 0,
      mode: this.mode,
      ...(this.modeReason === undefined || this.mode === 'hybrid' ? {} : { modeReason: this.modeReason }),
      quotes,
      passages,
      documents: documentsOf([...passages.map((p) => p.passage), ...quotes], snapshot.documentsById),
      timingsMs: { queryEmbedding, denseSearch, lexicalSearch, fusion, quoteSelection },
    };
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
