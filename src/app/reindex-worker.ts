/**
 * A reindex process: runs one whole reindex for the bot (scan, process, embed, BM25, HNSW, write, check, switch)
 * with the same IndexManager as `npm run index`, reports progress, then exits. Started per reindex by
 * reindex-host.ts, so a crash or a kill leaves nothing behind in the bot: the version is written to a
 * `.building-*` folder and only made current once checked, as always.
 */
import { AccordError, describeError } from '../errors.js';
import { IndexManager } from '../index/index-manager.js';
import { readManifest } from '../index/index-store.js';
import { adoptableOf } from '../index/adopt-version.js';
import { indexSettings, retrieverSettings, smokeCheck, summarize } from './create-services.js';
import { deferredEmbedder } from './deferred-embedder.js';
import { embedderOptions } from './load-embedder.js';
import type { FromReindexProcess, ReindexJob, ReindexWorkerResult, ToReindexProcess } from './reindex-protocol.js';

if (!process.send) throw new Error('reindex-worker runs only as a child process started by reindex-host');
const send = (message: FromReindexProcess, then: () => void = () => {}) => process.send?.(message, then);
// The host went away (the bot closed or crashed): nobody is left to serve what this would build.
process.on('disconnect', () => process.exit(0));

async function reindex(job: ReindexJob): Promise<ReindexWorkerResult> {
  const { config } = job;
  // The same model and options as the bot's questions (one onnxruntime thread with EMBEDDING_THREADS=auto: the
  // bot's answers keep the other core), so unchanged passages' vectors and new ones come from the same model.
  const embedder = job.model ? deferredEmbedder(job.model, embedderOptions(config, 'questions')) : null;
  const manager = new IndexManager(indexSettings(config), smokeCheck(embedder, retrieverSettings(config)));
  const result = await manager.reindex(embedder, (progress) => send({ type: 'progress', progress }));
  if (result.status === 'busy') throw new Error('a fresh reindex process found a reindex under way in itself');
  const manifest = result.status === 'done' ? result.loaded.manifest : await readManifest(config.indexDir, result.build.version);
  return { status: result.status, summary: summarize(result.build), version: adoptableOf(manifest), pid: process.pid };
}

process.once('message', (message: ToReindexProcess) => {
  if (message.type !== 'reindex') return;
  reindex(message.job).then(
    (result) => send({ type: 'finished', result }, () => process.exit(0)),
    (e: unknown) => {
      const accord = e instanceof AccordError;
      // Not one of Accord's own errors: a bug or a crash in a library. Its stack goes to the bot's stderr.
      if (!accord) console.error(e);
      send({ type: 'failed', message: accord ? e.message : describeError(e), hint: accord ? e.hint : undefined, accord }, () => process.exit(accord ? 0 : 1));
    },
  );
});

// Up: the host sends the job now (and counts an exit before this as a worker that could not start).
send({ type: 'ready' });
