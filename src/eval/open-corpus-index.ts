import path from 'node:path';
import { indexSettings } from '../app/create-services.js';
import type { Config } from '../config.js';
import { AccordError } from '../errors.js';
import { IndexManager } from '../index/index-manager.js';
import type { LoadedVersion } from '../index/index-store.js';
import type { Embedder } from '../retrieval/embedder.js';
import { cacheKey } from './eval-sets.js';

/**
 * The index of a benchmark corpus, built (or updated) in the evaluation cache, never in INDEX_DIR: evaluating must
 * not change what the bot serves. Built with vectors when a model is given, so both modes can run on it.
 */
export async function openCorpusIndex(config: Config, name: string, corpusDir: string, embedder: Embedder | null): Promise<LoadedVersion> {
  const indexDir = path.join(config.evalCacheDir, 'indexes', cacheKey(`${name}-${embedder?.modelId ?? 'lexical'}`, corpusDir));
  const manager = new IndexManager({ ...indexSettings(config), corpusDir, indexDir, maxFileBytes: Math.max(config.maxFileBytes, 20_000_000) }, async () => {});
  const result = await manager.reindex(embedder);
  if (result.status === 'done') return result.loaded;
  if (result.status === 'busy') throw new AccordError(`Another process is building the evaluation index in ${indexDir}.`, { hint: 'Run the evaluation again once it is done.' });
  const loaded = await manager.loadCurrent();
  if (loaded === null) throw new AccordError(`The evaluation index in ${indexDir} has no current version.`, { hint: `Delete ${indexDir} and run again.` });
  return loaded;
}
