import { describe, expect, it } from 'vitest';
import { findParagraphs } from '../../src/index/find-paragraphs.js';

function excerpts(text: string, from = 0): string[] {
  return findParagraphs(text, from).map((span) => text.slice(span.start, span.end));
}

/** A hard-wrapped line: exactly `width` characters of filler words. */
function wrappedLine(seed: string, width = 70): string {
  return `${seed} ${'and so on '.repeat(10)}`.slice(0, width).trimEnd();
}

describe('findParagraphs', () => {
  it('separates paragraphs at blank lines and trims them', () => {
    expect(excerpts('  First paragraph here.  \n\n\n  Second one.\n')).toEqual(['First paragraph here.', 'Second one.']);
  });

  it('makes every line of soft-wrapped text its own paragraph, even without blank lines between', () => {
    const long = (start: string): string => `${start} ${'with many more words of reporting '.repeat(4)}today.`;
    const text = `${long('Belgium and Poland signed.')}\n${long('The agreement was formalised.')}\n${long('Mesko is a key player.')}`;
    expect(excerpts(text)).toHaveLength(3);
  });

  it('joins the lines of a hard-wrapped CRLF paragraph into one span of the original text', () => {
    const lines = [wrappedLine('Call me Ishmael.'), wrappedLine('Some years ago'), 'never mind how long.'];
    const text = `${lines.join('\r\n')}\r\n\r\n${wrappedLine('There now is your insular city')}\r\nof the Manhattoes.\r\n`;
    expect(excerpts(text)).toEqual([lines.join('\r\n'), `${wrappedLine('There now is your insular city')}\r\nof the Manhattoes.`]);
  });

  it('keeps a short line inside hard-wrapped text apart, as a deliberate break', () => {
    const body = ['It was a dark night', 'and the wind', 'blew', 'hard', 'all night'].map((seed) => wrappedLine(seed));
    body.push('and it rained.');
    const text = ['CHAPTER 1.', ...body].join('\n');
    expect(excerpts(text)).toEqual(['CHAPTER 1.', body.join('\n')]);
  });

  it('keeps short single-newline paragraphs apart when their lines are not wrapped full', () => {
    const text = [
      'top of page',
      'Poland and Ukraine have agreed on a framework to jointly develop defence plants.',
      'Defence Industry Poland Ukraine Factories Weapons',
      'The plan envisions a network of factories that would operate in both countries.',
      'Source: BNS',
    ].join('\n');
    expect(excerpts(text)).toHaveLength(5);
  });

  it('makes each bullet line a paragraph of its own', () => {
    const text = ['Promo heading', '  • Newsweek magazine delivered to your door', '  • Comment on articles'].join('\n');
    expect(excerpts(text)).toEqual(['Promo heading', '• Newsweek magazine delivered to your door', '• Comment on articles']);
  });

  it('starts at the given offset and handles lone carriage returns', () => {
    const text = 'front matter\rFirst line.\r\rSecond line.';
    expect(excerpts(text, 13)).toEqual(['First line.', 'Second line.']);
  });

  it('finds nothing in a blank body', () => {
    expect(findParagraphs(' \n\r\n\t', 0)).toEqual([]);
  });
});
