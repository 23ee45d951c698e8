/**
 * Reciprocal rank fusion (Cormack, Clarke & Büttcher, SIGIR 2009): score(d) = Σ 1 / (k + rank(d)).
 *
 * Why RRF: BM25 scores are unbounded and corpus-dependent, cosine similarities cluster in a narrow band, so any
 * weighted sum of the two needs re-tuning per corpus and per model. RRF uses ranks only, needs no calibration,
 * and in published comparisons matches or beats tuned score combinations for hybrid lexical + dense retrieval.
 * k = 60 is the value from the paper; it keeps one list's top hit from drowning the other list.
 */

export const RRF_K = 60;

export interface FusedItem {
  readonly label: number;
  /** Σ 1/(k + rank), higher is better. */
  readonly score: number;
}

/** Fuses rankings (each a list of labels, best first) into one, best first. Ties keep first-list order. */
export function fuseRankings(rankings: readonly (readonly number[])[], k: number = RRF_K): FusedItem[] {
  const scores = new Map<number, number>();
  for (const ranking of rankings) {
    ranking.forEach((label, index) => {
      scores.set(label, (scores.get(label) ?? 0) + 1 / (k + index + 1));
    });
  }
  return [...scores].map(([label, score]) => ({ label, score })).sort((a, b) => b.score - a.score);
}
