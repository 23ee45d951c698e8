import { distance } from 'fastest-levenshtein';
import { CHAT_SHORTHAND } from './abbreviations.js';
import { normalizeTerms, scanTokens } from './analyze-terms.js';
import type { EnglishLexicon } from './english-frequency.js';
import type { RelatedWords } from './related-terms.js';
import type { WordTags } from './tag-words.js';

/**
 * What each word of a question is, measured against the corpus vocabulary: the first step of weighing a
 * question as people type it ("how many piorun sistems will belgum by", "hey plz", "Scholz"). Pure: the
 * corpus, the background English frequencies and the tagger are passed in.
 *
 * - `corpus`: the corpus uses the word's term (or one of its variants: "F35" → the F-35A's core, "PM" → prime minister).
 * - `typo`: the corpus lacks it and English does not know it, but a corpus term is one or two edits away.
 * - `filler`: chat shorthand or an interjection ("thx", "btw", "hey"): says nothing about what is asked.
 * - `everyday`: a common English word the corpus happens not to use ("buy", "wondering").
 * - `specific`: a name, a figure, or a rare word the corpus lacks ("Scholz", "Denmark", "F-16", "howitzers"):
 *   the question is about something the corpus may not cover.
 */
export type Resolution = 'corpus' | 'typo' | 'filler' | 'everyday' | 'specific';

export interface ResolvedToken {
  /** The word as typed. */
  readonly token: string;
  readonly resolution: Resolution;
  /** The terms it stands for: corpus terms for `corpus` and `typo`, its own term otherwise, none for `filler`. */
  readonly terms: readonly string[];
  /** Capitalised after the first word, or tagged as a name: the topic an answer must be about. */
  readonly named: boolean;
}

/** The corpus side: how many passages use a term, and (for typo correction) every term with that count. */
export interface CorpusVocabulary {
  frequency(term: string): number;
  vocabulary?(): ReadonlyMap<string, number>;
}

export interface ResolveContext {
  readonly english: EnglishLexicon;
  readonly tags: (question: string) => ReadonlyMap<string, WordTags>;
  /** Other words for a word or two-word phrase (WordNet; see `related-terms.ts`); without it a question has no related terms. */
  readonly relatedWords?: RelatedWords;
  /** Antonyms of a word (WordNet), for telling a sentence that says the opposite. */
  readonly antonymWords?: RelatedWords;
  /** Broader and narrower words (WordNet hypernyms and hyponyms), for a text that names the kind where the question names the thing. */
  readonly broaderWords?: RelatedWords;
}

/**
 * Zipf frequency from which English "knows" a word, so that it is not taken for a typo: 3 is one occurrence
 * per million words, the upper end of van Heuven et al.'s (2014) low-frequency band.
 */
const KNOWN_WORD_ZIPF = 3;

/** Zipf frequency from which a word the corpus lacks counts as everyday: 4, where van Heuven et al.'s high-frequency band starts. */
const EVERYDAY_ZIPF = 4;

/** Shortest term corrected as a typo: shorter words are too often some other word one edit away. */
const MIN_TYPO_LENGTH = 4;

/** Edits allowed to reach a corpus term: one for words up to this length, two for longer ones. */
const ONE_EDIT_MAX_LENGTH = 7;

export function resolveQuestion(question: string, corpus: CorpusVocabulary, context: ResolveContext): ResolvedToken[] {
  const tokens = scanTokens(question);
  // Tagging costs milliseconds: it runs only when some word is not a corpus term.
  let tags: ReadonlyMap<string, WordTags> | undefined;
  const tagsOf = () => (tags ??= context.tags(question));
  // A joined token ("Brave 1" → Brave1) stands for its parts when the corpus knows it, and is dropped otherwise.
  const replaced = new Set<number>();
  const droppedJoins = new Set<number>();
  tokens.forEach((token, index) => {
    if (token.joins === undefined) return;
    if (normalizeTerms(token.text).some((term) => corpus.frequency(term) > 0)) for (const part of token.joins) replaced.add(part);
    else droppedJoins.add(index);
  });
  const resolved: ResolvedToken[] = [];
  let position = 0;
  let greetingSoFar = true;
  const last = tokens.findLastIndex((_, index) => !replaced.has(index) && !droppedJoins.has(index));
  tokens.forEach((token, index) => {
    if (replaced.has(index) || droppedJoins.has(index)) return;
    const first = position === 0;
    if (token.joins === undefined) position++;
    // The bot is addressed before anything is asked ("hey bot, …") or after it ("…, bot?"), not in the middle.
    const result = resolveToken(token.text, first, index === last || greetingSoFar, corpus, context.english, tagsOf);
    if (result?.resolution !== 'filler') greetingSoFar = false;
    if (result !== null) resolved.push(result);
  });
  return resolved;
}

/**
 * Contractions typed without their apostrophe ("whos", "whats", "dont", "isnt", "im", "youre", "ive"): closed-class
 * English, so a list: each ending with the words it attaches to. They say nothing about what is asked; a word that only
 * ends like one ("makes", "shell") is not in the list.
 */
const CONTRACTED: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['s', new Set(['who', 'what', 'where', 'when', 'why', 'how', 'that', 'there', 'here', 'it', 'he', 'she', 'let'])],
  ['nt', new Set(['do', 'does', 'did', 'is', 'are', 'was', 'were', 'have', 'has', 'had', 'would', 'could', 'should', 'must', 'need', 'ca', 'wo'])],
  ['re', new Set(['you', 'we', 'they', 'who', 'what'])],
  ['ve', new Set(['i', 'you', 'we', 'they', 'who', 'would', 'could', 'should'])],
  ['m', new Set(['i'])],
]);

function isContraction(lower: string): boolean {
  for (const [ending, words] of CONTRACTED) if (lower.endsWith(ending) && words.has(lower.slice(0, -ending.length))) return true;
  return false;
}

/**
 * Words that address the bot rather than ask about anything ("hey bot", "accord, who…", "… thanks bot"): filler when
 * the corpus does not use them and they come before anything is asked or last; "the Paris accord" keeps its word.
 * (A Discord mention of the bot is markup and is stripped before this.)
 */
const ADDRESSING = new Set(['bot', 'accord']);

function resolveToken(
  token: string,
  first: boolean,
  addressing: boolean,
  corpus: CorpusVocabulary,
  english: EnglishLexicon,
  tagsOf: () => ReadonlyMap<string, WordTags>,
): ResolvedToken | null {
  const terms = normalizeTerms(token);
  const own = terms[0];
  if (own === undefined) return null;
  const lower = token.toLowerCase();
  if (CHAT_SHORTHAND.has(lower)) return { token, resolution: 'filler', terms: [], named: false };
  const capitalised = !first && /^\p{Lu}/u.test(token);
  const known = terms.filter((term) => corpus.frequency(term) > 0);
  if (known.length > 0) return { token, resolution: 'corpus', terms: known, named: capitalised };
  if (isContraction(lower) || (addressing && ADDRESSING.has(lower))) return { token, resolution: 'filler', terms: [], named: false };
  const tag = tagsOf().get(lower);
  if (tag?.expression === true) return { token, resolution: 'filler', terms: [], named: false };
  const named = capitalised || (tag?.properNoun ?? false);
  if (/\d/.test(own)) return { token, resolution: 'specific', terms: [own], named };
  const zipf = english.zipf(own);
  if (zipf === undefined || zipf < KNOWN_WORD_ZIPF) {
    const corrected = closestCorpusTerm(own, corpus) ?? oneEditFromCorpusWord(lower, corpus);
    if (corrected !== undefined) return { token, resolution: 'typo', terms: [corrected], named };
  }
  const everyday = !named && zipf !== undefined && zipf >= EVERYDAY_ZIPF;
  return { token, resolution: everyday ? 'everyday' : 'specific', terms: [own], named };
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * A typo that the stemmer hides from {@link closestCorpusTerm} ("minster" stems to itself, "minister" to "minist"):
 * every spelling one edit from the word as typed (a letter left out, added, changed or two swapped) is analysed as a
 * word, and the most used corpus term among them wins.
 */
export function oneEditFromCorpusWord(word: string, corpus: CorpusVocabulary): string | undefined {
  if (word.length < MIN_TYPO_LENGTH || !/^\p{L}+$/u.test(word)) return undefined;
  const variants = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const [head, tail] = [word.slice(0, i), word.slice(i)];
    if (tail) variants.add(head + tail.slice(1));
    if (tail.length > 1) variants.add(head + tail[1] + tail[0] + tail.slice(2));
    for (const letter of LETTERS) {
      variants.add(head + letter + tail);
      if (tail) variants.add(head + letter + tail.slice(1));
    }
  }
  variants.delete(word);
  let best: { term: string; frequency: number } | undefined;
  for (const variant of variants) {
    const term = normalizeTerms(variant)[0];
    const frequency = term === undefined ? 0 : corpus.frequency(term);
    if (term !== undefined && frequency > 0 && (best === undefined || frequency > best.frequency)) best = { term, frequency };
  }
  return best?.term;
}

/**
 * The corpus term within the allowed edits of `term` (one for short words, two for long ones; never for
 * terms with digits): the nearest, and among equally near ones the most used. Stems are compared, so a typo
 * in a suffix the stemmer would have removed ("internatinal") is not recognised.
 */
export function closestCorpusTerm(term: string, corpus: CorpusVocabulary): string | undefined {
  if (term.length < MIN_TYPO_LENGTH || /\d/.test(term) || corpus.vocabulary === undefined) return undefined;
  const maxEdits = term.length <= ONE_EDIT_MAX_LENGTH ? 1 : 2;
  let best: { term: string; edits: number; frequency: number } | undefined;
  for (const [candidate, frequency] of corpus.vocabulary()) {
    if (Math.abs(candidate.length - term.length) > maxEdits || /\d/.test(candidate)) continue;
    const edits = distance(term, candidate);
    if (edits > maxEdits) continue;
    if (best === undefined || edits < best.edits || (edits === best.edits && frequency > best.frequency)) best = { term: candidate, edits, frequency };
  }
  return best?.term;
}
