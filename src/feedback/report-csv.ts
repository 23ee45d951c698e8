import { describeLabel, type FeedbackReport } from './build-report.js';

const HEADER = ['section', 'question', 'times_asked', 'not_answered', 'should_be_answerable', 'down_votes', 'up_votes', 'reasons', 'documents', 'last_asked', 'label', 'answer_id'];

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A field a spreadsheet would run as a
 * formula (`=`, `+`, `-`, `@` first) gets a leading `'`: questions are typed by anyone.
 */
export function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The report as CSV: a header, then one row per unanswered and per down-voted question. Rows that would take it past
 * `maxBytes` (UTF-8) are left out and counted in `omitted`, so it always fits an upload limit.
 */
export function reportCsv(report: FeedbackReport, maxBytes = Number.POSITIVE_INFINITY): { text: string; omitted: number } {
  const iso = (ms: number) => new Date(ms).toISOString();
  const rows: (string | number)[][] = [
    ...report.unanswered.map((u) => ['unanswered', u.question, u.asked, u.notAnswered, u.flagged, '', '', '', '', iso(u.lastAskedMs), describeLabel(u.label), u.answerId]),
    ...report.downVoted.map((d) => ['down-voted', d.question, '', '', '', d.down, d.up, d.reasons.join('; '), d.documents.join('; '), iso(d.lastAskedMs), describeLabel(d.label), d.answerId]),
  ];
  let text = `${HEADER.join(',')}\r\n`;
  let bytes = Buffer.byteLength(text);
  for (const [i, row] of rows.entries()) {
    const line = `${row.map(csvField).join(',')}\r\n`;
    bytes += Buffer.byteLength(line);
    if (bytes > maxBytes) return { text, omitted: rows.length - i };
    text += line;
  }
  return { text, omitted: 0 };
}
