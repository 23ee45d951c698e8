import type { ScoredPassage } from './types.js';

/** A candidate sentence (or pair) by where it lies and how likely it holds the answer. */
export interface PlacedProbability {
  readonly docId: string;
  readonly start: number;
  readonly end: number;
  readonly probability: number;
}

/**
 * The passages ordered by the probability of the best candidate sentence each holds (the quote model ranks
 * sentences with the retrieval ranks among its signals); a passage without candidates keeps its place after them.
 */
export function byBestQuote(passages: readonly ScoredPassage[], scored: readonly PlacedProbability[]): ScoredPassage[] {
  const best = passages.map(({ passage }) =>
    scored.reduce((max, c) => (c.docId === passage.docId && c.start >= passage.start && c.end <= passage.end && c.probability > max ? c.probability : max), -1),
  );
  return passages.map((p, i) => ({ p, i })).sort((a, b) => best[b.i]! - best[a.i]! || a.i - b.i).map(({ p }) => p);
}
