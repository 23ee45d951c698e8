import { VectorIndex } from '../../src/retrieval/vector-index.js';
import { elapsedMs, nowNs } from './timer.js';

/** What a fresh process measures when loading an index file: the bot's start-up cost. */
export interface LoadReply {
  readonly loadMs: number;
  readonly rssBeforeBytes: number;
  readonly rssAfterBytes: number;
}

// Child-process entry (fork): argv = [file, dims]. hnswlib-node is already imported, so only readIndex is timed.
const [file, dims] = process.argv.slice(2);
const rssBeforeBytes = process.memoryUsage.rss();
const start = nowNs();
const index = await VectorIndex.load(file ?? '', Number(dims), 64);
const loadMs = elapsedMs(start);
if (index.size === 0) throw new Error(`${file} loaded empty`);
process.send?.({ loadMs, rssBeforeBytes, rssAfterBytes: process.memoryUsage.rss() } satisfies LoadReply, () => process.disconnect());
