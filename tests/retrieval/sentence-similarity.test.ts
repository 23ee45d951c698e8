import { describe, expect, it } from 'vitest';
import { addSentenceSimilarity, candidateSentences, sentenceKey, type FreshCandidate } from '../../src/retrieval/sentence-similarity.js';

const unit = (docId: string, ...sentences: [number, number][]): FreshCandidate => ({
  docId,
  start: sentences[0]![0],
  end: sentences.at(-1)![1],
  paragraph: 0,
  sentences: sentences.map(([start, end]) => ({ start, end })),
  features: { coverage: 0.5 },
});

const v = (...xs: number[]) => Float32Array.from(xs);

describe('candidateSentences', () => {
  it('lists each sentence once, though single and paired units share it', () => {
    const sentences = candidateSentences([unit('a', [0, 10]), unit('a', [0, 10], [11, 20]), unit('b', [0, 10])]);
    expect([...sentences.keys()]).toEqual([sentenceKey('a', 0), sentenceKey('a', 11), sentenceKey('b', 0)]);
    expect(sentences.get(sentenceKey('a', 11))).toEqual({ docId: 'a', start: 11, end: 20 });
  });
});

describe('addSentenceSimilarity', () => {
  const vectors = new Map([
    [sentenceKey('a', 0), v(1, 0)],
    [sentenceKey('a', 11), v(0.6, 0.8)],
    [sentenceKey('b', 0), v(0, 1)],
  ]);
  const question = v(0, 1);

  it('scores a unit by its closer sentence and measures every unit against the closest', () => {
    const [single, pair, other] = [unit('a', [0, 10]), unit('a', [0, 10], [11, 20]), unit('b', [0, 10])];
    addSentenceSimilarity([single!, pair!, other!], question, (k) => vectors.get(k));
    expect(single!.features['sentenceSimilarity']).toBeCloseTo(0);
    expect(pair!.features['sentenceSimilarity']).toBeCloseTo(0.8);
    expect(other!.features['sentenceSimilarity']).toBeCloseTo(1);
    expect(single!.features['sentenceSimilarityGap']).toBeCloseTo(-1);
    expect(pair!.features['sentenceSimilarityGap']).toBeCloseTo(-0.2);
    expect(other!.features['sentenceSimilarityGap']).toBeCloseTo(0);
    expect(other!.features['coverage']).toBe(0.5);
  });

  it('counts a sentence without a vector as the least similar', () => {
    const c = unit('c', [0, 5]);
    addSentenceSimilarity([c], question, () => undefined);
    expect(c.features['sentenceSimilarity']).toBe(-1);
  });

  it('adds the two signals after the row’s own, in place', () => {
    const c = unit('a', [0, 10]);
    const row = c.features;
    addSentenceSimilarity([c], question, (k) => vectors.get(k));
    expect(c.features).toBe(row);
    expect(Object.keys(row)).toEqual(['coverage', 'sentenceSimilarity', 'sentenceSimilarityGap']);
  });
});
