import type { Answer, DocumentMeta, RetrievalMode } from './types.js';

/** What the index being served looks like, for `/status` and `sources`. */
export interface IndexStatus {
  /** The index version folder name, e.g. `v20261122-181300-ab12cd`. */
  readonly version: string;
  /** ISO 8601 build time. */
  readonly builtAt: string;
  readonly documents: number;
  readonly passages: number;
  readonly mode: RetrievalMode;
  /** Why questions are answered lexically, when they are. */
  readonly modeReason?: string;
  /** The embedding model the index was built with, or null for a lexical-only index. */
  readonly modelId: string | null;
}

/**
 * Answers questions from the index being served. The bot and the CLI depend on this interface only;
 * the implementation may swap the underlying index at any time (after a reindex) without callers noticing.
 */
export interface AnswerService {
  /** Retrieves and composes an answer. `topK` overrides the configured number of ranked passages. */
  answer(question: string, options?: { readonly topK?: number }): Promise<Answer>;
  /** The documents in the served index, in corpus order. */
  sources(): readonly DocumentMeta[];
  status(): IndexStatus;
}
