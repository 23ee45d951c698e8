import type { ReindexOutcome } from '../bot/ports.js';
import type { BuildResult } from '../index/build-index.js';

/** The facts of a build that the CLI prints and the bot shows. */
export function summarize(build: BuildResult): Extract<ReindexOutcome, { status: 'done' }>['summary'] {
  const { version, added, changed, removed, unchanged, skipped, passages, durationMs, mode } = build;
  return { version, added, changed, removed, unchanged, skipped, passages, durationMs, mode };
}
