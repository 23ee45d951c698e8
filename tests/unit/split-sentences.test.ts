import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/index/split-sentences.js';
import { spanProblems } from './span-invariants.js';

function sentencesOf(text: string): string[] {
  return splitSentences(text, [{ start: 0, end: text.length }]).map((s) => text.slice(s.start, s.end));
}

describe('splitSentences', () => {
  it('does not split after a.m./p.m. before a time zone', () => {
    const text = 'Update 02/21/24, 9:52 p.m. ET: This article has been updated. It now quotes Peskov.';
    expect(sentencesOf(text)).toEqual(['Update 02/21/24, 9:52 p.m. ET: This article has been updated.', 'It now quotes Peskov.']);
  });

  it('keeps a quoted sentence with its attribution', () => {
    const text = '"Today, we decided to create a new center…," said Stoltenberg. "This will benefit them and us."';
    expect(sentencesOf(text)).toEqual([
      '"Today, we decided to create a new center…," said Stoltenberg.',
      '"This will benefit them and us."',
    ]);
  });

  it('splits after an ellipsis run into a capitalised word with no space', () => {
    const text = '"Today\'s decision is the start of the process....Our experts are now working on the details."';
    expect(sentencesOf(text)).toEqual([
      '"Today\'s decision is the start of the process....',
      'Our experts are now working on the details."',
    ]);
  });

  it('keeps a dateline with the sentence it opens', () => {
    const text = 'Kyiv, December 13. The conference was organized by the Group. It drew fifty MEPs.';
    expect(sentencesOf(text)).toEqual(['Kyiv, December 13. The conference was organized by the Group.', 'It drew fifty MEPs.']);
  });

  it('does not split after title, month, Latin or country abbreviations or initials', () => {
    const text =
      'Gen. Smith met Lt. Col. Jones and Mrs. Nowak at No. 10 on Jan. 5, e.g. for talks with U.S. Army and E.U. Commission staff. J. R. Tolkien wrote the speech. It was short.';
    expect(sentencesOf(text)).toEqual([
      'Gen. Smith met Lt. Col. Jones and Mrs. Nowak at No. 10 on Jan. 5, e.g. for talks with U.S. Army and E.U. Commission staff.',
      'J. R. Tolkien wrote the speech.',
      'It was short.',
    ]);
  });

  it('lets etc. end a sentence before a capital but not before a lowercase word', () => {
    expect(sentencesOf('They bought drones, radars, etc. The deal closed.')).toHaveLength(2);
    expect(sentencesOf('They bought drones, radars, etc. and more besides.')).toHaveLength(1);
  });

  it('does not split before a lowercase continuation', () => {
    expect(sentencesOf('She said "Stop!" and left the room. Then it rained.')).toEqual([
      'She said "Stop!" and left the room.',
      'Then it rained.',
    ]);
  });

  it('keeps a stray closing quote or bracket with the sentence it closes', () => {
    expect(sentencesOf('The minister said: “We will win. ” Then he left.')).toEqual([
      'The minister said: “We will win. ”',
      'Then he left.',
    ]);
    expect(sentencesOf('He shouted “Stop!!” ) Then he left.')).toEqual(['He shouted “Stop!!” )', 'Then he left.']);
  });

  it('does not split a hard-wrapped sentence at its CRLF line breaks', () => {
    const text = 'It is a truth universally acknowledged, that a single man in possession\r\nof a good fortune, must be in want of a wife.\r\nHowever little known.';
    expect(sentencesOf(text)).toEqual([
      'It is a truth universally acknowledged, that a single man in possession\r\nof a good fortune, must be in want of a wife.',
      'However little known.',
    ]);
  });

  it('numbers paragraphs from 1 and returns trimmed spans of the original text', () => {
    const text = '---\ntitle: T\n---\nFirst one. Second one.\n\n  Third one here.  ';
    const paragraphs = [
      { start: 17, end: 39 },
      { start: 43, end: 58 },
    ];
    const sentences = splitSentences(text, paragraphs);
    expect(sentences.map((s) => [text.slice(s.start, s.end), s.paragraph])).toEqual([
      ['First one.', 1],
      ['Second one.', 1],
      ['Third one here.', 2],
    ]);
    expect(spanProblems(text, sentences, 17)).toEqual([]);
  });
});
