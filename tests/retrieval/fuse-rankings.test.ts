import { describe, expect, it } from 'vitest';
import { fuseRankings, RRF_K } from '../../src/retrieval/fuse-rankings.js';

const labels = (items: readonly { readonly label: number }[]) => items.map((i) => i.label);

describe('fuseRankings', () => {
  it('ranks a label both lists like above labels only one list ranks first', () => {
    expect(labels(fuseRankings([[1, 7, 3], [8, 9, 3]]))).toEqual([3, 1, 8, 7, 9]);
  });

  it('scores each label with the sum of 1 / (k + rank) over the lists, k = 60 by default', () => {
    expect(RRF_K).toBe(60);
    const fused = fuseRankings([[1, 2, 3], [2, 3, 1]]);
    expect(labels(fused)).toEqual([2, 1, 3]);
    const score = new Map(fused.map((f) => [f.label, f.score]));
    expect(score.get(2)).toBeCloseTo(1 / 62 + 1 / 61, 12);
    expect(score.get(1)).toBeCloseTo(1 / 61 + 1 / 63, 12);
    expect(score.get(3)).toBeCloseTo(1 / 63 + 1 / 62, 12);
  });

  it('keeps first-list order between labels with equal scores', () => {
    expect(labels(fuseRankings([[5, 6], [6, 5]]))).toEqual([5, 6]);
    expect(labels(fuseRankings([[1], [2]]))).toEqual([1, 2]);
    expect(labels(fuseRankings([[4, 9], []]))).toEqual([4, 9]);
  });

  it('lets a small k favour a single list’s top hit over agreement lower down', () => {
    const rankings = [[1, 7, 3], [8, 9, 3]];
    expect(labels(fuseRankings(rankings, [1, 1], 0))).toEqual([1, 8, 3, 7, 9]);
    expect(labels(fuseRankings(rankings, [1, 1], 60))).toEqual([3, 1, 8, 7, 9]);
    expect(fuseRankings([[1]], [1], 0)[0]?.score).toBe(1);
  });

  it('weighs a ranking without a weight as 1', () => {
    const rankings = [[1, 2, 3], [3, 2, 1]];
    expect(fuseRankings(rankings, [])).toEqual(fuseRankings(rankings, [1, 1]));
    expect(fuseRankings(rankings, [1])).toEqual(fuseRankings(rankings));
  });

  it('scales a ranking’s contribution by its weight', () => {
    const fused = fuseRankings([[1, 2], [2, 1]], [1, 0.5]);
    const score = new Map(fused.map((f) => [f.label, f.score]));
    expect(score.get(1)).toBeCloseTo(1 / 61 + 0.5 / 62, 12);
    expect(score.get(2)).toBeCloseTo(1 / 62 + 0.5 / 61, 12);
    expect(labels(fused)).toEqual([1, 2]);
    // Weighted up, the second list's order wins.
    expect(labels(fuseRankings([[1, 2], [2, 1]], [1, 2]))).toEqual([2, 1]);
    expect(fuseRankings([[4]], [3], 0)[0]?.score).toBe(3);
  });

  it('lets a ranking of weight 0 only break ties', () => {
    // Labels 1 and 2 tie on the first list (each ranked once, at the same rank in a list of its own)…
    const tied = fuseRankings([[1], [2], [2, 1]], [1, 1, 0]);
    expect(labels(tied)).toEqual([2, 1]);
    expect(tied[0]?.score).toBeCloseTo(1 / 61, 12);
    expect(tied[1]?.score).toBeCloseTo(1 / 61, 12);
    // …but a weight-0 list never lifts a label above one the weighted lists rank higher.
    expect(labels(fuseRankings([[1, 2, 3], [3, 2, 1]], [1, 0]))).toEqual([1, 2, 3]);
    // A label only the weight-0 list knows comes last, with score 0.
    const unknown = fuseRankings([[1, 2], [9, 2, 1]], [1, 0]);
    expect(labels(unknown)).toEqual([1, 2, 9]);
    expect(unknown.at(-1)?.score).toBe(0);
  });

  it('returns nothing for no rankings or empty ones', () => {
    expect(fuseRankings([])).toEqual([]);
    expect(fuseRankings([[], []])).toEqual([]);
  });
});
