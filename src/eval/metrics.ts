/**
 * Measures for ranking and for confidence scores, as the public benchmarks define them. Pure.
 */

/**
 * Area under the ROC curve: the probability that a random positive scores above a random negative (ties count
 * half). 0.5 is no signal; undefined when either class is empty.
 */
export function auroc(scores: readonly number[], positive: readonly boolean[]): number | undefined {
  if (scores.some((s) => !Number.isFinite(s))) throw new RangeError('auroc: every score must be a finite number');
  const pairs = scores.map((score, i) => ({ score, positive: positive[i] === true })).sort((a, b) => a.score - b.score);
  const positives = pairs.filter((p) => p.positive).length;
  const negatives = pairs.length - positives;
  if (positives === 0 || negatives === 0) return undefined;
  // Mann–Whitney U with average ranks for ties.
  let rankSum = 0;
  for (let i = 0; i < pairs.length; ) {
    let j = i;
    while (j < pairs.length && pairs[j]!.score === pairs[i]!.score) j++;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (pairs[k]!.positive) rankSum += averageRank;
    i = j;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Expected calibration error over `bins` equal-width probability bins: the share-weighted mean gap between the
 * stated probability and how often the event happened. 0 is perfectly calibrated.
 */
export function expectedCalibrationError(probabilities: readonly number[], outcomes: readonly boolean[], bins = 10): number | undefined {
  if (probabilities.length === 0) return undefined;
  const count = new Array<number>(bins).fill(0);
  const stated = new Array<number>(bins).fill(0);
  const happened = new Array<number>(bins).fill(0);
  probabilities.forEach((p, i) => {
    const bin = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));
    count[bin]!++;
    stated[bin]! += p;
    if (outcomes[i]) happened[bin]!++;
  });
  let error = 0;
  for (let b = 0; b < bins; b++) {
    if (count[b]! > 0) error += Math.abs(stated[b]! - happened[b]!) / probabilities.length;
  }
  return error;
}

/** nDCG@k with graded relevance (BEIR's definition: gain = grade, discount log2(rank + 1)). */
export function ndcgAt(ranked: readonly string[], relevance: ReadonlyMap<string, number>, k: number): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    dcg += (relevance.get(id) ?? 0) / Math.log2(i + 2);
  });
  const ideal = [...relevance.values()].sort((a, b) => b - a).slice(0, k);
  let idcg = 0;
  ideal.forEach((grade, i) => {
    idcg += grade / Math.log2(i + 2);
  });
  return idcg === 0 ? 0 : dcg / idcg;
}

/** Share of the relevant documents found in the first `k`. */
export function recallAt(ranked: readonly string[], relevance: ReadonlyMap<string, number>, k: number): number {
  const relevant = [...relevance].filter(([, grade]) => grade > 0).map(([id]) => id);
  if (relevant.length === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}
