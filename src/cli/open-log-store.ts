import type { Config } from '../config.js';
import { AccordError } from '../errors.js';
import { describeDbError } from '../feedback/describe-db-error.js';
import { QuestionStore } from '../feedback/question-store.js';

/**
 * Runs `use` on the question log and closes it. Reading (report, export) opens it read-only and never creates it;
 * labelling opens it for writing, waiting up to 5 s for the bot's lock; only the bot creates it. Works whether or not QUESTION_LOG is on
 * now. Database failures become AccordErrors that name the file and the fix.
 */
export async function useLogStore<T>(config: Config, mode: 'read' | 'write', use: (store: QuestionStore) => Promise<T> | T): Promise<T> {
  const store = QuestionStore.open(config.questionLog.file, { readonly: mode === 'read', mustExist: true, busyTimeoutMs: 5_000 });
  try {
    return await use(store);
  } catch (error: unknown) {
    throw error instanceof AccordError ? error : describeDbError(error, store.file);
  } finally {
    store.close();
  }
}
