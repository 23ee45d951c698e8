import { describe, expect, it } from 'vitest';
import { analyzeTerms } from '../../src/retrieval/analyze-terms.js';
import { answerTypesOf } from '../../src/retrieval/answer-types.js';
import { LexicalIndex } from '../../src/retrieval/lexical-index.js';
import { PassageUnitCache, passageUnits } from '../../src/retrieval/passage-units.js';
import { weighQueryTerms } from '../../src/retrieval/query-terms.js';
import { quoteCandidates } from '../../src/retrieval/quote-candidates.js';
import type { Passage } from '../../src/retrieval/types.js';
import { passagesOf } from './snapshot-of.js';

// One passage of two sentences side by side, one after a line break in the same paragraph, then a new paragraph.
const TEXT = 'Belgium will buy 300 Piorun systems. They arrive in 2025.\nDeliveries start soon.\n\nPoland makes them.';

/** Every sentence of TEXT in one passage (passagesOf makes one per paragraph). */
function wholePassage(): Passage {
  const parts = passagesOf('a.txt', TEXT);
  const sentences = parts.flatMap((p) => p.sentences);
  return { chunkId: 'a.txt#0', docId: 'a.txt', start: 0, end: TEXT.length, paragraph: 1, text: TEXT, sentences };
}

describe('passageUnits', () => {
  const units = passageUnits(wholePassage(), TEXT);
  const texts = units.units.map((u) => TEXT.slice(u.start, u.end));

  it('analyses each sentence as the analyzer and a whitespace split do', () => {
    const first = units.sentences[0]!;
    expect(first.text).toBe('Belgium will buy 300 Piorun systems.');
    expect(first.order).toEqual(analyzeTerms(first.text));
    expect([...first.terms]).toEqual([...new Set(analyzeTerms(first.text))]);
    expect(first.words).toBe(6);
    expect(first.key).toBe('a.txt:0');
  });

  it('lists each sentence, then it with the next when both are in one paragraph with only whitespace between', () => {
    expect(texts).toEqual([
      'Belgium will buy 300 Piorun systems.',
      'Belgium will buy 300 Piorun systems. They arrive in 2025.',
      'They arrive in 2025.',
      'They arrive in 2025.\nDeliveries start soon.',
      'Deliveries start soon.',
      'Poland makes them.',
    ]);
  });

  it('gives a pair both sentences’ terms, in order, and their words together', () => {
    const pair = units.units[1]!;
    const [a, b] = units.sentences;
    expect(pair.sentences).toEqual([a, b]);
    expect(pair.order).toEqual([...a!.order, ...b!.order]);
    expect(pair.terms).toEqual(new Set([...a!.terms, ...b!.terms]));
    expect(pair.words).toBe(a!.words + b!.words);
    expect(pair.key).toBe(`a.txt:${pair.start}:${pair.end}`);
  });

  it('gives the passage every term of its sentences', () => {
    expect(units.terms).toEqual(new Set(analyzeTerms(TEXT)));
  });

  it('works out a sentence’s answer types once, on first need', () => {
    const second = units.sentences[1]!;
    const types = second.types();
    expect(types).toEqual(answerTypesOf('They arrive in 2025.'));
    expect(second.types()).toBe(types);
  });
});

describe('PassageUnitCache', () => {
  const passages = passagesOf('a.txt', TEXT);
  const texts = new Map([['a.txt', TEXT]]);

  it('analyses a passage once and serves the same units again', () => {
    const cache = new PassageUnitCache(texts, 10);
    const first = cache.get(passages[0]!);
    expect(cache.get(passages[0]!)).toBe(first);
    expect(first).toEqual(passageUnits(passages[0]!, TEXT));
  });

  it('keeps at most its bound, dropping the oldest passage first', () => {
    const cache = new PassageUnitCache(texts, 1);
    const first = cache.get(passages[0]!);
    cache.get(passages[1]!);
    expect(cache.size).toBe(1);
    expect(cache.get(passages[0]!)).not.toBe(first);
    expect(cache.get(passages[0]!)).toEqual(first);
  });

  it('has no units for a passage whose document text is missing', () => {
    const cache = new PassageUnitCache(new Map(), 10);
    expect(cache.get(passages[0]!).units).toEqual([]);
    expect(cache.size).toBe(0);
  });
});

describe('quoteCandidates over cached units', () => {
  it('finds the same candidates, with the same signals, as over units analysed afresh', () => {
    const passages = passagesOf('a.txt', TEXT);
    const texts = new Map([['a.txt', TEXT]]);
    const lexical = LexicalIndex.build(passages.map((p, label) => ({ label, docId: p.docId, title: '', text: p.text })));
    const cache = new PassageUnitCache(texts, 10);
    for (const question of ['When do the Piorun systems arrive?', 'How many systems will Belgium not buy?', 'Who makes them?']) {
      const request = {
        question,
        query: weighQueryTerms(question, lexical),
        passages: passages.map((passage, i) => ({ passage, score: 1 / (61 + i) })),
        texts,
        documentHasTerm: (docId: string, t: string) => lexical.documentHasTerm(docId, t),
      };
      const fresh = quoteCandidates(request);
      expect(fresh.length).toBeGreaterThan(0);
      expect(quoteCandidates({ ...request, passageUnits: (p) => cache.get(p) })).toEqual(fresh);
      // Asked again: the cache's units serve a second question unchanged.
      expect(quoteCandidates({ ...request, passageUnits: (p) => cache.get(p) })).toEqual(fresh);
    }
  });
});
