import { describe, expect, it } from 'vitest';
import { cleanDocument } from '../../src/index/clean-text.js';
import { parseFrontMatter } from '../../src/index/front-matter.js';
import { spanProblems } from './span-invariants.js';

const PROSE_A = 'Poland and Ukraine have agreed on a framework to jointly develop defence plants.';
const PROSE_B = 'The plan envisions a network of factories that would operate in both countries.';
const PROSE_C = 'Analysts said the talks could speed up the delivery of advanced air defence systems.';

function kept(text: string, bodyStart = 0): string[] {
  return cleanDocument(text, bodyStart).paragraphs.map((span) => text.slice(span.start, span.end));
}

describe('cleanDocument', () => {
  it('keeps prose paragraphs as exact, trimmed spans of the original text after the front matter', () => {
    const text = `---\ntitle: Joint plants\n---\n  ${PROSE_A}\n\n${PROSE_B}  \n`;
    const { bodyStart } = parseFrontMatter(text);
    const { paragraphs } = cleanDocument(text, bodyStart);
    expect(paragraphs.map((span) => text.slice(span.start, span.end))).toEqual([PROSE_A, PROSE_B]);
    expect(spanProblems(text, paragraphs, bodyStart)).toEqual([]);
  });

  it('drops every copy of a line repeated within the document', () => {
    const promo = 'Example News is committed to challenging conventional wisdom in the search for common ground.';
    expect(kept(`${PROSE_A}\n\n${promo}\n\n${PROSE_B}\n\n${promo}\n`)).toEqual([PROSE_A, PROSE_B]);
  });

  it('drops the rest of the document after an end-of-article marker', () => {
    const text = `${PROSE_A}\n\nAbout the writer\n\nJane Doe is a night reporter based in New York who covers politics.\n\n${PROSE_B}`;
    expect(kept(text)).toEqual([PROSE_A]);
  });

  it('does not let an end marker in the page header end the document before any prose', () => {
    expect(kept(`Comments\n\n${PROSE_A}\n\n${PROSE_B}`)).toEqual([PROSE_A, PROSE_B]);
  });

  it('drops navigation, captions, editorial notes, metadata, promo bullets and tag lines', () => {
    const text = [
      'top of page',
      PROSE_A,
      'Soldiers march during a parade in Warsaw on Monday. JAN KOWALSKI/AFP',
      'Defence Industry Poland Ukraine Factories Weapons',
      PROSE_B,
      'Update 02/21/24, 9:52 p.m. ET: This article has been updated to include a statement.',
      'Original reporting by: bns',
      'Source: BNS',
      '  • Enjoy ad-free browsing',
      PROSE_C,
      'bottom of page',
    ].join('\n');
    expect(kept(text)).toEqual([PROSE_A, PROSE_B, PROSE_C]);
  });

  it('records title-case lines as headings, never as paragraphs', () => {
    const text = `${PROSE_A}\nA Partnership Born of Combat Innovation\n${PROSE_B}`;
    const result = cleanDocument(text, 0);
    expect(result.headings.map((span) => text.slice(span.start, span.end))).toEqual(['A Partnership Born of Combat Innovation']);
    expect(result.paragraphs).toHaveLength(2);
  });

  it('derives the title from the first heading before the first paragraph', () => {
    const text = `top of page\n\nJoint Arms Plants for Poland and Ukraine\n\n${PROSE_A}\n\nA Later Section Heading\n\n${PROSE_B}`;
    expect(cleanDocument(text, 0).derivedTitle).toBe('Joint Arms Plants for Poland and Ukraine');
  });

  it('derives no title when prose comes first or the first heading is a generic label', () => {
    expect(cleanDocument(`${PROSE_A}\n\nA Later Section Heading\n\n${PROSE_B}`, 0).derivedTitle).toBeUndefined();
    expect(cleanDocument(`Chapter 1\n\n${PROSE_A}`, 0).derivedTitle).toBeUndefined();
  });

  it('keeps sentence-like bullets with their markers and drops short promo bullets', () => {
    const text = `${PROSE_A}\n• The ministers agreed to expand joint production next year.\n• Comment on articles`;
    expect(kept(text)).toEqual([PROSE_A, '• The ministers agreed to expand joint production next year.']);
  });

  it('takes a sentence-case first line for the headline', () => {
    const text = `Dollar drops on reserves concerns\n\n${PROSE_A}\n\nA sentence-case line later on\n\n${PROSE_B}`;
    const result = cleanDocument(text, 0);
    expect(result.derivedTitle).toBe('Dollar drops on reserves concerns');
    expect(result.headings).toHaveLength(1);
  });

  it('keeps a last paragraph that was cut off mid-word, because its complete sentences are content', () => {
    const cutOff =
      'There have been prior statements from Britain. The new framework is seen by some observers as a complementary path that could bolste';
    expect(kept(`${PROSE_A}\n${cutOff}`)).toEqual([PROSE_A, cutOff]);
  });

  it('joins a hard-wrapped CRLF book paragraph into one paragraph and keeps its dialogue', () => {
    const text = [
      'Chapter 1',
      '',
      '',
      'It is a truth universally acknowledged, that a single man in possession',
      'of a good fortune, must be in want of a wife. However little known the',
      'feelings or views of such a man may be on his first entering a',
      'neighbourhood, this truth is so well fixed in the minds of the families.',
      '',
      'Mr. Bennet made no answer.',
      '',
      '* * * * *',
      '',
    ].join('\r\n');
    const result = cleanDocument(text, 0);
    const paragraphs = result.paragraphs.map((span) => text.slice(span.start, span.end));
    expect(paragraphs).toHaveLength(2);
    expect(paragraphs[0]).toMatch(/^It is a truth[\s\S]*of the families\.$/);
    expect(paragraphs[0]).toContain('\r\n');
    expect(paragraphs[1]).toBe('Mr. Bennet made no answer.');
    expect(result.headings.map((span) => text.slice(span.start, span.end))).toEqual(['Chapter 1']);
  });
});
