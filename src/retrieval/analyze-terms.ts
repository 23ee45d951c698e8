import { stemmer } from 'stemmer';
import { eng as englishStopwords } from 'stopword';

/**
 * The lexical side's view of text: tokens → normalised, stemmed terms. Used for indexing, for queries,
 * and for scoring sentences, so all three agree on what "the same word" means.
 */

/**
 * English stopwords, plus what questions are made of but answers do not repeat: auxiliaries and wh-words,
 * reporting verbs ("what did X say"), and light verbs ("going to", "used for").
 */
const STOPWORDS = new Set<string>([
  ...englishStopwords,
  ...['us', 'per', 'via', 'whose', 'whom', 'according', 'besides', 'will', 'does', 'did', 'why', 'when', 'can', 'could'],
  ...['say', 'says', 'said', 'tell', 'told', 'go', 'goes', 'going', 'went', 'use', 'used', 'uses', 'using'],
]);

// Letters/digits with inner hyphens, apostrophes, dots or digit-group commas: "F-35A", "Kosiniak-Kamysz", "3,200", "U.S.".
const TOKEN = /[\p{L}\p{N}]+(?:[-‐‑'’.,][\p{L}\p{N}]+)*/gu;

/**
 * British → American spelling, applied before stemming so that both spellings meet
 * (defence/defense, centre/center, localise/localize, programme/program, colour/color, analyse/analyze).
 * Rules, not word lists; they are applied to queries and documents alike, so a rare wrong conflation is harmless.
 */
const SPELLING_RULES: readonly (readonly [RegExp, string])[] = [
  [/(fen|cen)ce(s?)$/, '$1se$2'],
  [/^(.{2,}[^aeiou])(t|b)re(s?)$/, '$1$2er$3'],
  [/^(.{3,})is(e|ed|es|ing|ation|ations|er|ers)$/, '$1iz$2'],
  [/ys(e|ed|es|ing)$/, 'yz$1'],
  [/^(.{2,}[^aeiou])our(s|ed|ing|able)?$/, '$1or$2'],
  [/^(.{3,})ogue(s?)$/, '$1og$2'],
  [/^(.{3,})amme(s?)$/, '$1am$2'],
];

/**
 * Nationality adjectives → their country, so "Belgian minister" meets "Belgium" and "Ukrainian firms" meets
 * "Ukraine". General knowledge (Europe, its neighbours and the major powers), not tuned to any one corpus.
 */
const DEMONYMS: ReadonlyMap<string, string> = new Map([
  ['american', 'america'], ['austrian', 'austria'], ['belarusian', 'belarus'], ['belgian', 'belgium'],
  ['british', 'britain'], ['bulgarian', 'bulgaria'], ['canadian', 'canada'], ['chinese', 'china'],
  ['croatian', 'croatia'], ['czech', 'czechia'], ['danish', 'denmark'], ['dutch', 'netherlands'],
  ['estonian', 'estonia'], ['european', 'europe'], ['finnish', 'finland'], ['french', 'france'],
  ['georgian', 'georgia'], ['german', 'germany'], ['greek', 'greece'], ['hungarian', 'hungary'],
  ['indian', 'india'], ['iranian', 'iran'], ['irish', 'ireland'], ['israeli', 'israel'], ['italian', 'italy'],
  ['japanese', 'japan'], ['korean', 'korea'], ['latvian', 'latvia'], ['lithuanian', 'lithuania'],
  ['moldovan', 'moldova'], ['norwegian', 'norway'], ['polish', 'poland'], ['portuguese', 'portugal'],
  ['romanian', 'romania'], ['russian', 'russia'], ['serbian', 'serbia'], ['slovak', 'slovakia'],
  ['slovenian', 'slovenia'], ['spanish', 'spain'], ['swedish', 'sweden'], ['swiss', 'switzerland'],
  ['turkish', 'turkey'], ['ukrainian', 'ukraine'],
]);

/** Folds case and diacritics: "Władysław" → "wladyslaw". */
function fold(token: string): string {
  return token.normalize('NFKD').replace(/\p{M}+/gu, '').replace(/ł/g, 'l').replace(/Ł/g, 'L').toLowerCase();
}

export function americanize(word: string): string {
  for (const [pattern, replacement] of SPELLING_RULES) {
    if (pattern.test(word)) return word.replace(pattern, replacement);
  }
  return word;
}

/**
 * Memo of {@link normalizeTerm}: stemming dominates question-time text analysis, and a corpus has a bounded
 * vocabulary. A pure function's cache, cleared when it grows past its bound.
 */
const termCache = new Map<string, string | null>();
const TERM_CACHE_LIMIT = 200_000;

/** Normalises one token to its index term, or null for stopwords and noise. */
export function normalizeTerm(token: string): string | null {
  const cached = termCache.get(token);
  if (cached !== undefined) return cached;
  if (termCache.size >= TERM_CACHE_LIMIT) termCache.clear();
  const term = computeTerm(token);
  termCache.set(token, term);
  return term;
}

function computeTerm(token: string): string | null {
  let word = fold(token).replace(/[’']s$/, '').replace(/[’']/g, '');
  if (/\d/.test(word)) return word.replace(/[-‐‑.,]/g, ''); // model numbers and figures: "f-35a" → "f35a", "3,200" → "3200"
  if (STOPWORDS.has(word)) return null;
  word = word.replace(/\./g, '');
  if (word.length < 2) return null;
  const singular = word.endsWith('s') ? word.slice(0, -1) : word;
  return stemmer(DEMONYMS.get(word) ?? DEMONYMS.get(singular) ?? americanize(word));
}

/** Splits text into raw tokens. Hyphenated words without digits are split into their parts. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const token = match[0];
    if (/\d/.test(token) || !/[-‐‑]/.test(token)) tokens.push(token);
    else tokens.push(...token.split(/[-‐‑]/));
  }
  return tokens;
}

/** The terms of a text, in order, duplicates kept. */
export function analyzeTerms(text: string): string[] {
  const terms: string[] = [];
  for (const token of tokenize(text)) {
    const term = normalizeTerm(token);
    if (term !== null) terms.push(term);
  }
  return terms;
}
