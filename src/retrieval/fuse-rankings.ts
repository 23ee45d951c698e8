/**
 * Weighted reciprocal rank fusion (Cormack, Clarke & Büttcher, SIGIR 2009, with a weight per ranking):
 * score(d) = Σ_i w_i / (k + rank_i(d)).
 *
 * Why ranks: BM25 scores are unbounded and corpus-dependent and cosine similarities sit in a band that differs from
 * model to model, so a sum of raw scores would need re-fitting per corpus. Why a weight: plain RRF treats both sides
 * as equally good, and a weak dense side then drags a good lexical ranking down (GloVe on SciFact: 0.623 → 0.454
 * nDCG@10). The dense weight is fitted per model on training questions (`npm run calibrate`).
 * k = 60 is the value from the paper; it keeps one list's top hit from drowning the other list.
 */

export const RRF_K = 60;

export interface FusedItem {
  readonly label: number;
  /** Σ w/(k + rank), higher is better. */
  readonly score: number;
}

/**
 * Fuses rankings (each a list of labels, best first) into one, best first. `weights[i]` (default 1) scales
 * ranking i; a ranking of weight 0 only breaks ties. Ties keep first-list order.
 */
export function fuseRankings(rankings: readonly (readonly number[])[], weights: readonly number[] = [], k: number = RRF_K): FusedItem[] {
  const scores = new Map<number, number>();
  const tieBreak = new Map<number, number>();
  rankings.forEach((ranking, r) => {
    const weight = weights[r] ?? 1;
    ranking.forEach((label, index) => {
      scores.set(label, (scores.get(label) ?? 0) + weight / (k + index + 1));
      tieBreak.set(label, (tieBreak.get(label) ?? 0) + 1 / (k + index + 1));
    });
  });
  return [...scores]
    .map(([label, score]) => ({ label, score }))
    .sort((a, b) => b.score - a.score || tieBreak.get(b.label)! - tieBreak.get(a.label)!);
}
