import { expectedAnswerType, loadAnswerTypes } from '../retrieval/answer-types.js';
import { tagWordsInThread } from '../retrieval/tag-words.js';
import type { CliContext } from './context.js';
import { toAnswerJson } from './answer-json.js';
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
  if (!options.file) startTaggers(questions[0]?.question ?? '');
  const { answers } = await ctx.services();
  const style = process.stdout.isTTY && ctx.config.colors ? ansiStyle : plainStyle;
  for (const q of questions) {
    const answer = await answers.answer(q.question);
    if (options.json) console.log(JSON.stringify(toAnswerJson(q.id ?? null, answer)));
    else console.log(`${questions.length > 1 ? `${q.id}: ${q.question}\n` : ''}${renderAnswer(answer, style)}\n`);
  }
  return 0;
}

/**
 * One question that asks for a kind of answer ("how many", "when", "who"): wink-nlp will type candidate sentences,
 * and if a word of the question is not the corpus's, compromise will tag it. compromise then loads in a worker
 * thread while this one loads wink-nlp (tag-words.ts, tagger-thread.ts). A question that needs only one of them
 * loads it here, as before: a thread would only add its own start.
 */
function startTaggers(question: string): void {
  if (expectedAnswerType(question) !== undefined) tagWordsInThread(loadAnswerTypes);
}
