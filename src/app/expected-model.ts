import type { Config } from '../config.js';
import type { ExpectedModel } from '../index/up-to-date.js';

/**
 * The model a build would embed with, named by the settings alone: enough to tell whether the current index is
 * up to date without loading the model. Null with RETRIEVAL_MODE=lexical.
 */
export function expectedModel(config: Config): ExpectedModel | null {
  const { mode, modelId, quantized } = config.embedding;
  return mode === 'lexical' ? null : { id: modelId, quantized };
}
