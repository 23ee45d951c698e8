/**
 * `npm start`: the composition root. Settings are validated before anything heavy is loaded, so a missing or
 * malformed token stops the process at once with a clear message; the services are warmed up before login,
 * so the first question is as fast as the rest.
 */
import { loadDotEnv } from '../config.js';
import { AccordError, describeError } from '../errors.js';
import { loadSettings } from './load-settings.js';

/**
 * Sentences embedded ahead of questions at start and after each reindex: half the retriever's sentence cache, about
 * the seed corpus forty times over (each is one short text through the model, in the background).
 */
const SENTENCES_AHEAD = 25_000;

function exitWith(error: unknown): never {
  console.error(error instanceof AccordError ? error.describe() : describeError(error));
  process.exit(1);
}

let settings: ReturnType<typeof loadSettings>;
try {
  loadDotEnv();
  settings = loadSettings();
} catch (error: unknown) {
  exitWith(error);
}

const { config, botConfig } = settings;
const { pino } = await import('pino');
const { errorSerializersFor } = await import('./serialize-error.js');
const { redactSecrets } = await import('../redact-secrets.js');
const { humanLogStream } = await import('../human-log.js');
// JSON lines unless LOG_FORMAT=human; every line passes through the token redaction, whatever logged it (issue 12).
const logger = pino(
  { level: config.logLevel ?? 'info', serializers: errorSerializersFor([botConfig.token]), hooks: { streamWrite: (line) => redactSecrets(line, [botConfig.token]) } },
  config.logFormat === 'human' ? humanLogStream() : process.stdout,
);
const { createAccordServices } = await import('../app/create-services.js');
const { createBot } = await import('./create-bot.js');
const { BotMetrics } = await import('./metrics.js');
const services = await createAccordServices(config, logger, { reindexInChildProcess: true }).catch(exitWith);
const { openQuestionLog } = await import('../feedback/open-question-log.js');
const questionLog = openQuestionLog(config, logger);
const metrics = new BotMetrics();
const answers = metrics.watchAnswers(services.answers);
const bot = createBot({ answers, moderation: metrics.watchModeration(services.moderation), config: botConfig, logger, questionLog });
let health: { close(): Promise<void> } | undefined;
if (botConfig.healthPort !== undefined) {
  const { startHealthServer } = await import('./health-server.js');
  const sources = { connected: () => bot.connected(), indexStatus: () => answers.status(), metrics };
  health = await startHealthServer(sources, botConfig.healthHost, botConfig.healthPort).catch(exitWith);
  logger.info({ url: `http://${botConfig.healthHost}:${botConfig.healthPort}` }, 'health endpoint listening: /healthz and /metrics');
}

async function shutdown(reason: string, exitCode: number): Promise<void> {
  logger.info({ reason }, 'shutting down');
  setTimeout(() => process.exit(1), 10_000).unref();
  await bot.stop().catch((error: unknown) => logger.error({ err: error }, 'could not disconnect from Discord'));
  await health?.close();
  await services.close().catch((error: unknown) => logger.error({ err: error }, 'could not close the services'));
  questionLog.close();
  process.exit(exitCode);
}
process.once('SIGINT', (signal) => void shutdown(signal, 0));
process.once('SIGTERM', (signal) => void shutdown(signal, 0));

try {
  await services.warmUp();
  await bot.start();
  // Hybrid mode: the corpus's sentences are embedded in the background, so that questions find them ready.
  void services.answers.embedSentencesAhead(SENTENCES_AHEAD).then((n) => {
    if (n > 0) logger.info({ sentences: n }, 'corpus sentences embedded ahead of questions');
  });
} catch (error: unknown) {
  // An AccordError (a rejected token) says what to do; a stack trace would only bury it.
  if (error instanceof AccordError) logger.fatal(error.describe());
  else logger.fatal({ err: error }, describeError(error));
  await shutdown('start-up failed', 1);
}
