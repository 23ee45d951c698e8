import type { LexicalIndex } from './lexical-index.js';
import type { DocumentMeta, Passage } from './types.js';
import type { VectorIndex } from './vector-index.js';

/**
 * One loaded, immutable index version: everything a question needs. A reindex builds a new snapshot and the
 * service swaps it in; a snapshot is never modified, so questions in flight finish on the one they started with.
 */
export interface IndexSnapshot {
  readonly version: string;
  /** ISO 8601. */
  readonly builtAt: string;
  /** The embedding model the vectors come from; null for a lexical-only index. */
  readonly modelId: string | null;
  /** Documents in corpus order. */
  readonly documents: readonly DocumentMeta[];
  readonly documentsById: ReadonlyMap<string, DocumentMeta>;
  /** Each document's full file text at index time, by docId: every quote is checked against it. */
  readonly texts: ReadonlyMap<string, string>;
  /** Passages; a passage's label in both indexes is its position here. */
  readonly passages: readonly Passage[];
  readonly vectors: VectorIndex | null;
  readonly lexical: LexicalIndex;
}
