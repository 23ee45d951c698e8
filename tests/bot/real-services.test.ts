import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccordServices, type AccordServices } from '../../src/app/create-services.js';
import { createBot, type Bot } from '../../src/bot/create-bot.js';
import { loadConfig } from '../../src/config.js';
import { FakeDiscord } from './fake-discord.js';
import { commandInteraction, option } from './fake-interactions.js';
import { messageOf, testBotConfig, unescapeDiscord, waitForEdit } from './harness.js';

/**
 * The whole path: real discord.js against the fake Discord, the real services (corpus folder, index on disk,
 * the transformers.js loading path on the committed tiny model; reindexes in another process, as `npm start` runs
 * them), no fakes in between.
 */
let tmp: string;
let fake: FakeDiscord;
let services: AccordServices;
let bot: Bot;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'accord-e2e-'));
  await cp(path.resolve('corpus'), path.join(tmp, 'corpus'), { recursive: true });
  const config = loadConfig(
    {
      CORPUS_DIR: path.join(tmp, 'corpus'),
      INDEX_DIR: path.join(tmp, 'index'),
      EMBEDDING_MODEL: 'accord/tiny-bert',
      MODELS_DIR: path.resolve('tests/fixtures/tiny-model'),
      ALLOW_REMOTE_MODELS: 'false',
    },
    process.cwd(),
  );
  const logger = pino({ level: 'silent' });
  services = await createAccordServices(config, logger, { reindexInChildProcess: true });
  await services.warmUp();
  fake = await FakeDiscord.start();
  bot = createBot({ answers: services.answers, moderation: services.moderation, config: testBotConfig(fake.apiUrl), logger });
  await bot.start();
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await services?.close();
  await rm(tmp, { recursive: true, force: true });
});

async function ask(question: string): Promise<string> {
  const interaction = fake.sendInteraction(commandInteraction('ask', [option.string('question', question)]));
  const edit = await waitForEdit(fake, interaction, 'embeds', 15_000);
  const embed = (messageOf(edit)['embeds'] as Record<string, unknown>[])[0] ?? {};
  return `${unescapeDiscord(String(embed['description']))}\n${JSON.stringify(embed['footer'])}`;
}

describe('the bot on the real services', () => {
  it('answers in hybrid mode with the verbatim sentence from the corpus', async () => {
    const shown = await ask('How many Piorun systems is Belgium buying?');
    expect(shown).toContain('Under the agreement, Belgium is set to purchase between 200 and 300 Piorun systems.');
    expect(shown).toContain('hybrid');
  });

  it('quotes a document added with /corpus add after the reindex it triggers', async () => {
    const text = 'Estonia and Finland signed a maritime mine-clearing pact covering twelve vessels in the Gulf of Finland.\n';
    const attachment = fake.serveFile('baltic-mine-clearing.txt', new TextEncoder().encode(text), 'text/plain; charset=utf-8');
    const add = fake.sendInteraction(
      commandInteraction('corpus', [option.subcommand('add', [option.attachment('file', attachment.id), option.string('source', 'Test Wire')])], {
        as: 'roleModerator',
        attachments: [attachment],
      }),
    );
    await waitForEdit(fake, add, 'Reindex done', 30_000);
    const shown = await ask('How many vessels does the Estonia Finland mine-clearing pact cover?');
    expect(shown).toContain('Estonia and Finland signed a maritime mine-clearing pact covering twelve vessels in the Gulf of Finland.');
    expect(shown).toContain('Test Wire');
  });
});
