import type { Config } from '../config.js';
import { allowList } from '../index/links/check-address.js';
import type { LinkSettings } from '../index/links/corpus-links.js';
import { DEFAULT_CHUNKING } from '../index/process-document.js';

/** How documents are fetched from links, from the settings: FETCH_* and MAX_FILE_BYTES. */
export function linkSettings(config: Config): LinkSettings {
  return {
    corpusDir: config.corpusDir,
    chunking: DEFAULT_CHUNKING,
    limits: {
      timeoutMs: config.fetch.timeoutMs,
      maxBytes: config.maxFileBytes,
      maxRedirects: config.fetch.maxRedirects,
      allowed: allowList(config.fetch.allowAddresses),
    },
  };
}
