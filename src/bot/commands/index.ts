import type { Command } from '../command.js';
import { ask } from './ask.js';
import { corpus } from './corpus.js';
import { reindex } from './reindex.js';
import { report } from './report.js';
import { sources } from './sources.js';
import { status } from './status.js';

/** Every slash command, as registered by `npm run register` and dispatched by the bot. */
export const commands: readonly Command[] = [ask, sources, status, reindex, corpus, report];
