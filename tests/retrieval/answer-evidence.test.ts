import { describe, expect, it } from 'vitest';
import { ANSWER_FEATURES, ANSWER_FEATURE_SIGNS, answerFeatures, type AnswerSignals } from '../../src/retrieval/answer-evidence.js';
import type { QueryTerms } from '../../src/retrieval/query-terms.js';

const query: QueryTerms = {
  terms: ['piorun', 'price'],
  focus: new Set(['price']),
  entities: new Set(['piorun']),
  weights: new Map([['piorun', 3], ['price', 1]]),
  totalWeight: 4,
};

const signals = (extra: Partial<AnswerSignals> = {}): AnswerSignals => ({
  bestQuote: 0.5,
  passageCoverage: 0.75,
  query,
  isUnknown: (t) => t === 'price',
  lexicalTop: 8,
  ...extra,
});

describe('answerFeatures', () => {
  it('gives a value for every listed feature, and a sign for every signal with a known direction', () => {
    const row = answerFeatures(signals());
    for (const name of ANSWER_FEATURES) expect(Number.isFinite(row[name])).toBe(true);
    expect(Object.keys(ANSWER_FEATURE_SIGNS).every((name) => (ANSWER_FEATURES as readonly string[]).includes(name))).toBe(true);
  });

  it('passes on the best quote’s topic, focus, word pairs and meaning', () => {
    const row = answerFeatures(signals({ best: { topical: 1, focusCoverage: 0.25, bigrams: 0.5, sentenceSimilarity: 0.7 } }));
    expect(row).toMatchObject({ bestQuoteTopical: 1, bestQuoteFocus: 0.25, bestQuoteBigrams: 0.5, bestQuoteSimilarity: 0.7 });
    expect(answerFeatures(signals())).toMatchObject({ bestQuoteTopical: 0, bestQuoteSimilarity: 0 });
  });

  it('marks a question whose asked-for kind no candidate holds, and only that', () => {
    expect(answerFeatures(signals({ typeNowhere: true }))['typeNowhere']).toBe(1);
    expect(answerFeatures(signals({ typeNowhere: false }))['typeNowhere']).toBe(0);
    expect(answerFeatures(signals())['typeNowhere']).toBe(0);
    expect(ANSWER_FEATURE_SIGNS['typeNowhere']).toBe(-1);
  });

  it('weighs unknown words by IDF: a quarter of this question is a word the corpus lacks', () => {
    expect(answerFeatures(signals())['unknownShare']).toBeCloseTo(0.25);
  });
});
