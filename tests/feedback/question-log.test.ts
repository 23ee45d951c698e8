import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { AccordError } from '../../src/errors.js';
import { describeDbError } from '../../src/feedback/describe-db-error.js';
import { openQuestionLog } from '../../src/feedback/open-question-log.js';
import { toQuestionEntry } from '../../src/feedback/question-entry.js';
import { QuestionLog } from '../../src/feedback/question-log.js';
import { QuestionStore } from '../../src/feedback/question-store.js';
import { useLogStore } from '../../src/cli/open-log-store.js';
import { answerWith, defaultAnswer, passageOf } from '../bot/fake-services.js';

const DAY_MS = 86_400_000;
const USER = '940000000000000777';
let tmp: string;
let file: string;
let now: number;
let warnings: string[];
const logger = { warn: (_fields: Record<string, unknown>, message: string) => void warnings.push(message), info: () => {} };
const settings = (extra: Partial<{ retentionDays: number; storeUserIds: boolean }> = {}) => ({ retentionDays: 90, storeUserIds: false, logger, now: () => now, ...extra });
const entry = (id: string, question = 'What statistics are shared?', answer = defaultAnswer(question)) =>
  toQuestionEntry(id, now, answer, { guildId: '910000000000000001', channelId: '920000000000000001', userId: USER }, false);
const flushed = () => new Promise((resolve) => setImmediate(resolve));

beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'accord-qlog-'));
  file = path.join(tmp, 'questions.sqlite');
  now = Date.UTC(2026, 5, 1);
  warnings = [];
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** Every byte of the database (main file and write-ahead log) as text, to look for what must not be there. */
async function databaseBytes(): Promise<string> {
  const names = (await readdir(tmp)).filter((n) => n.startsWith('questions.sqlite'));
  return (await Promise.all(names.map((n) => readFile(path.join(tmp, n), 'latin1')))).join('');
}

describe('the question log', () => {
  it('keeps question, time, ids, mode, answered, quoted spans and ranked passages, written after the answer', async () => {
    const log = QuestionLog.over(QuestionStore.open(file, { busyTimeoutMs: 0 }), settings());
    log.record(entry('a1'));
    expect(log.pendingCount).toBe(1);
    await flushed();
    expect(log.pendingCount).toBe(0);
    const [row] = await log.reportRows(1);
    expect(row).toMatchObject({ answerId: 'a1', question: 'What statistics are shared?', answered: true, askedAtMs: now, quotedDocIds: ['data-sharing.md'] });
    const candidates = await log.candidates('a1');
    expect(candidates?.passages.map((p) => p.rank)).toEqual([1, 2, 3, 4]);
    expect(candidates?.passages[0]?.sentences).toEqual(['The Parties shall share *aggregated* statistics on cross-border trade every quarter.']);
    log.close();
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT guild_id, channel_id, mode, confidence, user_id FROM answers').get()).toEqual({ guild_id: '910000000000000001', channel_id: '920000000000000001', mode: 'hybrid', confidence: 0.9, user_id: null });
    expect(db.prepare('SELECT COUNT(*) AS n FROM quotes').get()).toEqual({ n: 2 });
    db.close();
  });

  it('logs the confidence of the answer, and null for one that is not a number', () => {
    const answer = { ...defaultAnswer('q?'), confidence: 0.82 };
    expect(toQuestionEntry('x', now, answer, { guildId: null, channelId: null, userId: null }, false).confidence).toBe(0.82);
    expect(toQuestionEntry('x', now, { ...answer, confidence: Number.NaN }, { guildId: null, channelId: null, userId: null }, false).confidence).toBeNull();
  });

  it('stores no user id anywhere unless QUESTION_LOG_USER_IDS says so', async () => {
    const log = QuestionLog.over(QuestionStore.open(file, { busyTimeoutMs: 0 }), settings());
    log.record(toQuestionEntry('a1', now, defaultAnswer('q?'), { guildId: null, channelId: null, userId: USER }, log.storesUserIds));
    await log.vote('a1', USER, 'down');
    await log.label('a1', { kind: 'none' }, USER);
    log.close();
    expect(await databaseBytes()).not.toContain(USER);

    await rm(tmp, { recursive: true, force: true });
    await mkdir(tmp);
    const withIds = QuestionLog.over(QuestionStore.open(file, { busyTimeoutMs: 0 }), settings({ storeUserIds: true }));
    withIds.record(toQuestionEntry('a1', now, defaultAnswer('q?'), { guildId: null, channelId: null, userId: USER }, withIds.storesUserIds));
    await withIds.vote('a1', USER, 'down');
    withIds.close();
    expect(await databaseBytes()).toContain(USER);
  });

  it('deletes answers older than the retention, keeps labelled ones, and refuses votes on expired answers', async () => {
    const log = QuestionLog.over(QuestionStore.open(file, { busyTimeoutMs: 0 }), settings({ retentionDays: 30 }));
    log.record(entry('old'));
    log.record(entry('labelled', 'Which passage?'));
    log.flush();
    await log.label('labelled', { kind: 'passage', rank: 2 }, USER);
    now += 31 * DAY_MS;
    expect(await log.vote('old', USER, 'up')).toEqual({ status: 'unknown-answer' });
    log.prune();
    expect((await log.reportRows(365)).map((r) => r.answerId)).toEqual(['labelled']);
    expect(await log.candidates('old')).toBeNull();
    log.close();
  });

  it('keeps answering while another program locks the database, and writes the waiting questions once it is free', async () => {
    const log = QuestionLog.over(QuestionStore.open(file, { busyTimeoutMs: 0 }), settings());
    log.record(entry('before'));
    log.flush();
    const other = new Database(file);
    other.exec('BEGIN EXCLUSIVE');
    const started = performance.now();
    log.record(entry('during'));
    log.flush();
    expect(performance.now() - started).toBeLessThan(50);
    expect(log.pendingCount).toBe(1);
    expect(warnings.join('\n')).toContain('kept in memory to write later');
    await expect(log.vote('before', USER, 'up')).rejects.toThrow(/locked by another program/);
    other.exec('COMMIT');
    other.close();
    log.flush();
    expect(log.pendingCount).toBe(0);
    expect((await log.reportRows(1)).map((r) => r.answerId).sort()).toEqual(['before', 'during']);
    expect(await log.vote('before', USER, 'up')).toEqual({ status: 'recorded' });
    log.close();
  });

  it('on a full disk keeps what was written, holds new questions in memory, and says what to do', async () => {
    const store = QuestionStore.open(file, { busyTimeoutMs: 0 });
    const log = QuestionLog.over(store, settings());
    log.record(entry('first'));
    log.flush();
    store.limitPages(store.pageCount());
    const long = answerWith('q?', [], Array.from({ length: 5 }, () => passageOf('Disputes shall', 4)));
    for (let i = 0; i < 20; i += 1) log.record(entry(`full-${i}`, `Question number ${i}?`, long));
    log.flush();
    expect(log.pendingCount).toBe(20);
    expect(warnings.join('\n')).toContain('could not write');
    expect(warnings.join('\n')).toContain('kept in memory to write later');
    await expect(log.vote('full-3', USER, 'down')).rejects.toMatchObject({ message: expect.stringContaining('is full') as unknown, hint: expect.stringContaining('Free some space') as unknown });
    expect((await log.reportRows(1).catch(() => [])).map((r) => r.answerId)).toEqual(['first']);
    store.limitPages(1_000_000);
    log.flush();
    expect(log.pendingCount).toBe(0);
    expect(await log.reportRows(1)).toHaveLength(21);
    log.close();
  });

  it('leaves a damaged database untouched, runs without it, and tells the CLI what to do', async () => {
    const dataDir = path.join(tmp, 'data');
    await mkdir(dataDir);
    const damaged = path.join(dataDir, 'questions.sqlite');
    const garbage = 'this is not an SQLite database\n'.repeat(200);
    await writeFile(damaged, garbage);
    const config = loadConfig({ QUESTION_LOG: 'on', DATA_DIR: dataDir }, tmp);
    const log = openQuestionLog(config, logger);
    expect(log.enabled).toBe(false);
    expect(log.problem).toContain('damaged or not an SQLite database');
    expect(warnings.join('\n')).toContain('answering goes on without the log');
    expect(await readFile(damaged, 'utf8')).toBe(garbage);
    const read = useLogStore(config, 'read', () => 1);
    await expect(read).rejects.toBeInstanceOf(AccordError);
    await expect(useLogStore(config, 'read', () => 1)).rejects.toMatchObject({ hint: expect.stringContaining('Move the file aside') as unknown });
    expect(await readFile(damaged, 'utf8')).toBe(garbage);
  });

  it('names the file and the fix for each kind of database failure', () => {
    const fail = (code: string) => describeDbError(Object.assign(new Error('boom'), { code }), '/data/questions.sqlite').describe();
    expect(fail('SQLITE_FULL')).toMatch(/disk holding the question log \/data\/questions.sqlite is full[\s\S]*Free some space/);
    expect(fail('ENOSPC')).toContain('is full');
    expect(fail('SQLITE_BUSY')).toMatch(/locked by another program[\s\S]*Try again in a moment/);
    expect(fail('SQLITE_CORRUPT')).toMatch(/damaged[\s\S]*never deletes it/);
    expect(fail('SQLITE_READONLY')).toContain('cannot be opened for writing');
    expect(fail('SQLITE_IOERR_WRITE')).toContain('Check the disk');
  });

  it('drops questions it cannot write for good, with a warning, and never throws to the answer path', async () => {
    const store = QuestionStore.open(file, { busyTimeoutMs: 0 });
    const log = QuestionLog.over(store, settings());
    store.close();
    expect(() => log.record(entry('lost'))).not.toThrow();
    await flushed();
    expect(log.pendingCount).toBe(0);
    expect(warnings.join('\n')).toContain('answering goes on without logging these questions');
  });
});
