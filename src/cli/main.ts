#!/usr/bin/env node
/** The developer CLI: `npm run index | ask | eval | sources -- [options]`. Every command has --help. */
import { Command, InvalidArgumentError } from 'commander';
import { AccordError, describeError } from '../errors.js';
import { createCliContext, type CliContext } from './context.js';
import type { MetaOptions } from './corpus-command.js';

async function run(action: (ctx: CliContext) => Promise<number>): Promise<void> {
  try {
    process.exitCode = await action(createCliContext());
  } catch (e: unknown) {
    console.error(e instanceof AccordError ? `Error: ${e.describe()}` : `Unexpected error: ${describeError(e)}`);
    if (!(e instanceof AccordError) && e instanceof Error && e.stack) console.error(e.stack);
    process.exitCode = 1;
  }
}

// Each command's module is imported when that command runs: a command then loads only what it needs (the
// question log's SQLite, eval's and calibrate's fitting, cli-progress), which shortens every start.
const program = new Command('accord').description('Accord: verbatim, cited answers from the corpus, offline.');

program
  .command('index')
  .description('build or update the index from the corpus folder (unchanged documents are not re-embedded)')
  .option('--rollback', 'make the previous index version current again')
  .option('--json', 'print the summary as one JSON object')
  .action((options: { rollback?: boolean; json?: boolean }) => run(async (ctx) => (await import('./index-command.js')).runIndexCommand(ctx, options)));

program
  .command('ask')
  .description('answer a question exactly as the bot would, without Discord')
  .argument('[question...]', 'the question (quote it)')
  .option('--json', 'one JSON object per question: {id, question, answered, mode, quotes, passages}')
  .option('--file <questions.jsonl>', 'answer every {id, question} line of a JSONL file, in order')
  .action((words: string[], options: { json?: boolean; file?: string }) => run(async (ctx) => (await import('./ask-command.js')).runAskCommand(ctx, words, options)));

program
  .command('eval')
  .description('score retrieval, quotes and answerability on question sets and BEIR datasets, in lexical and hybrid mode')
  .argument('[sets...]', 'questions.jsonl (corpus: a corpus/ folder beside it, else CORPUS_DIR), questions.jsonl=corpus-folder, or a BEIR folder; none: every set in ../shared and the held-out calibration/validation/accord-questions.jsonl')
  .option('--mode <mode>', 'lexical, hybrid or both', 'both')
  .option('--limit <n>', 'only the first n questions of each set (a quick check)')
  .option('--json', 'print the results as one JSON object')
  .action((sets: string[], options: { json?: boolean; mode?: string; limit?: string }) => run(async (ctx) => (await import('./eval-command.js')).runEvalCommand(ctx, sets, options)));

program
  .command('calibrate')
  .description('fit fusion, quote choice and answerability for the configured model (or lexical mode) on training questions')
  .argument('[sets...]', 'training questions.jsonl[=corpus-folder]; none: ../shared/bench-corpus/squad2/train.jsonl and tests/fixtures/questions.typed.jsonl (on corpus/), plus calibration/training/ for quotes only')
  .option('--lexical', 'calibrate lexical mode (writes CALIBRATION_DIR/lexical.json)')
  .option('--quotes-only <sets...>', 'training files for quote choice and fusion only, not answerability (near misses written to share the answer’s words)')
  .action((sets: string[], options: { lexical?: boolean; quotesOnly?: string[] }) => run(async (ctx) => (await import('./calibrate-command.js')).runCalibrateCommand(ctx, sets, options)));

program
  .command('sources')
  .description('list the indexed documents with title, source, date and passage count')
  .option('--json', 'print one JSON object per document')
  .action((options: { json?: boolean }) => run(async (ctx) => (await import('./sources-command.js')).runSourcesCommand(ctx, options)));

// Question log and feedback (issue 11).
const days = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 36_500) throw new InvalidArgumentError('must be a whole number of days from 1 to 36500');
  return n;
};

program
  .command('report')
  .description('the most frequent unanswered questions and the most down-voted answers, from the question log')
  .option('--days <n>', 'how many days back', days, 30)
  .option('--json', 'print the report as one JSON object')
  .action((options: { days: number; json?: boolean }) => run(async (ctx) => (await import('./report-command.js')).runReportCommand(ctx, options)));

const feedback = program.command('feedback').description('turn feedback from the question log into an evaluation set');
feedback
  .command('export')
  .description('write the labelled questions as {id, kind, question, evidence} lines, the format npm run eval reads')
  .option('--out <file>', 'write to this file (replaced whole) instead of stdout')
  .action((options: { out?: string }) => run(async (ctx) => (await import('./feedback-command.js')).runFeedbackExport(ctx, options)));
feedback
  .command('label')
  .description('label unlabelled down-voted, flagged and unanswered questions at an interactive prompt')
  .option('--days <n>', 'how many days back', days, 30)
  .action((options: { days: number }) => run(async (ctx) => (await import('./label-command.js')).runFeedbackLabel(ctx, options)));
const corpus = program.command('corpus').description('manage the documents in the corpus folder (as /corpus does in Discord), then reindex');
corpus
  .command('add')
  .description('add a .txt, .md, .pdf, .html or .docx file, or fetch an http(s) link, then reindex')
  .argument('<file-or-url>', 'a file path, or a link starting with https:// or http://')
  .option('--title <title>', 'title shown in citations')
  .option('--source <source>', 'who published it')
  .option('--date <date>', 'its date, e.g. 2024-05-31')
  .option('--url <url>', 'for a file: where the original can be read')
  .action((target: string, options: MetaOptions) => run(async (ctx) => (await import('./corpus-command.js')).runCorpusAdd(ctx, target, options)));
corpus
  .command('remove')
  .description('remove a document from the corpus folder, then reindex')
  .argument('<document>', 'the document id, as corpus list shows it')
  .action((docId: string) => run(async (ctx) => (await import('./corpus-command.js')).runCorpusRemove(ctx, docId)));
corpus
  .command('list')
  .description('list the documents in the corpus folder')
  .option('--json', 'one JSON object per document')
  .action((options: { json?: boolean }) => run(async (ctx) => (await import('./corpus-command.js')).runCorpusList(ctx, options)));
corpus
  .command('refresh')
  .description('fetch the documents added from links again; reindex when one changed')
  .action(() => run(async (ctx) => (await import('./corpus-command.js')).runCorpusRefresh(ctx)));

await program.parseAsync();
