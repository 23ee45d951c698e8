import type { Logger } from 'pino';
import { AccordError } from '../errors.js';
import type { IndexManager } from '../index/index-manager.js';
import type { LoadedVersion } from '../index/index-store.js';
import { isReindexBusy } from '../index/reindex-lock.js';
import type { Embedder } from '../retrieval/embedder.js';

export interface WaitOptions {
  /** How long to wait for another process's build before giving up. */
  readonly timeoutMs: number;
  /** How often to look whether it has finished. */
  readonly pollMs: number;
}

/**
 * Ten minutes: a first build of the shipped corpus takes seconds, and one of a few thousand documents a few
 * minutes (README, Performance); a build that runs longer is better watched in its own terminal.
 */
export const DEFAULT_WAIT: WaitOptions = { timeoutMs: 10 * 60_000, pollMs: 500 };

/**
 * For a start with no index yet: builds it, or, when another process is building it already (the reindex lock
 * is held), waits for that build and loads its result, up to `timeoutMs` (issue 12: `ask` used to exit at once
 * with "Another process … is already reindexing"). Throws an AccordError when the wait runs out.
 */
export async function buildOrWaitForIndex(manager: IndexManager, embedder: Embedder | null, logger: Logger, options: WaitOptions = DEFAULT_WAIT): Promise<LoadedVersion> {
  const deadline = Date.now() + options.timeoutMs;
  let waiting = false;
  for (;;) {
    const current = await manager.loadCurrent();
    if (current !== null) return current;
    try {
      if (!waiting) logger.info('no index yet: building it');
      const result = await manager.reindex(embedder);
      if (result.status === 'done') return result.loaded;
      // 'unchanged' cannot happen without a current version; 'busy' is a build of this process: wait for it too.
    } catch (e: unknown) {
      if (!isReindexBusy(e)) throw e;
      if (!waiting) logger.warn({ reason: (e as AccordError).message }, 'waiting for that build to finish');
    }
    waiting = true;
    if (Date.now() + options.pollMs > deadline) {
      throw new AccordError(`There is no index yet, and another process's build did not finish within ${Math.round(options.timeoutMs / 1000)} s.`, {
        hint: 'Let that build finish (npm run index shows its progress), then start again.',
      });
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
  }
}
