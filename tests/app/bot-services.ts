import { pino, type Logger } from 'pino';
import { afterEach } from 'vitest';
import { createAccordServices, type AccordServices, type ServiceOptions } from '../../src/app/create-services.js';
import { createWorkspace, type DocName, type Workspace } from '../index/workspace.js';

export const WARN = 40;
export const INFO = 30;

/** A pino logger whose records the test reads: `messages(WARN)` gives the messages logged at that level. */
export function recordingLogger(): { logger: Logger; records: Record<string, unknown>[]; messages: (level: number) => string[] } {
  const records: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void records.push(JSON.parse(line) as Record<string, unknown>) });
  const messages = (level: number) => records.filter((r) => r['level'] === level).map((r) => String(r['msg']));
  return { logger, records, messages };
}

export interface BotServicesPerTest {
  /** A fresh workspace for this test, disposed after it. */
  workspace(env?: Record<string, string>, docs?: readonly DocName[]): Promise<Workspace>;
  /** The bot's services over this test's workspace (`reindexInChildProcess` by default, as `npm start` makes them), closed after it. */
  services(logger: Logger, options?: ServiceOptions): Promise<AccordServices>;
}

/**
 * For a test file of the bot's services: registers one afterEach that closes the services the test made (with
 * their reindex process) and then disposes its workspace, whether the test passed or not.
 */
export function botServicesPerTest(): BotServicesPerTest {
  let workspace: Workspace | undefined;
  let services: AccordServices | undefined;
  afterEach(async () => {
    await services?.close();
    services = undefined;
    await workspace?.dispose();
    workspace = undefined;
  });
  return {
    async workspace(env = {}, docs) {
      workspace = await createWorkspace(docs, env);
      return workspace;
    },
    async services(logger, options = { reindexInChildProcess: true }) {
      if (!workspace) throw new Error('make the workspace first');
      // Closed before another is made: a test that makes two does not leave the first one's reindex process behind.
      await services?.close();
      services = undefined;
      services = await createAccordServices(workspace.config, logger, options);
      return services;
    },
  };
}
