import { createHmac, randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { AccordError } from '../errors.js';
import { describeDbError } from './describe-db-error.js';
import { questionKey } from './normalize-question.js';
import { SCHEMA_SQL, SCHEMA_VERSION } from './schema.js';
import type { DownReason, Label, LabelCandidates, LoggedPassage, QuestionEntry, ReportRow, VoteOutcome, VoteValue } from './types.js';

export interface StoreOptions {
  /** Open for reading only (reports and exports). */
  readonly readonly?: boolean;
  /** Refuse a missing file instead of creating it (every CLI command: only the bot creates the log). */
  readonly mustExist?: boolean;
  /** How long a statement waits for another process's lock, in ms. The bot uses 0 and retries later itself. */
  readonly busyTimeoutMs: number;
  /** The same while opening (schema checks); defaults to `busyTimeoutMs`. */
  readonly openTimeoutMs?: number;
}

interface AnswerRow {
  id: string; question: string; asked_at: number; answered: number; label_kind: string | null; label_rank: number | null;
}
interface PassageRow { rank: number; chunk_id: string; doc_id: string; start_offset: number; end_offset: number; text: string; sentences: string }

const toLabel = (kind: string | null, rank: number | null): Label | null =>
  kind === 'none' ? { kind: 'none' } : kind === 'passage' && rank !== null ? { kind: 'passage', rank } : null;

/**
 * The question log on disk: one SQLite file, through better-sqlite3 (the only module that imports it). Every method
 * is synchronous and short; every failure is thrown as an AccordError that names the file and the fix. WAL mode, so
 * a report read by the CLI never waits for the bot, and the bot never waits for a report.
 */
export class QuestionStore {
  readonly #db: Database.Database;
  #salt: string | undefined;

  private constructor(db: Database.Database, readonly file: string) {
    this.#db = db;
  }

  static open(file: string, options: StoreOptions): QuestionStore {
    let db: Database.Database | undefined;
    try {
      const mustExist = options.readonly === true || options.mustExist === true;
      db = new Database(file, { readonly: options.readonly === true, fileMustExist: mustExist, timeout: options.openTimeoutMs ?? options.busyTimeoutMs });
      const store = new QuestionStore(db, file);
      store.#prepareSchema(options.readonly === true);
      db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs))}`);
      return store;
    } catch (error: unknown) {
      db?.close();
      if (error instanceof AccordError) throw error;
      if ((error as { code?: unknown }).code === undefined && (options.readonly === true || options.mustExist === true) && /unable to open|does not exist/i.test(String(error))) {
        throw new AccordError(`There is no question log at ${file} yet.`, { hint: 'Set QUESTION_LOG=on (and DATA_DIR, if it lives elsewhere), start the bot, and let people ask and vote.', cause: error });
      }
      throw describeDbError(error, file);
    }
  }

  #prepareSchema(readonly: boolean): void {
    const version = this.#db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new AccordError(`The question log ${this.file} was written by a newer Accord (schema ${version}, this one reads ${SCHEMA_VERSION}).`, { hint: 'Upgrade Accord, or point DATA_DIR at another folder.' });
    }
    // A damaged file fails here, before anything is written to it.
    const check = this.#db.pragma('quick_check', { simple: true }) as string;
    if (check !== 'ok') throw describeDbError(Object.assign(new Error(check), { code: 'SQLITE_CORRUPT' }), this.file);
    if (readonly) {
      if (version === 0) throw new AccordError(`${this.file} holds no question log yet.`, { hint: 'Start the bot with QUESTION_LOG=on first.' });
      return;
    }
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    this.#db.pragma('foreign_keys = ON');
    if (version < SCHEMA_VERSION) {
      this.#db.exec(SCHEMA_SQL);
      this.#db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }
  }

  /**
   * The key a vote is stored under: the user id itself when ids are stored, otherwise an HMAC of it with a random
   * salt kept in the database (one vote per person, without the id).
   */
  voterKey(userId: string, storeUserIds: boolean): string {
    if (storeUserIds) return userId;
    if (this.#salt === undefined) {
      this.#db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run('voter-salt', randomBytes(16).toString('hex'));
      this.#salt = (this.#db.prepare('SELECT value FROM meta WHERE key = ?').get('voter-salt') as { value: string }).value;
    }
    return `h:${createHmac('sha256', this.#salt).update(userId).digest('base64url').slice(0, 22)}`;
  }

  /** Writes answers (with their quotes and passages) in one transaction: all of them or none. */
  insertAnswers(entries: readonly QuestionEntry[]): void {
    const answer = this.#db.prepare(
      'INSERT OR IGNORE INTO answers (id, asked_at, question, question_key, guild_id, channel_id, user_id, mode, answered, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const quote = this.#db.prepare('INSERT OR IGNORE INTO quotes (answer_id, rank, doc_id, start_offset, end_offset, text) VALUES (?, ?, ?, ?, ?, ?)');
    const passage = this.#db.prepare(
      'INSERT OR IGNORE INTO passages (answer_id, rank, chunk_id, doc_id, start_offset, end_offset, text, sentences) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.#db.transaction(() => {
      for (const e of entries) {
        answer.run(e.id, e.askedAtMs, e.question, questionKey(e.question), e.guildId, e.channelId, e.userId, e.mode, e.answered ? 1 : 0, e.confidence);
        for (const q of e.quotes) quote.run(e.id, q.rank, q.docId, q.start, q.end, q.text);
        for (const p of e.passages) passage.run(e.id, p.rank, p.chunkId, p.docId, p.start, p.end, p.text, JSON.stringify(p.sentences));
      }
    })();
  }

  /**
   * Records (or changes) one voter's vote on an answer. The primary key keeps one vote per voter and answer; the
   * transaction takes the write lock first, so two presses at once are applied one after the other. An answer asked
   * before `oldestMs` counts as gone, even before the retention sweep has deleted it.
   */
  vote(answerId: string, voter: string, vote: VoteValue, atMs: number, oldestMs: number): VoteOutcome {
    return this.#db.transaction((): VoteOutcome => {
      const answer = this.#db.prepare('SELECT asked_at FROM answers WHERE id = ?').get(answerId) as { asked_at: number } | undefined;
      if (answer === undefined || answer.asked_at < oldestMs) return { status: 'unknown-answer' };
      const before = this.#db.prepare('SELECT vote FROM votes WHERE answer_id = ? AND voter = ?').get(answerId, voter) as { vote: VoteValue } | undefined;
      if (before?.vote === vote) return { status: 'unchanged' };
      this.#db
        .prepare(
          'INSERT INTO votes (answer_id, voter, vote, voted_at) VALUES (?, ?, ?, ?) ON CONFLICT (answer_id, voter) DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at, reason = NULL, reason_text = NULL',
        )
        .run(answerId, voter, vote, atMs);
      return before === undefined ? { status: 'recorded' } : { status: 'changed', previous: before.vote };
    }).immediate();
  }

  /** Adds a reason to the voter's 👎; false when there is no such 👎 (changed since, or expired). */
  setReason(answerId: string, voter: string, reason: DownReason, text: string | null): boolean {
    const result = this.#db
      .prepare("UPDATE votes SET reason = ?, reason_text = ? WHERE answer_id = ? AND voter = ? AND vote = 'down'")
      .run(reason, text, answerId, voter);
    return result.changes > 0;
  }

  candidates(answerId: string): LabelCandidates | null {
    const row = this.#db.prepare('SELECT id, question, asked_at, answered, label_kind, label_rank FROM answers WHERE id = ?').get(answerId) as AnswerRow | undefined;
    if (row === undefined) return null;
    const passages = (this.#db.prepare('SELECT * FROM passages WHERE answer_id = ? ORDER BY rank').all(answerId) as PassageRow[]).map(
      (p): LoggedPassage => ({ rank: p.rank, chunkId: p.chunk_id, docId: p.doc_id, start: p.start_offset, end: p.end_offset, text: p.text, sentences: JSON.parse(p.sentences) as string[] }),
    );
    const votes = this.#db
      .prepare("SELECT SUM(vote = 'up') AS up, SUM(vote = 'down') AS down, SUM(vote = 'missing') AS missing FROM votes WHERE answer_id = ?")
      .get(answerId) as { up: number | null; down: number | null; missing: number | null };
    return {
      answerId: row.id, question: row.question, answered: row.answered === 1, askedAtMs: row.asked_at, passages,
      label: toLabel(row.label_kind, row.label_rank),
      votes: { up: votes.up ?? 0, down: votes.down ?? 0, missing: votes.missing ?? 0 },
    };
  }

  /** Stores a moderator's label; false when the answer is not in the log. A passage label must name a logged rank. */
  label(answerId: string, label: Label, labelledBy: string | null, atMs: number): boolean {
    if (label.kind === 'passage' && this.#db.prepare('SELECT 1 FROM passages WHERE answer_id = ? AND rank = ?').get(answerId, label.rank) === undefined) {
      throw new AccordError(`Answer ${answerId} has no passage ${label.rank}.`, { hint: 'Choose one of the passages listed.' });
    }
    const result = this.#db
      .prepare('UPDATE answers SET label_kind = ?, label_rank = ?, labelled_at = ?, labelled_by = ? WHERE id = ?')
      .run(label.kind, label.kind === 'passage' ? label.rank : null, atMs, labelledBy, answerId);
    return result.changes > 0;
  }

  /** Every answer asked since `sinceMs`, newest first, with vote counts, 👎 reasons and quoted documents. */
  reportRows(sinceMs: number): ReportRow[] {
    const rows = this.#db
      .prepare(
        `SELECT a.id, a.question, a.question_key, a.asked_at, a.answered, a.label_kind, a.label_rank,
           (SELECT COUNT(*) FROM votes v WHERE v.answer_id = a.id AND v.vote = 'up') AS up,
           (SELECT COUNT(*) FROM votes v WHERE v.answer_id = a.id AND v.vote = 'down') AS down,
           (SELECT COUNT(*) FROM votes v WHERE v.answer_id = a.id AND v.vote = 'missing') AS missing,
           (SELECT json_group_array(CASE WHEN v.reason_text IS NULL THEN v.reason ELSE v.reason || ': ' || v.reason_text END) FROM votes v WHERE v.answer_id = a.id AND v.reason IS NOT NULL) AS reasons,
           (SELECT json_group_array(doc_id) FROM (SELECT DISTINCT q.doc_id FROM quotes q WHERE q.answer_id = a.id ORDER BY q.rank)) AS docs
         FROM answers a WHERE a.asked_at >= ? ORDER BY a.asked_at DESC`,
      )
      .all(sinceMs) as (AnswerRow & { question_key: string; up: number; down: number; missing: number; reasons: string; docs: string })[];
    return rows.map((r) => ({
      answerId: r.id, question: r.question, questionKey: r.question_key, askedAtMs: r.asked_at, answered: r.answered === 1,
      up: r.up, down: r.down, missing: r.missing,
      reasons: JSON.parse(r.reasons) as string[], quotedDocIds: JSON.parse(r.docs) as string[],
      label: toLabel(r.label_kind, r.label_rank),
    }));
  }

  /** Every labelled answer, oldest label first, with its labelled passage. */
  labelled(): { readonly answerId: string; readonly question: string; readonly label: Label; readonly passage: LoggedPassage | null }[] {
    const rows = this.#db.prepare('SELECT id, question, asked_at, answered, label_kind, label_rank FROM answers WHERE label_kind IS NOT NULL ORDER BY labelled_at, id').all() as AnswerRow[];
    return rows.flatMap((r) => {
      const label = toLabel(r.label_kind, r.label_rank);
      if (label === null) return [];
      const passage = label.kind === 'passage' ? (this.candidates(r.id)?.passages.find((p) => p.rank === label.rank) ?? null) : null;
      return [{ answerId: r.id, question: r.question, label, passage }];
    });
  }

  /**
   * Deletes answers asked before `beforeMs` with their quotes, passages and votes. Labelled answers are kept: they
   * are the team's evaluation set. Returns how many were deleted.
   */
  deleteOlderThan(beforeMs: number): number {
    return this.#db.prepare('DELETE FROM answers WHERE asked_at < ? AND label_kind IS NULL').run(beforeMs).changes;
  }

  /** For tests of a full disk: caps the file at `pages` pages (SQLite then answers SQLITE_FULL). */
  limitPages(pages: number): void {
    this.#db.pragma(`max_page_count = ${Math.max(1, Math.floor(pages))}`);
  }

  pageCount(): number {
    return this.#db.pragma('page_count', { simple: true }) as number;
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}
