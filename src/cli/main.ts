#!/usr/bin/env node
/** The developer CLI: `npm run index | ask | eval | sources -- [options]`. Every command has --help. */
import { Command } from 'commander';
import { AccordError, describeError } from '../errors.js';
import { runAskCommand, runEvalCommand } from './ask-command.js';
import { createCliContext, type CliContext } from './context.js';
import { runIndexCommand } from './index-command.js';
import { runCorpusAdd, runCorpusList, runCorpusRefresh, runCorpusRemove, type MetaOptions } from './corpus-command.js';
import { runSourcesCommand } from './sources-command.js';

async function run(action: (ctx: CliContext) => Promise<number>): Promise<void> {
  try {
    process.exitCode = await action(createCliContext());
  } catch (e: unknown) {
    console.error(e instanceof AccordError ? `Error: ${e.describe()}` : `Unexpected error: ${describeError(e)}`);
    if (!(e instanceof AccordError) && e instanceof Error && e.stack) console.error(e.stack);
    process.exitCode = 1;
  }
}

const program = new Command('accord').description('Accord: verbatim, cited answers from the corpus, offline.');

program
  .command('index')
  .description('build or update the index from the corpus folder (unchanged documents are not re-embedded)')
  .option('--rollback', 'make the previous index version current again')
  .option('--json', 'print the summary as one JSON object')
  .action((options: { rollback?: boolean; json?: boolean }) => run((ctx) => runIndexCommand(ctx, options)));

program
  .command('ask')
  .description('answer a question exactly as the bot would, without Discord')
  .argument('[question...]', 'the question (quote it)')
  .option('--json', 'one JSON object per question: {id, question, answered, mode, quotes, passages}')
  .option('--file <questions.jsonl>', 'answer every {id, question} line of a JSONL file, in order')
  .action((words: string[], options: { json?: boolean; file?: string }) => run((ctx) => runAskCommand(ctx, words, options)));

program
  .command('eval')
  .description('score retrieval and answers on a question set with evidence strings')
  .argument('<questions.jsonl>', 'lines of {id, kind, question, evidence}')
  .option('--json', 'print the report as one JSON object')
  .action((file: string, options: { json?: boolean }) => run((ctx) => runEvalCommand(ctx, file, options)));

program
  .command('sources')
  .description('list the indexed documents with title, source, date and passage count')
  .option('--json', 'print one JSON object per document')
  .action((options: { json?: boolean }) => run((ctx) => runSourcesCommand(ctx, options)));

const corpus = program.command('corpus').description('manage the documents in the corpus folder (as /corpus does in Discord), then reindex');
corpus
  .command('add')
  .description('add a .txt, .md, .pdf, .html or .docx file, or fetch an http(s) link, then reindex')
  .argument('<file-or-url>', 'a file path, or a link starting with https:// or http://')
  .option('--title <title>', 'title shown in citations')
  .option('--source <source>', 'who published it')
  .option('--date <date>', 'its date, e.g. 2024-05-31')
  .option('--url <url>', 'for a file: where the original can be read')
  .action((target: string, options: MetaOptions) => run((ctx) => runCorpusAdd(ctx, target, options)));
corpus
  .command('remove')
  .description('remove a document from the corpus folder, then reindex')
  .argument('<document>', 'the document id, as corpus list shows it')
  .action((docId: string) => run((ctx) => runCorpusRemove(ctx, docId)));
corpus
  .command('list')
  .description('list the documents in the corpus folder')
  .option('--json', 'one JSON object per document')
  .action((options: { json?: boolean }) => run((ctx) => runCorpusList(ctx, options)));
corpus
  .command('refresh')
  .description('fetch the documents added from links again; reindex when one changed')
  .action(() => run((ctx) => runCorpusRefresh(ctx)));

await program.parseAsync();
