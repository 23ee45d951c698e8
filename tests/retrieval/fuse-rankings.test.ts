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
    expect(labels(fuseRankings(rankings, 0))).toEqual([1, 8, 3, 7, 9]);
    expect(labels(fuseRankings(rankings, 60))).toEqual([3, 1, 8, 7, 9]);
    expect(fuseRankings([[1]], 0)[0]?.score).toBe(1);
  });

  it('returns nothing for no rankings or empty ones', () => {
    expect(fuseRankings([])).toEqual([]);
    expect(fuseRankings([[], []])).toEqual([]);
  });
});
