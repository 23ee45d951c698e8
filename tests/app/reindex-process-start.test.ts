import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { startReindexProcess, type ReindexProcess } from '../../src/app/reindex-process.js';
import { AccordError } from '../../src/errors.js';
import { DOCS, QUESTIONS, quotedDocs } from '../index/workspace.js';
import { botServicesPerTest, INFO, recordingLogger, WARN } from './bot-services.js';

/**
 * The bot's services (`reindexInChildProcess`, as `npm start` makes them) when the reindex process cannot start,
 * and when the services cannot be made after it started. A host module that does not exist makes the real fork
 * fail as a missing or broken install would: the child exits at once, before it says it is ready.
 */
const perTest = botServicesPerTest();

type Services = Awaited<ReturnType<typeof perTest.services>>;
type TestWorkspace = Awaited<ReturnType<typeof perTest.workspace>>;

/**
 * Adds a document and reindexes twice (the second time removing it): each reindex warns that no reindex process
 * could be started, runs in the bot's own process and serves the new corpus. `afterFirst` checks the first warning.
 */
async function expectReindexesInOwnProcess(services: Services, workspace: TestWorkspace, messages: (level: number) => string[], afterFirst: () => void = () => {}) {
  const before = services.answers.status().version;
  await workspace.writeDoc('beekeeping-pact.txt', DOCS['beekeeping-pact.txt']);

  const outcome = await services.moderation.reindex(() => {});

  expect(outcome).toMatchObject({ status: 'done', summary: { added: ['beekeeping-pact.txt'], mode: 'lexical' } });
  expect(outcome.status === 'done' && outcome.summary.notice).toBeFalsy();
  expect(messages(WARN).filter((m) => m.startsWith('no reindex process could be started: this reindex runs in the bot’s process'))).toHaveLength(1);
  afterFirst();
  expect(messages(INFO)).not.toContain('reindexing in a separate process');
  expect(services.answers.status().version).not.toBe(before);
  expect(quotedDocs(await services.answers.answer(QUESTIONS.beekeeping))).toEqual(['beekeeping-pact.txt']);

  await workspace.removeDoc('beekeeping-pact.txt');
  expect(await services.moderation.reindex(() => {})).toMatchObject({ status: 'done', summary: { removed: ['beekeeping-pact.txt'] } });
  expect(messages(WARN).filter((m) => m.startsWith('no reindex process could be started'))).toHaveLength(2);
}

describe('the reindex process', () => {
  it('when it cannot start, the bot warns and reindexes in its own process, as before', async () => {
    const workspace = await perTest.workspace();
    const { logger, messages } = recordingLogger();
    const services = await perTest.services(logger, { reindexInChildProcess: true, startReindexProcess: () => startReindexProcess({ hostModule: 'no-such-reindex-host' }) });
    // The second reindex tries to start the process again, fails the same way, and still reindexes.
    await expectReindexesInOwnProcess(services, workspace, messages);
  }, 60_000);

  for (const [why, modules, reason] of [
    ['its module is missing', { workerModule: 'no-such-reindex-worker' }, 'it stopped before it was up (exit code 1'],
    ['its Node executable cannot start', { workerExecPath: '/nonexistent/node' }, 'it could not be spawned: spawn /nonexistent/node ENOENT'],
  ] as const) {
    it(`when the host cannot start a worker (${why}), the bot warns and reindexes in its own process`, async () => {
      const workspace = await perTest.workspace();
      const { logger, records, messages } = recordingLogger();
      const services = await perTest.services(logger, { reindexInChildProcess: true, startReindexProcess: () => startReindexProcess(modules) });
      // The host is free again after the first: the second reindex asks it for a worker, and reindexes here again.
      await expectReindexesInOwnProcess(services, workspace, messages, () => {
        const warning = records.find((r) => String(r['msg']).startsWith('no reindex process could be started'));
        expect(String(warning?.['error'])).toContain(`the reindex host could not start a reindex worker: ${reason}`);
      });
    }, 60_000);
  }

  it('is stopped when the services cannot be made after it started', async () => {
    const workspace = await perTest.workspace();
    // No index yet and no corpus folder: the first build fails, after the reindex process was started.
    await rm(workspace.corpusDir, { recursive: true });
    const { logger } = recordingLogger();
    const events: string[] = [];
    const start = (): ReindexProcess => {
      const real = startReindexProcess();
      events.push('started');
      return {
        run: (job, onProgress, onStarted) => real.run(job, onProgress, onStarted),
        close: async () => {
          await real.close(); // resolves once the host process has exited
          events.push('closed');
        },
      };
    };

    const failure = await perTest.services(logger, { reindexInChildProcess: true, startReindexProcess: start }).then(
      () => null,
      (e: unknown) => e,
    );

    expect(failure).toBeInstanceOf(AccordError);
    expect((failure as AccordError).message).toContain('is missing or unreadable');
    expect(events).toEqual(['started', 'closed']);
  }, 60_000);
});
