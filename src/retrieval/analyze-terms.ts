import { stemmer } from 'stemmer';
import { eng as englishStopwords } from 'stopword';
import { ABBREVIATIONS } from './abbreviations.js';
import { PLACE_NAME_VARIANTS } from './place-name-variants.js';

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
  word = PLACE_NAME_VARIANTS.get(word) ?? word;
  const singular = word.endsWith('s') ? word.slice(0, -1) : word;
  return stemmer(DEMONYMS.get(word) ?? DEMONYMS.get(singular) ?? americanize(word));
}

/**
 * All terms one token stands for: its own term first, then the letter–digit core of a model name
 * ("F-35A" → f35a, f35: a question about "F35" meets a text about the F-35A) and the terms of what an
 * abbreviation stands for ("PM" → pm, prime, minist). Empty for stopwords and noise.
 */
export function normalizeTerms(token: string): readonly string[] {
  const cached = termsCache.get(token);
  if (cached !== undefined) return cached;
  if (termsCache.size >= TERM_CACHE_LIMIT) termsCache.clear();
  const terms = computeTerms(token);
  termsCache.set(token, terms);
  return terms;
}

const termsCache = new Map<string, readonly string[]>();

function computeTerms(token: string): readonly string[] {
  const own = normalizeTerm(token);
  const terms = own === null ? [] : [own];
  const core = own === null ? undefined : /^(\p{L}+\d+)\p{L}+$/u.exec(own)?.[1];
  if (core !== undefined) terms.push(core);
  const abbreviation = ABBREVIATIONS.get(fold(token));
  if (abbreviation !== undefined && (!abbreviation.caseSensitive || token === token.toUpperCase())) {
    for (const word of abbreviation.expansion.split(/[\s-]+/)) {
      const term = normalizeTerm(word);
      if (term !== null && !terms.includes(term)) terms.push(term);
    }
  }
  return terms;
}

/** One raw token of a text. `joins` is set on a token made by joining the two tokens before it. */
export interface RawToken {
  readonly text: string;
  /** For a joined token ("Brave 1" → "Brave1"): the indexes of its two parts in the token list. */
  readonly joins?: readonly [number, number];
}

/**
 * Splits text into raw tokens. Hyphenated words without digits are split into their parts. A word followed by
 * a number after a space ("Brave 1", "F 35", "Article 5") also yields the two joined ("Brave1", "F35"), so it
 * meets the same name written joined or hyphenated ("Brave1", "F-35"), which are single tokens already; the
 * parts stay, so "Article" and "5" still match on their own. Stopwords do not join ("in 2024", "about 300").
 */
export function scanTokens(text: string): RawToken[] {
  const tokens: RawToken[] = [];
  let previous: { readonly text: string; readonly end: number; readonly index: number } | undefined;
  for (const match of text.matchAll(TOKEN)) {
    const token = match[0];
    const start = match.index;
    if (/\d/.test(token) || !/[-‐‑]/.test(token)) tokens.push({ text: token });
    else for (const part of token.split(/[-‐‑]/)) tokens.push({ text: part });
    const index = tokens.length - 1;
    if (previous !== undefined && start === previous.end + 1 && text[previous.end] === ' ' && /^\p{N}+$/u.test(token) && /^\p{L}+$/u.test(previous.text) && !STOPWORDS.has(fold(previous.text))) {
      tokens.push({ text: previous.text + token, joins: [previous.index, index] });
    }
    previous = { text: tokens[index]!.text, end: start + token.length, index };
  }
  return tokens;
}

/** The raw tokens of a text (see {@link scanTokens}). */
export function tokenize(text: string): string[] {
  return scanTokens(text).map((token) => token.text);
}

/** The terms of a text, in order, duplicates kept. */
export function analyzeTerms(text: string): string[] {
  const terms: string[] = [];
  for (const token of tokenize(text)) terms.push(...normalizeTerms(token));
  return terms;
}
