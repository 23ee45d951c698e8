/**
 * Abstention: whether the retrieved material answers the question at all.
 *
 * Lexical evidence is the best passage's term coverage (IDF-weighted, see `termCoverage`): a question whose
 * rarest words the corpus never uses ("FIFA", "howitzers", "banana") cannot be answered from it, however close
 * the nearest passage. Dense evidence is the best cosine similarity; with a real sentence model a high
 * similarity can vouch for a paraphrased question that shares only some words with the text, but never for
 * one that shares almost none (a similar-sounding question about something else).
 */

export interface AnswerEvidence {
  /** Best passage's IDF-weighted term coverage, 0–1. */
  readonly coverage: number;
  /** Best passage's cosine similarity, when dense retrieval ran. */
  readonly similarity?: number;
}

export interface AbstainThresholds {
  /** Minimum coverage for an answer. Calibrated on the dev questions (see README, "Abstention"). */
  readonly minCoverage: number;
  /** Similarity at or above which dense evidence alone is enough. */
  readonly minSimilarity: number;
}

export function isAnswerable(evidence: AnswerEvidence, thresholds: AbstainThresholds): boolean {
  if (evidence.coverage >= thresholds.minCoverage) return true;
  return (
    evidence.similarity !== undefined &&
    evidence.similarity >= thresholds.minSimilarity &&
    evidence.coverage >= thresholds.minCoverage / 2
  );
}
