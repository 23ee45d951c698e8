import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openQuestionLog } from '../../src/feedback/open-question-log.js';
import type { QuestionLog } from '../../src/feedback/question-log.js';
import { buttonInteraction, commandInteraction, option } from './fake-interactions.js';
import { ids } from './fake-payloads.js';
import { contentOf, isMessageSending, messageOf, startHarness, waitForCallback, waitForEdit, type Harness } from './harness.js';

const run = promisify(execFile);
let tmp: string;
let dataDir: string;
let log: QuestionLog;
let harness: Harness;

beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'accord-log-off-'));
  dataDir = path.join(tmp, 'data');
  // QUESTION_LOG unset: the default is off.
  log = openQuestionLog(loadConfig({ DATA_DIR: dataDir }, tmp), pino({ level: 'silent' }));
  harness = await startHarness({ questionLog: log });
});
afterEach(async () => {
  await harness.close();
  log.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('with the question log off (the default)', () => {
  it('writes nothing anywhere: no data folder, no feedback buttons, feedback presses and /report say the log is off', async () => {
    const { fake } = harness;
    const asked = fake.sendInteraction(commandInteraction('ask', [option.string('question', 'What statistics are shared?')]));
    const edit = await waitForEdit(fake, asked, 'embeds');
    expect(JSON.stringify(messageOf(edit)['components'])).not.toContain('fb:');
    fake.sendMessage(`<@${ids.bot}> What statistics are shared?`);
    await fake.waitForRequest((r) => isMessageSending(r) && r.path.startsWith('/channels/'));

    const pressed = fake.sendInteraction(buttonInteraction('fb:down:AAAAAAAAAAAA', fake.originals.get(String(asked['token'])) ?? {}));
    expect(contentOf(await waitForCallback(fake, pressed))).toContain('not being collected');
    const report = fake.sendInteraction(commandInteraction('report', [], { as: 'admin' }));
    expect(contentOf(await waitForCallback(fake, report))).toContain('QUESTION_LOG is off');

    // The CLI reads the log but never creates it.
    for (const command of [['report'], ['feedback', 'label']]) {
      const cli = run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...command], { cwd: process.cwd(), env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' } });
      await expect(cli).rejects.toMatchObject({ stderr: expect.stringContaining('There is no question log at') as unknown });
    }

    expect(log.enabled).toBe(false);
    expect(existsSync(dataDir)).toBe(false);
    expect(await readdir(tmp)).toEqual([]);
  }, 30_000);
});
