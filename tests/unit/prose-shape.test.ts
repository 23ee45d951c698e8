import { describe, expect, it } from 'vitest';
import { isHeading, isListItem, isProse, isTagLine } from '../../src/index/prose-shape.js';

describe('isProse', () => {
  it('accepts a sentence of four or more words ending in punctuation, with or without a closing quote', () => {
    expect(isProse('Mr. Bennet made no answer.')).toBe(true);
    expect(isProse('“They increase tensions,” he said.')).toBe(true);
    expect(isProse('“What is his name?”')).toBe(true);
  });

  it('accepts a paragraph that ends by introducing a quote or breaking off with a dash', () => {
    expect(isProse('She emphasized the importance of collaboration, stating:')).toBe(true);
    expect(isProse('When the ladies were separating for the toilette, he said to Elizabeth--')).toBe(true);
  });

  it('accepts long running text that was cut off mid-word', () => {
    const truncated =
      'The new framework is seen by some observers as a complementary path that could bolster EU capabilities by pooling resources and speeding testing and certificati';
    expect(isProse(truncated)).toBe(true);
  });

  it('accepts a sentence dense with names', () => {
    expect(
      isProse("Former England footballer Paul Gascoigne will join EastEnders' actress Scarlett Johnson on BBC One's Strictly Ice Dancing."),
    ).toBe(true);
  });

  it('rejects short lines, unpunctuated short lines and title-case lines', () => {
    expect(isProse('He was silent.')).toBe(false);
    expect(isProse('Uncommon Knowledge')).toBe(false);
    expect(isProse('NATO Allies Agree New Joint Plan.')).toBe(false);
  });
});

describe('isListItem', () => {
  it('accepts eight or more words of running text and rejects short promo items', () => {
    expect(isListItem('Increased flow of funds to agriculture by 30%')).toBe(true);
    expect(isListItem('Enjoy ad-free browsing on Example.com')).toBe(false);
  });
});

describe('isHeading', () => {
  it('accepts title case anywhere and sentence case only as a lead headline', () => {
    expect(isHeading('Securing the Eastern Flank', false)).toBe(true);
    expect(isHeading('Dollar drops on reserves concerns', false)).toBe(false);
    expect(isHeading('Dollar drops on reserves concerns', true)).toBe(true);
  });

  it('rejects lines ending like a clause and lead lines ending with a period', () => {
    expect(isHeading('Kateryna Chernogorenko Said,', true)).toBe(false);
    expect(isHeading('Mr. Bennet made no answer.', true)).toBe(false);
  });
});

describe('isTagLine', () => {
  it('accepts five or more capitalised words without function words', () => {
    expect(isTagLine('NATO Training Center Ukraine Poland Russia War')).toBe(true);
    expect(isTagLine('NATO and Ukraine to Open Joint Training Center in Poland')).toBe(false);
    expect(isTagLine('Uncommon Knowledge')).toBe(false);
  });
});
