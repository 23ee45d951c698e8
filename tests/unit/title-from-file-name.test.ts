import { describe, expect, it } from 'vitest';
import { titleFromFileName } from '../../src/index/process-document.js';

describe('titleFromFileName', () => {
  it('capitalises the words of the file name, keeping short joining words in lower case inside it', () => {
    expect(titleFromFileName('belgium-poland-piorun-letter-of-intent.txt')).toBe('Belgium Poland Piorun Letter of Intent');
    expect(titleFromFileName('reports/the_state-of-the-union.md')).toBe('The State of the Union');
    expect(titleFromFileName('what-to-do-with.txt')).toBe('What to Do With');
    expect(titleFromFileName('NATO summit.txt')).toBe('NATO Summit');
  });
});
