import { Client, Events, GatewayIntentBits, Partials } from 'discord.js';
import type { Logger } from 'pino';
import type { BotConfig } from '../config.js';
import { QuestionLog } from '../feedback/question-log.js';
import { describeError } from '../errors.js';
import type { AnswerService } from '../retrieval/answer-service.js';
import type { BotContext } from './bot-context.js';
import type { Clock } from './clock.js';
import type { Command } from './command.js';
import { commands } from './commands/index.js';
import { backoffDelayMs, connectWithBackoff, unreachableMessage } from './connect-with-backoff.js';
import { handleInteraction } from './handle-interaction.js';
import { handleMessage } from './handle-message.js';
import { noPings } from './message-options.js';
import type { Moderation } from './ports.js';
import { SlidingWindowRateLimiter } from './rate-limiter.js';
import { RecentAnswers } from './recent-answers.js';
import { errorSerializersFor } from './serialize-error.js';

export interface BotDependencies {
  readonly answers: AnswerService;
  readonly moderation: Moderation;
  readonly config: BotConfig;
  /** Errors logged through it are redacted (`serializeError`) whatever serializers it was created with. */
  readonly logger: Logger;
  /** Defaults to the system clock. */
  readonly clock?: Clock;
  /** Defaults to a disabled log: no feedback buttons, nothing written. */
  readonly questionLog?: QuestionLog;
}

export interface Bot {
  readonly client: Client;
  /** Whether the gateway connection is up (ready or resumed, and not dropped since). For the health check. */
  connected(): boolean;
  /** Logs in and resolves once the client is ready (every guild received). */
  start(): Promise<void>;
  /** Disconnects from Discord. */
  stop(): Promise<void>;
}

/** How many recent answers keep a working "More sources" button. */
const RECENT_ANSWERS = 500;
const RATE_WINDOW_MS = 60_000;

/**
 * Builds the discord.js client and wires the handlers. No privileged intent is needed: Discord delivers the
 * content of messages that mention the bot, and of DMs, without Message Content. `Partials.Channel` lets DMs
 * arrive for channels not yet cached.
 */
export function createBot(dependencies: BotDependencies): Bot {
  const { config } = dependencies;
  // A child's serializers override its parent's, so tokens stay out of the log even with a logger built elsewhere.
  const logger = dependencies.logger.child({}, { serializers: errorSerializersFor([config.token]) });
  const clock = dependencies.clock ?? { now: () => Date.now() };
  const context: BotContext = {
    ...dependencies,
    logger,
    clock,
    rateLimiter: new SlidingWindowRateLimiter({ limit: config.rateLimitPerMinute, windowMs: RATE_WINDOW_MS, clock }),
    recentAnswers: new RecentAnswers(RECENT_ANSWERS),
    startedAtMs: clock.now(),
    questionLog: dependencies.questionLog ?? QuestionLog.disabled({ retentionDays: 90, storeUserIds: false, logger, now: () => clock.now() }),
  };
  const byName = new Map<string, Command>(commands.map((command) => [command.data.name, command]));
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
    rest: { api: config.apiUrl },
    allowedMentions: noPings(),
  });
  client.on(Events.InteractionCreate, (interaction) => void handleInteraction(interaction, context, byName));
  client.on(Events.MessageCreate, (message) => {
    if (client.user !== null) void handleMessage(message, context, client.user.id);
  });
  client.on(Events.Error, (error) => logger.error({ err: error }, 'Discord client error'));
  client.on(Events.Warn, (warning) => logger.warn({ warning }, 'Discord client warning'));

  // Unattended operation (issue 12): discord.js resumes a dropped gateway by itself; when it gives up on a shard,
  // or the first login cannot reach Discord, the bot logs in again with backoff instead of exiting.
  let connected = false;
  let stopping = false;
  let reconnecting = false;
  const wake = new AbortController();
  const sleep = (ms: number) => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake.signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
  const login = async () => {
    // A first login ends in ClientReady; a login after a destroy only in ShardReady (the client counts as ready already).
    const ready = new Promise<void>((resolve) => {
      client.once(Events.ClientReady, () => resolve());
      client.once(Events.ShardReady, () => resolve());
    });
    try {
      await client.login(config.token);
    } catch (error: unknown) {
      await client.destroy().catch(() => {});
      throw error;
    }
    await ready;
    connected = true;
  };
  const connect = () =>
    connectWithBackoff(login, {
      sleep,
      stopped: () => stopping,
      onRetry: (error, delayMs, attempt) => logger.warn({ attempt: attempt + 1, code: (error as { code?: unknown }).code }, unreachableMessage(config.apiUrl, error, delayMs)),
    });
  client.on(Events.ShardReady, () => {
    connected = true;
  });
  client.on(Events.ShardResume, () => {
    connected = true;
    logger.info('gateway connection resumed');
  });
  client.on(Events.ShardReconnecting, () => {
    connected = false;
    logger.warn('gateway connection lost: reconnecting');
  });
  client.on(Events.ShardDisconnect, (event, shardId) => {
    connected = false;
    logger.warn({ code: event.code, shardId }, 'gateway disconnected');
    if (stopping || reconnecting) return;
    reconnecting = true;
    void (async () => {
      try {
        await client.destroy();
        await sleep(backoffDelayMs(0));
        await connect();
        if (!stopping) logger.info('reconnected to Discord');
      } catch (error: unknown) {
        logger.fatal({ err: error }, describeError(error));
      } finally {
        reconnecting = false;
      }
    })();
  });

  return {
    client,
    connected: () => connected,
    async start() {
      await connect();
      logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'bot ready');
    },
    async stop() {
      stopping = true;
      wake.abort();
      await client.destroy();
    },
  };
}
