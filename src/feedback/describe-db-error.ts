import { AccordError } from '../errors.js';

/** The SQLite (or file system) error code of a thrown value: `SQLITE_BUSY`, `SQLITE_FULL`, `ENOSPC`…; undefined otherwise. */
export function dbErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Failures that go away by themselves or once the operator acts (busy, locked, full): worth retrying later. */
export function isTransient(error: unknown): boolean {
  const code = dbErrorCode(error) ?? '';
  return /^SQLITE_(BUSY|LOCKED|FULL|IOERR)/.test(code) || code === 'ENOSPC';
}

/**
 * What went wrong with the question log's database, and what to do, for a log line, a CLI error or a Discord
 * reply. The database file itself is never deleted or rewritten by Accord: a damaged one is left for the operator.
 */
export function describeDbError(error: unknown, file: string): AccordError {
  const code = dbErrorCode(error) ?? '';
  const detail = error instanceof Error ? error.message : String(error);
  const make = (message: string, hint: string) => new AccordError(message, { hint, cause: error });
  if (/^SQLITE_(BUSY|LOCKED)/.test(code)) {
    return make(`The question log ${file} is locked by another program (${code}).`, 'Try again in a moment; if it stays locked, close whatever holds it (a database browser, a stuck npm run feedback).');
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return make(`The disk holding the question log ${file} is full (${code}).`, 'Free some space on that disk, or lower QUESTION_LOG_RETENTION_DAYS; what was written before is kept.');
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    return make(`The question log ${file} is damaged or not an SQLite database (${code}: ${detail}).`, 'Move the file aside (or restore a backup) and start again; Accord never deletes it, so nothing in it is lost.');
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EACCES' || code === 'EROFS' || code === 'SQLITE_CANTOPEN') {
    return make(`The question log ${file} cannot be opened for writing (${code}: ${detail}).`, 'Check that DATA_DIR exists on a writable disk and that Accord may write there.');
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return make(`Reading or writing the question log ${file} failed (${code}: ${detail}).`, 'Check the disk (is it full or failing?), then try again.');
  }
  return make(`The question log ${file} failed: ${detail}.`, 'Check the file and the disk, then try again.');
}
