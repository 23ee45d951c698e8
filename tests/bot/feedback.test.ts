import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openQuestionLog } from '../../src/feedback/open-question-log.js';
import type { QuestionLog } from '../../src/feedback/question-log.js';
import { buttonInteraction, commandInteraction, modalSubmitInteraction, option, selectInteraction } from './fake-interactions.js';
import { answerWith, passageOf } from './fake-services.js';
import { bodyOf, contentOf, messageOf, startHarness, waitForCallback, waitForEdit, type Harness } from './harness.js';

let harness: Harness;
let log: QuestionLog;
let tmp: string;

beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'accord-feedback-'));
  log = openQuestionLog(loadConfig({ QUESTION_LOG: 'on', DATA_DIR: path.join(tmp, 'data') }, tmp), pino({ level: 'silent' }));
  harness = await startHarness({ questionLog: log });
});
afterEach(async () => {
  await harness.close();
  log.close();
  await rm(tmp, { recursive: true, force: true });
});

type Row = { components: { custom_id?: string; emoji?: { name: string }; label?: string; options?: { value: string }[] }[] };

/** Asks with /ask and returns the answer message and its buttons' customIds by label or emoji. */
async function ask(question = 'What statistics are shared?'): Promise<{ message: Record<string, unknown>; ids: Map<string, string> }> {
  const asked = harness.fake.sendInteraction(commandInteraction('ask', [option.string('question', question)]));
  const edit = await waitForEdit(harness.fake, asked, 'embeds');
  const rows = (messageOf(edit)['components'] ?? []) as Row[];
  const ids = new Map<string, string>();
  for (const c of rows.flatMap((r) => r.components)) ids.set(c.emoji?.name ?? c.label ?? '', c.custom_id ?? '');
  return { message: harness.fake.originals.get(String(asked['token'])) ?? {}, ids };
}

async function press(customId: string, message: Record<string, unknown>, as: 'member' | 'admin' = 'member') {
  const pressed = harness.fake.sendInteraction(buttonInteraction(customId, message, { as }));
  return { pressed, callback: await waitForCallback(harness.fake, pressed) };
}

function rowsOf(callback: ReturnType<typeof bodyOf>): Row[] {
  return ((callback['data'] as Record<string, unknown>)['components'] ?? []) as Row[];
}

describe('feedback under answers', () => {
  it('puts 👍 and 👎 beside "More sources" under an answer, and thanks a voter privately', async () => {
    const { message, ids } = await ask();
    expect([...ids.keys()]).toEqual(['More sources', '👍', '👎']);
    const { callback } = await press(ids.get('👍') ?? '', message);
    expect(bodyOf(callback)).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(contentOf(callback)).toContain('Thanks for the 👍');
    expect(harness.fake.requests.filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path))).toHaveLength(0);
  });

  it('keeps one vote per person: a second press is counted once, another choice replaces the first', async () => {
    const { message, ids } = await ask();
    await press(ids.get('👍') ?? '', message);
    expect(contentOf((await press(ids.get('👍') ?? '', message)).callback)).toContain('already');
    expect(contentOf((await press(ids.get('👎') ?? '', message)).callback)).toContain('earlier vote is replaced');
    const [row] = await log.reportRows(1);
    expect(row).toMatchObject({ up: 0, down: 1 });
  });

  it('counts two presses at once as one vote', async () => {
    const { message, ids } = await ask();
    const first = harness.fake.sendInteraction(buttonInteraction(ids.get('👎') ?? '', message));
    const second = harness.fake.sendInteraction(buttonInteraction(ids.get('👎') ?? '', message));
    const texts = [contentOf(await waitForCallback(harness.fake, first)), contentOf(await waitForCallback(harness.fake, second))];
    expect(texts.filter((t) => t.includes('already'))).toHaveLength(1);
    expect((await log.reportRows(1))[0]).toMatchObject({ down: 1 });
  });

  it('asks why after a 👎 in a modal, and stores the reason with the vote', async () => {
    const { message, ids } = await ask();
    const { callback } = await press(ids.get('👎') ?? '', message);
    const why = rowsOf(bodyOf(callback))[0]?.components.find((c) => c.label === 'Say why…');
    expect(why).toBeDefined();
    expect(JSON.stringify(rowsOf(bodyOf(callback)))).not.toContain('Mark the right passage');
    const { callback: modal } = await press(why?.custom_id ?? '', message);
    expect(bodyOf(modal)).toMatchObject({ type: 9 });
    expect(JSON.stringify(bodyOf(modal))).toContain('wrong-passage');
    const modalId = String((bodyOf(modal)['data'] as Record<string, unknown>)['custom_id']);
    const submitted = harness.fake.sendInteraction(modalSubmitInteraction(modalId, { select: { reason: ['outdated'] }, text: { details: 'The figure changed in 2025' } }, message));
    const saved = await waitForCallback(harness.fake, submitted);
    expect(bodyOf(saved)['type']).toBe(7);
    expect(contentOf(saved)).toContain('noted: outdated, with your words');
    expect((await log.reportRows(1))[0]?.reasons).toEqual(['outdated: The figure changed in 2025']);
  });

  it('offers "This should be answerable" under a refusal', async () => {
    harness.answers.respond = (question) => answerWith(question, [], [passageOf('Disputes shall', 4)]);
    const { message, ids } = await ask('Who won the 1998 World Cup?');
    expect([...ids.keys()]).toEqual(['This should be answerable']);
    const { callback } = await press(ids.get('This should be answerable') ?? '', message);
    expect(contentOf(callback)).toContain('moderators will see');
    expect((await log.reportRows(1))[0]).toMatchObject({ answered: false, missing: 1 });
  });

  it('says plainly that an answer is gone when its id is not in the log, and records nothing', async () => {
    const { message } = await ask();
    const { callback } = await press('fb:down:AAAAAAAAAAAA', message);
    expect(contentOf(callback)).toContain('no longer have that answer');
    expect(contentOf(callback)).toContain('90 days');
    expect((await log.reportRows(1)).every((r) => r.down === 0)).toBe(true);
  });
});

describe('labelling and /report', () => {
  it('lets a moderator mark the right passage of a down-voted answer, then lists it in /report with a CSV', async () => {
    const { message, ids } = await ask();
    await press(ids.get('👎') ?? '', message);
    const { callback } = await press(ids.get('👎') ?? '', message, 'admin');
    const mark = rowsOf(bodyOf(callback))[0]?.components.find((c) => c.label === 'Mark the right passage');
    expect(mark).toBeDefined();
    const { callback: chooser } = await press(mark?.custom_id ?? '', message, 'admin');
    expect(contentOf(chooser)).toContain('Which passage answers');
    expect(contentOf(chooser)).toContain('Each Party shall designate a contact point');
    const menu = rowsOf(bodyOf(chooser))[0]?.components[0];
    expect(menu?.options?.map((o) => o.value)).toEqual(['1', '2', '3', '4', 'none']);
    const picked = harness.fake.sendInteraction(selectInteraction(menu?.custom_id ?? '', ['3'], message, { as: 'admin' }));
    const labelled = await waitForCallback(harness.fake, picked);
    expect(bodyOf(labelled)['type']).toBe(7);
    expect(contentOf(labelled)).toContain('Labelled: passage 3');

    const report = harness.fake.sendInteraction(commandInteraction('report', [], { as: 'admin' }));
    const edit = await waitForEdit(harness.fake, report, 'accord-report-30d.csv');
    expect(bodyOf(await waitForCallback(harness.fake, report))).toMatchObject({ type: 5, data: { flags: 64 } });
    const raw = String(edit.body);
    expect(raw).toContain('Most down-voted answers');
    expect(raw).toContain('1. \\"What statistics are shared?\\": 👎 2 · 👍 0 · quoted: data-sharing.md');
    expect(raw).toContain('labelled: passage 3');
    expect(raw).toContain('down-voted,What statistics are shared?,,,,2,0,,data-sharing.md');

    // /report's menu leads to the same chooser.
    const payload = JSON.parse(raw.slice(raw.indexOf('{"content"'), raw.lastIndexOf('}') + 1)) as Record<string, unknown>;
    const menu2 = (payload['components'] as Row[])[0]?.components[0];
    const chosen = harness.fake.sendInteraction(selectInteraction(menu2?.custom_id ?? '', [ids.get('👎')?.replace('fb:down:', '') ?? ''], message, { as: 'admin' }));
    const chooser2 = await waitForCallback(harness.fake, chosen);
    expect(contentOf(chooser2)).toContain('It is labelled already');
  });

  it('still says the reason was noted when the private message it sits on is gone', async () => {
    const { message, ids } = await ask();
    await press(ids.get('👎') ?? '', message);
    harness.fake.overrides.push({
      match: (r) => r.path.endsWith('/callback') && (r.body as Record<string, unknown>)['type'] === 7,
      reply: { status: 404, body: { message: 'Unknown Message', code: 10008 } },
    });
    const modalId = ids.get('👎')?.replace('fb:down:', 'fb:reason:') ?? '';
    const submitted = harness.fake.sendInteraction(modalSubmitInteraction(modalId, { select: { reason: ['incomplete'] }, text: { details: '' } }, message));
    const reply = await harness.fake.waitForRequest((r) => r.path.includes(String(submitted['token'])) && (r.body as Record<string, unknown>)['type'] === 4);
    expect(contentOf(reply)).toContain('noted: incomplete');
    expect((await log.reportRows(1))[0]?.reasons).toEqual(['incomplete']);
  });

  it('refuses labelling and /report to members who are not moderators', async () => {
    const { message, ids } = await ask();
    const mark = ids.get('👎')?.replace('fb:down:', 'fb:mark:') ?? '';
    expect(contentOf((await press(mark, message)).callback)).toContain('Only moderators');
    const report = harness.fake.sendInteraction(commandInteraction('report', []));
    expect(contentOf(await waitForCallback(harness.fake, report))).toContain('Only moderators can use /report');
    const dm = harness.fake.sendInteraction(commandInteraction('report', [], { as: 'dm' }));
    expect(contentOf(await waitForCallback(harness.fake, dm))).toContain("home server");
  });
});
