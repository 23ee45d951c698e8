import { DOWN_REASONS, type DownReason, type VoteValue } from '../feedback/types.js';

/** Every feedback component's customId starts with this. */
export const FEEDBACK_PREFIX = 'fb:';

/** What a feedback component does, decoded from its customId (`fb:<action>:<answerId>`). */
export type FeedbackAction =
  | { readonly action: 'vote'; readonly vote: VoteValue; readonly answerId: string }
  /** "Say why…": opens the reason modal. */
  | { readonly action: 'why'; readonly answerId: string }
  /** The reason modal, submitted. */
  | { readonly action: 'reason'; readonly answerId: string }
  /** "Mark the right passage": shows the ranked passages to choose from. */
  | { readonly action: 'mark'; readonly answerId: string }
  /** The passage chooser: its value is a rank or `none`. */
  | { readonly action: 'pick'; readonly answerId: string }
  /** /report's "Label a question…" menu: its value is an answer id. */
  | { readonly action: 'choose' };

const VOTES: readonly VoteValue[] = ['up', 'down', 'missing'];
/** Answer ids are 32 hex characters (QuestionLog.newAnswerId); older or foreign ids are refused by shape. */
const ANSWER_ID = /^[\w-]{1,40}$/;

export const feedbackId = {
  vote: (vote: VoteValue, answerId: string) => `${FEEDBACK_PREFIX}${vote}:${answerId}`,
  why: (answerId: string) => `${FEEDBACK_PREFIX}why:${answerId}`,
  reason: (answerId: string) => `${FEEDBACK_PREFIX}reason:${answerId}`,
  mark: (answerId: string) => `${FEEDBACK_PREFIX}mark:${answerId}`,
  pick: (answerId: string) => `${FEEDBACK_PREFIX}pick:${answerId}`,
  choose: () => `${FEEDBACK_PREFIX}choose`,
};

/** Decodes a feedback customId; null for anything malformed (a customId is only as trustworthy as the client). */
export function parseFeedbackId(customId: string): FeedbackAction | null {
  if (!customId.startsWith(FEEDBACK_PREFIX)) return null;
  const [action = '', answerId = ''] = customId.slice(FEEDBACK_PREFIX.length).split(':');
  if (action === 'choose') return { action: 'choose' };
  if (!ANSWER_ID.test(answerId)) return null;
  if ((VOTES as readonly string[]).includes(action)) return { action: 'vote', vote: action as VoteValue, answerId };
  if (action === 'why' || action === 'reason' || action === 'mark' || action === 'pick') return { action, answerId };
  return null;
}

/** How a reason reads to people. */
export const REASON_LABELS: Readonly<Record<DownReason, string>> = {
  'wrong-passage': 'Wrong passage quoted',
  outdated: 'Outdated',
  incomplete: 'Incomplete',
  other: 'Something else',
};

export function isDownReason(value: string): value is DownReason {
  return (DOWN_REASONS as readonly string[]).includes(value);
}
