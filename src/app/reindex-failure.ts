import type { ReindexOutcome } from '../bot/ports.js';
import type { AccordError } from '../errors.js';
import type { IndexStatus } from '../retrieval/answer-service.js';

/** The outcome of a reindex that failed for a reason a moderator may read: what failed, and what is still served. */
export function failedReindexOutcome(status: IndexStatus, error: AccordError): ReindexOutcome {
  return {
    status: 'done',
    summary: { version: status.version, added: [], changed: [], removed: [], unchanged: status.documents, skipped: [], passages: status.passages, durationMs: 0, mode: status.mode, notice: `${error.describe()}\nThe current index (${status.version}) is still being served.` },
  };
}
