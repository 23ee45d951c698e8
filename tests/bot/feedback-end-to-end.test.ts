import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccordServices, type AccordServices } from '../../src/app/create-services.js';
import { createBot, type Bot } from '../../src/bot/create-bot.js';
import { loadConfig } from '../../src/config.js';
import { openQuestionLog } from '../../src/feedback/open-question-log.js';
import type { QuestionLog } from '../../src/feedback/question-log.js';
import { FakeDiscord } from './fake-discord.js';
import { buttonInteraction, commandInteraction, modalSubmitInteraction, option, selectInteraction } from './fake-interactions.js';
import { bodyOf, contentOf, messageOf, testBotConfig, waitForCallback, waitForEdit } from './harness.js';

/**
 * The whole feedback loop on the real things: discord.js against the fake Discord, the real services over the seed
 * corpus, the SQLite question log on disk, and the CLI (`feedback export`, then `eval`) in child processes.
 */
const run = promisify(execFile);
const QUESTION = 'How many Piorun systems is Belgium buying?';
let tmp: string;
let env: Record<string, string>;
let fake: FakeDiscord;
let services: AccordServices;
let log: QuestionLog;
let bot: Bot;

async function cli(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: process.cwd(), env: { ...process.env, ...env } });
  return stdout;
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'accord-feedback-e2e-'));
  await cp(path.resolve('corpus'), path.join(tmp, 'corpus'), { recursive: true });
  env = {
    CORPUS_DIR: path.join(tmp, 'corpus'), INDEX_DIR: path.join(tmp, 'index'), DATA_DIR: path.join(tmp, 'data'), EVAL_CACHE_DIR: path.join(tmp, 'eval'),
    QUESTION_LOG: 'on', RETRIEVAL_MODE: 'lexical', LOG_LEVEL: 'silent',
  };
  const config = loadConfig(env, process.cwd());
  const logger = pino({ level: 'silent' });
  services = await createAccordServices(config, logger);
  log = openQuestionLog(config, logger);
  fake = await FakeDiscord.start();
  bot = createBot({ answers: services.answers, moderation: services.moderation, config: testBotConfig(fake.apiUrl), logger, questionLog: log });
  await bot.start();
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  log?.close();
  await services?.close();
  await rm(tmp, { recursive: true, force: true });
});

type Row = { components: { custom_id?: string; emoji?: { name: string }; label?: string }[] };
const components = (payload: Record<string, unknown>) => ((payload['components'] ?? []) as Row[]).flatMap((r) => r.components);

describe('from a question to an evaluation line', () => {
  it('takes a 👎 with a reason and a moderator label to /report, then to a line npm run eval scores', async () => {
    const asked = fake.sendInteraction(commandInteraction('ask', [option.string('question', QUESTION)]));
    const answer = messageOf(await waitForEdit(fake, asked, 'embeds', 15_000));
    const message = fake.originals.get(String(asked['token'])) ?? {};
    const down = components(answer).find((c) => c.emoji?.name === '👎')?.custom_id ?? '';
    const answerId = down.replace('fb:down:', '');

    // A member: 👎, then the reason in the modal.
    const voted = fake.sendInteraction(buttonInteraction(down, message));
    const why = components(bodyOf(await waitForCallback(fake, voted))['data'] as Record<string, unknown>).find((c) => c.label === 'Say why…');
    const opened = fake.sendInteraction(buttonInteraction(why?.custom_id ?? '', message));
    const modalId = String((bodyOf(await waitForCallback(fake, opened))['data'] as Record<string, unknown>)['custom_id']);
    const reason = fake.sendInteraction(modalSubmitInteraction(modalId, { select: { reason: ['wrong-passage'] }, text: { details: '' } }, message));
    expect(contentOf(await waitForCallback(fake, reason))).toContain('wrong passage quoted');

    // A moderator: marks the passage that holds the answer among the ranked ones.
    const candidates = await log.candidates(answerId);
    const right = candidates?.passages.find((p) => p.text.includes('between 200 and 300 Piorun systems'));
    expect(right).toBeDefined();
    const mark = fake.sendInteraction(buttonInteraction(`fb:mark:${answerId}`, message, { as: 'roleModerator' }));
    const chooser = bodyOf(await waitForCallback(fake, mark))['data'] as Record<string, unknown>;
    const pickId = components(chooser)[0]?.custom_id ?? '';
    const picked = fake.sendInteraction(selectInteraction(pickId, [String(right?.rank)], message, { as: 'roleModerator' }));
    expect(contentOf(await waitForCallback(fake, picked))).toContain(`Labelled: passage ${right?.rank}`);

    // /report lists it, with the reason, the quoted document and the label.
    const report = fake.sendInteraction(commandInteraction('report', [], { as: 'roleModerator' }));
    const shown = String((await waitForEdit(fake, report, 'Most down-voted answers', 10_000)).body);
    expect(shown).toContain(`${QUESTION.slice(0, -1)}?\\": 👎 1 · 👍 0 (wrong-passage) · quoted: belgium-poland-piorun-letter-of-intent.txt · labelled: passage ${right?.rank}`);

    // The CLI: export, then eval on the exported file.
    const out = path.join(tmp, 'labelled.jsonl');
    await cli('feedback', 'export', '--out', out);
    const lines = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([{ id: `fb-${answerId}`, kind: 'single', question: QUESTION, evidence: right?.sentences }]);
    const { results } = JSON.parse(await cli('eval', out, '--json')) as { results: { all: Record<string, number> }[] };
    expect(results).toHaveLength(1);
    expect(results[0]?.all).toMatchObject({ questions: 1, answerable: 1, hitAt1: 1, firstQuoteAccuracy: 1, quoteVerbatimRate: 1 });
  }, 60_000);
});
