import type { FeatureRow } from './logistic-model.js';
import type { QueryTerms } from './query-terms.js';

/**
 * The signals that say whether the corpus answers a question at all; a calibration combines them into the
 * probability that it does (the answer's `confidence`).
 */
export const ANSWER_FEATURES = [
  'bestQuote',
  'bestQuoteCoverage',
  'bestQuotePlainCoverage',
  'bestQuoteContext',
  'bestQuoteTyped',
  'bestQuoteRarestMissing',
  'bestQuoteNumbersMissing',
  'bestQuoteNegationMismatch',
  'bestQuoteTopical',
  'bestQuoteFocus',
  'bestQuoteBigrams',
  'bestQuoteSimilarity',
  'typeNowhere',
  'passageCoverage',
  'unknownShare',
  'specificUnknownShare',
  'lexicalTop',
  'similarity',
  'logTerms',
  'bestQuoteRelated',
  'bestQuoteAntonym',
  'bestQuoteBroader',
] as const;

/** The direction each signal may act in (see `fitLogistic`); the number of terms is left to the data. */
export const ANSWER_FEATURE_SIGNS: Readonly<Record<string, 1 | -1>> = {
  bestQuote: 1,
  bestQuoteCoverage: 1,
  bestQuotePlainCoverage: 1,
  bestQuoteContext: 1,
  bestQuoteTyped: 1,
  bestQuoteRarestMissing: -1,
  bestQuoteNumbersMissing: -1,
  bestQuoteNegationMismatch: -1,
  bestQuoteTopical: 1,
  bestQuoteFocus: 1,
  bestQuoteBigrams: 1,
  bestQuoteSimilarity: 1,
  typeNowhere: -1,
  passageCoverage: 1,
  unknownShare: -1,
  specificUnknownShare: -1,
  lexicalTop: 1,
  similarity: 1,
  bestQuoteRelated: 1,
  bestQuoteAntonym: -1,
  bestQuoteBroader: 1,
};

export interface AnswerSignals {
  /** Calibrated probability that the best candidate sentence holds the answer; 0 without candidates. */
  readonly bestQuote: number;
  /** The best candidate's features (coverage, context coverage, answer type), when there is one. */
  readonly best?: FeatureRow;
  /**
   * Whether the question asks for a kind of thing (a person, a number, a date, a place…) that no candidate
   * sentence holds: "How much did it cost?" over passages without an amount.
   */
  readonly typeNowhere?: boolean;
  /** Best passage's IDF-weighted term coverage, 0–1. */
  readonly passageCoverage: number;
  readonly query: QueryTerms;
  /** Terms the corpus never uses. */
  readonly isUnknown: (term: string) => boolean;
  /** Best BM25 score, 0 when nothing matched. */
  readonly lexicalTop: number;
  /** Best cosine similarity of a passage, when dense retrieval ran. */
  readonly similarity?: number;
}

/** Turns a logit-scale probability into a feature that stays linear near 0 and 1. */
const logit = (p: number) => Math.log(Math.max(p, 1e-6) / Math.max(1 - p, 1e-6));

export function answerFeatures(signals: AnswerSignals): FeatureRow {
  const { query } = signals;
  let unknown = 0;
  for (const [term, weight] of query.weights) if (signals.isUnknown(term)) unknown += weight;
  // A name, figure or rare word the corpus lacks ("Scholz", "F-16") says the question is about something else; an
  // everyday word it lacks ("makers" for manufacturers) may be a paraphrase.
  const specific = new Set((query.resolved ?? []).filter((r) => r.resolution === 'specific').flatMap((r) => r.terms));
  let specificUnknown = 0;
  for (const [term, weight] of query.weights) if (specific.has(term) && signals.isUnknown(term)) specificUnknown += weight;
  return {
    bestQuote: logit(signals.bestQuote),
    bestQuoteCoverage: signals.best?.['coverage'] ?? 0,
    bestQuotePlainCoverage: signals.best?.['plainCoverage'] ?? 0,
    bestQuoteContext: signals.best?.['contextCoverage'] ?? 0,
    bestQuoteTyped: (signals.best?.['typeHeld'] ?? 0) - (signals.best?.['typeExpected'] ?? 0),
    bestQuoteRarestMissing: signals.best?.['rarestMissing'] ?? 1,
    bestQuoteNumbersMissing: signals.best?.['numbersMissing'] ?? 1,
    bestQuoteNegationMismatch: signals.best?.['negationMismatch'] ?? 0,
    // Whether the best quote's document names everything the question names, how much of what the question is
    // about (its focus) and of its word pairs the quote holds, and (with a model) how close it is in meaning.
    bestQuoteTopical: signals.best?.['topical'] ?? 0,
    bestQuoteFocus: signals.best?.['focusCoverage'] ?? 0,
    bestQuoteBigrams: signals.best?.['bigrams'] ?? 0,
    bestQuoteSimilarity: signals.best?.['sentenceSimilarity'] ?? 0,
    typeNowhere: signals.typeNowhere ? 1 : 0,
    passageCoverage: signals.passageCoverage,
    unknownShare: query.totalWeight > 0 ? unknown / query.totalWeight : 1,
    specificUnknownShare: query.totalWeight > 0 ? specificUnknown / query.totalWeight : 0,
    // BM25 grows with the number and rarity of matched terms: relative to the question's total IDF it says how much
    // of the question one passage matched, on a scale that does not depend on the corpus size.
    lexicalTop: query.totalWeight > 0 ? signals.lexicalTop / query.totalWeight : 0,
    similarity: signals.similarity ?? 0,
    logTerms: Math.log(1 + query.terms.length),
    // How much of the question the best quote holds in its own words or in other words for them (WordNet).
    bestQuoteRelated: signals.best?.['relatedCoverage'] ?? 0,
    // Whether the best quote holds the opposite of one of the question's words (WordNet antonyms).
    bestQuoteAntonym: signals.best?.['antonymMismatch'] ?? 0,
    // How much of the question it holds counting broader and narrower words too (WordNet hypernyms and hyponyms).
    bestQuoteBroader: signals.best?.['broaderCoverage'] ?? 0,
  };
}
