import type { ReindexSummary } from '../bot/ports.js';
import type { Config } from '../config.js';
import type { BuildProgress } from '../index/build-index.js';
import type { AdoptableVersion } from '../index/adopt-version.js';

/**
 * What the bot asks of a reindex process: the whole configuration (plain values, no secrets: the Discord token
 * lives in BotConfig) and the model the bot answers with, or null for a lexical index.
 */
export interface ReindexJob {
  readonly config: Config;
  /** The model's id and dimensions, named up front so that a reindex with nothing to embed never loads it. */
  readonly model: { readonly id: string; readonly dimensions: number } | null;
}

/** What a finished reindex process reports. `pid` is the process that built it (never the bot's). */
export interface ReindexWorkerResult {
  readonly status: 'done' | 'unchanged';
  readonly summary: ReindexSummary;
  /** The version that is now current, as the process checked it: what the bot loads. */
  readonly version: AdoptableVersion;
  readonly pid: number;
}

/** A failure inside the reindex: `accord` is true when it is an AccordError (its message is for the moderator). */
export interface ReindexFailure {
  readonly message: string;
  readonly hint: string | undefined;
  readonly accord: boolean;
}

/** From the bot to the reindex host, and from the host to each reindex worker. */
export type ToReindexProcess = { readonly type: 'reindex'; readonly job: ReindexJob };

/**
 * From a reindex worker to the host, relayed by the host to the bot (with `started` and `unavailable` from the
 * host; each process says `ready` once, which the host does not relay).
 */
export type FromReindexProcess =
  /** The process is up: the host takes jobs, a worker takes its job. */
  | { readonly type: 'ready' }
  /** The host started a worker for the job, and the worker is up. */
  | { readonly type: 'started'; readonly pid: number }
  /** The host could not start a worker (the fork failed, or the worker stopped before it was up): `reason` says how. */
  | { readonly type: 'unavailable'; readonly reason: string }
  | { readonly type: 'progress'; readonly progress: BuildProgress }
  | { readonly type: 'finished'; readonly result: ReindexWorkerResult }
  | ({ readonly type: 'failed' } & ReindexFailure);
