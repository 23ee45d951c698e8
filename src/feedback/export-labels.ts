import { questionKey } from './normalize-question.js';
import type { Label, LoggedPassage } from './types.js';

/** A line of the shared question-file format, as `npm run eval` reads it. */
export interface EvalLine {
  readonly id: string;
  readonly kind: 'single' | 'none';
  readonly question: string;
  readonly evidence: readonly string[];
}

export interface LabelledAnswer {
  readonly answerId: string;
  readonly question: string;
  readonly label: Label;
  readonly passage: LoggedPassage | null;
}

/**
 * The labelled questions as evaluation lines, one per distinct question (the latest label wins; `labelled` comes
 * oldest label first). A passage label's evidence is that passage's sentences: `eval` counts a passage or a quote
 * as right when it contains one of them. "Not answerable" becomes `kind: none` with no evidence. Pure.
 */
export function exportLabels(labelled: readonly LabelledAnswer[]): { lines: EvalLine[]; skipped: string[] } {
  const byQuestion = new Map<string, EvalLine>();
  const skipped: string[] = [];
  for (const item of labelled) {
    const key = questionKey(item.question);
    if (item.label.kind === 'none') {
      byQuestion.set(key, { id: `fb-${item.answerId}`, kind: 'none', question: item.question, evidence: [] });
    } else if (item.passage === null || item.passage.sentences.length === 0) {
      skipped.push(`${item.answerId}: the labelled passage ${item.label.rank} is not in the log`);
    } else {
      byQuestion.set(key, { id: `fb-${item.answerId}`, kind: 'single', question: item.question, evidence: item.passage.sentences });
    }
  }
  return { lines: [...byQuestion.values()], skipped };
}
