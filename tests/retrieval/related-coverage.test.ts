import { describe, expect, it } from 'vitest';
import { normalizeTerm } from '../../src/retrieval/analyze-terms.js';
import { ANSWER_FEATURE_SIGNS, ANSWER_FEATURES, answerFeatures } from '../../src/retrieval/answer-evidence.js';
import { LexicalIndex } from '../../src/retrieval/lexical-index.js';
import { QUOTE_FEATURE_SIGNS, QUOTE_FEATURES, quoteCandidates } from '../../src/retrieval/quote-candidates.js';
import { relatedCoverages } from '../../src/retrieval/related-coverage.js';
import type { RelatedWords } from '../../src/retrieval/related-terms.js';
import { standardResolveContext, termCoverage, weighQueryTerms, type QueryTerms } from '../../src/retrieval/query-terms.js';
import type { ScoredPassage } from '../../src/retrieval/types.js';
import { passagesOf } from './snapshot-of.js';

const term = (word: string) => normalizeTerm(word) ?? `(stopword ${word})`;

const query: QueryTerms = {
  terms: [term('makers'), term('drones')],
  focus: new Set(),
  entities: new Set(),
  weights: new Map([
    [term('makers'), 1],
    [term('drones'), 3],
  ]),
  totalWeight: 4,
  related: new Map([[term('makers'), new Set([term('manufacturer')])]]),
};

describe('relatedCoverage', () => {
  it('counts a question term as held when the unit has the term or another word for it, at the term’s weight', () => {
    expect(relatedCoverages(query, new Set([term('drones'), term('manufacturers')])).related).toBe(1);
    expect(relatedCoverages(query, new Set([term('drones'), term('makers')])).related).toBe(1);
    expect(relatedCoverages(query, new Set([term('manufacturers')])).related).toBe(0.25);
    expect(relatedCoverages(query, new Set([term('drones')])).related).toBe(0.75);
  });

  it('equals plain coverage without related terms, and is 0 for an empty question', () => {
    const plain = { ...query, related: new Map() };
    const unit = new Set([term('drones'), term('manufacturers')]);
    expect(relatedCoverages(plain, unit).related).toBe(termCoverage(plain, unit));
    expect(relatedCoverages({ ...query, weights: new Map(), totalWeight: 0 }, unit).related).toBe(0);
  });
});

// Two paragraphs, so that no two-sentence unit spans both.
const docs = { 'drones.txt': 'Ukraine has 500 manufacturers.\n\nSwallows nest under the bridge.' };

/** The candidates of `source`'s documents, with only the related and broader words given (none of WordNet's). */
function candidatesFor(question: string, words: { relatedWords?: RelatedWords; broaderWords?: RelatedWords }, source: Record<string, string> = docs) {
  const texts = new Map(Object.entries(source));
  const passages = [...texts].flatMap(([docId, text]) => passagesOf(docId, text));
  const lexical = LexicalIndex.build(passages.map((p, label) => ({ label, docId: p.docId, title: '', text: p.text })));
  const ranked: ScoredPassage[] = passages.map((passage, i) => ({ passage, score: 1 / (61 + i) }));
  const { relatedWords: _r, broaderWords: _b, ...context } = standardResolveContext();
  return quoteCandidates({
    question,
    query: weighQueryTerms(question, lexical, { ...context, ...words }),
    passages: ranked,
    texts,
    documentHasTerm: (docId, t) => lexical.documentHasTerm(docId, t),
  });
}

describe('quoteCandidates with related words', () => {
  const makers: RelatedWords = (phrase) => (phrase === 'makers' ? ['manufacturer', 'shaper'] : []);

  it('makes a sentence that holds only another word for the question’s a candidate, with its related coverage', () => {
    const found = candidatesFor('How many makers?', { relatedWords: makers });
    expect(found.map((c) => docs['drones.txt'].slice(c.start, c.end))).toEqual(['Ukraine has 500 manufacturers.']);
    expect(found[0]?.features['coverage']).toBe(0);
    expect(found[0]?.features['relatedCoverage']).toBe(1);
    expect(candidatesFor('How many makers?', {})).toEqual([]);
  });

  it('gives a sentence with the question’s own words the same related coverage as its coverage', () => {
    const [found] = candidatesFor('Does Ukraine have manufacturers?', { relatedWords: makers });
    expect(found?.features['relatedCoverage']).toBe(found?.features['coverage']);
  });

  it('is a signed feature of the quote model', () => {
    expect(QUOTE_FEATURES).toContain('relatedCoverage');
    expect(QUOTE_FEATURE_SIGNS['relatedCoverage']).toBe(1);
  });
});

describe('answerFeatures of the best quote’s related and broader coverage', () => {
  for (const [feature, signal] of [
    ['bestQuoteRelated', 'relatedCoverage'],
    ['bestQuoteBroader', 'broaderCoverage'],
  ] as const) {
    it(`gives ${feature} the best quote’s ${signal}, and 0 without a quote`, () => {
      const signals = { bestQuote: 0.5, passageCoverage: 0.5, query, isUnknown: () => false, lexicalTop: 1 };
      expect(answerFeatures({ ...signals, best: { [signal]: 0.75 } })[feature]).toBe(0.75);
      expect(answerFeatures(signals)[feature]).toBe(0);
      expect(ANSWER_FEATURES).toContain(feature);
      expect(ANSWER_FEATURE_SIGNS[feature]).toBe(1);
    });
  }
});

describe('weighQueryTerms with related words', () => {
  const stats = { passageCount: 10, frequency: () => 1, idf: () => 1 };
  const words: RelatedWords = (phrase) => ({ polish: ['shine'], factories: ['plant'], Polish: ['shine'] })[phrase] ?? [];

  it('lists other words for the question’s words, but none for names', () => {
    const { relatedWords: _, ...context } = standardResolveContext();
    const query = weighQueryTerms('Do the Polish factories polish steel?', stats, { ...context, relatedWords: words });
    expect([...(query.related?.get(term('factories')) ?? [])]).toEqual([term('plant')]);
    expect(query.entities.has(term('Polish'))).toBe(true);
    expect(query.related?.has(term('Polish'))).toBe(false);
    expect(weighQueryTerms('Do the factories work?', stats, context).related).toBeUndefined();
  });
});

describe('broaderCoverage', () => {
  const withBroader: QueryTerms = { ...query, broader: new Map([[term('drones'), new Set([term('aircraft'), term('quadcopter')])]]) };

  it('also counts a question term as held by a broader or narrower word for it', () => {
    expect(relatedCoverages(withBroader, new Set([term('quadcopters')])).broader).toBe(0.75);
    expect(relatedCoverages(withBroader, new Set([term('quadcopters'), term('manufacturers')])).broader).toBe(1);
    expect(relatedCoverages(withBroader, new Set([term('quadcopters')])).related).toBe(0);
  });

  it('equals related coverage without broader words', () => {
    const unit = new Set([term('drones'), term('manufacturers'), term('swallows')]);
    expect(relatedCoverages(query, unit).broader).toBe(relatedCoverages(query, unit).related);
    expect(relatedCoverages({ ...withBroader, weights: new Map(), totalWeight: 0 }, unit).broader).toBe(0);
  });

  it('finds a narrower word in a long list as in a short one', () => {
    const many = new Set(Array.from({ length: 500 }, (_, i) => `kind${i}`));
    const long: QueryTerms = { ...query, broader: new Map([[term('drones'), many]]) };
    expect(relatedCoverages(long, new Set(['kind499'])).broader).toBe(0.75);
    expect(relatedCoverages(long, new Set(['kind500'])).broader).toBe(0);
  });
});

describe('quoteCandidates with broader words', () => {
  it('gives a sentence that names a kind of what is asked its broader coverage, but makes no candidate of it alone', () => {
    const text = 'Swallows nest under the bridge in spring.\n\nThe bridge was built in 1900.';
    const birds: RelatedWords = (phrase) => (phrase === 'bird' ? ['swallow', 'passerine'] : []);
    const ask = (question: string, broaderWords?: RelatedWords) => candidatesFor(question, broaderWords ? { broaderWords } : {}, { 'birds.txt': text });
    const nesting = ask('Which bird nests under the bridge?', birds).find((c) => text.slice(c.start, c.end).startsWith('Swallows'));
    expect(nesting?.features['broaderCoverage']).toBeGreaterThan(nesting?.features['relatedCoverage'] ?? 1);
    expect(ask('Which bird nests under the bridge?')[0]?.features['broaderCoverage']).toBe(ask('Which bird nests under the bridge?')[0]?.features['relatedCoverage']);
    expect(ask('Which bird?', birds)).toEqual([]);
    expect(QUOTE_FEATURES).toContain('broaderCoverage');
    expect(QUOTE_FEATURE_SIGNS['broaderCoverage']).toBe(1);
  });
});

describe('weighQueryTerms with broader words', () => {
  it('lists broader and narrower words for the question’s words, none for names, and none without a source', () => {
    const stats = { passageCount: 10, frequency: () => 1, idf: () => 1 };
    const kinds: RelatedWords = (phrase) => ({ weapons: ['missile'], Polish: ['language'] })[phrase] ?? [];
    const { broaderWords: _, ...context } = standardResolveContext();
    const found = weighQueryTerms('Which weapons do the Polish make?', stats, { ...context, broaderWords: kinds });
    expect([...(found.broader?.get(term('weapons')) ?? [])]).toEqual([term('missile')]);
    expect(found.broader?.has(term('Polish'))).toBe(false);
    expect(weighQueryTerms('Which weapons?', stats, context).broader).toBeUndefined();
  });
});
