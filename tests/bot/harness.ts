import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { BotConfig } from '../../src/config.js';
import { createBot, type Bot } from '../../src/bot/create-bot.js';
import type { Clock } from '../../src/bot/clock.js';
import type { QuestionLog } from '../../src/feedback/question-log.js';
import { FakeDiscord, type RecordedRequest } from './fake-discord.js';
import { FakeAnswerService, FakeModeration } from './fake-services.js';
import { ids } from './fake-payloads.js';

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(public nowMs = Date.UTC(2026, 0, 1, 12)) {}
  now(): number {
    return this.nowMs;
  }
  advance(ms: number): void {
    this.nowMs += ms;
  }
}

export interface Harness {
  readonly fake: FakeDiscord;
  readonly bot: Bot;
  readonly answers: FakeAnswerService;
  readonly moderation: FakeModeration;
  /** Every log line the bot wrote, parsed. */
  readonly logs: Record<string, unknown>[];
  close(): Promise<void>;
}

/** The bot token every bot test logs in with: no output of any test may contain it (tests/setup/no-token-in-output.ts). */
export const TEST_BOT_TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.fake00.not-a-real-token-for-tests';

/** Bot settings for the fake Discord at `apiUrl`: a token of the right shape, the fake's ids, a moderator role. */
export function testBotConfig(apiUrl: string, rateLimitPerMinute = 100): BotConfig {
  return {
    token: TEST_BOT_TOKEN,
    applicationId: ids.bot,
    guildId: ids.guild,
    moderatorRoleIds: [ids.moderatorRole],
    apiUrl,
    rateLimitPerMinute,
    healthPort: undefined,
    healthHost: '127.0.0.1',
  };
}

/** Starts the fake Discord and a real bot logged in to it; `close()` stops both. */
export async function startHarness(options: { clock?: Clock; rateLimitPerMinute?: number; questionLog?: QuestionLog; config?: Partial<BotConfig> } = {}): Promise<Harness> {
  const fake = await FakeDiscord.start();
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line !== '') logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const config = { ...testBotConfig(fake.apiUrl, options.rateLimitPerMinute), ...options.config };
  const answers = new FakeAnswerService();
  const moderation = new FakeModeration();
  const bot = createBot({
    answers, moderation, config, logger: pino({ level: 'debug' }, sink),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.questionLog === undefined ? {} : { questionLog: options.questionLog }),
  });
  try {
    await bot.start();
  } catch (error: unknown) {
    await bot.stop();
    await fake.close();
    throw error;
  }
  return {
    fake, bot, answers, moderation, logs,
    async close() {
      await bot.stop();
      await fake.close();
      // Every bot test greps what the bot logged for its token (issue 12: a secret that stays secret).
      if (JSON.stringify(logs).includes(config.token)) throw new Error('the bot token appeared in the log');
    },
  };
}

/** The JSON body of a recorded request, as an object. */
export function bodyOf(request: RecordedRequest): Record<string, unknown> {
  return request.body as Record<string, unknown>;
}

/** Requests that carry message content to Discord: replies, edits, follow-ups, channel messages. */
export function isMessageSending(request: RecordedRequest): boolean {
  if (request.method === 'POST' && request.path.endsWith('/callback')) return [4, 7].includes(bodyOf(request)['type'] as number);
  if (request.method === 'PATCH' && request.path.startsWith('/webhooks/')) return true;
  if (request.method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(request.path)) return true;
  return request.method === 'POST' && /^\/channels\/\d+\/messages$/.test(request.path);
}

/** The message payload a message-sending request carries (the callback's `data`, or the body itself). */
export function messageOf(request: RecordedRequest): Record<string, unknown> {
  const body = bodyOf(request);
  return request.path.endsWith('/callback') ? (body['data'] as Record<string, unknown>) : body;
}

/** Embed description text with the escaping backslashes and block-quote markers removed. */
export function unescapeDiscord(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/^> /, ''))
    .join('\n')
    .replaceAll(/\\(.)/g, '$1');
}

/** Waits for an edit of the interaction's original reply whose content or embed text contains `text`. */
export function waitForEdit(fake: FakeDiscord, interaction: Record<string, unknown>, text: string, timeoutMs = 5_000): Promise<RecordedRequest> {
  const token = String(interaction['token']);
  return fake.waitForRequest((r) => r.method === 'PATCH' && r.path.endsWith(`${token}/messages/@original`) && JSON.stringify(r.body).includes(text), timeoutMs);
}

/** Waits for the interaction's callback (its first answer: a reply, a deferral or autocomplete choices). */
export function waitForCallback(fake: FakeDiscord, interaction: Record<string, unknown>): Promise<RecordedRequest> {
  const token = String(interaction['token']);
  return fake.waitForRequest((r) => r.method === 'POST' && r.path.endsWith(`${token}/callback`));
}

/** The text content of a message-sending request. */
export function contentOf(request: RecordedRequest): string {
  return String(messageOf(request)['content'] ?? '');
}
