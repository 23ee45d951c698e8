import { buildReport, describeLabel, type FeedbackReport } from '../feedback/build-report.js';
import type { CliContext } from './context.js';
import { useLogStore } from './open-log-store.js';

const DAY_MS = 86_400_000;

/** The report for a terminal: totals, then both lists in full. */
export function formatReportText(report: FeedbackReport): string {
  const t = report.totals;
  const label = (text: string) => (text === '' ? '' : `  [labelled: ${text}]`);
  const lines = [
    `Question log, last ${report.days} days (since ${new Date(report.sinceMs).toISOString().slice(0, 10)}): ${t.questions} questions, ${t.answered} answered, ` +
      `${t.up} 👍, ${t.down} 👎, ${t.flagged} "should be answerable", ${t.labelled} labelled`,
    '',
    'Most frequent unanswered questions:',
    ...(report.unanswered.length === 0 ? ['  none'] : report.unanswered.map((u, i) =>
      `  ${i + 1}. ${u.question}  (asked ${u.asked}×, not answered ${u.notAnswered}×, "should be answerable" ×${u.flagged})${label(describeLabel(u.label))}`)),
    '',
    'Most down-voted answers:',
    ...(report.downVoted.length === 0 ? ['  none'] : report.downVoted.map((d, i) =>
      `  ${i + 1}. ${d.question}  (👎 ${d.down}, 👍 ${d.up}${d.reasons.length === 0 ? '' : `; ${d.reasons.join(', ')}`})${label(describeLabel(d.label))}\n     quoted: ${d.documents.join(', ') || '(nothing)'}`)),
  ];
  return lines.join('\n');
}

/** `report [--days N] [--json]`: what the corpus lacks, from the question log. */
export async function runReportCommand(ctx: CliContext, options: { days: number; json?: boolean }): Promise<number> {
  const sinceMs = Date.now() - options.days * DAY_MS;
  const report = await useLogStore(ctx.config, 'read', (store) => buildReport(store.reportRows(sinceMs), options.days, sinceMs));
  console.log(options.json === true ? JSON.stringify(report) : formatReportText(report));
  return 0;
}
