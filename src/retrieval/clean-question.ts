import { AccordError } from '../errors.js';

/**
 * Discord markup that carries no words of the question: user, role and channel mentions (`<@1>`, `<@!1>`,
 * `<@&1>`, `<#1>`), slash-command mentions (`</name:1>`), custom emoji (`<:name:1>`, `<a:name:1>`), timestamps
 * (`<t:1700000000:R>`) and the mass mentions `@everyone` and `@here`. An emoji's name is not content either: it
 * would match passages on a word nobody asked about.
 */
const DISCORD_TOKENS = /<(?:@[!&]?\d+|#\d+|\/[\w -]+:\d+|a?:\w+:\d+|t:-?\d+(?::[tTdDfFR])?)>|@(?:everyone|here)\b/g;

/** Markdown links `[text](url)` and `<https://…>` keep their text only. */
const MARKDOWN_LINK = /\[([^\]]*)\]\((?:<[^>]*>|[^)\s]*)\)/g;
const ANGLE_URL = /<(https?:\/\/[^>\s]+)>/g;

/** Line-start decoration: headings, sub-text, block quotes, list bullets. */
const LINE_PREFIX = /^[ \t]*(?:#{1,3}|-#|>>>|>)[ \t]+|^[ \t]*[-*+][ \t]+/gm;

/**
 * Inline decoration: bold, italic, underline, strike-through, spoilers and code marks. An underscore is decoration
 * only at a word's edge, so `under_the` stays one word.
 */
const INLINE_MARKS = /\*+|~~|\|\||`+|(?<![\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])/gu;

/**
 * The question without Discord markup: mentions, emoji, timestamps and markdown decoration become spaces, links
 * keep their text, and whitespace is collapsed. Pure; what remains is what retrieval searches for.
 */
export function cleanQuestion(raw: string): string {
  return raw
    .replace(MARKDOWN_LINK, '$1')
    .replace(ANGLE_URL, '$1')
    .replace(DISCORD_TOKENS, ' ')
    .replace(LINE_PREFIX, '')
    .replace(INLINE_MARKS, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A word: a run of letters (any script). Numbers and symbols alone ("1", "$1", "?!") ask nothing. */
const WORD = /\p{L}/u;

/**
 * Throws an AccordError when the cleaned question has no word content: only digits, symbols or markup, such as
 * `1`, `$1` or a lone custom emoji. Such input would otherwise be "answered" by whatever passage shares a number.
 */
export function requireWords(question: string, raw: string): void {
  if (WORD.test(question)) return;
  const what = question === '' ? 'only Discord formatting (mentions, emoji, timestamps or markdown)' : `no words, only "${question.slice(0, 40)}"`;
  throw new AccordError(`The question has ${raw.trim() === '' ? 'no text' : what}, so there is nothing to search for.`, {
    hint: 'Ask in words, e.g. "How many Piorun systems is Belgium buying?"',
  });
}
