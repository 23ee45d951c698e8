import { expectedAnswerType, holdsAnswerType } from './answer-types.js';
import { analyzeTerms } from './analyze-terms.js';
import type { FeatureRow } from './logistic-model.js';
import { passageUnits, type PassageUnits } from './passage-units.js';
import { emphasizeFocus, termCoverage, type QueryTerms } from './query-terms.js';
import { relatedCoverages } from './related-coverage.js';
import type { FreshCandidate } from './sentence-similarity.js';
import type { Passage, ScoredPassage } from './types.js';

/**
 * The quotable units of the best passages (one sentence, or two that follow each other), each with the signals
 * that say whether it holds the answer. Pure apart from the caches the caller passes in.
 */

export interface CandidateRequest {
  readonly question: string;
  readonly query: QueryTerms;
  /** The passages to quote from, best first. */
  readonly passages: readonly ScoredPassage[];
  readonly texts: ReadonlyMap<string, string>;
  readonly documentHasTerm: (docId: string, term: string) => boolean;
  /**
   * A passage's analysed sentences and quotable units (`passageUnits`); lets the caller analyse each passage once
   * per index version (`PassageUnitCache`). Computed afresh without it.
   */
  readonly passageUnits?: (passage: Passage) => PassageUnits;
}

export interface Candidate {
  readonly docId: string;
  readonly start: number;
  readonly end: number;
  readonly paragraph: number;
  /** The sentences the unit is made of (one or two), as offsets into the document text. */
  readonly sentences: readonly { readonly start: number; readonly end: number }[];
  readonly features: FeatureRow;
}

/** The signals of a candidate, in the order a calibration lists them. */
export const QUOTE_FEATURES = [
  'coverage',
  'plainCoverage',
  'contextCoverage',
  'focusCoverage',
  'bigrams',
  'novelty',
  'passageRank',
  'passageScore',
  'lexicalScore',
  'similarity',
  'similarityGap',
  'topical',
  'typeExpected',
  'typeHeld',
  'logWords',
  'pair',
  'continuation',
  'rarestMissing',
  'numbersMissing',
  'negationMismatch',
  'coverageGap',
  'contextGap',
  'focusGap',
  'sentenceSimilarity',
  'sentenceSimilarityGap',
  'relatedCoverage',
  'antonymMismatch',
  'broaderCoverage',
] as const;

/**
 * The direction each signal may act in, from what it measures (see `fitLogistic`): matching more of the question, a
 * better-ranked passage, the kind of thing asked for present count for a candidate; a missing rarest word, figure or
 * negation against it. Signals without a sign (length, pairs, novelty, asking for a type at all) are left to the data.
 */
export const QUOTE_FEATURE_SIGNS: Readonly<Record<string, 1 | -1>> = {
  coverage: 1,
  plainCoverage: 1,
  contextCoverage: 1,
  focusCoverage: 1,
  bigrams: 1,
  passageRank: 1,
  passageScore: 1,
  lexicalScore: 1,
  similarity: 1,
  similarityGap: 1,
  topical: 1,
  typeHeld: 1,
  continuation: 1,
  rarestMissing: -1,
  numbersMissing: -1,
  negationMismatch: -1,
  coverageGap: 1,
  contextGap: 1,
  focusGap: 1,
  sentenceSimilarity: 1,
  sentenceSimilarityGap: 1,
  relatedCoverage: 1,
  antonymMismatch: -1,
  broaderCoverage: 1,
};

/** Features measured against the question's best candidate: a pointwise model then sees the competition. */
const RELATIVE: readonly (readonly [string, string])[] = [
  ['coverage', 'coverageGap'],
  ['contextCoverage', 'contextGap'],
  ['focusCoverage', 'focusGap'],
];

/** Adds the relative features to candidates' own, fresh feature rows (in place: copying every row cost more than the rest). */
function withGaps(candidates: readonly { readonly features: Record<string, number> }[]): void {
  for (const [name, gap] of RELATIVE) {
    let best = 0;
    for (const c of candidates) best = Math.max(best, c.features[name] ?? 0);
    for (const c of candidates) c.features[gap] = (c.features[name] ?? 0) - best;
  }
}

/**
 * 1 when the unit holds the opposite of a question's word and not the word ("the UK refused…" for "Who agreed…"; "a
 * qualified majority vote" for "…minority vote…"), else 0.
 */
function antonymMismatch(query: QueryTerms, terms: ReadonlySet<string>): number {
  for (const [term, antonyms] of query.antonyms ?? []) {
    if (terms.has(term)) continue;
    for (const antonym of antonyms) if (terms.has(antonym)) return 1;
  }
  return 0;
}

/** Negation in a question that the answering sentence must share ("Who did not…"). */
const NEGATION = /\b(?:not|never|no|none|nor|without)\b|n['’]t\b/i;
/**
 * A figure: a number standing on its own ("300", "3,200", "1.5", the 2015 of "2010-2015", "-40"), not the digits of a
 * name ("F-35", "Brave1": after a letter, or after a letter and a hyphen).
 */
const NUMBER = /(?<![\p{L}\d])(?<!\p{L}-)\d+(?:[.,]\d+)*/gu;

/** A second sentence that refers back to the first ("This strategy…", "It…") continues its answer. */
const ANAPHOR = /^[“"‘']?(?:This|These|That|Those|It|Its|They|Their|Such|He|She|His|Her)\b/;

/** Share of the question's adjacent term pairs that the unit also has side by side. */
function bigramShare(questionTerms: readonly string[], unitOrder: readonly string[]): number {
  if (questionTerms.length < 2) return 0;
  let hits = 0;
  for (let i = 1; i < questionTerms.length; i++) if (hasPair(unitOrder, questionTerms[i - 1]!, questionTerms[i]!)) hits++;
  return hits / (questionTerms.length - 1);
}

function hasPair(order: readonly string[], first: string, second: string): boolean {
  for (let i = 1; i < order.length; i++) if (order[i] === second && order[i - 1] === first) return true;
  return false;
}

/**
 * 1 when the document mentions every name the question mentions, down to 0 when it mentions none, each name
 * counting by its IDF weight: a sentence about "Ukrainian technologies" in a document that never names Lithuania
 * does not answer a question about Lithuania, and naming Ukraine, as every document does, says little.
 */
function topicalShare(query: QueryTerms, inDocument: (term: string) => boolean): number {
  let present = 0;
  let total = 0;
  for (const entity of query.entities) {
    const weight = query.weights.get(entity) ?? 0;
    total += weight;
    if (inDocument(entity)) present += weight;
  }
  return total === 0 ? 1 : present / total;
}

/** The candidates, each with a fresh feature row of its own (see `FreshCandidate`). */
export function quoteCandidates(request: CandidateRequest): FreshCandidate[] {
  const { query } = request;
  const focused = emphasizeFocus(query);
  const expected = expectedAnswerType(request.question);
  const questionOrder = analyzeTerms(request.question);
  const rarest = [...query.weights].reduce<[string, number] | undefined>((a, e) => (a === undefined || e[1] > a[1] ? e : a), undefined)?.[0];
  const questionNumbers = request.question.match(NUMBER) ?? [];
  const questionNegated = NEGATION.test(request.question);
  const bestScore = request.passages[0]?.score ?? 1;
  const bestLexical = Math.max(0, ...request.passages.map((p) => p.lexicalScore ?? 0));
  const bestSimilarity = Math.max(-1, ...request.passages.map((p) => p.similarity ?? -1));
  const seen = new Set<string>();
  const candidates: FreshCandidate[] = [];
  const unitsOf = request.passageUnits ?? ((passage: Passage) => passageUnitsOf(passage, request.texts));
  request.passages.forEach(({ passage, score, lexicalScore, similarity }, rank) => {
    const { units } = unitsOf(passage);
    if (units.length === 0) return;
    const inDocument = (t: string) => request.documentHasTerm(passage.docId, t);
    const topical = topicalShare(query, inDocument);
    for (const unit of units) {
      if (seen.has(unit.key)) continue;
      seen.add(unit.key);
      const { terms } = unit;
      const coverage = termCoverage(query, terms);
      // A sentence that holds only other words for the question's ("manufacturers" for "makers") is a candidate too.
      const { related, broader } = relatedCoverages(query, terms);
      if (coverage === 0 && related === 0) continue;
      const unitText = questionNumbers.length > 0 || questionNegated ? (request.texts.get(passage.docId) ?? '').slice(unit.start, unit.end) : '';
      let novel = 0;
      for (const t of terms) if (!query.weights.has(t)) novel++;
      const second = unit.sentences[1];
      candidates.push({
        docId: passage.docId,
        start: unit.start,
        end: unit.end,
        paragraph: unit.paragraph,
        sentences: unit.sentences.map((u) => ({ start: u.start, end: u.end })),
        features: {
          coverage,
          // Unweighted: a question built to look answerable often changes an everyday word ("first" for "last").
          plainCoverage: query.terms.length === 0 ? 0 : query.terms.filter((t) => terms.has(t)).length / query.terms.length,
          contextCoverage: termCoverage(query, terms, inDocument, 0.5),
          focusCoverage: termCoverage(focused, terms),
          bigrams: bigramShare(questionOrder, unit.order),
          novelty: terms.size === 0 ? 0 : novel / terms.size,
          passageRank: 1 / (1 + rank),
          passageScore: bestScore > 0 ? score / bestScore : 0,
          lexicalScore: bestLexical > 0 ? (lexicalScore ?? 0) / bestLexical : 0,
          similarity: similarity ?? 0,
          similarityGap: similarity === undefined ? 0 : similarity - bestSimilarity,
          topical,
          typeExpected: expected ? 1 : 0,
          typeHeld: expected && unit.sentences.some((u) => holdsAnswerType(u.types(), expected)) ? 1 : 0,
          logWords: Math.log(unit.words),
          pair: second !== undefined ? 1 : 0,
          continuation: second !== undefined && ANAPHOR.test(second.text) ? 1 : 0,
          // The question's most specific word, its figures and its negation are what an answering sentence cannot
          // lack; a question built to look answerable usually changes one of them (SQuAD 2.0's adversarial questions).
          rarestMissing: rarest !== undefined && !terms.has(rarest) ? (inDocument(rarest) ? 0.5 : 1) : 0,
          numbersMissing: questionNumbers.length === 0 ? 0 : questionNumbers.filter((n) => !unitText.includes(n)).length / questionNumbers.length,
          negationMismatch: questionNegated && !NEGATION.test(unitText) ? 1 : 0,
          relatedCoverage: related,
          antonymMismatch: antonymMismatch(query, terms),
          broaderCoverage: broader,
        },
      });
    }
  });
  withGaps(candidates);
  return candidates;
}

function passageUnitsOf(passage: Passage, texts: ReadonlyMap<string, string>): PassageUnits {
  const text = texts.get(passage.docId);
  return text === undefined ? { sentences: [], units: [], terms: new Set() } : passageUnits(passage, text);
}
