import { describe, expect, it } from 'vitest';
import { isAnswerable } from '../../src/retrieval/decide-answerable.js';

const thresholds = { minCoverage: 0.5, minSimilarity: 0.6 };

describe('isAnswerable', () => {
  it('answers when the lexical coverage reaches the minimum, with or without dense evidence', () => {
    expect(isAnswerable({ coverage: 0.5 }, thresholds)).toBe(true);
    expect(isAnswerable({ coverage: 0.9, similarity: 0.1 }, thresholds)).toBe(true);
  });

  it('abstains below the minimum coverage when there is no dense evidence', () => {
    expect(isAnswerable({ coverage: 0.49 }, thresholds)).toBe(false);
    expect(isAnswerable({ coverage: 0 }, thresholds)).toBe(false);
  });

  it('lets a high similarity vouch for a question that matches at least half the minimum coverage', () => {
    expect(isAnswerable({ coverage: 0.25, similarity: 0.6 }, thresholds)).toBe(true);
    expect(isAnswerable({ coverage: 0.3, similarity: 0.95 }, thresholds)).toBe(true);
  });

  it('abstains when the similarity is below its threshold', () => {
    expect(isAnswerable({ coverage: 0.4, similarity: 0.59 }, thresholds)).toBe(false);
  });

  it('abstains when the question shares almost no words with the text, however similar it sounds', () => {
    expect(isAnswerable({ coverage: 0.24, similarity: 0.99 }, thresholds)).toBe(false);
  });

  it('follows the configured thresholds', () => {
    expect(isAnswerable({ coverage: 0.3 }, { minCoverage: 0.3, minSimilarity: 1 })).toBe(true);
    expect(isAnswerable({ coverage: 0.3, similarity: 0.7 }, { minCoverage: 0.8, minSimilarity: 0.7 })).toBe(false);
    expect(isAnswerable({ coverage: 0.4, similarity: 0.7 }, { minCoverage: 0.8, minSimilarity: 0.7 })).toBe(true);
  });
});
