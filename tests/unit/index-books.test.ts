import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chunkPassages } from '../../src/index/chunk-passages.js';
import { cleanDocument } from '../../src/index/clean-text.js';
import { parseFrontMatter } from '../../src/index/front-matter.js';
import { splitSentences } from '../../src/index/split-sentences.js';
import { spanProblems } from './span-invariants.js';

/** Two Project Gutenberg books (CRLF, hard-wrapped, about 0.7 and 1.2 MB) from the shared bench corpus. */
const booksDir = '/work/shared/bench-corpus/books';
const books = existsSync(booksDir) ? readdirSync(booksDir).filter((name) => name.endsWith('.txt')) : [];

describe.skipIf(books.length === 0)('indexing whole books', () => {
  it.each(books)('chunks %s quickly with sound spans throughout', (name) => {
    const text = readFileSync(`${booksDir}/${name}`, 'utf8');
    const startedMs = performance.now();
    const { bodyStart } = parseFrontMatter(text);
    const cleaned = cleanDocument(text, bodyStart);
    const sentences = splitSentences(text, cleaned.paragraphs);
    const passages = chunkPassages(name, text, sentences, { maxWords: 110, overlapSentences: 1 });
    expect(performance.now() - startedMs).toBeLessThan(10_000);

    expect(cleaned.paragraphs.length).toBeGreaterThan(1_000);
    expect(cleaned.derivedTitle).toBeUndefined();
    expect(spanProblems(text, cleaned.paragraphs, bodyStart)).toEqual([]);
    expect(spanProblems(text, sentences, bodyStart)).toEqual([]);
    expect(spanProblems(text, passages, bodyStart, false)).toEqual([]);
    expect(passages.filter((p) => p.text !== text.slice(p.start, p.end))).toEqual([]);
    // Hard-wrapped paragraphs are joined, so sentences run across line breaks.
    expect(sentences.some((s) => text.slice(s.start, s.end).includes('\r\n'))).toBe(true);
    expect(Math.max(...passages.map((p) => p.text.split(/\s+/).length))).toBeLessThanOrEqual(330);
  });
});
