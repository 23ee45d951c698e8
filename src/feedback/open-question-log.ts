import { mkdirSync } from 'node:fs';
import type { Config } from '../config.js';
import { AccordError } from '../errors.js';
import { describeDbError } from './describe-db-error.js';
import { QuestionLog, type QuestionLogLogger } from './question-log.js';
import { QuestionStore } from './question-store.js';

/**
 * The question log the settings ask for: disabled when QUESTION_LOG is off (nothing is created, not even DATA_DIR);
 * otherwise DATA_DIR/questions.sqlite, created when missing. A database that cannot be opened (damaged, locked,
 * unwritable, disk full) is left untouched: a warning is logged and the bot runs without the log.
 */
export function openQuestionLog(config: Config, logger: QuestionLogLogger, now: () => number = Date.now): QuestionLog {
  const { enabled, dataDir, file, retentionDays, storeUserIds } = config.questionLog;
  const settings = { retentionDays, storeUserIds, logger, now };
  if (!enabled) return QuestionLog.disabled(settings);
  try {
    mkdirSync(dataDir, { recursive: true });
    return QuestionLog.over(QuestionStore.open(file, { busyTimeoutMs: 0, openTimeoutMs: 2_000 }), settings);
  } catch (error: unknown) {
    const described = error instanceof AccordError ? error : describeDbError(error, file);
    logger.warn({ err: described }, 'question log: could not open the database; answering goes on without the log and without feedback buttons');
    return QuestionLog.disabled(settings, described.describe());
  }
}
