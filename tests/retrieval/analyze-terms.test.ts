import { describe, expect, it } from 'vitest';
import { analyzeTerms, normalizeTerm, normalizeTerms, scanTokens } from '../../src/retrieval/analyze-terms.js';
import { LexicalIndex, type LexicalEntry } from '../../src/retrieval/lexical-index.js';

describe('analyzeTerms: diacritics', () => {
  it('folds diacritics and the Polish ł, so Władysław = Wladyslaw', () => {
    expect(normalizeTerm('Władysław')).toBe(normalizeTerm('Wladyslaw'));
    expect(normalizeTerm('Łódź')).toBe(normalizeTerm('Lodz'));
    expect(normalizeTerm('Zürich')).toBe(normalizeTerm('zurich'));
  });
});

describe('analyzeTerms: letter–digit joins', () => {
  it('gives a name written joined, hyphenated or spaced the same term', () => {
    expect(analyzeTerms('Brave1')).toEqual(['brave1']);
    expect(analyzeTerms('Brave 1')).toContain('brave1');
    expect(analyzeTerms('F35')).toEqual(['f35']);
    expect(analyzeTerms('F-35')).toEqual(['f35']);
    expect(analyzeTerms('F 35')).toContain('f35');
  });

  it('keeps the parts of a spaced join, so "Article" and "5" still match on their own', () => {
    expect(analyzeTerms('Article 5')).toEqual([normalizeTerm('Article'), '5', 'article5']);
    expect(scanTokens('Article 5').at(-1)).toEqual({ text: 'Article5', joins: [0, 1] });
  });

  it('does not join a stopword with the number after it, nor across punctuation', () => {
    expect(analyzeTerms('the 1990s')).toEqual(['1990s']);
    expect(analyzeTerms('in 2024 about 300')).toEqual(['2024', '300']);
    expect(analyzeTerms('Poland, 300')).toEqual(['poland', '300']);
  });

  it('adds the letter–digit core of a model name with a suffix, so F35 meets F-35A', () => {
    expect(normalizeTerms('F-35A')).toEqual(['f35a', 'f35']);
    expect(normalizeTerms('3,200')).toEqual(['3200']);
    expect(normalizeTerms('1990s')).toEqual(['1990s']);
  });
});

describe('analyzeTerms: place-name transliterations', () => {
  it('folds Russian-based spellings onto the Ukrainian national transliteration', () => {
    for (const [current, old] of [['Kyiv', 'Kiev'], ['Kharkiv', 'Kharkov'], ['Odesa', 'Odessa'], ['Lviv', 'Lvov'], ['Mykolaiv', 'Nikolaev'], ['Zaporizhzhia', 'Zaporozhye'], ['Dnipro', 'Dnepr'], ['Chernihiv', 'Chernigov'], ['Luhansk', 'Lugansk'], ['Belarus', 'Byelorussia'], ['Moldova', 'Moldavia']] as const) {
      expect(normalizeTerm(old), old).toBe(normalizeTerm(current));
    }
  });

  it('leaves other words alone', () => {
    expect(normalizeTerm('Kaunas')).not.toBe(normalizeTerm('Kyiv'));
  });
});

describe('analyzeTerms: abbreviations', () => {
  it('adds what an abbreviation stands for next to the abbreviation', () => {
    expect(normalizeTerms('PM')).toEqual(['pm', normalizeTerm('prime'), normalizeTerm('minister')]);
    expect(normalizeTerms('pm')).toEqual(normalizeTerms('PM'));
    expect(normalizeTerms('EU')).toEqual(['eu', ...analyzeTerms('European Union')]);
    expect(normalizeTerms('UAV')).toEqual(expect.arrayContaining(['uav', normalizeTerm('drone')]));
  });

  it('expands case-sensitive abbreviations only in capitals, and not the time of day', () => {
    expect(normalizeTerms('US')).toEqual(analyzeTerms('United States'));
    expect(normalizeTerms('us')).toEqual([]);
    expect(analyzeTerms('9:52 p.m. ET')).not.toContain(normalizeTerm('prime'));
  });
});

describe('LexicalIndex with the analyzer', () => {
  const entries: LexicalEntry[] = [
    { label: 0, docId: 'a.txt', title: 'Jets', text: 'Pilots train together on the F-35A fighter jets.' },
    { label: 1, docId: 'b.txt', title: 'Cluster', text: 'The Brave 1 cluster registered thousands of developments in Kyiv.' },
    { label: 2, docId: 'c.txt', title: 'Tusk', text: 'Polish Prime Minister Donald Tusk visited the plants.' },
    { label: 3, docId: 'd.txt', title: 'Harbour', text: 'The harbour council hired lighthouse keepers.' },
  ];
  const index = LexicalIndex.build(entries);
  const first = (query: string) => index.query(query, 1)[0]?.label;

  it('finds typed variants of names, places and abbreviations', () => {
    expect(first('F35 pilots')).toBe(0);
    expect(first('Brave1')).toBe(1);
    expect(first('Kiev')).toBe(1);
    expect(first('polish PM')).toBe(2);
  });

  it('searches already-normalised terms with queryTerms, and lists the vocabulary with passage counts', () => {
    expect(index.queryTerms(['brave1'], 5).map((h) => h.label)).toEqual([1]);
    expect(index.queryTerms([], 5)).toEqual([]);
    expect(index.vocabulary().get('f35')).toBe(1);
    expect(index.vocabulary().get(normalizeTerm('harbour') ?? '')).toBe(1);
  });
});
