import { describe, expect, it } from 'vitest';
import { formatAnswer, formatModeFooter } from '../../src/bot/format-answer.js';
import { answerWith, defaultAnswer, documentMeta, DOCUMENT_TEXT, passageOf, quoteOf, tradeMeta } from './fake-services.js';
import { unescapeDiscord } from './harness.js';

const descriptionOf = (answer: Parameters<typeof formatAnswer>[0]) => String(formatAnswer(answer).description);

describe('formatAnswer', () => {
  it('shows each quote verbatim as a block quote, every line prefixed, followed by its citation', () => {
    const quote = quoteOf('Each Party shall designate a contact point within 30 days of entry into force.\n\nDisputes shall be settled', 3);
    const description = descriptionOf(answerWith('Who?', [quote], []));
    expect(description).toBe(
      '**Question:** Who?\n\n' +
        '> Each Party shall designate a contact point within 30 days of entry into force.\n> \n> Disputes shall be settled\n' +
        '**[1]** [Data Sharing Agreement](<https://example.org/agreements/data-sharing>) — Ministry of Trade, 2023-04-12, ¶ 3',
    );
  });

  it('keeps the quote text verbatim under the escaping', () => {
    const answer = defaultAnswer('What statistics?');
    const shown = unescapeDiscord(descriptionOf(answer));
    for (const quote of answer.quotes) {
      expect(quote.text).toBe(DOCUMENT_TEXT.slice(quote.start, quote.end));
      expect(shown).toContain(quote.text);
    }
  });

  it('cites a document without a URL by its escaped title, and leaves out what it does not know', () => {
    const text = 'Trade shall *grow*.';
    const quote = quoteOf('Trade shall *grow*.', 5, text, tradeMeta.docId);
    const bare = { docId: tradeMeta.docId, path: tradeMeta.path, title: tradeMeta.title, contentHash: tradeMeta.contentHash, passageCount: 1 };
    expect(descriptionOf(answerWith('Trade?', [quote], [], [tradeMeta]))).toContain('**[1]** Trade \\*Cooperation\\* Memorandum — Joint Committee, 2021-09-01, ¶ 5');
    expect(descriptionOf(answerWith('Trade?', [quote], [], [bare]))).toContain(
      '**[1]** Trade \\*Cooperation\\* Memorandum — ¶ 5',
    );
  });

  it('does not link a URL that is not http(s)', () => {
    const quote = quoteOf('Disputes shall be settled', 4);
    const description = descriptionOf(answerWith('How?', [quote], [], [{ ...documentMeta, url: 'javascript:alert(1)' }]));
    expect(description).toContain('**[1]** Data Sharing Agreement — ');
    expect(description).not.toContain('javascript');
  });

  it('says plainly when the corpus does not answer, listing the closest documents as material, not as an answer', () => {
    const answer = answerWith('Who won?', [], [passageOf('Disputes shall', 4), passageOf('contact point', 3)]);
    const embed = formatAnswer(answer);
    expect(embed.description).toBe(
      '**Question:** Who won?\n\n**The corpus does not answer this question.** No passage in the agreements matches it closely enough to quote.\n\n' +
        '**Closest material** (not an answer: these documents touch on the topic, but no passage answers the question):\n' +
        '• [Data Sharing Agreement](<https://example.org/agreements/data-sharing>) — Ministry of Trade, 2023-04-12',
    );
    expect(embed.description).not.toContain('> ');
  });

  it('keeps an overlong first quote, shortened at a word boundary, and leaves out later quotes that do not fit', () => {
    const long = Array.from({ length: 1_000 }, (_, i) => `word${i}`).join(' ');
    const answer = answerWith('Long?', [quoteOf(long, 1, long), quoteOf('word1 word2', 1, long)], []);
    const description = descriptionOf(answer);
    expect(description.length).toBeLessThanOrEqual(4_096);
    const shown = unescapeDiscord(description.split('\n').filter((l) => l.startsWith('> ')).join('\n'));
    expect(shown).toMatch(/ word\d+…$/);
    expect(long.startsWith(shown.slice(0, -1))).toBe(true);
    expect(long.charAt(shown.length - 1)).toBe(' ');
    expect(description).toContain('1 more quote did not fit');
  });

  it('prefers leaving out a later quote to shortening it', () => {
    const first = Array.from({ length: 500 }, (_, i) => `w${i}`).join(' ');
    const second = Array.from({ length: 300 }, (_, i) => `v${i}`).join(' ');
    const text = `${first}\n\n${second}`;
    const description = descriptionOf(answerWith('Q?', [quoteOf(first, 1, text), quoteOf(second, 2, text)], []));
    expect(description).toContain(`> ${first}\n**[1]**`);
    expect(description).not.toContain('…');
    expect(description).toContain('1 more quote did not fit');
  });

  it('shows the retrieval mode in the footer, with the reason for a lexical fallback', () => {
    expect(formatModeFooter('hybrid')).toBe('Retrieval: hybrid (semantic + keyword)');
    expect(formatModeFooter('lexical', 'the model could not be loaded')).toBe('Retrieval: lexical fallback (keyword only) — the model could not be loaded');
    expect(formatAnswer({ ...defaultAnswer('Q?'), mode: 'lexical', modeReason: 'no model' }).footer?.text).toContain('lexical fallback');
  });
});
