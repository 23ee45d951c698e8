import { quote } from 'discord.js';
import type { DocumentMeta } from '../retrieval/types.js';
import { escapeDiscordText } from './escape-discord-text.js';
import { formatCitation } from './format-citation.js';
import { shortenAtWord } from './shorten-at-word.js';

/** A verbatim excerpt to show: a quote of the answer, or a further passage. */
export interface Excerpt {
  readonly text: string;
  readonly docId: string;
  readonly paragraph: number;
  /** Where the excerpt begins in the document's text: PDFs are cited to the page. */
  readonly start?: number;
}

export interface RenderExcerptsOptions {
  /** The most characters the rendered excerpts may take together. */
  readonly maxChars: number;
  /**
   * When set, every excerpt longer than this is shortened to it (for lists of further passages).
   * When unset, only the first excerpt may be shortened, and only when it does not fit whole: later excerpts
   * that do not fit are left out instead, so the best quote is kept as whole as possible.
   */
  readonly maxExcerptChars?: number;
}

export interface RenderedExcerpts {
  readonly text: string;
  readonly shown: number;
  /** Excerpts left out because they did not fit. */
  readonly omitted: number;
}

/** Every line of `text` as a Discord block quote line (`> `), escaped. */
export function quoteLines(text: string): string {
  return text
    .split('\n')
    .map((line) => quote(escapeDiscordText(line)))
    .join('\n');
}

/**
 * Renders excerpts as block quotes, each followed by its numbered citation, within `maxChars`.
 * A shortened excerpt is an exact prefix of the original that ends at the end of a word, followed by `…`.
 */
export function renderExcerpts(
  excerpts: readonly Excerpt[],
  documents: ReadonlyMap<string, DocumentMeta>,
  options: RenderExcerptsOptions,
): RenderedExcerpts {
  const blocks: string[] = [];
  let used = 0;
  for (const excerpt of excerpts) {
    const separator = blocks.length === 0 ? 0 : 2;
    const citation = formatCitation(blocks.length + 1, documents.get(excerpt.docId), excerpt.docId, excerpt.paragraph, excerpt.start);
    const room = options.maxChars - used - separator;
    const fits = (text: string) =>
      `${quoteLines(text)}\n${citation}`.length <= room &&
      (options.maxExcerptChars === undefined || text.length <= options.maxExcerptChars);
    const mayShorten = options.maxExcerptChars !== undefined || blocks.length === 0;
    // Escaping only lengthens, so the raw text can be no longer than the room (or the excerpt limit).
    const maxChars = Math.min(room, options.maxExcerptChars ?? room);
    const text = mayShorten ? shortenAtWord(excerpt.text, fits, maxChars) : fits(excerpt.text) ? excerpt.text : null;
    if (text === null) continue;
    const block = `${quoteLines(text)}\n${citation}`;
    blocks.push(block);
    used += separator + block.length;
  }
  return { text: blocks.join('\n\n'), shown: blocks.length, omitted: excerpts.length - blocks.length };
}
