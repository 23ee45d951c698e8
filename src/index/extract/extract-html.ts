import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { ExtractionError } from './extraction-error.js';
import type { ExtractedDocument, ExtractedMeta } from './extracted-document.js';
import { htmlBlocks, MAX_DEPTH, nestedTooDeeply } from './html-blocks.js';
import { oneLine } from './one-line.js';

/** An article with fewer letters than this is no article: a link list, an error page, a consent wall. */
const MIN_ARTICLE_LETTERS = 200;

/** `2025-03-10T09:00:00Z` → `2025-03-10`; other dates as written (one line). */
function dateOf(value: unknown): string | undefined {
  const line = oneLine(value);
  const iso = line === undefined ? null : /^(\d{4}-\d{2}-\d{2})(?:[T ]|$)/.exec(line);
  return iso?.[1] ?? line;
}

/** Decodes HTML bytes by the charset its `<meta>` declares (UTF-8 when none or unknown). */
export function decodeHtml(bytes: Uint8Array): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  const label = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** Parses HTML to a DOM document (linkedom). */
export function parseDocument(html: string): ReturnType<typeof parseHTML>['document'] {
  return parseHTML(html).document;
}

/**
 * The main content of a web page (Mozilla Readability, as in Firefox's Reader View) as paragraphs, with the title,
 * byline, site name and publication date from its metadata; navigation, promotion and footers are left out.
 * Throws an ExtractionError when the page has no article.
 */
export function extractHtml(html: string, defaults: { readonly url?: string } = {}): ExtractedDocument {
  let blocks: string[];
  let meta: ExtractedMeta;
  try {
    const document = parseDocument(html);
    // Checked first: Readability takes many seconds over a page nested thousands deep, and no real page is.
    if (nestedTooDeeply(document as never)) throw new RangeError('nested too deeply');
    const article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], { keepClasses: false }).parse();
    if (!article?.content) throw new ExtractionError('the page has no article in it (nothing readable beyond navigation)', 'Add the page of the article itself, or save its text as a .txt file and add that.');
    blocks = htmlBlocks(parseDocument(`<!doctype html><html><body>${article.content}</body></html>`).body as never);
    const title = oneLine(article.title);
    const source = oneLine(article.siteName);
    const date = dateOf(article.publishedTime);
    const byline = oneLine(article.byline);
    meta = { ...(title && { title }), ...(source && { source }), ...(date && { date }), ...(byline && { byline }), ...(defaults.url && { url: defaults.url }) };
  } catch (e: unknown) {
    if (e instanceof ExtractionError) throw e;
    if (e instanceof RangeError) throw new ExtractionError(`the page nests elements more than ${MAX_DEPTH} deep, which no real article does`, 'Save the article text as a .txt file and add that.', e);
    throw new ExtractionError('the page could not be parsed as HTML', 'Save the article text as a .txt file and add that.', e);
  }
  const text = blocks.join('\n\n');
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters < MIN_ARTICLE_LETTERS) {
    throw new ExtractionError(`the page has no article in it (${letters} letters of text)`, 'Add the page of the article itself, or save its text as a .txt file and add that.');
  }
  return { text, meta };
}
