import { describe, expect, it } from 'vitest';
import { byBestQuote } from '../../src/retrieval/by-best-quote.js';
import type { ScoredPassage } from '../../src/retrieval/types.js';

const passage = (docId: string, start: number, end: number, score: number): ScoredPassage => ({
  passage: { chunkId: `${docId}#${start}`, docId, start, end, text: 'x'.repeat(end - start), paragraph: 1, sentences: [] },
  score,
});

describe('byBestQuote', () => {
  const fused = [passage('a.txt', 0, 100, 0.3), passage('b.txt', 0, 100, 0.2), passage('a.txt', 100, 200, 0.1), passage('c.txt', 0, 50, 0.05)];

  it('lists first the passage holding the likeliest sentence, then by their best sentence', () => {
    const ordered = byBestQuote(fused, [
      { docId: 'a.txt', start: 10, end: 40, probability: 0.2 },
      { docId: 'a.txt', start: 120, end: 160, probability: 0.9 },
      { docId: 'b.txt', start: 0, end: 30, probability: 0.5 },
    ]);
    expect(ordered.map((p) => p.passage.chunkId)).toEqual(['a.txt#100', 'b.txt#0', 'a.txt#0', 'c.txt#0']);
  });

  it('counts a sentence only for the passage that contains it whole, and keeps the fused order on ties and without sentences', () => {
    // The sentence straddles both passages of a.txt: neither holds it.
    const ordered = byBestQuote(fused, [{ docId: 'a.txt', start: 90, end: 110, probability: 0.9 }]);
    expect(ordered.map((p) => p.passage.chunkId)).toEqual(fused.map((p) => p.passage.chunkId));
    expect(byBestQuote(fused, [])).toEqual(fused);
  });
});
