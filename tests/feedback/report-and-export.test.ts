import { describe, expect, it } from 'vitest';
import { parseFeedbackId } from '../../src/bot/feedback-ids.js';
import { formatReportMessage } from '../../src/bot/format-report.js';
import { parseChoice } from '../../src/cli/label-command.js';
import { buildReport } from '../../src/feedback/build-report.js';
import { exportLabels } from '../../src/feedback/export-labels.js';
import { questionKey } from '../../src/feedback/normalize-question.js';
import { csvField, reportCsv } from '../../src/feedback/report-csv.js';
import type { ReportRow } from '../../src/feedback/types.js';

const row = (answerId: string, question: string, fields: Partial<ReportRow> = {}): ReportRow => ({
  answerId, question, questionKey: questionKey(question), askedAtMs: 1_000, answered: true, up: 0, down: 0, missing: 0,
  reasons: [], quotedDocIds: [], label: null, ...fields,
});

describe('buildReport', () => {
  it('groups a question asked in different ways and ranks the most frequent unanswered first', () => {
    const report = buildReport(
      [
        row('a3', 'Who won the World Cup?', { answered: false, askedAtMs: 3_000 }),
        row('a2', 'who won the  world cup', { answered: false, askedAtMs: 2_000 }),
        row('b1', 'What is the F-16 price?', { answered: false, missing: 1 }),
        row('c1', 'How many drones?'),
      ],
      7, 0,
    );
    expect(report.unanswered.map((u) => [u.question, u.asked, u.notAnswered, u.flagged, u.answerId])).toEqual([
      ['Who won the World Cup?', 2, 2, 0, 'a3'],
      ['What is the F-16 price?', 1, 1, 1, 'b1'],
    ]);
    expect(report.totals).toMatchObject({ questions: 4, answered: 1, flagged: 1 });
  });

  it('ranks down-voted questions by 👎 and lists their reasons and quoted documents', () => {
    const report = buildReport(
      [
        row('a1', 'Which deal?', { down: 1, up: 1, reasons: ['outdated'], quotedDocIds: ['b.txt'] }),
        row('b1', 'Where?', { down: 2, reasons: ['wrong-passage', 'wrong-passage'], quotedDocIds: ['a.txt', 'c.txt'] }),
        row('c1', 'Fine?', { up: 3 }),
      ],
      7, 0,
    );
    expect(report.downVoted.map((d) => [d.question, d.down, d.up, d.reasons, d.documents])).toEqual([
      ['Where?', 2, 0, ['wrong-passage ×2'], ['a.txt', 'c.txt']],
      ['Which deal?', 1, 1, ['outdated'], ['b.txt']],
    ]);
  });
});

describe('the report as CSV and as a Discord message', () => {
  it('quotes fields with commas, quotes or line breaks, and defuses spreadsheet formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, "b"\nc')).toBe('"a, ""b""\nc"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(-3)).toBe('-3');
    const { text } = reportCsv(buildReport([row('a1', 'Why, exactly?', { answered: false })], 7, 0));
    expect(text.split('\r\n')[1]).toBe('unanswered,"Why, exactly?",1,1,0,,,,,1970-01-01T00:00:01.000Z,,a1');
  });

  it('leaves out the rows that would pass the size limit, and counts them', () => {
    const report = buildReport(Array.from({ length: 10 }, (_, i) => row(`a${i}`, `Question ${i}?`, { answered: false })), 7, 0);
    const whole = reportCsv(report);
    const cut = reportCsv(report, 400);
    expect(whole.omitted).toBe(0);
    expect(Buffer.byteLength(cut.text)).toBeLessThanOrEqual(400);
    expect(cut.text.trim().split('\r\n').length - 1 + cut.omitted).toBe(10);
    expect(whole.text.startsWith(cut.text)).toBe(true);
  });

  it('fits any report into one Discord message and counts what did not fit', () => {
    const rows = Array.from({ length: 200 }, (_, i) => row(`a${i}`, `A rather long question number ${i} about the agreements and their many clauses?`, { answered: i % 2 === 0, down: i % 2 === 0 ? 1 : 0, quotedDocIds: ['some-document-with-a-long-name.txt'] }));
    const text = formatReportMessage(buildReport(rows, 30, 0));
    expect(text.length).toBeLessThanOrEqual(2_000);
    expect(text).toMatch(/…and \d+ more lines\./);
    expect(text).toContain('The attached CSV lists everything');
  });
});

describe('exportLabels', () => {
  const passage = { rank: 2, chunkId: 'a.txt#3', docId: 'a.txt', start: 10, end: 60, text: 'One sentence. Two sentences.', sentences: ['One sentence.', 'Two sentences.'] };

  it('writes a passage label as its sentences, and "not answerable" as kind none; the latest label of a question wins', () => {
    const { lines, skipped } = exportLabels([
      { answerId: 'x1', question: 'What is it?', label: { kind: 'none' }, passage: null },
      { answerId: 'x2', question: 'what is it', label: { kind: 'passage', rank: 2 }, passage },
      { answerId: 'y1', question: 'Who won?', label: { kind: 'none' }, passage: null },
    ]);
    expect(lines).toEqual([
      { id: 'fb-x2', kind: 'single', question: 'what is it', evidence: ['One sentence.', 'Two sentences.'] },
      { id: 'fb-y1', kind: 'none', question: 'Who won?', evidence: [] },
    ]);
    expect(skipped).toEqual([]);
  });

  it('reports a passage label whose passage is missing instead of writing an empty line', () => {
    const { lines, skipped } = exportLabels([{ answerId: 'x1', question: 'Q?', label: { kind: 'passage', rank: 4 }, passage: null }]);
    expect(lines).toEqual([]);
    expect(skipped[0]).toContain('passage 4');
  });
});

describe('input from buttons and the prompt', () => {
  it('decodes feedback customIds and refuses malformed ones', () => {
    expect(parseFeedbackId('fb:down:AbC_12-xyz09')).toEqual({ action: 'vote', vote: 'down', answerId: 'AbC_12-xyz09' });
    expect(parseFeedbackId('fb:pick:abc')).toEqual({ action: 'pick', answerId: 'abc' });
    expect(parseFeedbackId('fb:choose')).toEqual({ action: 'choose' });
    for (const bad of ['fb:sideways:abc', 'fb:up:', 'fb:up:a b', 'more-sources:abc']) expect(parseFeedbackId(bad)).toBeNull();
  });

  it('reads a passage number, n, s or q at the labelling prompt, and nothing else', () => {
    expect(parseChoice(' 2 ', [1, 2, 3])).toEqual({ kind: 'passage', rank: 2 });
    expect(parseChoice('N', [1])).toEqual({ kind: 'none' });
    expect(parseChoice('s', [1])).toBe('skip');
    expect(parseChoice('q', [1])).toBe('quit');
    expect(parseChoice('7', [1, 2])).toBeNull();
    expect(parseChoice('two', [1, 2])).toBeNull();
  });
});
