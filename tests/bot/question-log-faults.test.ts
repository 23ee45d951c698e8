import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openQuestionLog } from '../../src/feedback/open-question-log.js';
import { QuestionLog } from '../../src/feedback/question-log.js';
import { QuestionStore } from '../../src/feedback/question-store.js';
import { buttonInteraction, commandInteraction, option } from './fake-interactions.js';
import { contentOf, messageOf, startHarness, waitForCallback, waitForEdit, type Harness } from './harness.js';

let tmp: string;
let harness: Harness | undefined;
let warnings: string[];
const logger = { warn: (_fields: Record<string, unknown>, message: string) => void warnings.push(message), info: () => {} };

beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'accord-log-faults-'));
  warnings = [];
});
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  await rm(tmp, { recursive: true, force: true });
});

async function ask(h: Harness): Promise<{ message: Record<string, unknown>; components: string }> {
  const asked = h.fake.sendInteraction(commandInteraction('ask', [option.string('question', 'What statistics are shared?')]));
  const edit = await waitForEdit(h.fake, asked, 'embeds');
  expect(JSON.stringify(messageOf(edit)['embeds'])).toContain('The Parties shall share');
  return { message: h.fake.originals.get(String(asked['token'])) ?? {}, components: JSON.stringify(messageOf(edit)['components']) };
}

describe('a failing question log never fails an answer', () => {
  it('answers without feedback buttons when the database is damaged, and /report says why', async () => {
    const dataDir = path.join(tmp, 'data');
    await mkdir(dataDir);
    await writeFile(path.join(dataDir, 'questions.sqlite'), 'not a database at all\n'.repeat(100));
    const log = openQuestionLog(loadConfig({ QUESTION_LOG: 'on', DATA_DIR: dataDir }, tmp), logger);
    harness = await startHarness({ questionLog: log });
    const { components } = await ask(harness);
    expect(components).not.toContain('fb:');
    const report = harness.fake.sendInteraction(commandInteraction('report', [], { as: 'admin' }));
    expect(contentOf(await waitForCallback(harness.fake, report))).toContain('damaged or not an SQLite database');
    expect(await readFile(path.join(dataDir, 'questions.sqlite'), 'utf8')).toBe('not a database at all\n'.repeat(100));
  });

  it('answers, with a warning in the log, when writing fails; a vote then says what went wrong', async () => {
    const store = QuestionStore.open(path.join(tmp, 'questions.sqlite'), { busyTimeoutMs: 0 });
    const log = QuestionLog.over(store, { retentionDays: 90, storeUserIds: false, logger, now: Date.now });
    harness = await startHarness({ questionLog: log });
    store.close();
    const { message, components } = await ask(harness);
    expect(components).toContain('fb:down:');
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.join('\n')).toContain('answering goes on without logging these questions');
    const id = /fb:down:([\w-]+)/.exec(components)?.[1] ?? '';
    const pressed = harness.fake.sendInteraction(buttonInteraction(`fb:down:${id}`, message));
    const reply = await waitForCallback(harness.fake, pressed);
    expect(contentOf(reply)).toMatch(/The question log .* failed/);
  });
});
