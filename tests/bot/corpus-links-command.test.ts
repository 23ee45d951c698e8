import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHtml } from '../../scripts/make-document-fixtures.js';
import { createAccordServices, type AccordServices } from '../../src/app/create-services.js';
import { createBot, type Bot } from '../../src/bot/create-bot.js';
import { loadConfig } from '../../src/config.js';
import { serve, startLocalSite, type LocalSite } from '../documents/local-site.js';
import { FakeDiscord } from './fake-discord.js';
import { commandInteraction, option } from './fake-interactions.js';
import { messageOf, testBotConfig, unescapeDiscord, waitForEdit } from './harness.js';

/**
 * `/corpus add url:` and `/corpus refresh` on the real services and real discord.js against the fake Discord, with
 * pages from a local site on 127.0.0.1: one bot allowed to reach 127.0.0.1 (FETCH_ALLOW_ADDRESSES), one on defaults.
 */
const PAGE = {
  title: 'Baltic Mine Clearing Pact',
  paragraphs: [
    'Estonia and Finland signed a maritime mine-clearing pact on Thursday covering twelve vessels in the Gulf of Finland.',
    'The navies of both countries will share sonar data and rotate the command of the joint squadron every six months.',
    'Officials said that the first joint patrol would leave Tallinn harbour before the end of the summer.',
  ],
};

interface Running {
  readonly tmp: string;
  readonly fake: FakeDiscord;
  readonly services: AccordServices;
  readonly bot: Bot;
}

let site: LocalSite;
let allowed: Running;
let defaults: Running;

async function startBot(env: Record<string, string>): Promise<Running> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'accord-links-'));
  await cp(path.resolve('corpus'), path.join(tmp, 'corpus'), { recursive: true });
  const config = loadConfig({ CORPUS_DIR: path.join(tmp, 'corpus'), INDEX_DIR: path.join(tmp, 'index'), RETRIEVAL_MODE: 'lexical', ...env }, process.cwd());
  const logger = pino({ level: 'silent' });
  const services = await createAccordServices(config, logger);
  const fake = await FakeDiscord.start();
  const bot = createBot({ answers: services.answers, moderation: services.moderation, config: testBotConfig(fake.apiUrl), logger });
  await bot.start();
  return { tmp, fake, services, bot };
}

async function stopBot(running: Running | undefined): Promise<void> {
  await running?.bot.stop();
  await running?.fake.close();
  await running?.services.close();
  if (running) await rm(running.tmp, { recursive: true, force: true });
}

beforeAll(async () => {
  site = await startLocalSite({ '/news/baltic-mine-clearing': serve('text/html; charset=utf-8', makeHtml(PAGE, { site: 'Baltic Wire', date: '2025-06-05' })) });
  allowed = await startBot({ FETCH_ALLOW_ADDRESSES: '127.0.0.1' });
  defaults = await startBot({});
}, 60_000);

afterAll(async () => {
  await stopBot(allowed);
  await stopBot(defaults);
  await site?.close();
});

function corpusCommand(running: Running, subcommand: string, options: Parameters<typeof option.subcommand>[1] = []) {
  return running.fake.sendInteraction(commandInteraction('corpus', [option.subcommand(subcommand, options)], { as: 'roleModerator' }));
}

async function ask(running: Running, question: string): Promise<string> {
  const interaction = running.fake.sendInteraction(commandInteraction('ask', [option.string('question', question)]));
  const edit = await waitForEdit(running.fake, interaction, 'embeds', 15_000);
  const embed = (messageOf(edit)['embeds'] as Record<string, unknown>[])[0] ?? {};
  return unescapeDiscord(String(embed['description']));
}

describe('/corpus add url: and /corpus refresh', () => {
  it('adds a page from a link, then quotes it with its site and date', async () => {
    const add = corpusCommand(allowed, 'add', [option.string('url', `${site.origin}/news/baltic-mine-clearing`)]);
    const done = await waitForEdit(allowed.fake, add, 'Reindex done', 30_000);
    expect(JSON.stringify(done.body)).toContain('Added baltic-mine-clearing.html from');
    const shown = await ask(allowed, 'How many vessels does the Estonia Finland mine-clearing pact cover?');
    expect(shown).toContain(PAGE.paragraphs[0]);
    expect(shown).toContain('Baltic Wire, 2025-06-05');
  });

  it('refreshes: an unchanged page changes nothing, a changed one is reindexed and the summary says so', async () => {
    const unchanged = corpusCommand(allowed, 'refresh');
    await waitForEdit(allowed.fake, unchanged, 'Nothing changed, so the index was left as it is.', 15_000);
    const changedPage = { ...PAGE, paragraphs: [...PAGE.paragraphs, 'A third country, Latvia, asked on Friday to join the pact with four minesweepers of its own.'] };
    site.routes.set('/news/baltic-mine-clearing', serve('text/html; charset=utf-8', makeHtml(changedPage, { site: 'Baltic Wire', date: '2025-06-05' })));
    const changed = corpusCommand(allowed, 'refresh');
    const done = await waitForEdit(allowed.fake, changed, 'Reindex done', 30_000);
    expect(JSON.stringify(done.body)).toContain('1 changed, 0 unchanged, 0 failed');
    expect(JSON.stringify(done.body)).toMatch(/Changed \(1\)\*\*: baltic-mine-clearing\.html/);
    const reply = await ask(allowed, 'Which country asked on Friday to join the pact with four minesweepers?');
    expect(reply).toContain('Latvia, asked on Friday to join the pact');
  });

  it('refuses a loopback address on the default settings, and the corpus is untouched', async () => {
    const before = await readdir(path.join(defaults.tmp, 'corpus'));
    const add = corpusCommand(defaults, 'add', [option.string('url', `${site.origin}/news/baltic-mine-clearing`)]);
    await waitForEdit(defaults.fake, add, 'private, loopback or link-local address', 15_000);
    expect(await readdir(path.join(defaults.tmp, 'corpus'))).toEqual(before);
  });

  it('refuses a private address even where loopback is allowed, without connecting', async () => {
    const add = corpusCommand(allowed, 'add', [option.string('url', 'http://10.0.0.7/agreement.pdf')]);
    await waitForEdit(allowed.fake, add, 'it leads to 10.0.0.7', 15_000);
  });
});
