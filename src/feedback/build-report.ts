import type { Label, ReportRow } from './types.js';

/** A question (grouped by its normalised text) that the corpus did not answer, or that someone said should be answerable. */
export interface UnansweredItem {
  readonly question: string;
  readonly asked: number;
  readonly notAnswered: number;
  /** "This should be answerable" presses. */
  readonly flagged: number;
  readonly lastAskedMs: number;
  /** The latest logged answer to it, for labelling. */
  readonly answerId: string;
  readonly label: Label | null;
}

/** A question whose answers got 👎, with the documents they quoted. */
export interface DownVotedItem {
  readonly question: string;
  readonly down: number;
  readonly up: number;
  /** Each reason with its count, most frequent first: `wrong-passage ×2`. */
  readonly reasons: readonly string[];
  readonly documents: readonly string[];
  readonly lastAskedMs: number;
  /** The latest down-voted answer, for labelling. */
  readonly answerId: string;
  readonly label: Label | null;
}

export interface FeedbackReport {
  readonly days: number;
  readonly sinceMs: number;
  readonly totals: { readonly questions: number; readonly answered: number; readonly up: number; readonly down: number; readonly flagged: number; readonly labelled: number };
  /** Most frequent first. */
  readonly unanswered: readonly UnansweredItem[];
  /** Most down-voted first. */
  readonly downVoted: readonly DownVotedItem[];
}

function counted(values: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([v, n]) => (n === 1 ? v : `${v} ×${n}`));
}

/**
 * Groups the logged answers of the window by question and ranks the gaps: the most frequent unanswered (or
 * flagged) questions, and the most down-voted ones with the documents they quoted. `rows` come newest first. Pure.
 */
export function buildReport(rows: readonly ReportRow[], days: number, sinceMs: number): FeedbackReport {
  const groups = new Map<string, ReportRow[]>();
  for (const row of rows) groups.set(row.questionKey, [...(groups.get(row.questionKey) ?? []), row]);
  const unanswered: UnansweredItem[] = [];
  const downVoted: DownVotedItem[] = [];
  for (const group of groups.values()) {
    const latest = group[0] as ReportRow;
    const label = group.find((r) => r.label !== null)?.label ?? null;
    const sum = (f: (r: ReportRow) => number) => group.reduce((n, r) => n + f(r), 0);
    const notAnswered = sum((r) => (r.answered ? 0 : 1));
    const flagged = sum((r) => r.missing);
    if (notAnswered > 0 || flagged > 0) {
      unanswered.push({ question: latest.question, asked: group.length, notAnswered, flagged, lastAskedMs: latest.askedAtMs, answerId: latest.answerId, label });
    }
    const down = sum((r) => r.down);
    if (down > 0) {
      const voted = group.find((r) => r.down > 0) as ReportRow;
      downVoted.push({
        question: latest.question, down, up: sum((r) => r.up), reasons: counted(group.flatMap((r) => r.reasons)),
        documents: [...new Set(group.flatMap((r) => r.quotedDocIds))], lastAskedMs: latest.askedAtMs, answerId: voted.answerId, label,
      });
    }
  }
  unanswered.sort((a, b) => b.notAnswered + b.flagged - (a.notAnswered + a.flagged) || b.lastAskedMs - a.lastAskedMs);
  downVoted.sort((a, b) => b.down - a.down || a.up - b.up || b.lastAskedMs - a.lastAskedMs);
  const total = (f: (r: ReportRow) => number) => rows.reduce((n, r) => n + f(r), 0);
  return {
    days, sinceMs,
    totals: {
      questions: rows.length, answered: total((r) => (r.answered ? 1 : 0)), up: total((r) => r.up), down: total((r) => r.down),
      flagged: total((r) => r.missing), labelled: total((r) => (r.label === null ? 0 : 1)),
    },
    unanswered, downVoted,
  };
}

/** `passage 2`, `not answerable`, or `` when unlabelled. */
export function describeLabel(label: Label | null): string {
  return label === null ? '' : label.kind === 'none' ? 'not answerable' : `passage ${label.rank}`;
}
