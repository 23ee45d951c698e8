import { randomBytes } from 'node:crypto';
import type { QuotedSpan } from './format-more-sources.js';

/** What a "More sources" press needs from the answer it sits under. */
export interface AnswerRecord {
  readonly question: string;
  readonly quoted: readonly QuotedSpan[];
}

/**
 * The last `capacity` answers, keyed by a short random id that goes in the button's customId (Discord allows
 * 100 characters there, too few for the question). Least recently used records are evicted first; a press on an
 * evicted record (or after a restart) finds nothing and the user is told to ask again.
 */
export class RecentAnswers {
  readonly #records = new Map<string, AnswerRecord>();

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }

  /** Stores a record and returns its id (12 URL-safe characters). */
  remember(record: AnswerRecord): string {
    const id = randomBytes(9).toString('base64url');
    this.#records.set(id, record);
    if (this.#records.size > this.capacity) {
      const oldest = this.#records.keys().next();
      if (oldest.done !== true) this.#records.delete(oldest.value);
    }
    return id;
  }

  /** The record, marked as recently used, or undefined when it expired. */
  recall(id: string): AnswerRecord | undefined {
    const record = this.#records.get(id);
    if (record === undefined) return undefined;
    this.#records.delete(id);
    this.#records.set(id, record);
    return record;
  }

  get size(): number {
    return this.#records.size;
  }
}
