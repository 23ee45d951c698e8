import { analyzeTerms } from './analyze-terms.js';
import { termCoverage, type QueryTerms } from './query-terms.js';
import type { Quote, ScoredPassage, SentenceSpan } from './types.js';

/**
 * Picks the sentences that answer a question from the best passages, as exact spans of the source text.
 * Pure: the caller supplies the document texts and a way to ask whether a document contains a term.
 */

export interface QuoteRequest {
  readonly question: string;
  readonly query: QueryTerms;
  /** The ranked passages to quote from, best first. */
  readonly passages: readonly ScoredPassage[];
  /** Document file texts by docId: quotes are slices of these. */
  readonly texts: ReadonlyMap<string, string>;
  readonly documentHasTerm: (docId: string, term: string) => boolean;
  readonly maxQuotes: number;
  /** A further quote must score at least this share of the best quote's score. */
  readonly minRelativeScore?: number;
}

interface Candidate {
  readonly docId: string;
  readonly sentence: SentenceSpan;
  readonly score: number;
}

const ANSWER_TYPE_BONUS = 0.1;
const RANK_PRIOR_WEIGHT = 0.15;
const SAME_DOCUMENT_PENALTY = 0.05;

type AnswerShape = (sentence: string) => boolean;

const MONTH = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
const hasQuantity: AnswerShape = (s) => /\d|\b(?:dozens?|hundreds?|thousands?|millions?|billions?|several|half)\b/i.test(s);
const hasTime: AnswerShape = (s) =>
  new RegExp(`\\b(?:${MONTH}|(?:19|20)\\d\\d|today|tomorrow|yesterday|(?:this|next|last) (?:year|month|week)|later|weeks?|months?|years?|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\\b`).test(s);
const hasName: AnswerShape = (s) => /\S\s+\p{Lu}\p{Ll}+(?:\s+\p{Lu}[\p{L}-]+)+/u.test(s);
const hasPlace: AnswerShape = (s) => /\b(?:in|at|near|from|across)\s+(?:the\s+)?\p{Lu}/u.test(s);

/** What shape of sentence the question asks for, from its wh-word: a number, a time, a person, a place. */
export function expectedAnswerShape(question: string): AnswerShape | undefined {
  const q = question.toLowerCase();
  if (/\bhow (?:many|much|long|far|big|large)\b|\bwhat (?:number|percentage|amount|share)\b/.test(q)) return hasQuantity;
  if (/^\s*when\b|\bwhat (?:year|date|time|day|month)\b/.test(q)) return hasTime;
  if (/^\s*(?:who|whom)\b|\bwhich (?:person|minister|official|leader)\b/.test(q)) return hasName;
  if (/^\s*where\b|\bwhich (?:city|country|place|town|region)\b/.test(q)) return hasPlace;
  return undefined;
}

function candidatesFrom(
  passages: readonly ScoredPassage[],
  query: QueryTerms,
  texts: ReadonlyMap<string, string>,
  documentHasTerm: (docId: string, term: string) => boolean,
  shape: AnswerShape | undefined,
): Candidate[] {
  const bestPassageScore = passages[0]?.score ?? 1;
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  for (const { passage, score: passageScore } of passages) {
    const text = texts.get(passage.docId);
    if (text === undefined) continue;
    for (const sentence of passage.sentences) {
      const key = `${passage.docId}:${sentence.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const sentenceText = text.slice(sentence.start, sentence.end);
      const terms = new Set(analyzeTerms(sentenceText));
      const ownCoverage = termCoverage(query, terms);
      if (ownCoverage === 0) continue;
      const coverage = termCoverage(query, terms, (t) => documentHasTerm(passage.docId, t), 0.25);
      const prior = RANK_PRIOR_WEIGHT * (passageScore / bestPassageScore);
      const bonus = shape?.(sentenceText) ? ANSWER_TYPE_BONUS : 0;
      candidates.push({ docId: passage.docId, sentence, score: coverage + prior + bonus });
    }
  }
  return candidates;
}

/** Joins chosen sentences that follow each other in one paragraph into one quote (the gap is whitespace only). */
function mergeAdjacent(chosen: Candidate[], texts: ReadonlyMap<string, string>): Quote[] {
  const ordered = [...chosen].sort((a, b) => (a.docId === b.docId ? a.sentence.start - b.sentence.start : 0));
  const quotes: { docId: string; start: number; end: number; paragraph: number; score: number; rank: number }[] = [];
  for (const c of ordered) {
    const rank = chosen.indexOf(c);
    const last = quotes.at(-1);
    const text = texts.get(c.docId) ?? '';
    if (last && last.docId === c.docId && last.paragraph === c.sentence.paragraph && text.slice(last.end, c.sentence.start).trim() === '') {
      last.end = c.sentence.end;
      last.score = Math.max(last.score, c.score);
      last.rank = Math.min(last.rank, rank);
      continue;
    }
    quotes.push({ docId: c.docId, start: c.sentence.start, end: c.sentence.end, paragraph: c.sentence.paragraph, score: c.score, rank });
  }
  return quotes
    .sort((a, b) => a.rank - b.rank)
    .map(({ docId, start, end, paragraph, score }) => ({ docId, start, end, paragraph, score, text: texts.get(docId)?.slice(start, end) ?? '' }));
}

/**
 * The best sentences for the question, at most `maxQuotes`, best first. Sentences are scored by the question
 * terms they contain (IDF-weighted), the rank of their passage, and whether they have the shape the question
 * asks for (a number for "how many"…). Later quotes prefer other documents, so a question spanning several
 * agreements cites each.
 */
export function selectQuotes(request: QuoteRequest): Quote[] {
  const { passages, query, texts, documentHasTerm, maxQuotes } = request;
  const minRelative = request.minRelativeScore ?? 0.6;
  const pool = candidatesFrom(passages, query, texts, documentHasTerm, expectedAnswerShape(request.question));
  const chosen: Candidate[] = [];
  while (chosen.length < maxQuotes && pool.length > 0) {
    let bestIndex = -1;
    let bestScore = -Infinity;
    pool.forEach((c, i) => {
      const adjusted = c.score - SAME_DOCUMENT_PENALTY * chosen.filter((q) => q.docId === c.docId).length;
      if (adjusted > bestScore) [bestIndex, bestScore] = [i, adjusted];
    });
    const [best] = pool.splice(bestIndex, 1);
    if (best === undefined) break;
    const first = chosen[0];
    if (first !== undefined && bestScore < minRelative * first.score) break;
    chosen.push(best);
  }
  return mergeAdjacent(chosen, texts);
}
