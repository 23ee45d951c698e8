import type { Config } from '../config.js';
import type { IndexManagerSettings } from '../index/index-manager.js';
import { DEFAULT_CHUNKING } from '../index/process-document.js';

/** Where the corpus and index live and how to build, from the configuration. */
export function indexSettings(config: Config): IndexManagerSettings {
  return {
    corpusDir: config.corpusDir,
    indexDir: config.indexDir,
    projectRoot: config.projectRoot,
    maxFileBytes: config.maxFileBytes,
    chunking: DEFAULT_CHUNKING,
    hnsw: config.hnsw,
    quantized: config.embedding.quantized,
    batchSize: config.embedding.batchSize,
  };
}
