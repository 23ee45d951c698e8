import type { RetrievalMode } from '../retrieval/types.js';

/**
 * What the bot needs from corpus management (`/reindex`, `/corpus`). The bot knows nothing of how the
 * corpus is stored or the index is built; the composition root passes in the real implementation.
 */

/** A snapshot of a running reindex, reported while it runs. */
export interface ReindexProgress {
  readonly phase: 'reading' | 'embedding' | 'writing' | 'checking';
  readonly documentsRead: number;
  readonly documentsTotal: number;
  readonly passagesEmbedded: number;
  readonly passagesTotal: number;
  readonly elapsedMs: number;
}

/** What a finished reindex changed. */
export interface ReindexSummary {
  readonly version: string;
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
  readonly unchanged: number;
  readonly skipped: readonly { readonly path: string; readonly reason: string }[];
  readonly passages: number;
  readonly durationMs: number;
  readonly mode: RetrievalMode;
  /** set when nothing was switched, e.g. corpus folder empty: the current index stays */
  readonly notice?: string;
}

/** `busy` when another reindex is already running: nothing new was started. */
export type ReindexOutcome =
  | { readonly status: 'done'; readonly summary: ReindexSummary }
  | { readonly status: 'busy'; readonly progress: ReindexProgress };

/** A document a moderator uploads. `bytes` are the file's exact bytes as downloaded. */
export interface CorpusUpload {
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly meta: { readonly title?: string; readonly source?: string; readonly date?: string; readonly url?: string };
}

/** Corpus management. Every method throws an AccordError for failures a moderator may read. */
export interface Moderation {
  reindex(onProgress: (progress: ReindexProgress) => void): Promise<ReindexOutcome>;
  rollback(): Promise<{ readonly version: string }>;
  /** Validates (type, size, UTF-8, front matter, duplicates) and throws an AccordError with the reason. */
  addDocument(upload: CorpusUpload): Promise<{ readonly docId: string }>;
  /** Throws an AccordError when `docId` is unknown. */
  removeDocument(docId: string): Promise<void>;
  listDocuments(): Promise<readonly { readonly docId: string; readonly title: string; readonly bytes: number }[]>;
  /** Fetches a page or file from an http(s) link (safely: see README "Adding documents from links") and adds it. */
  addLink(url: string, meta: CorpusUpload['meta']): Promise<{ readonly docId: string; readonly bytes: number }>;
  /** Fetches every document added from a link again; changed ones are replaced (reindex afterwards). */
  refreshLinks(): Promise<LinkRefresh>;
  /** The largest upload `addDocument` accepts, in bytes: the bot refuses bigger attachments before downloading. */
  readonly maxUploadBytes: number;
}

/** What fetching the linked documents again found. */
export interface LinkRefresh {
  readonly unchanged: readonly string[];
  readonly updated: readonly string[];
  readonly failed: readonly { readonly docId: string; readonly reason: string }[];
}
