/**
 * The entry point of the CLI's start-up snapshot (a V8 heap image, see scripts/startup-snapshot.mjs): bundled into
 * one script and run once at build time, it loads what a cold `npm run ask` would otherwise load on every start
 * (every CLI module, compromise's tagger, wink-nlp's model, the English term table), then the process that starts
 * from the snapshot runs the CLI with its own arguments. Nothing here reads settings, the corpus or the index: those
 * are read at run time, as without the snapshot.
 */
import { closeSync, writeSync } from 'node:fs';
import { startupSnapshot } from 'node:v8';
import nlp from 'compromise/two';
import { loadAnswerTypes } from '../retrieval/answer-types.js';
import { englishLexicon } from '../retrieval/english-frequency.js';
import { tagWords, useCompromise } from '../retrieval/tag-words.js';
import { createProgram } from './program.js';

/** Where the launcher reads "started" from: a pipe it opened as this file descriptor (see startup-snapshot.mjs). */
const READY_FD_VARIABLE = 'ACCORD_SNAPSHOT_READY_FD';

// The modules a question runs through, initialised now rather than at each start. (Each import settles before the
// snapshot is taken; none loads a package with native code at import, which a snapshot could not hold.)
void import('./ask-command.js');
void import('../app/create-services.js');

useCompromise(nlp);
// Runs the tagger once, so its code is compiled and its lazily built tables are built, in the snapshot.
tagWords('How many systems is Belgium buying from Poland?');
englishLexicon();
loadAnswerTypes();

startupSnapshot.setDeserializeMainFunction(() => {
  signalStarted();
  // A process started from a snapshot has no script in its arguments: argv[1] is the first CLI argument.
  process.argv = [process.argv[0] ?? process.execPath, 'accord', ...process.argv.slice(1)];
  void createProgram().parseAsync();
});

/** Tells the launcher that the snapshot loaded (so a failure after this point is the command's, not the snapshot's). */
function signalStarted(): void {
  const fd = Number(process.env[READY_FD_VARIABLE]);
  delete process.env[READY_FD_VARIABLE];
  if (!Number.isInteger(fd) || fd < 3) return;
  try {
    writeSync(fd, 'started');
    closeSync(fd);
  } catch {
    // The launcher is gone or the descriptor is not its pipe: it falls back on the exit code alone.
  }
}
