import path from 'node:path';
import type { PageSpan, Passage } from '../retrieval/types.js';
import { chunkPassages } from './chunk-passages.js';
import { cleanDocument } from './clean-text.js';
import type { PageStart } from './extract/extracted-document.js';
import { parseFrontMatter, type FrontMatter } from './front-matter.js';
import type { TextSpan } from './find-paragraphs.js';
import { splitSentences } from './split-sentences.js';

export interface ChunkingSettings {
  /** Passage size limit in words (~1.35 word pieces each; all-MiniLM-L6-v2 was trained on ≤ 256). */
  readonly maxWords: number;
  /** Sentences repeated at the start of the next passage, so an answer on a boundary is whole in one. */
  readonly overlapSentences: number;
}

export const DEFAULT_CHUNKING: ChunkingSettings = { maxWords: 110, overlapSentences: 1 };

/**
 * Bump when the rules that turn a file into passages change (cleaning, sentences, chunking, titles): the next reindex
 * then processes every document again instead of finding nothing changed. Vectors of passages whose embedded text
 * stayed the same are still reused.
 */
export const PROCESSING_VERSION = 2;

export interface ProcessedDocument {
  readonly title: string;
  readonly source?: string;
  readonly date?: string;
  readonly url?: string;
  readonly byline?: string;
  readonly fetched?: string;
  /** PDFs: where each page begins and its first paragraph. */
  readonly pages?: readonly PageSpan[];
  readonly passages: readonly Passage[];
}

/** What extraction learnt about a document beyond its text. */
export interface DocumentExtras {
  /** Metadata the file states (HTML `<meta>`, PDF information) and its link: the text's own front matter wins. */
  readonly meta?: FrontMatter;
  readonly pages?: readonly PageStart[];
}

/** Each page with the number of the first kept paragraph that lies on it (partly, when continued from the page before). */
export function numberPages(pages: readonly PageStart[], paragraphs: readonly TextSpan[]): PageSpan[] {
  let index = 0; // paragraphs[index] is the first one that does not end before the page
  return pages.map(({ start, page }) => {
    while (index < paragraphs.length && (paragraphs[index]?.end ?? 0) <= start) index += 1;
    return { start, page, firstParagraph: index + 1 };
  });
}

/** Words a title keeps in lower case unless they open or close it. */
const MINOR_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'but', 'by', 'for', 'from', 'in', 'into', 'nor', 'of', 'on', 'or', 'the', 'to', 'via', 'vs', 'with']);

/** "belgium-poland_letter-of-intent.txt" → "Belgium Poland Letter of Intent". */
export function titleFromFileName(docId: string): string {
  const words = path.posix.basename(docId).replace(/\.[^.]+$/, '').split(/[-_\s]+/).filter((w) => w !== '');
  return words
    .map((word, i) => (i > 0 && i < words.length - 1 && MINOR_WORDS.has(word.toLowerCase()) ? word.toLowerCase() : word[0]!.toUpperCase() + word.slice(1)))
    .join(' ');
}

/**
 * One document's (extracted) text → metadata and passages, all offsets into `text`. Throws an AccordError for
 * malformed front matter. Title: front matter, else the file's own metadata, else the headline found in the text,
 * else the file name.
 */
export function processDocument(docId: string, text: string, chunking: ChunkingSettings, extras: DocumentExtras = {}): ProcessedDocument {
  const parsed = parseFrontMatter(text);
  const meta: FrontMatter = { ...extras.meta, ...parsed.meta };
  const cleaned = cleanDocument(text, parsed.bodyStart);
  const sentences = splitSentences(text, cleaned.paragraphs);
  const passages = chunkPassages(docId, text, sentences, chunking);
  return {
    title: meta.title ?? cleaned.derivedTitle ?? titleFromFileName(docId),
    ...(meta.source === undefined ? {} : { source: meta.source }),
    ...(meta.date === undefined ? {} : { date: meta.date }),
    ...(meta.url === undefined ? {} : { url: meta.url }),
    ...(meta.byline === undefined ? {} : { byline: meta.byline }),
    ...(meta.fetched === undefined ? {} : { fetched: meta.fetched }),
    ...(extras.pages === undefined ? {} : { pages: numberPages(extras.pages, cleaned.paragraphs) }),
    passages,
  };
}
