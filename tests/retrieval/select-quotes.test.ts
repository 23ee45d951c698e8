import { describe, expect, it } from 'vitest';
import { LexicalIndex } from '../../src/retrieval/lexical-index.js';
import { quoteCandidates, type Candidate } from '../../src/retrieval/quote-candidates.js';
import { weighQueryTerms } from '../../src/retrieval/query-terms.js';
import { selectQuotes, type ScoredCandidate } from '../../src/retrieval/select-quotes.js';
import type { ScoredPassage } from '../../src/retrieval/types.js';
import { passagesOf } from './snapshot-of.js';

const A = 'First sentence of a. Second sentence of a. Third sentence of a.';
const B = 'Only sentence of b.';
const texts = new Map([
  ['a.txt', A],
  ['b.txt', B],
]);

/** A scored candidate over `sentence` of `docId`'s text (the whole span from its first to its last words). */
function candidate(docId: string, from: string, to: string, probability: number): ScoredCandidate {
  const text = texts.get(docId) ?? '';
  const start = text.indexOf(from);
  const end = text.indexOf(to) + to.length;
  if (start < 0 || end < to.length) throw new Error(`not in ${docId}: ${from} … ${to}`);
  return { docId, start, end, paragraph: 1, sentences: [{ start, end }], features: {}, probability };
}

const a1 = (p: number) => candidate('a.txt', 'First sentence of a.', 'First sentence of a.', p);
const a2 = (p: number) => candidate('a.txt', 'Second sentence of a.', 'Second sentence of a.', p);
const a3 = (p: number) => candidate('a.txt', 'Third sentence of a.', 'Third sentence of a.', p);
const a12 = (p: number) => candidate('a.txt', 'First sentence of a.', 'Second sentence of a.', p);
const b1 = (p: number) => candidate('b.txt', 'Only sentence of b.', 'Only sentence of b.', p);

const choose = (candidates: readonly ScoredCandidate[], maxQuotes = 3, minRelativeProbability = 0.6) =>
  selectQuotes(candidates, { maxQuotes, minRelativeProbability, texts });

describe('selectQuotes', () => {
  it('returns the most likely candidate first, as the exact text at its offsets, scored by its probability', () => {
    const quotes = choose([b1(0.7), a1(0.9)]);
    expect(quotes.map((q) => [q.docId, q.text, q.score])).toEqual([
      ['a.txt', 'First sentence of a.', 0.9],
      ['b.txt', 'Only sentence of b.', 0.7],
    ]);
    for (const q of quotes) expect(q.text).toBe(texts.get(q.docId)?.slice(q.start, q.end));
    expect(quotes[0]).toMatchObject({ start: 0, end: 'First sentence of a.'.length, paragraph: 1 });
  });

  it('quotes nothing without candidates', () => {
    expect(choose([])).toEqual([]);
  });

  it('returns at most maxQuotes', () => {
    const candidates = [a1(0.9), b1(0.9), a3(0.9)];
    expect(choose(candidates, 1)).toHaveLength(1);
    expect(choose(candidates, 2)).toHaveLength(2);
    expect(choose(candidates, 3)).toHaveLength(3);
  });

  it('never quotes a candidate that overlaps one already chosen', () => {
    // The pair a1+a2 is best; a1 and a2 overlap it, a3 does not.
    const quotes = choose([a12(0.9), a1(0.9), a2(0.9), a3(0.9)]);
    expect(quotes.map((q) => q.text)).toEqual(['First sentence of a. Second sentence of a.', 'Third sentence of a.']);
    // The same spans in another document do not overlap.
    const other = { ...a1(0.9), docId: 'b.txt' };
    expect(choose([a1(0.9), other])).toHaveLength(2);
  });

  it('stops at the first candidate below minRelativeProbability × the first one’s', () => {
    expect(choose([a1(0.8), b1(0.49)], 3, 0.6).map((q) => q.score)).toEqual([0.8, 0.49]);
    expect(choose([a1(0.8), b1(0.47)], 3, 0.6).map((q) => q.score)).toEqual([0.8]);
    // A candidate skipped for its document does not end the search.
    expect(choose([a1(0.8), a2(0.7), b1(0.5)], 3, 0.6).map((q) => q.score)).toEqual([0.8, 0.5]);
    expect(choose([a1(0.8), b1(0.01)], 3, 0).map((q) => q.score)).toEqual([0.8, 0.01]);
  });

  it('quotes a document a second time only when that quote is as likely as the first', () => {
    expect(choose([a1(0.9), a3(0.8), b1(0.7)]).map((q) => q.text)).toEqual(['First sentence of a.', 'Only sentence of b.']);
    expect(choose([a1(0.9), a3(0.9), b1(0.7)]).map((q) => q.text)).toEqual(['First sentence of a.', 'Third sentence of a.', 'Only sentence of b.']);
  });

  it('quotes a document again when the first quote came from another document', () => {
    // b is first; a's two sentences compare with b's probability, not with each other.
    expect(choose([b1(0.9), a1(0.8), a3(0.8)]).map((q) => q.text)).toEqual(['Only sentence of b.', 'First sentence of a.']);
  });
});

/** The candidates for `question` from `docs`, one passage per paragraph, ranked in the order given. */
function candidatesFor(question: string, docs: Readonly<Record<string, string>>): Candidate[] {
  const docTexts = new Map(Object.entries(docs));
  const passages = [...docTexts].flatMap(([docId, text]) => passagesOf(docId, text));
  const lexical = LexicalIndex.build(passages.map((p, label) => ({ label, docId: p.docId, title: '', text: p.text })));
  const ranked: ScoredPassage[] = passages.map((passage, i) => ({ passage, score: 1 / (61 + i) }));
  return quoteCandidates({
    question,
    query: weighQueryTerms(question, lexical),
    passages: ranked,
    texts: docTexts,
    documentHasTerm: (docId, term) => lexical.documentHasTerm(docId, term),
  });
}

const textOf = (docs: Readonly<Record<string, string>>, c: Candidate) => docs[c.docId]?.slice(c.start, c.end);
const single = (docs: Readonly<Record<string, string>>, candidates: readonly Candidate[], sentence: string) => {
  const found = candidates.find((c) => c.features['pair'] === 0 && textOf(docs, c) === sentence);
  if (found === undefined) throw new Error(`no single-sentence candidate: ${sentence}`);
  return found;
};

describe('quoteCandidates', () => {
  it('gives a sentence with the question’s rare term more coverage than one with only a common term', () => {
    // "towns" is in every document; "footbridge" in one. Each sentence matches exactly one question term.
    const docs = {
      'bridge.txt': 'The footbridge was closed last winter.\n\nThe towns held a vote on Monday.',
      'market.txt': 'The towns share a market.',
      'parks.txt': 'The towns share their parks.',
      'roads.txt': 'Both towns repair their roads.',
    };
    const candidates = candidatesFor('Which towns have a footbridge?', docs);
    const rare = single(docs, candidates, 'The footbridge was closed last winter.');
    const common = single(docs, candidates, 'The towns held a vote on Monday.');
    expect(rare.features['coverage']).toBeGreaterThan(common.features['coverage'] ?? 1);
    expect(rare.features['rarestMissing']).toBe(0);
    expect(common.features['rarestMissing']).toBe(0.5); // the document names the footbridge elsewhere
    expect(single(docs, candidates, 'The towns share a market.').features['rarestMissing']).toBe(1);
    // Gaps are measured against the best candidate: 0 for it, negative for the rest.
    expect(Math.max(...candidates.map((c) => c.features['coverageGap'] ?? -1))).toBe(0);
    expect(common.features['coverageGap']).toBeCloseTo((common.features['coverage'] ?? 0) - (rare.features['coverage'] ?? 0), 12);
  });

  it('leaves out sentences that share no term with the question', () => {
    const docs = { 'bridge.txt': 'The footbridge was closed last winter. Swallows nest under it.' };
    const candidates = candidatesFor('When was the footbridge closed?', docs);
    expect(candidates.map((c) => textOf(docs, c))).not.toContain('Swallows nest under it.');
    expect(candidatesFor('When do the zeppelins fly?', docs)).toEqual([]);
  });

  it('offers two adjacent sentences of a paragraph as one candidate, marking a second sentence that refers back', () => {
    const docs = {
      'ferry.txt': [
        'The ferry operator will open a new route from Dover next spring.',
        'It will carry forty lorries on every crossing.',
        '',
        'Passengers will book lorries online.',
      ].join('\n'),
    };
    const candidates = candidatesFor('How many lorries will the new Dover ferry route carry?', docs);
    const pair = candidates.find((c) => c.features['pair'] === 1);
    expect(pair && textOf(docs, pair)).toBe('The ferry operator will open a new route from Dover next spring.\nIt will carry forty lorries on every crossing.');
    expect(pair?.features['continuation']).toBe(1);
    // Sentences of different paragraphs are never paired.
    expect(candidates.filter((c) => c.features['pair'] === 1)).toHaveLength(1);
    for (const c of candidates) expect(docs['ferry.txt'].slice(c.start, c.end)).toBe(textOf(docs, c));
  });

  it('marks a sentence with a number as holding the answer type of a "how many" question', () => {
    const docs = {
      'harbour.txt': 'The harbour council will hire lighthouse keepers.\n\nIn all, the harbour council will hire 14 lighthouse keepers before the storms.',
    };
    const plain = 'The harbour council will hire lighthouse keepers.';
    const counted = 'In all, the harbour council will hire 14 lighthouse keepers before the storms.';
    const howMany = candidatesFor('How many lighthouse keepers will the harbour council hire?', docs);
    expect(single(docs, howMany, counted).features).toMatchObject({ typeExpected: 1, typeHeld: 1 });
    expect(single(docs, howMany, plain).features).toMatchObject({ typeExpected: 1, typeHeld: 0 });
    // A yes/no question expects no type, so no sentence holds it.
    const yesNo = candidatesFor('Will the harbour council hire lighthouse keepers?', docs);
    expect(single(docs, yesNo, counted).features).toMatchObject({ typeExpected: 0, typeHeld: 0 });
  });

  it('measures the question’s figures and negation that a sentence lacks', () => {
    const docs = { 'deal.txt': 'The towns signed the 2024 agreement.\n\nThe towns never signed the old agreement.' };
    const candidates = candidatesFor('Which towns did not sign the 2024 agreement?', docs);
    expect(single(docs, candidates, 'The towns signed the 2024 agreement.').features).toMatchObject({ numbersMissing: 0, negationMismatch: 1 });
    expect(single(docs, candidates, 'The towns never signed the old agreement.').features).toMatchObject({ numbersMissing: 1, negationMismatch: 0 });
  });

  it('marks a sentence that holds the opposite of a question word, and not the word', () => {
    const docs = { 'vote.txt': 'The council approved the plan by a majority vote.\n\nThe council approved the budget by a minority vote, to everyone’s surprise.' };
    const candidates = candidatesFor('Did the council approve the plan by a minority vote?', docs);
    expect(single(docs, candidates, 'The council approved the plan by a majority vote.').features).toMatchObject({ antonymMismatch: 1 });
    expect(single(docs, candidates, 'The council approved the budget by a minority vote, to everyone’s surprise.').features).toMatchObject({ antonymMismatch: 0 });
  });

  it('takes the digits of a name for part of the name, not for a figure the answer must repeat', () => {
    const docs = { 'jets.txt': 'Belgian pilots train in Arizona.\n\nThe pilots trained on 2,000 flights, in 2024.' };
    const jets = candidatesFor('Where do the F35 pilots train?', docs);
    expect(single(docs, jets, 'Belgian pilots train in Arizona.').features['numbersMissing']).toBe(0);
    const flights = candidatesFor('Which pilots trained on 2,000 flights in 2024?', docs);
    expect(single(docs, flights, 'The pilots trained on 2,000 flights, in 2024.').features['numbersMissing']).toBe(0);
    expect(single(docs, flights, 'Belgian pilots train in Arizona.').features['numbersMissing']).toBe(1);
    // A range's second figure and a negative number are figures too.
    const years = { 'years.txt': 'The pilots trained from 2010 to 2015 in Arizona.\n\nThe pilots trained in 2010 in Texas.' };
    const range = candidatesFor('Where did the pilots train in 2010-2015?', years);
    expect(single(years, range, 'The pilots trained from 2010 to 2015 in Arizona.').features['numbersMissing']).toBe(0);
    expect(single(years, range, 'The pilots trained in 2010 in Texas.').features['numbersMissing']).toBe(0.5);
  });
});
