import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createBot, type Bot } from '../../src/bot/create-bot.js';
import { commandInteraction } from './fake-interactions.js';
import { FakeDiscord } from './fake-discord.js';
import { FakeAnswerService, FakeModeration } from './fake-services.js';
import { testBotConfig, TEST_BOT_TOKEN, waitForCallback } from './harness.js';

let fake: FakeDiscord;
let bot: Bot;
let logs: Record<string, unknown>[];

afterEach(async () => {
  await bot.stop();
  await fake.close();
  expect(JSON.stringify(logs)).not.toContain(TEST_BOT_TOKEN);
});

async function setUp(): Promise<void> {
  fake = await FakeDiscord.start();
  logs = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line !== '') logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  bot = createBot({ answers: new FakeAnswerService(), moderation: new FakeModeration(), config: testBotConfig(fake.apiUrl), logger: pino({ level: 'debug' }, sink) });
}

const answersAgain = async () => {
  const callback = await waitForCallback(fake, fake.sendInteraction(commandInteraction('sources', [])));
  expect(JSON.stringify(callback.body)).toContain('documents in the corpus');
};

describe('connecting to Discord', () => {
  it('says what to check when Discord cannot be reached at start-up, and keeps trying with backoff', async () => {
    await setUp();
    fake.refuseRequests = true;
    const starting = bot.start();
    await expect.poll(() => logs.filter((l) => String(l['msg']).startsWith('Could not reach Discord')).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const [first, second] = logs.filter((l) => String(l['msg']).startsWith('Could not reach Discord'));
    expect(first?.['msg']).toMatch(new RegExp(`^Could not reach Discord at ${fake.apiUrl} \\(.+\\)\\. Check the network connection, DNS and any proxy or firewall \\(and DISCORD_API_URL, if set\\)\\. Trying again in 1 s\\.$`));
    expect(second?.['msg']).toContain('Trying again in 2 s.');
    expect(JSON.stringify(logs)).not.toContain('"stack"');
    fake.refuseRequests = false;
    await starting;
    expect(bot.connected()).toBe(true);
    await answersAgain();
  }, 30_000);

  it('logs in again when discord.js gives up on the gateway, instead of going silent', async () => {
    await setUp();
    await bot.start();
    fake.gateway.closeConnections(4010);
    await expect.poll(() => fake.gateway.log.identifies.length, { timeout: 15_000 }).toBe(2);
    await expect.poll(() => bot.connected(), { timeout: 5_000 }).toBe(true);
    await answersAgain();
    expect(logs.map((l) => l['msg'])).toContain('reconnected to Discord');
  }, 30_000);

  it('rides out a dropped connection by resuming, and says so in the log', async () => {
    await setUp();
    await bot.start();
    fake.gateway.dropConnections();
    await expect.poll(() => fake.gateway.log.resumes, { timeout: 15_000 }).toBe(1);
    await expect.poll(() => bot.connected(), { timeout: 5_000 }).toBe(true);
    await answersAgain();
    expect(logs.map((l) => l['msg'])).toEqual(expect.arrayContaining(['gateway connection lost: reconnecting', 'gateway connection resumed']));
  }, 30_000);
});
