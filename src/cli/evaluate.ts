import { auroc, expectedCalibrationError } from '../eval/metrics.js';
import type { AnswerJson } from './answer-json.js';
import type { QuestionLine } from './question-file.js';

/** Evidence matching as the question set defines it: case-insensitive, whitespace collapsed, curly quotes straight. */
export function normalizeForMatch(text: string): string {
  return text.replace(/[‘’‛′]/g, "'").replace(/[“”„″]/g, '"').replace(/\s+/g, ' ').trim().toLowerCase();
}

export function containsEvidence(text: string, evidence: readonly string[]): boolean {
  const haystack = normalizeForMatch(text);
  return evidence.some((e) => haystack.includes(normalizeForMatch(e)));
}

export interface EvalCase {
  readonly question: QuestionLine;
  readonly answer: AnswerJson;
  /** Whether each quote equals the file text at its offsets. */
  readonly verbatim: readonly boolean[];
}

export interface EvalReport {
  readonly questions: number;
  readonly answerable: number;
  readonly unanswerable: number;
  readonly hitAt1: number;
  readonly hitAt3: number;
  readonly mrrAt5: number;
  /** Answerable questions whose first quote contains an evidence string. */
  readonly firstQuoteAccuracy: number;
  /** Answerable questions that were answered. */
  readonly answeredRate: number;
  /** `none` questions that were correctly not answered. */
  readonly abstentionAccuracy: number;
  readonly quoteVerbatimRate: number;
  /** How well `confidence` separates answerable from unanswerable questions (undefined without both kinds). */
  readonly auroc: number | undefined;
  /** Expected calibration error of `confidence` as the probability that the question is answerable. */
  readonly calibrationError: number | undefined;
  readonly failures: readonly { readonly id: string; readonly problem: string }[];
}

const share = (n: number, of: number) => (of === 0 ? 1 : n / of);

/** Scores answers against the question set's evidence. Pure. */
export function evaluate(cases: readonly EvalCase[]): EvalReport {
  const answerable = cases.filter((c) => c.question.kind !== 'none');
  const none = cases.filter((c) => c.question.kind === 'none');
  const failures: { id: string; problem: string }[] = [];
  let hit1 = 0, hit3 = 0, rr = 0, first = 0, answered = 0;
  for (const c of answerable) {
    const evidence = c.question.evidence ?? [];
    const rank = c.answer.passages.slice(0, 5).findIndex((p) => containsEvidence(p.text, evidence));
    if (rank === 0) hit1++;
    if (rank >= 0 && rank < 3) hit3++;
    if (rank >= 0) rr += 1 / (rank + 1);
    if (c.answer.answered) answered++;
    const firstQuote = c.answer.quotes[0];
    if (firstQuote && containsEvidence(firstQuote.text, evidence)) first++;
    else failures.push({ id: c.question.id, problem: c.answer.answered ? 'first quote lacks the evidence' : 'not answered' });
    if (rank < 0 || rank >= 3) failures.push({ id: c.question.id, problem: rank < 0 ? 'evidence not in top 5 passages' : `evidence first at rank ${rank + 1}` });
  }
  const abstained = none.filter((c) => !c.answer.answered).length;
  for (const c of none) if (c.answer.answered) failures.push({ id: c.question.id, problem: 'answered a question the corpus does not answer' });
  const verdicts = cases.flatMap((c) => c.verbatim);
  return {
    questions: cases.length,
    answerable: answerable.length,
    unanswerable: none.length,
    hitAt1: share(hit1, answerable.length),
    hitAt3: share(hit3, answerable.length),
    mrrAt5: share(rr, answerable.length),
    firstQuoteAccuracy: share(first, answerable.length),
    answeredRate: share(answered, answerable.length),
    abstentionAccuracy: share(abstained, none.length),
    quoteVerbatimRate: share(verdicts.filter(Boolean).length, verdicts.length),
    auroc: auroc(
      cases.map((c) => c.answer.confidence),
      cases.map((c) => c.question.kind !== 'none'),
    ),
    calibrationError: expectedCalibrationError(
      cases.map((c) => c.answer.confidence),
      cases.map((c) => c.question.kind !== 'none'),
    ),
    failures,
  };
}

/** The report over all questions and over each kind (single, multi, none) that the set has. */
export function evaluateByKind(cases: readonly EvalCase[]): { readonly all: EvalReport; readonly byKind: Readonly<Record<string, EvalReport>> } {
  const kinds = [...new Set(cases.map((c) => c.question.kind ?? 'single'))];
  const byKind = Object.fromEntries(kinds.map((kind) => [kind, evaluate(cases.filter((c) => (c.question.kind ?? 'single') === kind))]));
  return { all: evaluate(cases), byKind };
}
