import { bold, time, TimestampStyles } from 'discord.js';
import { describeLabel, type FeedbackReport } from '../feedback/build-report.js';
import { DiscordLimits } from './discord-limits.js';
import { escapeDiscordText } from './escape-discord-text.js';
import { shortenToChars } from './shorten-at-word.js';

const QUESTION_CHARS = 120;
/** Room kept for the closing lines. */
const RESERVE_CHARS = 300;

const q = (question: string) => `"${escapeDiscordText(shortenToChars(question, QUESTION_CHARS))}"`;
const labelNote = (text: string) => (text === '' ? '' : ` · labelled: ${text}`);

/**
 * /report as one message within Discord's 2,000 characters: the totals, the most frequent unanswered questions and
 * the most down-voted ones with the documents they quoted. What does not fit is counted; the CSV has everything.
 */
export function formatReportMessage(report: FeedbackReport, csvOmitted = 0): string {
  const t = report.totals;
  const lines = [
    `${bold(`Feedback, last ${report.days} day${report.days === 1 ? '' : 's'}`)} (since ${time(new Date(report.sinceMs), TimestampStyles.ShortDate)}): ` +
      `${t.questions} question${t.questions === 1 ? '' : 's'}, ${t.answered} answered · 👍 ${t.up} · 👎 ${t.down} · ${t.flagged} "should be answerable" · ${t.labelled} labelled`,
  ];
  let length = lines[0]?.length ?? 0;
  let left = 0;
  const add = (line: string): void => {
    if (left > 0 || length + line.length + 1 > DiscordLimits.messageContentChars - RESERVE_CHARS) {
      left += 1;
      return;
    }
    lines.push(line);
    length += line.length + 1;
  };
  add(`\n${bold('Most frequent unanswered questions')}`);
  if (report.unanswered.length === 0) add('None.');
  report.unanswered.forEach((u, i) =>
    add(`${i + 1}. ${q(u.question)}: asked ${u.asked}×, not answered ${u.notAnswered}×${u.flagged === 0 ? '' : `, "should be answerable" ×${u.flagged}`}${labelNote(describeLabel(u.label))}`),
  );
  add(`\n${bold('Most down-voted answers')}`);
  if (report.downVoted.length === 0) add('None.');
  report.downVoted.forEach((d, i) => {
    const reasons = d.reasons.length === 0 ? '' : ` (${escapeDiscordText(shortenToChars(d.reasons.join(', '), 150))})`;
    const docs = d.documents.length === 0 ? '' : ` · quoted: ${escapeDiscordText(shortenToChars(d.documents.join(', '), 200))}`;
    add(`${i + 1}. ${q(d.question)}: 👎 ${d.down} · 👍 ${d.up}${reasons}${docs}${labelNote(describeLabel(d.label))}`);
  });
  const rest = left === 0 ? '' : `\n…and ${left} more line${left === 1 ? '' : 's'}.`;
  const csv =
    csvOmitted === 0
      ? 'The attached CSV lists everything.'
      : `The attached CSV leaves out ${csvOmitted} rows to stay under Discord's upload limit; \`npm run report -- --days ${report.days} --json\` has them all.`;
  return `${lines.join('\n')}${rest}\n${csv} Choose a question below to mark the passage that answers it.`;
}
