import { createRequire } from 'node:module';
import type * as Pino from 'pino';
import type { Logger } from 'pino';
import { loadConfig, loadDotEnv, type Config } from '../config.js';
import type { AccordServices } from '../app/create-services.js';
import { humanLogStream } from '../human-log.js';

/** What every CLI command starts from: validated settings and a logger that writes to stderr. */
export interface CliContext {
  readonly config: Config;
  readonly logger: Logger;
  services(): Promise<AccordServices>;
}

export function createCliContext(): CliContext {
  loadDotEnv();
  const config = loadConfig();
  // stdout carries answers and JSON; logs go to stderr, warnings and up unless LOG_LEVEL says otherwise.
  // Human-readable lines unless LOG_FORMAT=json (issue 12): a raw JSON line before an answer reads as a crash.
  // pino is loaded on first use (about 50 ms of a 0.6 s no-change `npm run index`, which logs nothing).
  let logger: Logger | undefined;
  const createLogger = (): Logger => {
    const { pino, destination } = createRequire(import.meta.url)('pino') as typeof Pino;
    return pino({ level: config.logLevel ?? 'warn' }, config.logFormat === 'json' ? destination(2) : humanLogStream());
  };
  let services: Promise<AccordServices> | undefined;
  // Imported on first use: commands that answer nothing (index when up to date, sources, corpus list) skip it.
  return {
    config,
    get logger() {
      return (logger ??= createLogger());
    },
    services: () => (services ??= import('../app/create-services.js').then((m) => m.createAccordServices(config, (logger ??= createLogger())))),
  };
}
