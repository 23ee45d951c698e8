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

/** The whole report as CSV: one row per unanswered and per down-voted question, with a header. */
export function reportCsv(report: FeedbackReport): string {
  const iso = (ms: number) => new Date(ms).toISOString();
  const rows: (string | number)[][] = [
    ...report.unanswered.map((u) => ['unanswered', u.question, u.asked, u.notAnswered, u.flagged, '', '', '', '', iso(u.lastAskedMs), describeLabel(u.label), u.answerId]),
    ...report.downVoted.map((d) => ['down-voted', d.question, '', '', '', d.down, d.up, d.reasons.join('; '), d.documents.join('; '), iso(d.lastAskedMs), describeLabel(d.label), d.answerId]),
  ];
  return [HEADER, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
