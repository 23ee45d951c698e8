import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { indexSettings, retrieverSettings, smokeCheck } from '../../src/app/create-services.js';
import type { ReindexProgress } from '../../src/bot/ports.js';
import { currentPointer, versionDir } from '../../src/index/index-layout.js';
import { IndexManager } from '../../src/index/index-manager.js';
import { acquireReindexLock } from '../../src/index/reindex-lock.js';
import { DOCS, QUESTIONS, quotedDocs, reindexDone, type Workspace } from '../index/workspace.js';
import { botServicesPerTest, recordingLogger } from './bot-services.js';

/**
 * The bot's reindex (createAccordServices with `reindexInChildProcess`, as `npm start` runs it) on the real
 * transformers.js loading path with the committed tiny model: the build runs in another process, whose pid the
 * services log.
 */
const TINY_MODEL = { EMBEDDING_MODEL: 'accord/tiny-bert', MODELS_DIR: path.resolve('tests/fixtures/tiny-model'), RETRIEVAL_MODE: 'auto' };

const perTest = botServicesPerTest();
let workspace: Workspace;

/** Services as the bot makes them, with a log whose records the test can read. */
async function botServices(env: Record<string, string>) {
  workspace = await perTest.workspace(env);
  const { logger, records } = recordingLogger();
  const services = await perTest.services(logger);
  const reindexPids = () => records.filter((r) => r['msg'] === 'reindexing in a separate process').map((r) => r['pid'] as number);
  return { services, reindexPids };
}

/**
 * The no-progress limit of the stall test: above the longest silence of a healthy reindex process here (its start,
 * from fork to its first message: 1.5–2.1 s under tsx at load 6), so that only the stopped one trips it.
 */
const STALL_SECONDS = 10;

const current = async () => (await readFile(currentPointer(workspace.indexDir), 'utf8')).trim();

type Bot = Awaited<ReturnType<typeof botServices>>;

/**
 * Swaps the railway document for the beekeeping one and reindexes, sending `signal` to the reindex process at the
 * first progress the bot hears. Returns the version served before, the pid signalled and the reindex's summary.
 */
async function reindexSignalled({ services, reindexPids }: Bot, signal: NodeJS.Signals) {
  const before = services.answers.status().version;
  await workspace.removeDoc('mountain-railway.md');
  await workspace.writeDoc('beekeeping-pact.txt', DOCS['beekeeping-pact.txt']);
  let pid = 0;
  const outcome = await services.moderation.reindex(() => {
    const found = reindexPids()[0];
    if (pid === 0 && found !== undefined) pid = process.kill(found, signal) ? found : 0;
  });
  expect(pid).toBeGreaterThan(0);
  if (outcome.status !== 'done') throw new Error('expected a finished reindex');
  return { before, pid, summary: outcome.summary };
}

/**
 * The version from before a failed reindex is still served, and the dead process's lock and half-built folder do not
 * stop the next reindex, which builds and serves the new corpus.
 */
async function expectOldVersionThenNew({ services }: Bot, before: string) {
  expect(services.answers.status().version).toBe(before);
  expect(await current()).toBe(before);
  expect(quotedDocs(await services.answers.answer(QUESTIONS.railway))).toEqual(['mountain-railway.md']);
  const retry = await services.moderation.reindex(() => {});
  expect(retry).toMatchObject({ status: 'done', summary: { added: ['beekeeping-pact.txt'], removed: ['mountain-railway.md'] } });
  expect(retry.status === 'done' && retry.summary.notice).toBeFalsy();
  expect(await workspace.buildingFolders()).toEqual([]);
  expect(quotedDocs(await services.answers.answer(QUESTIONS.beekeeping))).toEqual(['beekeeping-pact.txt']);
}

describe('a reindex inside the bot', () => {
  it('builds in another process, then serves the new version with its answers', async () => {
    const { services, reindexPids } = await botServices(TINY_MODEL);
    expect(services.answers.status().mode).toBe('hybrid');
    const before = services.answers.status().version;
    await workspace.writeDoc('beekeeping-pact.txt', DOCS['beekeeping-pact.txt']);
    const phases: string[] = [];
    const outcome = await services.moderation.reindex((p) => phases.push(p.phase));

    expect(outcome).toMatchObject({ status: 'done', summary: { added: ['beekeeping-pact.txt'], mode: 'hybrid' } });
    expect(outcome.status === 'done' && outcome.summary.notice).toBeFalsy();
    const pids = reindexPids();
    expect(pids).toHaveLength(1);
    expect(pids[0]).not.toBe(process.pid);
    expect(phases).toEqual(expect.arrayContaining(['reading', 'embedding', 'writing', 'checking']));
    const after = services.answers.status();
    expect(after.version).not.toBe(before);
    expect(after.version).toBe(await current());
    expect(after.mode).toBe('hybrid');
    expect(quotedDocs(await services.answers.answer(QUESTIONS.beekeeping))).toEqual(['beekeeping-pact.txt']);
    expect(quotedDocs(await services.answers.answer(QUESTIONS.railway))).toEqual(['mountain-railway.md']);

    // Nothing changed: the process says so, and the version served stays.
    const again = await services.moderation.reindex(() => {});
    expect(again).toMatchObject({ status: 'done', summary: { version: after.version, notice: expect.stringContaining('up to date') } });
    // And at once again: the process of the last one may still be exiting, which must not refuse the next.
    for (let i = 0; i < 3; i++) {
      expect(await services.moderation.reindex(() => {})).toMatchObject({ status: 'done', summary: { version: after.version, notice: expect.stringContaining('up to date') } });
    }
    expect(reindexPids()).toHaveLength(5);
  }, 60_000);

  it('keeps serving the old version and says why when its process is killed mid-build', async () => {
    const bot = await botServices(TINY_MODEL);
    const { before, pid, summary } = await reindexSignalled(bot, 'SIGKILL');

    expect(summary.version).toBe(before);
    expect(summary.notice).toContain(`The reindex process (pid ${pid}) stopped before it reported (SIGKILL). The bot still serves the version it served before.`);
    expect(summary.notice).toContain(`The current index (${before}) is still being served.`);
    await expectOldVersionThenNew(bot, before);
  }, 60_000);

  it('stops a process that makes no progress, says so, keeps serving the old version and lets the next reindex run', async () => {
    const bot = await botServices({ REINDEX_STALL_SECONDS: String(STALL_SECONDS) });
    // Stopped (not killed) at its first progress the bot hears: it stays alive and silent, as one stuck on a file
    // read would. By then it may have moved on (this lexical build's later steps report once each).
    const { before, pid, summary } = await reindexSignalled(bot, 'SIGSTOP');

    expect(summary.notice).toMatch(
      new RegExp(`^The reindex process \\(pid ${pid}\\) made no progress for ${STALL_SECONDS} s while (reading documents \\(\\d+ of \\d+ read\\)|writing the new version|checking the new version) and was stopped\\. The bot still serves the version it served before\\.`),
    );
    expect(summary.notice).toContain(`raise REINDEX_STALL_SECONDS (now ${STALL_SECONDS})`);
    expect(summary.notice).toContain(`The current index (${before}) is still being served.`);
    // Killed, not left stopped (the host reports at once, and reaps the process as it dies).
    await vi.waitFor(() => expect(() => process.kill(pid, 0)).toThrow(), { timeout: 10_000 });
    await expectOldVersionThenNew(bot, before);
  }, 60_000);

  it('is one at a time: a second request is told the progress, and rollback waits', async () => {
    const { services } = await botServices(TINY_MODEL);
    await workspace.writeDoc('beekeeping-pact.txt', DOCS['beekeeping-pact.txt']);
    let second: Promise<unknown> | undefined;
    let rollback: Promise<unknown> | undefined;
    const first = services.moderation.reindex((p: ReindexProgress) => {
      if (second) return;
      second = services.moderation.reindex(() => {});
      rollback = services.moderation.rollback().then(() => 'rolled back', (e: unknown) => (e as Error).message);
      expect(p.phase).toBe('reading');
    });
    expect(await first).toMatchObject({ status: 'done', summary: { added: ['beekeeping-pact.txt'] } });
    expect(await second).toMatchObject({ status: 'busy', progress: { phase: 'reading' } });
    expect(await rollback).toBe('A reindex is running: it cannot be rolled back until it has finished.');
  }, 60_000);

  it('is refused while another process (the CLI) holds the lock, and the old version stays', async () => {
    const { services } = await botServices({});
    const before = services.answers.status().version;
    await workspace.writeDoc('beekeeping-pact.txt', DOCS['beekeeping-pact.txt']);
    const release = await acquireReindexLock(workspace.indexDir);
    try {
      const outcome = await services.moderation.reindex(() => {});
      if (outcome.status !== 'done') throw new Error('expected a finished reindex');
      expect(outcome.summary.notice).toContain(`Another process (pid ${process.pid}) is already reindexing`);
      expect(services.answers.status().version).toBe(before);
    } finally {
      await release();
    }
  }, 60_000);

  it('serves the version another process (the CLI) made current, when it finds nothing to change', async () => {
    const { services, reindexPids } = await botServices({});
    await workspace.writeDoc('beekeeping-pact.txt', DOCS['beekeeping-pact.txt']);
    // As `npm run index` builds it: the configuration's settings (the workspace's own manager splits finer).
    const cli = await reindexDone(new IndexManager(indexSettings(workspace.config), smokeCheck(null, retrieverSettings(workspace.config))), null);
    expect(services.answers.status().version).not.toBe(cli.build.version);
    const outcome = await services.moderation.reindex(() => {});
    expect(outcome).toMatchObject({ status: 'done', summary: { version: cli.build.version, notice: expect.stringContaining('up to date') } });
    expect(reindexPids()).toHaveLength(1);
    expect(services.answers.status().version).toBe(cli.build.version);
    expect(quotedDocs(await services.answers.answer(QUESTIONS.beekeeping))).toEqual(['beekeeping-pact.txt']);
  }, 60_000);

  it('builds a lexical index without a model, and rolls back to the version before', async () => {
    const { services, reindexPids } = await botServices({});
    const first = services.answers.status().version;
    await workspace.removeDoc('orchard-cooperative.txt');
    expect(await services.moderation.reindex(() => {})).toMatchObject({ status: 'done', summary: { removed: ['orchard-cooperative.txt'], mode: 'lexical' } });
    expect(reindexPids()).toHaveLength(1);
    const second = services.answers.status().version;
    expect(second).not.toBe(first);
    expect(existsSync(versionDir(workspace.indexDir, first))).toBe(true);
    expect(await services.moderation.rollback()).toEqual({ version: first });
    expect(quotedDocs(await services.answers.answer(QUESTIONS.orchard))).toEqual(['orchard-cooperative.txt']);
  }, 60_000);
});
