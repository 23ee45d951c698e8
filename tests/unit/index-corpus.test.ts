import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chunkPassages } from '../../src/index/chunk-passages.js';
import { cleanDocument } from '../../src/index/clean-text.js';
import { parseFrontMatter } from '../../src/index/front-matter.js';
import { splitSentences } from '../../src/index/split-sentences.js';
import { spanProblems } from './span-invariants.js';

const corpusDir = new URL('../../corpus/', import.meta.url);

function indexFile(name: string) {
  const text = readFileSync(new URL(name, corpusDir), 'utf8');
  const { meta, bodyStart } = parseFrontMatter(text);
  const cleaned = cleanDocument(text, bodyStart);
  const sentences = splitSentences(text, cleaned.paragraphs);
  const passages = chunkPassages(name, text, sentences, { maxWords: 110, overlapSentences: 1 });
  const paragraphTexts = cleaned.paragraphs.map((span) => text.slice(span.start, span.end));
  const sentenceTexts = sentences.map((span) => text.slice(span.start, span.end));
  return { text, meta, bodyStart, cleaned, sentences, passages, paragraphTexts, sentenceTexts };
}

const files = readdirSync(corpusDir).filter((name) => name.endsWith('.txt')).sort();
const indexed = files.map((name) => ({ name, ...indexFile(name) }));
const allParagraphs = indexed.flatMap((doc) => doc.paragraphTexts);
const allSentences = indexed.flatMap((doc) => doc.sentenceTexts);

describe('indexing the project corpus', () => {
  it('has the five documents', () => {
    expect(files).toHaveLength(5);
  });

  it('reads the metadata each document states', () => {
    const meta = Object.fromEntries(indexed.map((doc) => [doc.name, doc.meta]));
    expect(meta['nato-ukraine-training-center-bydgoszcz.txt']).toEqual({
      title: 'NATO and Ukraine to Open Joint Training Center in Poland',
      source: 'Newsweek',
      date: '2024-02-21',
    });
    expect(meta['lithuania-localise-ukrainian-defence-industry.txt']).toEqual({ source: 'BNS' });
    expect(meta['poland-ukraine-joint-arms-production.txt']).toEqual({});
    expect(meta['belgium-poland-piorun-letter-of-intent.txt']).toEqual({});
  });

  it.each([
    'top of page',
    'bottom of page',
    'AFP',
    'Newsweek cover',
    'ad-free',
    'About the writer',
    'Update 02/21/24',
    'automation technology',
    'Source: BNS',
    'Original reporting by',
    'Click here',
    'committed to challenging conventional wisdom',
    'NATO Training Center Ukraine Poland Russia War',
  ])('keeps no paragraph containing %j', (boilerplate) => {
    expect(allParagraphs.filter((paragraph) => paragraph.includes(boilerplate))).toEqual([]);
  });

  it('keeps no "Comments" line and no heading as a paragraph', () => {
    expect(allParagraphs).not.toContain('Comments');
    expect(allParagraphs).not.toContain('A Partnership Born of Combat Innovation');
    expect(allParagraphs).not.toContain('Uncommon Knowledge');
  });

  it.each([
    'Under the agreement, Belgium is set to purchase between 200 and 300 Piorun systems.',
    '"Today, we decided to create a new NATO-Ukraine joint analysis, training and education center in Bydgoszcz, Poland," said Stoltenberg.',
    'He highlighted the success of the Brave 1 cluster, which has already registered over 3,200 developments.',
    'On the contrary, they increase tensions."',
    '“We aim to localise the Ukrainian defense industry in Lithuania so that it strengthens the defensive capabilities of both Lithuania and Ukraine.”',
  ])('keeps the content sentence %j as one sentence', (content) => {
    expect(allSentences).toContain(content);
  });

  it('keeps every paragraph of the article without boilerplate', () => {
    const counts = Object.fromEntries(indexed.map((doc) => [doc.name, doc.cleaned.paragraphs.length]));
    expect(counts).toEqual({
      'belgium-poland-piorun-letter-of-intent.txt': 15,
      'eu-ukraine-parliamentarians-defence-conference.txt': 11,
      'lithuania-localise-ukrainian-defence-industry.txt': 10,
      'nato-ukraine-training-center-bydgoszcz.txt': 13,
      'poland-ukraine-joint-arms-production.txt': 8,
    });
  });

  it('derives a title only where a headline opens the body', () => {
    const titles = Object.fromEntries(indexed.map((doc) => [doc.name, doc.cleaned.derivedTitle]));
    expect(titles['eu-ukraine-parliamentarians-defence-conference.txt']).toBe(
      'European and Ukrainian Parliamentarians Collaborate to Strengthen Defense Cooperation',
    );
    expect(titles['lithuania-localise-ukrainian-defence-industry.txt']).toBeUndefined();
    expect(titles['belgium-poland-piorun-letter-of-intent.txt']).toBeUndefined();
  });

  it.each(files)('gives exact, trimmed, in-body spans for %s', (name) => {
    const doc = indexed.find((candidate) => candidate.name === name);
    if (doc === undefined) throw new Error(`${name} was not indexed`);
    expect(spanProblems(doc.text, doc.cleaned.paragraphs, doc.bodyStart)).toEqual([]);
    expect(spanProblems(doc.text, doc.sentences, doc.bodyStart)).toEqual([]);
    expect(spanProblems(doc.text, doc.passages, doc.bodyStart, false)).toEqual([]);
    for (const passage of doc.passages) {
      expect(passage.text).toBe(doc.text.slice(passage.start, passage.end));
      expect(passage.paragraph).toBe(passage.sentences[0]?.paragraph);
    }
    const inParagraph = doc.sentences.every((s) => {
      const paragraph = doc.cleaned.paragraphs[s.paragraph - 1];
      return paragraph !== undefined && paragraph.start <= s.start && s.end <= paragraph.end;
    });
    expect(inParagraph).toBe(true);
  });
});
