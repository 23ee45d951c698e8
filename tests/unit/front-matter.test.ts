import { describe, expect, it } from 'vitest';
import { AccordError } from '../../src/errors.js';
import { parseFrontMatter } from '../../src/index/front-matter.js';

function errorOf(text: string): AccordError {
  try {
    parseFrontMatter(text);
  } catch (error: unknown) {
    if (error instanceof AccordError) return error;
    throw error;
  }
  throw new Error('expected parseFrontMatter to throw');
}

describe('parseFrontMatter', () => {
  it('returns no metadata and body offset 0 when the text has no front matter', () => {
    expect(parseFrontMatter('Poland and Ukraine agreed.\n')).toEqual({ meta: {}, bodyStart: 0 });
  });

  it('reads every known key and gives the body offset in the original text', () => {
    const text =
      '---\ntitle: NATO and Ukraine to Open Joint Training Center\nsource: Newsweek\ndate: 2024-02-21\nurl: https://example.org/a\n---\nBody starts here.';
    const { meta, bodyStart } = parseFrontMatter(text);
    expect(meta).toEqual({
      title: 'NATO and Ukraine to Open Joint Training Center',
      source: 'Newsweek',
      date: '2024-02-21',
      url: 'https://example.org/a',
    });
    expect(text.slice(bodyStart)).toBe('Body starts here.');
  });

  it('handles CRLF line ends', () => {
    const text = '---\r\ntitle: Piorun deal\r\nsource: BNS\r\n---\r\nBody.';
    const { meta, bodyStart } = parseFrontMatter(text);
    expect(meta).toEqual({ title: 'Piorun deal', source: 'BNS' });
    expect(text.slice(bodyStart)).toBe('Body.');
  });

  it('strips matching double or single quotes around a value', () => {
    const { meta } = parseFrontMatter('---\ntitle: "Kyiv: a conference"\nsource: \'BNS\'\n---\n');
    expect(meta).toEqual({ title: 'Kyiv: a conference', source: 'BNS' });
  });

  it('skips a byte-order mark, blank lines and comments', () => {
    const text = '\uFEFF---\n# where it came from\n\nsource: BNS\n---\nBody.';
    const { meta, bodyStart } = parseFrontMatter(text);
    expect(meta).toEqual({ source: 'BNS' });
    expect(text.slice(bodyStart)).toBe('Body.');
  });

  it('accepts a free-text date', () => {
    expect(parseFrontMatter('---\ndate: Spring 2024\n---\n').meta).toEqual({ date: 'Spring 2024' });
  });

  it('does not take a longer rule such as ---- for front matter', () => {
    expect(parseFrontMatter('----\ntext').bodyStart).toBe(0);
  });

  it.each([
    ['an unclosed block', '---\ntitle: A\n', /never closed/],
    ['an unclosed block followed by body text', '---\ntitle: A\nBody text.', /line 3: .*closing "---" missing/],
    ['a line that is not key: value', '---\ntitle: A\njust words\n---\n', /line 3: "just words" is not a "key: value" line/],
    ['an unknown key', '---\nauthor: Jane\n---\n', /line 2: unknown key "author"/],
    ['a non-http URL', '---\nurl: ftp://example.org/file\n---\n', /line 2: bad url/],
    ['a relative URL', '---\nurl: /news/a\n---\n', /line 2: bad url/],
    ['an impossible calendar date', '---\ndate: 2024-02-30\n---\n', /line 2: bad date: YYYY-MM-DD is not a real calendar day/],
    ['an empty value', '---\ntitle: ""\n---\n', /line 2: bad title: the value is empty/],
    ['a repeated key', '---\nsource: A\nsource: B\n---\n', /line 3: "source" is given twice/],
  ])('throws an AccordError naming the line for %s', (_name, text, message) => {
    const error = errorOf(text);
    expect(error.message).toMatch(message);
    expect(error.hint).toBeDefined();
  });
});
