import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccordError } from '../../src/errors.js';
import { cleanQuestion, requireWords } from '../../src/retrieval/clean-question.js';
import { loadCalibrations } from '../../src/retrieval/calibration.js';
import { Retriever } from '../../src/retrieval/retriever.js';
import { snapshotOf } from './snapshot-of.js';

describe('cleanQuestion', () => {
  it.each([
    ['<@123456789012345678> how many systems?', 'how many systems?'],
    ['<@!123> <@&456> <#789> how many systems?', 'how many systems?'],
    ['@everyone @here how many systems?', 'how many systems?'],
    ['how many <:piorun:111> systems <a:party:222>?', 'how many systems ?'],
    ['deliveries before <t:1700000000:R>?', 'deliveries before ?'],
    ['use </ask:123> for **bold** and __underlined__ and ~~struck~~ ||spoiled|| `code`', 'use for bold and underlined and struck spoiled code'],
    ['> quoted line\n# heading\n-# small print', 'quoted line heading small print'],
    ['see [the report](https://example.org/r) or <https://example.org/x>', 'see the report or https://example.org/x'],
  ])('cleans %j', (raw, clean) => {
    expect(cleanQuestion(raw)).toBe(clean);
  });

  it('keeps underscores inside words and every letter of any script', () => {
    expect(cleanQuestion('_under_the_ safeguards of Угода')).toBe('under_the safeguards of Угода');
  });
});

describe('requireWords', () => {
  it.each(['1', '$1', '42?!', '<a:x:1>', '<@123> <#456>', '**  **'])('refuses %j with a clear AccordError', (raw) => {
    expect(() => requireWords(cleanQuestion(raw), raw)).toThrow(AccordError);
    expect(() => requireWords(cleanQuestion(raw), raw)).toThrow(/nothing to search for/);
  });

  it('accepts a question with a word, numbers included', () => {
    expect(() => requireWords('300 systems?', '300 systems?')).not.toThrow();
  });
});

const snapshot = await snapshotOf({ 'deal.txt': 'Belgium will buy 1 batch of 300 Piorun systems for $1 billion.\n' });
const calibrations = loadCalibrations(path.resolve('calibration'), null);
const retriever = new Retriever(snapshot, null, { topK: 5, maxQuotes: 3, minConfidence: 0.5, calibrations }, { warn: () => {} });

describe('the retriever', () => {

  it.each(['1', '$1', '<a:x:1>'])('never answers the junk %j', async (junk) => {
    await expect(retriever.answer(junk)).rejects.toThrow(/nothing to search for/);
  });

  it('searches a question without its markup', async () => {
    const answer = await retriever.answer('<@123456789012345678> how many **Piorun** systems <a:x:1>?');
    expect(answer.question).toBe('how many Piorun systems ?');
    expect(answer.passages[0]?.passage.docId).toBe('deal.txt');
  });
});
