import { describe, expect, it } from 'vitest';
import { AccordError } from '../../src/errors.js';
import { chunkPassages, countWords } from '../../src/index/chunk-passages.js';
import type { SentenceSpan } from '../../src/retrieval/types.js';

/** A document of paragraphs (blank-line separated) of sentences, with the sentence spans. */
function buildDocument(paragraphs: readonly (readonly string[])[], separator = '\n\n'): { text: string; sentences: SentenceSpan[] } {
  let text = '';
  const sentences: SentenceSpan[] = [];
  for (const [index, paragraph] of paragraphs.entries()) {
    if (index > 0) text += separator;
    for (const [position, sentence] of paragraph.entries()) {
      if (position > 0) text += ' ';
      sentences.push({ start: text.length, end: text.length + sentence.length, paragraph: index + 1 });
      text += sentence;
    }
  }
  return { text, sentences };
}

/** A sentence of exactly `words` words. */
function sentence(words: number, tag = 'w'): string {
  return `${Array.from({ length: words }, (_, i) => `${tag}${i}`).join(' ')}.`;
}

describe('chunkPassages', () => {
  it('packs whole sentences up to maxWords, each passage an exact slice with an ordinal id', () => {
    const { text, sentences } = buildDocument([[sentence(40, 'a'), sentence(40, 'b'), sentence(40, 'c')]]);
    const passages = chunkPassages('doc.txt', text, sentences, { maxWords: 100, overlapSentences: 0 });
    expect(passages.map((p) => p.chunkId)).toEqual(['doc.txt#0', 'doc.txt#1']);
    expect(passages.map((p) => p.sentences.length)).toEqual([2, 1]);
    for (const passage of passages) {
      expect(passage.text).toBe(text.slice(passage.start, passage.end));
      expect(countWords(passage.text)).toBeLessThanOrEqual(100);
    }
  });

  it('repeats overlapSentences sentences at the start of the next passage', () => {
    const { text, sentences } = buildDocument([[sentence(30, 'a'), sentence(30, 'b'), sentence(30, 'c'), sentence(30, 'd')]]);
    const passages = chunkPassages('d', text, sentences, { maxWords: 70, overlapSentences: 1 });
    expect(passages.map((p) => p.sentences.map((s) => text.slice(s.start, s.start + 2)))).toEqual([
      ['a0', 'b0'],
      ['b0', 'c0'],
      ['c0', 'd0'],
    ]);
  });

  it('ends a passage at a paragraph boundary once it has minWords', () => {
    const { text, sentences } = buildDocument([[sentence(30, 'a'), sentence(30, 'b')], [sentence(20, 'c')]]);
    const passages = chunkPassages('d', text, sentences, { maxWords: 110, overlapSentences: 0, minWords: 50 });
    expect(passages.map((p) => p.paragraph)).toEqual([1, 2]);
  });

  it('packs a short paragraph together with the next one', () => {
    const { text, sentences } = buildDocument([[sentence(10, 'a')], [sentence(30, 'b')]]);
    const passages = chunkPassages('d', text, sentences, { maxWords: 110, overlapSentences: 0, minWords: 50 });
    expect(passages).toHaveLength(1);
    expect(passages[0]?.text).toContain('\n\n');
  });

  it('never packs across text the cleaner dropped between two sentences', () => {
    const { text, sentences } = buildDocument([[sentence(10, 'a')], [sentence(10, 'b')]], '\nbottom of page\n');
    const passages = chunkPassages('d', text, sentences, { maxWords: 110, overlapSentences: 1 });
    expect(passages.map((p) => p.text)).toEqual([sentence(10, 'a'), sentence(10, 'b')]);
  });

  it('makes a sentence longer than maxWords a passage of its own', () => {
    const { text, sentences } = buildDocument([[sentence(10, 'a'), sentence(150, 'b'), sentence(10, 'c')]]);
    const passages = chunkPassages('d', text, sentences, { maxWords: 100, overlapSentences: 1 });
    expect(passages.map((p) => countWords(p.text))).toEqual([10, 150, 10]);
  });

  it('cuts a run-on sentence over three budgets at word boundaries into exact slices', () => {
    const { text, sentences } = buildDocument([[sentence(350, 'r')]]);
    const passages = chunkPassages('d', text, sentences, { maxWords: 100, overlapSentences: 1 });
    expect(passages.map((p) => countWords(p.text))).toEqual([100, 100, 100, 50]);
    expect(passages.map((p) => p.text).join(' ')).toBe(text);
    for (const passage of passages) expect(passage.text).toBe(text.slice(passage.start, passage.end));
  });

  it('handles a document with no sentences', () => {
    expect(chunkPassages('d', '', [], { maxWords: 110, overlapSentences: 1 })).toEqual([]);
  });

  it.each([
    [{ maxWords: 0, overlapSentences: 1 }, /maxWords/],
    [{ maxWords: 110, overlapSentences: -1 }, /overlapSentences/],
    [{ maxWords: 110, overlapSentences: 1, minWords: 200 }, /minWords exceeds maxWords/],
  ])('rejects invalid options %j with an AccordError', (options, message) => {
    expect(() => chunkPassages('d', 'Some text here.', [{ start: 0, end: 15, paragraph: 1 }], options)).toThrow(message);
    expect(() => chunkPassages('d', 'Some text here.', [], options)).toThrow(AccordError);
  });

  it('rejects sentence spans that are out of order or outside the text', () => {
    const text = 'One two. Three four.';
    const spans = [
      { start: 9, end: 20, paragraph: 1 },
      { start: 0, end: 8, paragraph: 1 },
    ];
    expect(() => chunkPassages('d', text, spans, { maxWords: 10, overlapSentences: 0 })).toThrow(AccordError);
    expect(() => chunkPassages('d', text, [{ start: 0, end: 99, paragraph: 1 }], { maxWords: 10, overlapSentences: 0 })).toThrow(
      /outside the text/,
    );
  });

  it('chunks 200,000 sentences within seconds (no quadratic step)', () => {
    const paragraphs = Array.from({ length: 20_000 }, (_, p) => Array.from({ length: 10 }, () => sentence(12, `p${p}x`)));
    const { text, sentences } = buildDocument(paragraphs);
    const startedMs = performance.now();
    const passages = chunkPassages('d', text, sentences, { maxWords: 110, overlapSentences: 1 });
    expect(performance.now() - startedMs).toBeLessThan(5_000);
    expect(passages.length).toBeGreaterThan(20_000);
  });
});

describe('countWords', () => {
  it('counts whitespace-separated words, including across CRLF and non-breaking spaces', () => {
    expect(countWords('')).toBe(0);
    expect(countWords('  one\u00a0two\r\nthree  ')).toBe(3);
  });
});
