/** What the question log stores and reports. Times are milliseconds since the Unix epoch. */

/** A press under an answer: 👍, 👎, or "This should be answerable" under a refusal. */
export type VoteValue = 'up' | 'down' | 'missing';

/** Why a 👎: the three common reasons, or free text. */
export type DownReason = 'wrong-passage' | 'outdated' | 'incomplete' | 'other';

export const DOWN_REASONS: readonly DownReason[] = ['wrong-passage', 'outdated', 'incomplete', 'other'];

/** One ranked passage of a logged answer, as the labelling prompt shows it. `rank` is 1-based. */
export interface LoggedPassage {
  readonly rank: number;
  readonly chunkId: string;
  readonly docId: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** The passage's sentences, as exact substrings of `text`: the evidence strings an export writes. */
  readonly sentences: readonly string[];
}

/** One quoted span of a logged answer. `rank` is 1-based. */
export interface LoggedQuote {
  readonly rank: number;
  readonly docId: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** A question and its answer, as the bot logs it. */
export interface QuestionEntry {
  /** Random, URL-safe; it goes in the feedback buttons' customIds. */
  readonly id: string;
  readonly askedAtMs: number;
  readonly question: string;
  readonly guildId: string | null;
  readonly channelId: string | null;
  /** Stored only when QUESTION_LOG_USER_IDS is on; the log drops it otherwise. */
  readonly userId: string | null;
  readonly mode: string;
  readonly answered: boolean;
  /** The answer's confidence when retrieval gives one. */
  readonly confidence: number | null;
  readonly quotes: readonly LoggedQuote[];
  readonly passages: readonly LoggedPassage[];
}

/** A moderator's verdict: which ranked passage answers, or that the corpus does not. */
export type Label = { readonly kind: 'passage'; readonly rank: number } | { readonly kind: 'none' };

/** What labelling an answer needs: the question, whether it was answered, and its ranked passages. */
export interface LabelCandidates {
  readonly answerId: string;
  readonly question: string;
  readonly answered: boolean;
  readonly askedAtMs: number;
  readonly passages: readonly LoggedPassage[];
  readonly label: Label | null;
  readonly votes: { readonly up: number; readonly down: number; readonly missing: number };
}

/** What a vote did. */
export type VoteOutcome =
  | { readonly status: 'recorded' | 'unchanged' }
  | { readonly status: 'changed'; readonly previous: VoteValue }
  | { readonly status: 'unknown-answer' };

/** One logged answer in the report window, with its votes and quoted documents. */
export interface ReportRow {
  readonly answerId: string;
  readonly question: string;
  readonly questionKey: string;
  readonly askedAtMs: number;
  readonly answered: boolean;
  readonly up: number;
  readonly down: number;
  readonly missing: number;
  readonly reasons: readonly string[];
  readonly quotedDocIds: readonly string[];
  readonly label: Label | null;
}
