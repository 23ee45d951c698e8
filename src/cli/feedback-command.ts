import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AccordError } from '../errors.js';
import { exportLabels } from '../feedback/export-labels.js';
import type { CliContext } from './context.js';
import { useLogStore } from './open-log-store.js';

/** Writes `text` to `file` through a temporary file and a rename: an existing file is replaced whole or not at all. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, text, { flag: 'wx' });
    await rename(tmp, file);
  } catch (error: unknown) {
    await rm(tmp, { force: true });
    const code = (error as { code?: unknown }).code;
    throw new AccordError(`Could not write ${file} (${typeof code === 'string' ? code : String(error)}).`, {
      hint: code === 'ENOSPC' ? 'The disk is full: free some space and run the export again. The previous file, if any, is unchanged.' : 'Check the path and that the folder is writable.',
      cause: error,
    });
  }
}

/** `feedback export [--out file]`: the labelled questions as `{id, kind, question, evidence}` lines for `npm run eval`. */
export async function runFeedbackExport(ctx: CliContext, options: { out?: string }): Promise<number> {
  const exported = await useLogStore(ctx.config, 'read', (store) => exportLabels(store.labelled()));
  for (const problem of exported.skipped) console.error(`skipped ${problem}`);
  if (exported.lines.length === 0) {
    console.error('No labelled questions yet: label some with `npm run feedback -- label`, or with "Mark the right passage" in Discord.');
    return 1;
  }
  const text = exported.lines.map((line) => JSON.stringify(line)).join('\n') + '\n';
  if (options.out === undefined) process.stdout.write(text);
  else await writeAtomically(path.resolve(options.out), text);
  const none = exported.lines.filter((l) => l.kind === 'none').length;
  console.error(`exported ${exported.lines.length} labelled question(s): ${exported.lines.length - none} answerable, ${none} not${options.out === undefined ? '' : `, to ${options.out}`}`);
  return 0;
}
