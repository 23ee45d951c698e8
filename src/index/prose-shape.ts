/**
 * Shape tests on one candidate paragraph: does it read as running text, a heading, a list item or a
 * list of tags? They look only at words, capitals and final punctuation, never at what the words say.
 */

const PROSE_MIN_WORDS = 4;
/** Lowercase share of running text; title-case lines (headlines, names) score far lower. */
const PROSE_MIN_LOWERCASE_SHARE = 0.25;
/** Unpunctuated text this long, mostly lowercase, is running text cut off (a truncated copy). */
const RUNNING_TEXT_MIN_WORDS = 12;
const LIST_ITEM_MIN_WORDS = 8;
const HEADING_MAX_WORDS = 15;

/** Sentence-final punctuation, `:` before a quote, or a dash (an interrupted sentence), then closers. */
const SENTENCE_END = /(?:[.!?…:]|—|–|--)["'”’»)\]_*]*$/;
/** Final punctuation inside a closing quote: dialogue, not a heading. */
const QUOTED_SENTENCE_END = /[.!?…]["'”’»]+$/;
const STARTS_CAPITALISED = /^["'“‘(]?[\p{Lu}\d]/u;

/** Words a headline has and a list of tags has not. */
const FUNCTION_WORDS = new Set(
  'a an the and or but of to in on at for with by from as over after before into about against amid is are was were be will would can could may says said not no how why what who'.split(
    ' ',
  ),
);

/** The whitespace-separated words of `text`. */
export function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word !== '');
}

/** Whether `text` ends like a sentence (see `SENTENCE_END`). */
export function endsSentence(text: string): boolean {
  return SENTENCE_END.test(text);
}

/** Share of the words with a letter whose first letter is lowercase: high for running text, low for titles. */
function lowercaseShare(tokens: readonly string[]): number {
  let lettered = 0;
  let lower = 0;
  for (const token of tokens) {
    const letter = /\p{L}/u.exec(token)?.[0];
    if (letter === undefined) continue;
    lettered += 1;
    if (letter !== letter.toUpperCase()) lower += 1;
  }
  return lettered === 0 ? 0 : lower / lettered;
}

/**
 * Running text: 4+ words ending with sentence punctuation (optionally a closing quote or bracket), with
 * `:` introducing a quote or with a dash, not in title case; or 12+ mostly lowercase words without final
 * punctuation. The second case keeps a paragraph whose copy was cut off mid-sentence: its complete
 * sentences are real content, and quotes are picked sentence by sentence later.
 */
export function isProse(text: string): boolean {
  const tokens = words(text);
  const share = lowercaseShare(tokens);
  if (SENTENCE_END.test(text)) return tokens.length >= PROSE_MIN_WORDS && share >= PROSE_MIN_LOWERCASE_SHARE;
  return tokens.length >= RUNNING_TEXT_MIN_WORDS && share >= 0.5;
}

/** A bullet's text that is worth keeping without being a sentence: 8+ words of mostly running text. */
export function isListItem(text: string): boolean {
  const tokens = words(text);
  return tokens.length >= LIST_ITEM_MIN_WORDS && lowercaseShare(tokens) >= 0.4;
}

/** Title case: starts with a capital or digit, and most words of 4+ letters are capitalised. */
function isTitleCase(tokens: readonly string[]): boolean {
  const first = tokens[0];
  if (first === undefined || !STARTS_CAPITALISED.test(first)) return false;
  const long = tokens.filter((token) => /\p{L}{4,}/u.test(token));
  return long.filter((token) => STARTS_CAPITALISED.test(token)).length >= 0.6 * long.length;
}

/**
 * A heading: up to 15 words, not ending with `,` `;` `:` or quoted dialogue, and either in title case
 * (a final `.` allowed up to 8 words: "CHAPTER 1. Loomings.") or, when `lead` (before any prose), a
 * capitalised sentence-case line without a final `.` — the usual shape of a headline.
 */
export function isHeading(text: string, lead: boolean): boolean {
  const tokens = words(text);
  if (tokens.length === 0 || tokens.length > HEADING_MAX_WORDS) return false;
  if (/[,;:]$/.test(text) || QUOTED_SENTENCE_END.test(text)) return false;
  if (isTitleCase(tokens)) return !text.endsWith('.') || tokens.length <= 8;
  return lead && STARTS_CAPITALISED.test(text) && !text.endsWith('.');
}

/** 5+ capitalised words of letters only, with no function word: a tag list, not a headline. */
export function isTagLine(text: string): boolean {
  const tokens = words(text);
  return tokens.length >= 5 && tokens.every((t) => /^\p{Lu}[\p{L}'’-]*$/u.test(t) && !FUNCTION_WORDS.has(t.toLowerCase()));
}
