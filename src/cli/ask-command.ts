import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CliContext } from './context.js';
import { toAnswerJson, type AnswerJson } from './answer-json.js';
import { evaluate, type EvalCase, type EvalReport } from './evaluate.js';
import { readQuestionFile } from './question-file.js';
import { ansiStyle, plainStyle, renderAnswer } from './render-answer.js';

/** `ask "question"` (rendered as the bot would), `ask --json "question"`, `ask --json --file questions.jsonl`. */
export async function runAskCommand(ctx: CliContext, words: string[], options: { json?: boolean; file?: string }): Promise<number> {
  const questions = options.file
    ? await readQuestionFile(options.file)
    : [{ id: null as string | null, question: words.join(' ') }];
  if (!options.file && questions[0]?.question.trim() === '') {
    console.error('Give a question, e.g.: npm run ask -- "How many Piorun systems is Belgium buying?"');
    return 2;
  }
  const { answers } = await ctx.services();
  const style = process.stdout.isTTY && ctx.config.colors ? ansiStyle : plainStyle;
  for (const q of questions) {
    const answer = await answers.answer(q.question);
    if (options.json) console.log(JSON.stringify(toAnswerJson(q.id ?? null, answer)));
    else console.log(`${questions.length > 1 ? `${q.id}: ${q.question}\n` : ''}${renderAnswer(answer, style)}\n`);
  }
  return 0;
}

/** Checks each quote against the file on disk, as a reader would. */
async function verbatimVerdicts(answer: AnswerJson, root: string, cache: Map<string, string>): Promise<boolean[]> {
  return Promise.all(
    answer.quotes.map(async (q) => {
      const file = path.resolve(root, q.path);
      if (!cache.has(file)) cache.set(file, await readFile(file, 'utf8').catch(() => ''));
      return cache.get(file)?.slice(q.start, q.end) === q.text;
    }),
  );
}

export function formatReport(report: EvalReport, mode: string): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const rows: [string, string][] = [
    ['questions', `${report.questions} (${report.answerable} answerable, ${report.unanswerable} not)`],
    ['mode', mode],
    ['hit@1', pct(report.hitAt1)],
    ['hit@3', pct(report.hitAt3)],
    ['MRR@5', report.mrrAt5.toFixed(3)],
    ['first-quote accuracy', pct(report.firstQuoteAccuracy)],
    ['answered (answerable)', pct(report.answeredRate)],
    ['abstention accuracy', pct(report.abstentionAccuracy)],
    ['quote verbatim rate', pct(report.quoteVerbatimRate)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`);
  if (report.failures.length) lines.push('', 'misses:', ...report.failures.map((f) => `  ${f.id}: ${f.problem}`));
  return lines.join('\n');
}

/** `eval questions.jsonl`: retrieval and answer quality over a question set with evidence strings. */
export async function runEvalCommand(ctx: CliContext, file: string, options: { json?: boolean }): Promise<number> {
  const questions = await readQuestionFile(file);
  const { answers } = await ctx.services();
  const cache = new Map<string, string>();
  const cases: EvalCase[] = [];
  let mode = '';
  for (const question of questions) {
    const answer = toAnswerJson(question.id, await answers.answer(question.question));
    mode = answer.mode;
    cases.push({ question, answer, verbatim: await verbatimVerdicts(answer, ctx.config.projectRoot, cache) });
  }
  const report = evaluate(cases);
  console.log(options.json ? JSON.stringify({ mode, ...report }) : formatReport(report, mode));
  return 0;
}
