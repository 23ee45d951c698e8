import { describe, expect, it } from 'vitest';
import { normalizeTerm } from '../../src/retrieval/analyze-terms.js';
import { prepareQuestionResolution, termCoverage, weighQueryTerms, type TermStatistics } from '../../src/retrieval/query-terms.js';

/** A corpus of 100 passages in which "harbour" appears in 2 and "council" in 40; BM25's IDF. */
const stats: TermStatistics = {
  passageCount: 100,
  frequency: (term) => ({ [termOf('harbour')]: 2, [termOf('council')]: 40 })[term] ?? 0,
  idf: (frequency) => Math.log(1 + (100 - frequency + 0.5) / (frequency + 0.5)),
};

function termOf(word: string): string {
  const term = normalizeTerm(word);
  if (term === null) throw new Error(`${word} is a stopword`);
  return term;
}

const weightOf = (question: string, word: string) => weighQueryTerms(question, stats).weights.get(termOf(word));

describe('weighQueryTerms', () => {
  it('weighs an unknown capitalised name above an unknown everyday word', () => {
    const question = 'Will Zorblax buy bananas for the harbour?';
    expect(weightOf(question, 'Zorblax')).toBeGreaterThan(weightOf(question, 'buy') ?? Infinity);
    expect(weightOf(question, 'Zorblax')).toBeGreaterThan(weightOf(question, 'bananas') ?? Infinity);
  });

  it('weighs an unknown term with digits above an unknown everyday word', () => {
    const question = 'Will they buy the F-16 jets?';
    expect(weighQueryTerms(question, stats).weights.has('f16')).toBe(true);
    expect(weighQueryTerms(question, stats).weights.get('f16')).toBeGreaterThan(weightOf(question, 'jets') ?? Infinity);
  });

  it('does not treat the capital letter that starts a question as a name', () => {
    expect(weightOf('Bananas for the harbour?', 'bananas')).toBe(weightOf('Are bananas for the harbour?', 'bananas'));
    expect(weightOf('Bananas for the harbour?', 'bananas')).toBeLessThan(weightOf('Are Bananas for the harbour?', 'bananas') ?? 0);
  });

  it('weighs known terms by how rare they are in the corpus', () => {
    const question = 'Does the council run the harbour?';
    expect(weightOf(question, 'harbour')).toBeGreaterThan(weightOf(question, 'council') ?? Infinity);
  });

  it('drops stopwords, counts a repeated term once, and totals the weights', () => {
    const query = weighQueryTerms('What is the harbour, the harbour council?', stats);
    expect(query.terms).toEqual([termOf('harbour'), termOf('council')]);
    expect(query.totalWeight).toBeCloseTo((weightOf('x harbour', 'harbour') ?? 0) + (weightOf('x council', 'council') ?? 0), 12);
  });

  it('weighs a typo of a corpus term as that term, leaves filler out, and weighs an unknown name above an everyday word', () => {
    const typed = weighQueryTerms('hey plz does the counsil run the harbour? thx', { ...stats, vocabulary: () => new Map([[termOf('harbour'), 2], [termOf('council'), 40]]) });
    expect(typed.terms).toEqual([termOf('council'), termOf('run'), termOf('harbour')]);
    expect(typed.resolved?.find((r) => r.token === 'run')?.resolution).toBe('everyday');
    expect(typed.weights.get(termOf('council'))).toBe(weightOf('x council', 'council'));
    expect(typed.resolved?.filter((r) => r.resolution === 'filler').map((r) => r.token)).toEqual(['hey', 'plz', 'thx']);
    const unknown = weighQueryTerms('will denmark buy the harbour', stats);
    expect(unknown.weights.get(termOf('denmark'))).toBe(stats.idf(0));
    expect(unknown.weights.get(termOf('buy'))).toBeLessThan(stats.idf(0));
    expect(unknown.entities.has(termOf('denmark'))).toBe(true);
  });

  it('gives a text containing every term full coverage, and one with the rare term most of it', () => {
    const query = weighQueryTerms('Does the council run the harbour?', stats);
    expect(termCoverage(query, new Set(query.terms))).toBeCloseTo(1, 12);
    expect(termCoverage(query, new Set([termOf('harbour')]))).toBeGreaterThan(termCoverage(query, new Set([termOf('council')])));
    expect(termCoverage(query, new Set())).toBe(0);
  });
});

describe('prepareQuestionResolution', () => {
  it('loads the background lexicon and tagger that resolving words the corpus lacks needs', () => {
    prepareQuestionResolution();
    const query = weighQueryTerms('hey how many bananas will Zorblax buy', stats);
    expect(query.resolved?.map((r) => r.resolution)).toEqual(['filler', 'everyday', 'specific', 'everyday']);
  });
});
