import { describe, expect, it } from 'vitest';
import { auroc, expectedCalibrationError, ndcgAt, recallAt } from '../../src/eval/metrics.js';

describe('auroc', () => {
  it('is 1 when every positive scores above every negative, 0 when below', () => {
    expect(auroc([0.1, 0.2, 0.8, 0.9], [false, false, true, true])).toBe(1);
    expect(auroc([0.9, 0.8, 0.2, 0.1], [false, false, true, true])).toBe(0);
  });

  it('is 0.5 when every score ties, and counts each tied pair as half', () => {
    expect(auroc([0.5, 0.5, 0.5, 0.5], [true, false, true, false])).toBe(0.5);
    // The positive ties one negative (½) and loses to the other (0): ¼.
    expect(auroc([0.5, 0.5, 0.9], [true, false, false])).toBe(0.25);
  });

  it('is the share of positive–negative pairs ranked right', () => {
    // 0.35 beats 0.1 but not 0.4; 0.8 beats both: 3 of 4 pairs.
    expect(auroc([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBe(0.75);
  });

  it('is undefined when there is only one class, or nothing', () => {
    expect(auroc([0.1, 0.9], [true, true])).toBeUndefined();
    expect(auroc([0.1, 0.9], [false, false])).toBeUndefined();
    expect(auroc([], [])).toBeUndefined();
  });
});

describe('expectedCalibrationError', () => {
  it('is 0 when each bin’s stated probability matches how often the event happened', () => {
    const probabilities = [0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75];
    const outcomes = [true, false, false, false, true, true, true, false];
    expect(expectedCalibrationError(probabilities, outcomes)).toBe(0);
  });

  it('weighs each bin’s gap by its share of the predictions', () => {
    // Bin 0.9: stated 1.8, happened 1 → 0.8; bin 0.1: stated 0.2, happened 0 → 0.2; over 4 predictions.
    expect(expectedCalibrationError([0.9, 0.9, 0.1, 0.1], [true, false, false, false])).toBeCloseTo(0.25, 12);
  });

  it('puts probability 1 in the last bin and honours the number of bins', () => {
    expect(expectedCalibrationError([1, 1], [true, true])).toBe(0);
    expect(expectedCalibrationError([0.3, 0.6], [true, false], 10)).toBeCloseTo(0.35 + 0.3, 12);
    expect(expectedCalibrationError([0.3, 0.6], [true, false], 1)).toBeCloseTo(0.05, 12);
  });

  it('is undefined without predictions', () => {
    expect(expectedCalibrationError([], [])).toBeUndefined();
  });
});

describe('ndcgAt', () => {
  const relevance = new Map([
    ['a', 1],
    ['b', 2],
  ]);

  it('is 1 for the ideal order and 0 when nothing relevant is ranked in the first k', () => {
    expect(ndcgAt(['b', 'a', 'x'], relevance, 3)).toBe(1);
    expect(ndcgAt(['x', 'y', 'a'], relevance, 2)).toBe(0);
    expect(ndcgAt(['a', 'b'], new Map(), 10)).toBe(0);
  });

  it('discounts each grade by log2(rank + 1) and divides by the ideal', () => {
    const dcg = 0 + 1 / Math.log2(3) + 2 / Math.log2(4);
    const ideal = 2 + 1 / Math.log2(3);
    expect(ndcgAt(['x', 'a', 'b'], relevance, 3)).toBeCloseTo(dcg / ideal, 12);
    // At k = 1 only the first place counts, against the best single grade.
    expect(ndcgAt(['a', 'b'], relevance, 1)).toBeCloseTo(1 / 2, 12);
  });
});

describe('recallAt', () => {
  const relevance = new Map([
    ['a', 1],
    ['b', 1],
    ['c', 0],
  ]);

  it('is the share of relevant documents in the first k, grade 0 not counting as relevant', () => {
    expect(recallAt(['a', 'x', 'b'], relevance, 2)).toBe(0.5);
    expect(recallAt(['a', 'x', 'b'], relevance, 3)).toBe(1);
    expect(recallAt(['c', 'x'], relevance, 2)).toBe(0);
  });

  it('is 0 when nothing is relevant', () => {
    expect(recallAt(['a'], new Map([['a', 0]]), 1)).toBe(0);
  });
});
