import type { Candidate } from './quote-candidates.js';
import type { Quote } from './types.js';

/** A candidate with the calibrated probability that it holds the answer. */
export interface ScoredCandidate extends Candidate {
  readonly probability: number;
}

export interface QuoteChoice {
  readonly maxQuotes: number;
  /** A further quote must be at least this share as likely to hold the answer as the first. */
  readonly minRelativeProbability: number;
  /** Document file texts by docId: quotes are slices of these. */
  readonly texts: ReadonlyMap<string, string>;
}

const overlaps = (a: Candidate, b: Candidate) => a.docId === b.docId && a.start < b.end && b.start < a.end;

/**
 * The best quotes, at most `maxQuotes`, best first, none overlapping another. A further quote from a document
 * already quoted must be as likely as the first to count: a question spanning several agreements cites each,
 * while one sentence's neighbours are not repeated. Pure.
 */
export function selectQuotes(candidates: readonly ScoredCandidate[], choice: QuoteChoice): Quote[] {
  const ranked = [...candidates].sort((a, b) => b.probability - a.probability);
  const chosen: ScoredCandidate[] = [];
  for (const c of ranked) {
    if (chosen.length >= choice.maxQuotes) break;
    const first = chosen[0];
    if (first !== undefined) {
      if (c.probability < choice.minRelativeProbability * first.probability) break;
      if (chosen.some((q) => overlaps(q, c))) continue;
      if (chosen.some((q) => q.docId === c.docId) && c.probability < first.probability) continue;
    }
    chosen.push(c);
  }
  return chosen.map(({ docId, start, end, paragraph, probability }) => ({
    docId,
    start,
    end,
    paragraph,
    score: probability,
    text: choice.texts.get(docId)?.slice(start, end) ?? '',
  }));
}
