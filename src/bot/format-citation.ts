import { bold, hideLinkEmbed, hyperlink } from 'discord.js';
import { locatePage } from '../retrieval/locate-page.js';
import type { DocumentMeta } from '../retrieval/types.js';
import { escapeDiscordText } from './escape-discord-text.js';
import { shortenToChars } from './shorten-at-word.js';

/** Long titles are shortened in citations so a citation never crowds out the quote it belongs to. */
const MAX_TITLE_CHARS = 150;
/** Longer URLs are not linked: a link that long would crowd out the quotes. */
const MAX_URL_CHARS = 500;

/** The document's URL when it is a well-formed http(s) URL, with parentheses encoded so a masked link holds. */
function safeUrl(url: string | undefined): string | undefined {
  if (url === undefined || !URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  if (parsed.href.length > MAX_URL_CHARS) return undefined;
  return parsed.href.replaceAll('(', '%28').replaceAll(')', '%29');
}

/** A document's title, escaped and shortened, as a masked link when the document has a URL. */
export function formatDocumentTitle(doc: DocumentMeta | undefined, docId: string): string {
  const title = shortenToChars(doc?.title ?? docId, MAX_TITLE_CHARS);
  const url = safeUrl(doc?.url);
  const escaped = escapeDiscordText(title).replaceAll('[', '\\[').replaceAll(']', '\\]');
  // `<url>` keeps Discord from adding a link preview should the text ever be sent as message content.
  return url === undefined ? escaped : hyperlink(escaped, hideLinkEmbed(url));
}

/** `Source, date`, escaped, or '' when the document has neither. */
export function formatSourceAndDate(doc: DocumentMeta | undefined): string {
  return [doc?.source, doc?.date]
    .filter((part): part is string => part !== undefined && part !== '')
    .map(escapeDiscordText)
    .join(', ');
}

/** `**[n]** Title — Source, date, ¶ paragraph`; for a PDF (given the excerpt's `start`) `…, p. 3, ¶ 2`, ¶ counted on the page. */
export function formatCitation(number: number, doc: DocumentMeta | undefined, docId: string, paragraph: number, start?: number): string {
  const onPage = start === undefined ? null : locatePage(doc, start, paragraph);
  const place = onPage === null ? `¶ ${paragraph}` : `p. ${onPage.page}, ¶ ${onPage.paragraph}`;
  const where = [formatSourceAndDate(doc), place].filter((part) => part !== '').join(', ');
  return `${bold(`[${number}]`)} ${formatDocumentTitle(doc, docId)} — ${where}`;
}
