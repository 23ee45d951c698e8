import type { Candidate } from './quote-candidates.js';

/**
 * Quotes chosen by meaning as well as by words: each candidate's cosine similarity to the question, from the same
 * model that ranks passages. A unit of two sentences counts its closer sentence (it holds the answer when either
 * does). Pure: the caller embeds the sentences (and caches them) and passes their unit vectors in.
 */

export type SentenceKey = string;

export function sentenceKey(docId: string, start: number): SentenceKey {
  return `${docId}:${start}`;
}

/** The sentences the candidates are made of, each once, with their offsets. */
export function candidateSentences(candidates: readonly Candidate[]): Map<SentenceKey, { readonly docId: string; readonly start: number; readonly end: number }> {
  const sentences = new Map<SentenceKey, { docId: string; start: number; end: number }>();
  for (const c of candidates) for (const s of c.sentences) sentences.set(sentenceKey(c.docId, s.start), { docId: c.docId, start: s.start, end: s.end });
  return sentences;
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** A candidate whose feature row is its own, fresh for this question (as `quoteCandidates` makes them): signals may be added to it. */
export interface FreshCandidate extends Candidate {
  readonly features: Record<string, number>;
}

/**
 * Adds `sentenceSimilarity` (the cosine, on the model's own scale: calibration is per model) and
 * `sentenceSimilarityGap` (against the question's closest candidate) to every candidate's feature row, in place:
 * copying every candidate and its 26 other signals cost more than the similarities themselves (README, Performance).
 */
export function addSentenceSimilarity(candidates: readonly FreshCandidate[], question: Float32Array, vectorOf: (key: SentenceKey) => Float32Array | undefined): void {
  let best = -1;
  const similarities = candidates.map((c) => {
    let closest = -1;
    for (const s of c.sentences) {
      const vector = vectorOf(sentenceKey(c.docId, s.start));
      if (vector !== undefined) closest = Math.max(closest, dot(question, vector));
    }
    best = Math.max(best, closest);
    return closest;
  });
  candidates.forEach((c, i) => {
    c.features['sentenceSimilarity'] = similarities[i]!;
    c.features['sentenceSimilarityGap'] = similarities[i]! - best;
  });
}
