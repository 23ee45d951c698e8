import { describe, expect, it } from 'vitest';
import { analyzeTerms, normalizeTerm } from '../../src/retrieval/analyze-terms.js';
import { buildLexicon, englishLexicon } from '../../src/retrieval/english-frequency.js';
import { closestCorpusTerm, oneEditFromCorpusWord, resolveQuestion, type CorpusVocabulary, type ResolveContext } from '../../src/retrieval/resolve-question.js';
import { tagWords } from '../../src/retrieval/tag-words.js';

/** A corpus vocabulary from passage texts: each text one passage. */
function corpusOf(...passages: string[]): CorpusVocabulary {
  const df = new Map<string, number>();
  for (const text of passages) for (const term of new Set(analyzeTerms(text))) df.set(term, (df.get(term) ?? 0) + 1);
  return { frequency: (term) => df.get(term) ?? 0, vocabulary: () => df };
}

const CORPUS = corpusOf(
  'Under the agreement, Belgium is set to purchase between 200 and 300 Piorun systems.',
  'These portable systems intercept drones. Belgium and Poland signed it.',
  'The Brave 1 cluster registered 3,200 developments. Polish Prime Minister Donald Tusk spoke.',
);

/** Background English with hand-set counts (per 1,000,000,000 words: Zipf = log10 of the count). */
const TINY_ENGLISH = buildLexicon([
  { word: 'going', count: 100_000 }, { word: 'buy', count: 50_000 }, { word: 'banana', count: 20_000 },
  { word: 'howitzer', count: 300 }, { word: 'denmark', count: 20_000 }, { word: 'filler', count: 999_829_700 },
]);
const noTags: ResolveContext['tags'] = () => new Map();
const tiny: ResolveContext = { english: TINY_ENGLISH, tags: noTags };
const real: ResolveContext = { english: englishLexicon(), tags: tagWords };

const resolutionOf = (question: string, word: string, context = real, corpus = CORPUS) =>
  resolveQuestion(question, corpus, context).find((r) => r.token === word);

describe('resolveQuestion', () => {
  it('takes words the corpus uses as corpus terms, variants included', () => {
    expect(resolutionOf('how many piorun systems', 'piorun')).toMatchObject({ resolution: 'corpus', terms: [normalizeTerm('piorun')] });
    expect(resolutionOf('who is the polish pm', 'pm')).toMatchObject({ resolution: 'corpus', terms: [normalizeTerm('prime'), normalizeTerm('minister')] });
  });

  it('takes contractions typed without an apostrophe, and words addressing the bot, for filler', () => {
    for (const word of ['whos', 'whats', 'dont', 'isnt', 'cant', 'im', 'youre', 'ive']) {
      expect(resolutionOf(`${word} the polish pm`, word)).toMatchObject({ resolution: 'filler', terms: [] });
    }
    expect(resolutionOf('hey bot how many piorun systems', 'bot')).toMatchObject({ resolution: 'filler' });
    for (const word of ['hw', 'abt', 'ur', 'wut']) expect(resolutionOf(`${word} many piorun systems`, word)).toMatchObject({ resolution: 'filler' });
    expect(resolutionOf('how many piorun systems, bot', 'bot')).toMatchObject({ resolution: 'filler' });
    // Inside the question the word is asked about, not addressed.
    expect(resolutionOf('what did the piorun accord say', 'accord')?.resolution).not.toBe('filler');
    expect(resolutionOf('which bot posted about piorun systems', 'bot')?.resolution).not.toBe('filler');
    // Words whose ending only looks like a contraction keep their meaning.
    expect(resolutionOf('what is the shell of a piorun', 'shell')?.resolution).not.toBe('filler');
    expect(resolutionOf('who mended the hem', 'hem')?.resolution).not.toBe('filler');
    expect(resolutionOf('which company makes the piorun', 'makes')?.resolution).not.toBe('filler');
    // A corpus that uses the word keeps it.
    expect(resolutionOf('which bot flagged it', 'bot', real, corpusOf('The bot flagged the message.'))).toMatchObject({ resolution: 'corpus' });
  });

  it('finds a typo the stemmer hides by trying every spelling one edit away: "minster" for minister', () => {
    expect(resolutionOf('who is the polish prime minster', 'minster')).toMatchObject({ resolution: 'typo', terms: [normalizeTerm('minister')] });
    expect(oneEditFromCorpusWord('minster', CORPUS)).toBe(normalizeTerm('minister'));
    expect(oneEditFromCorpusWord('zebra', CORPUS)).toBeUndefined();
    expect(oneEditFromCorpusWord('f35', CORPUS)).toBeUndefined();
  });

  it('maps a typo the corpus lacks to the corpus term one edit away', () => {
    expect(resolutionOf('how many piorun sistems will belgum by', 'sistems')).toMatchObject({ resolution: 'typo', terms: [normalizeTerm('systems')] });
    expect(resolutionOf('how many piorun sistems will belgum by', 'belgum')).toMatchObject({ resolution: 'typo', terms: [normalizeTerm('Belgium')] });
  });

  it('allows two edits only for long words, and none for numbers or short words', () => {
    const corpus = corpusOf('Stoltenberg met the manufacturers in 2024 with NATO');
    expect(closestCorpusTerm(normalizeTerm('stoltnburg') ?? '', corpus)).toBe(normalizeTerm('Stoltenberg'));
    expect(closestCorpusTerm(normalizeTerm('manufaturers') ?? '', corpus)).toBe(normalizeTerm('manufacturers'));
    expect(closestCorpusTerm(normalizeTerm('nto') ?? '', corpus)).toBeUndefined();
    expect(closestCorpusTerm(normalizeTerm('mnufaturers') ?? '', corpus)).toBe(normalizeTerm('manufacturers'));
    expect(closestCorpusTerm(normalizeTerm('stltnbrg') ?? '', corpusOf('Stoltenberg'))).toBeUndefined();
    expect(closestCorpusTerm('2025', corpus)).toBeUndefined();
    expect(closestCorpusTerm('nat', corpus)).toBeUndefined();
    expect(closestCorpusTerm(normalizeTerm('natoo') ?? '', corpusOf('nato'))).toBe('nato');
    expect(closestCorpusTerm(normalizeTerm('scholz') ?? '', corpusOf('the school'))).toBeUndefined();
  });

  it('prefers the nearest candidate, then the most used one', () => {
    const corpus = corpusOf('cart card', 'card', 'card');
    expect(closestCorpusTerm('carx', corpus)).toBe('card');
    expect(closestCorpusTerm('cart', corpusOf('cart', 'card card', 'card'))).toBe('cart');
  });

  it('does not correct a word English knows well into a corpus word', () => {
    const corpus = corpusOf('the bandana');
    expect(resolutionOf('a banana', 'banana', tiny, corpus)?.resolution).toBe('everyday');
  });

  it('takes chat shorthand and interjections for filler', () => {
    const question = 'hey plz thx btw tbh how many Piorun systems lol';
    for (const word of ['hey', 'plz', 'thx', 'btw', 'tbh', 'lol']) expect(resolutionOf(question, word), word).toMatchObject({ resolution: 'filler', terms: [] });
  });

  it('tells everyday words from specific ones by their English frequency', () => {
    expect(resolutionOf('are they going to buy howitzers', 'buy', tiny)?.resolution).toBe('everyday');
    expect(resolutionOf('are they going to buy howitzers', 'howitzers', tiny)?.resolution).toBe('specific');
    expect(resolutionOf('are they going to buy zorblax', 'zorblax', tiny)?.resolution).toBe('specific');
    expect(resolutionOf('how many drones will Denmark buy?', 'buy')?.resolution).toBe('everyday');
  });

  it('takes names the corpus lacks for specific even when English uses them often', () => {
    expect(resolutionOf('how many drones will Denmark buy', 'Denmark', tiny)).toMatchObject({ resolution: 'specific', named: true });
    expect(resolutionOf('how many drones will denmark buy', 'denmark')).toMatchObject({ resolution: 'specific', named: true });
    expect(resolutionOf('What did Olaf Scholz say about the IRIS-T?', 'Scholz')?.resolution).toBe('specific');
    expect(resolutionOf('What did Olaf Scholz say about the IRIS-T?', 'IRIS')?.resolution).toBe('specific');
  });

  it('takes figures and model numbers the corpus lacks for specific', () => {
    expect(resolutionOf('did they order the F-16', 'F-16')).toMatchObject({ resolution: 'specific', terms: ['f16'] });
  });

  it('uses a spaced join the corpus knows instead of its parts, and the parts otherwise', () => {
    expect(resolveQuestion('Brave 1 developments', CORPUS, real).map((r) => r.token)).toEqual(['Brave1', 'developments']);
    expect(resolveQuestion('Article 5 developments', CORPUS, real).map((r) => r.token)).toEqual(['Article', '5', 'developments']);
  });
});
