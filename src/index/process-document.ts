import path from 'node:path';
import type { Passage } from '../retrieval/types.js';
import { chunkPassages } from './chunk-passages.js';
import { cleanDocument } from './clean-text.js';
import { parseFrontMatter } from './front-matter.js';
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
export const PROCESSING_VERSION = 1;

export interface ProcessedDocument {
  readonly title: string;
  readonly source?: string;
  readonly date?: string;
  readonly url?: string;
  readonly passages: readonly Passage[];
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
 * One document's text → metadata and passages, all offsets into `text`. Throws an AccordError for malformed
 * front matter. Title: front matter, else the headline found in the text, else the file name.
 */
export function processDocument(docId: string, text: string, chunking: ChunkingSettings): ProcessedDocument {
  const { meta, bodyStart } = parseFrontMatter(text);
  const cleaned = cleanDocument(text, bodyStart);
  const sentences = splitSentences(text, cleaned.paragraphs);
  const passages = chunkPassages(docId, text, sentences, chunking);
  return {
    title: meta.title ?? cleaned.derivedTitle ?? titleFromFileName(docId),
    ...(meta.source === undefined ? {} : { source: meta.source }),
    ...(meta.date === undefined ? {} : { date: meta.date }),
    ...(meta.url === undefined ? {} : { url: meta.url }),
    passages,
  };
}
