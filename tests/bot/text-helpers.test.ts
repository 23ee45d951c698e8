import { describe, expect, it } from 'vitest';
import { escapeDiscordText } from '../../src/bot/escape-discord-text.js';
import { shortenAtWord, shortenToChars } from '../../src/bot/shorten-at-word.js';
import { unescapeDiscord } from './harness.js';

describe('escapeDiscordText', () => {
  const nasty = [
    '**bold** __under__ *it* _it_ ~~strike~~ ||spoiler|| `code` ```block```',
    '# Heading\n## Sub\n- bullet\n* star\n1. numbered\n> quoted\n>>> all quoted\n-# subtext',
    '[masked](https://evil.example) <@123> <@!123> <@&456> <#789> <t:1700000000:R> <:emoji:1> <a:anim:2> </cmd:3>',
    'a backslash \\ and \\* an escaped star, C:\\path\\_file',
  ];

  it.each(nasty)('gives the text back exactly when one backslash per escape is removed: %s', (text) => {
    expect(unescapeDiscord(escapeDiscordText(text))).toBe(text);
  });

  it('defuses mentions, timestamps and line-leading quote and subtext markers', () => {
    expect(escapeDiscordText('<@123> <#9> <t:1:R>')).toBe('\\<@123> \\<#9> \\<t:1:R>');
    expect(escapeDiscordText('> not a quote\n-# not small')).toBe('\\> not a quote\n\\-# not small');
  });

  it('leaves plain text alone', () => {
    expect(escapeDiscordText('The Parties shall cooperate, in good faith (Art. 3).')).toBe('The Parties shall cooperate, in good faith (Art. 3).');
  });
});

describe('shortenAtWord', () => {
  const text = 'The Parties shall cooperate in good faith.';

  it('returns the text whole when it fits', () => {
    expect(shortenAtWord(text, () => true)).toBe(text);
  });

  it('keeps the longest exact prefix that ends with a whole word, plus an ellipsis', () => {
    expect(shortenAtWord(text, (t) => t.length <= 20)).toBe('The Parties shall…');
    expect(shortenAtWord(text, (t) => t.length <= 29)).toBe('The Parties shall cooperate…');
  });

  it('never cuts inside a word, even in other scripts', () => {
    expect(shortenAtWord('Les Parties coopèrent de bonne foi', (t) => t.length <= 24)).toBe('Les Parties coopèrent…');
    expect(shortenAtWord('Стороны сотрудничают добросовестно', (t) => t.length <= 25)).toBe('Стороны сотрудничают…');
  });

  it('returns null when not even the first word fits', () => {
    expect(shortenAtWord(text, (t) => t.length <= 3)).toBeNull();
  });
});

describe('shortenToChars', () => {
  it('falls back to cutting between characters when the first word alone is too long', () => {
    expect(shortenToChars('Supercalifragilistic', 6)).toBe('Super…');
  });

  it('does not split a surrogate pair', () => {
    expect(shortenToChars('😀😀😀😀', 4)).toBe('😀…');
  });
});
