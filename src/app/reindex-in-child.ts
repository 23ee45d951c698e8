import type { Logger } from 'pino';
import type { ReindexOutcome, ReindexProgress } from '../bot/ports.js';
import type { Config } from '../config.js';
import { AccordError, describeError } from '../errors.js';
import { adoptVersion } from '../index/adopt-version.js';
import type { BuildProgress } from '../index/build-index.js';
import { eventLoopYielder } from '../index/yield-to-event-loop.js';
import type { LiveAnswerService } from './live-answer-service.js';
import { failedReindexOutcome } from './reindex-failure.js';
import { ReindexProcessUnavailable, type ReindexProcess } from './reindex-process.js';

/** Slices of the new version's loading: a question arriving meanwhile waits at most about this long for it. */
export const ADOPT_SLICE_MS = 4;

export const UP_TO_DATE_NOTICE = 'Nothing changed since the current version: the index is up to date.';

export interface ReindexInChild {
  reindex(onProgress: (progress: ReindexProgress) => void): Promise<ReindexOutcome>;
  /** The progress of the reindex under way, or null: a second one is told it, and rollback waits for it. */
  readonly running: BuildProgress | null;
}

/**
 * The bot's reindex: the whole build runs in another process (reindex-worker.ts, started by the reindex host), so
 * this process only relays progress and then loads the finished version in slices of a few milliseconds before
 * serving it. One at a time here (a second request is told how far the first is) and across processes (the
 * worker takes the index's lock file, as `npm run index` does). Should no reindex process start, `inProcess`
 * reindexes here as before, with a warning.
 */
export function reindexInChild(deps: {
  readonly process: ReindexProcess;
  readonly config: Config;
  readonly model: { readonly id: string; readonly dimensions: number } | null;
  readonly answers: LiveAnswerService;
  readonly logger: Pick<Logger, 'debug' | 'info' | 'warn'>;
  readonly inProcess: (onProgress: (progress: ReindexProgress) => void) => Promise<ReindexOutcome>;
}): ReindexInChild {
  const { config, answers, logger } = deps;
  let running: BuildProgress | null = null;
  const reindex = async (onProgress: (progress: ReindexProgress) => void): Promise<ReindexOutcome> => {
    if (running) return { status: 'busy', progress: running };
    running = { phase: 'reading', documentsRead: 0, documentsTotal: 0, passagesEmbedded: 0, passagesTotal: 0, elapsedMs: 0 };
    try {
      const result = await deps.process.run(
        { config, model: deps.model },
        (progress) => {
          running = progress;
          onProgress(progress);
        },
        (pid) => logger.info({ pid }, 'reindexing in a separate process'),
      );
      const notice = result.status === 'unchanged' ? { notice: UP_TO_DATE_NOTICE } : {};
      // Unchanged, and already served: nothing to load. (Another process, the CLI, may have moved CURRENT since.)
      if (result.status === 'unchanged' && answers.status().version === result.version.version) return { status: 'done', summary: { ...result.summary, ...notice } };
      logger.debug({ version: result.version.version, builtBy: result.pid }, 'loading the new index');
      const snapshot = await adoptVersion(config.indexDir, result.version, config.hnsw.efSearch, eventLoopYielder(ADOPT_SLICE_MS)).catch((e: unknown) => {
        const why = e instanceof AccordError ? e : new AccordError(describeError(e));
        throw new AccordError(`Version ${result.version.version} was built, checked and made current, but this bot could not load it: ${why.message}`, {
          hint: why.hint ?? 'Restart the bot to serve it, or roll back with /reindex rollback.',
        });
      });
      answers.serve(snapshot);
      logger.info({ version: result.version.version, builtBy: result.pid }, 'now serving the new index');
      return { status: 'done', summary: { ...result.summary, ...notice } };
    } catch (e: unknown) {
      if (e instanceof ReindexProcessUnavailable) {
        logger.warn({ error: describeError(e) }, 'no reindex process could be started: this reindex runs in the bot’s process, and questions may wait for its steps');
        running = null;
        return deps.inProcess(onProgress);
      }
      if (!(e instanceof AccordError)) throw e;
      logger.warn({ error: e.describe() }, 'the reindex failed: the bot still serves the version it served before');
      return failedReindexOutcome(answers.status(), e);
    } finally {
      running = null;
    }
  };
  return {
    reindex,
    get running() {
      return running;
    },
  };
}
