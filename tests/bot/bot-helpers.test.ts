import { describe, expect, it } from 'vitest';
import { attachmentRefusal, formatBytes } from '../../src/bot/corpus-upload.js';
import { furtherPassages } from '../../src/bot/format-more-sources.js';
import { formatDuration, formatProgress, formatSummary } from '../../src/bot/format-reindex.js';
import { stripBotMention } from '../../src/bot/handle-message.js';
import { RecentAnswers } from '../../src/bot/recent-answers.js';
import { defaultAnswer } from './fake-services.js';

describe('attachmentRefusal', () => {
  const file = { name: 'agreement.md', size: 500, contentType: 'text/markdown; charset=utf-8', url: 'http://127.0.0.1/x' };

  it('accepts .txt and .md files within the size limit, with or without a content type', () => {
    expect(attachmentRefusal(file, 1_000)).toBeNull();
    expect(attachmentRefusal({ ...file, name: 'NOTES.TXT', contentType: null }, 1_000)).toBeNull();
  });

  it('refuses other extensions, other content types and files over the limit, saying what to do', () => {
    expect(attachmentRefusal({ ...file, name: 'sheet.xlsx' }, 1_000)).toMatch(/not a \.txt, \.md, \.pdf, \.html or \.docx file/);
    expect(attachmentRefusal({ ...file, name: 'scan.pdf', contentType: 'application/pdf' }, 1_000)).toBeNull();
    expect(attachmentRefusal({ ...file, contentType: 'application/zip' }, 1_000)).toMatch(/content type application\/zip/);
    expect(attachmentRefusal({ ...file, size: 2_500_000 }, 2_000_000)).toBe('agreement.md is 2.5 MB; the limit is 2.0 MB. Split or shorten the file, then upload it again.');
  });

  it('formats sizes in decimal units', () => {
    expect([formatBytes(12), formatBytes(5_400), formatBytes(2_000_000)]).toEqual(['12 bytes', '5.4 kB', '2.0 MB']);
  });
});

describe('reindex messages', () => {
  it('formats durations for people', () => {
    expect([formatDuration(850), formatDuration(12_340), formatDuration(245_000), formatDuration(10_920_000)]).toEqual(['850 ms', '12.3 s', '4 min 05 s', '3 h 02 min']);
  });

  it('shows documents read, passages embedded of total and elapsed time', () => {
    expect(formatProgress({ phase: 'embedding', documentsRead: 3, documentsTotal: 9, passagesEmbedded: 50, passagesTotal: 200, elapsedMs: 6_000 })).toBe(
      'Reindexing (embedding): documents read 3/9, passages embedded 50/200 (25%), elapsed 6.0 s.',
    );
  });

  it('keeps a summary with very many files within one message, and shows a notice when nothing was switched', () => {
    const many = Array.from({ length: 500 }, (_, i) => `folder/a-rather-long-document-name-${i}.md`);
    const text = formatSummary({ version: 'v1', added: many, changed: many, removed: [], unchanged: 0, skipped: many.map((path) => ({ path, reason: 'not UTF-8' })), passages: 1, durationMs: 1, mode: 'lexical', notice: 'the corpus folder is empty.' });
    expect(text.length).toBeLessThanOrEqual(2_000);
    expect(text).toContain('and 490 more');
    expect(text.startsWith('Reindex finished without switching: the corpus folder is empty. Still serving version v1.')).toBe(true);
  });
});

describe('stripBotMention', () => {
  it('removes user and role mentions of the bot and tidies the spaces, leaving other mentions', () => {
    expect(stripBotMention('<@42> hello <@!42>  there <@&7> <@99>', '42', ['7'])).toBe('hello there <@99>');
  });
});

describe('furtherPassages', () => {
  it('leaves out passages that overlap a quote already shown', () => {
    const answer = defaultAnswer('Q?');
    const quoted = answer.quotes.map(({ docId, start, end }) => ({ docId, start, end }));
    expect(furtherPassages(answer, quoted).map((p) => p.paragraph)).toEqual([3, 4]);
  });
});

describe('RecentAnswers', () => {
  it('forgets the least recently used answer beyond its capacity', () => {
    const recent = new RecentAnswers(2);
    const a = recent.remember({ question: 'a', quoted: [] });
    const b = recent.remember({ question: 'b', quoted: [] });
    recent.recall(a);
    const c = recent.remember({ question: 'c', quoted: [] });
    expect([recent.recall(a)?.question, recent.recall(b), recent.recall(c)?.question]).toEqual(['a', undefined, 'c']);
    expect(a).toMatch(/^[\w-]{12}$/);
  });
});
