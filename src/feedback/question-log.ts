import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AccordError } from '../errors.js';
import { buildReport, type FeedbackReport } from './build-report.js';
import { dbErrorCode, describeDbError, isTransient } from './describe-db-error.js';
import type { QuestionStore } from './question-store.js';
import type { DownReason, Label, LabelCandidates, QuestionEntry, ReportRow, VoteOutcome, VoteValue } from './types.js';

export interface QuestionLogLogger {
  warn(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
}

export interface QuestionLogSettings {
  readonly retentionDays: number;
  readonly storeUserIds: boolean;
  readonly logger: QuestionLogLogger;
  readonly now: () => number;
}

const DAY_MS = 86_400_000;
/** Entries waiting for a locked or full database are kept in memory up to this many; older ones are dropped with a warning. */
const MAX_PENDING = 1_000;
/** A vote or label waits this long in all for another process's lock, without blocking the event loop. */
const LOCK_RETRIES = 10;
const LOCK_RETRY_MS = 50;
/** How often old rows are swept out. */
const PRUNE_EVERY_MS = 6 * 3_600_000;
/** The same failure is warned about at most once per this interval. */
const WARN_EVERY_MS = 60_000;

/**
 * The question log as the bot uses it. Recording never throws and never waits on disk in the answer path: entries
 * are queued and written together on the next turn of the event loop. A locked or full database keeps them queued
 * (up to MAX_PENDING) and logs a warning; they are written once it recovers. Votes and labels wait for the queue,
 * so a vote always finds its answer. `enabled` is false when QUESTION_LOG is off or the database cannot be opened:
 * then nothing is written anywhere and no feedback buttons are shown.
 */
export class QuestionLog {
  #pending: QuestionEntry[] = [];
  #scheduled = false;
  #lastWarnMs = new Map<string, number>();
  #pruneTimer: NodeJS.Timeout | undefined;
  /** Why the queue could not be written last time; cleared by the next successful write. */
  #writeError: AccordError | undefined;

  private constructor(
    private readonly store: QuestionStore | null,
    private readonly settings: QuestionLogSettings,
    /** Why the log is off although QUESTION_LOG is on (the database could not be opened); shown by /report. */
    readonly problem: string | undefined,
  ) {}

  /** A log that records nothing: QUESTION_LOG=off. */
  static disabled(settings: QuestionLogSettings, problem?: string): QuestionLog {
    return new QuestionLog(null, settings, problem);
  }

  /** A log on an open store; sweeps old rows now and every six hours. */
  static over(store: QuestionStore, settings: QuestionLogSettings): QuestionLog {
    const log = new QuestionLog(store, settings, undefined);
    log.prune();
    log.#pruneTimer = setInterval(() => log.prune(), PRUNE_EVERY_MS).unref();
    return log;
  }

  /** QUESTION_LOG_RETENTION_DAYS, for messages about expired answers. */
  get retentionDays(): number {
    return this.settings.retentionDays;
  }

  /** QUESTION_LOG_USER_IDS: whether askers' and voters' ids may be stored. */
  get storesUserIds(): boolean {
    return this.settings.storeUserIds;
  }

  get enabled(): boolean {
    return this.store !== null;
  }

  get file(): string | undefined {
    return this.store?.file;
  }

  /** Entries not yet on disk (waiting for the next write, or for a locked or full database). */
  get pendingCount(): number {
    return this.#pending.length;
  }

  /**
   * A fresh answer id: 32 hex characters (122 random bits), short enough for a button's customId. randomUUID draws
   * from a cached entropy pool: about 4 µs here against 7–12 µs for randomBytes, and this runs in the answer path.
   */
  newAnswerId(): string {
    return randomUUID().replaceAll('-', '');
  }

  /** Queues an answer for writing. Never throws; costs the caller no disk access. */
  record(entry: QuestionEntry): void {
    if (this.store === null) return;
    this.#pending.push(entry);
    if (this.#pending.length > MAX_PENDING) {
      const dropped = this.#pending.splice(0, this.#pending.length - MAX_PENDING).length;
      this.#warn('dropped', { dropped, file: this.store.file }, 'question log: the database has not accepted writes for a while; the oldest waiting questions were dropped');
    }
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.flush();
    });
  }

  /** Writes queued entries now, in one transaction. On failure they stay queued (transient) or are dropped (logged). */
  flush(): void {
    if (this.store === null || this.#pending.length === 0) return;
    const batch = this.#pending;
    try {
      this.store.insertAnswers(batch);
      this.#pending = [];
      this.#writeError = undefined;
    } catch (error: unknown) {
      const described = describeDbError(error, this.store.file);
      this.#writeError = described;
      if (isTransient(error)) {
        this.#warn(dbErrorCode(error) ?? 'write', { err: described, waiting: batch.length }, 'question log: could not write; answering goes on, and the questions are kept in memory to write later');
        this.#retryLater();
      } else {
        this.#pending = [];
        this.#warn(dbErrorCode(error) ?? 'write', { err: described, dropped: batch.length }, 'question log: could not write; answering goes on without logging these questions');
      }
    }
  }

  /**
   * Records a vote. Throws an AccordError (for the voter to read) when the database refuses, including when the
   * answer itself is still waiting to be written (a locked or full database): it is not gone, just not on disk yet.
   */
  async vote(answerId: string, userId: string, value: VoteValue): Promise<VoteOutcome> {
    const outcome = await this.#write((store) => {
      const oldest = this.settings.now() - this.settings.retentionDays * DAY_MS;
      return store.vote(answerId, store.voterKey(userId, this.settings.storeUserIds), value, this.settings.now(), oldest);
    }, { status: 'unknown-answer' } as VoteOutcome);
    if (outcome.status === 'unknown-answer' && this.#pending.some((entry) => entry.id === answerId)) {
      throw this.#writeError ?? new AccordError('That answer is not saved yet, so the vote could not be recorded.', { hint: 'Try again in a moment.' });
    }
    return outcome;
  }

  /** Adds a reason to the user's 👎; false when they have no 👎 on that answer. */
  async setReason(answerId: string, userId: string, reason: DownReason, text: string | null): Promise<boolean> {
    return this.#write((store) => store.setReason(answerId, store.voterKey(userId, this.settings.storeUserIds), reason, text), false);
  }

  async candidates(answerId: string): Promise<LabelCandidates | null> {
    return this.#write((store) => store.candidates(answerId), null);
  }

  /** Stores a moderator's label; false when the answer is not in the log. */
  async label(answerId: string, label: Label, moderatorId: string): Promise<boolean> {
    return this.#write((store) => store.label(answerId, label, this.settings.storeUserIds ? moderatorId : null, this.settings.now()), false);
  }

  /** Answers of the last `days` days, newest first. */
  async reportRows(days: number): Promise<ReportRow[]> {
    return this.#write((store) => store.reportRows(this.settings.now() - days * DAY_MS), []);
  }

  /** The report of the last `days` days, for /report. */
  async report(days: number): Promise<FeedbackReport> {
    const sinceMs = this.settings.now() - days * DAY_MS;
    return buildReport(await this.#write((store) => store.reportRows(sinceMs), []), days, sinceMs);
  }

  /** Deletes rows older than the retention (labelled answers are kept). Never throws. */
  prune(): void {
    if (this.store === null) return;
    try {
      const deleted = this.store.deleteOlderThan(this.settings.now() - this.settings.retentionDays * DAY_MS);
      if (deleted > 0) this.settings.logger.info({ deleted, retentionDays: this.settings.retentionDays }, 'question log: old questions deleted');
    } catch (error: unknown) {
      this.#warn('prune', { err: describeDbError(error, this.store.file) }, 'question log: could not delete old questions; will try again later');
    }
  }

  /** Writes what is queued, stops the sweep and closes the database. */
  close(): void {
    clearInterval(this.#pruneTimer);
    this.flush();
    if (this.#pending.length > 0) this.settings.logger.warn({ lost: this.#pending.length }, 'question log: closing with questions that could not be written');
    this.store?.close();
  }

  /** Runs `action` after the queue is written, retrying another process's lock without blocking the event loop. */
  async #write<T>(action: (store: QuestionStore) => T, whenDisabled: T): Promise<T> {
    const store = this.store;
    if (store === null) return whenDisabled;
    for (let attempt = 0; ; attempt += 1) {
      this.flush();
      try {
        return action(store);
      } catch (error: unknown) {
        if (error instanceof AccordError) throw error;
        const code = dbErrorCode(error) ?? '';
        if (/^SQLITE_(BUSY|LOCKED)/.test(code) && attempt < LOCK_RETRIES) {
          await sleep(LOCK_RETRY_MS);
          continue;
        }
        throw describeDbError(error, store.file);
      }
    }
  }

  #retryLater(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setTimeout(() => {
      this.#scheduled = false;
      this.flush();
    }, 5_000).unref();
  }

  #warn(key: string, fields: Record<string, unknown>, message: string): void {
    const now = this.settings.now();
    const last = this.#lastWarnMs.get(key);
    if (last !== undefined && now - last < WARN_EVERY_MS) return;
    this.#lastWarnMs.set(key, now);
    this.settings.logger.warn(fields, message);
  }
}
