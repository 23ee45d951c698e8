import { time, TimestampStyles, type ActionRowBuilder, type APIEmbed, type ButtonBuilder, type MessageMentionOptions } from 'discord.js';
import type { BotContext } from './bot-context.js';
import { formatAnswer } from './format-answer.js';
import { noPings } from './message-options.js';
import { moreSourcesRow } from './more-sources.js';

/** Question length limits, for `/ask` (enforced by Discord) and for mentions (enforced here). */
export const QUESTION_MIN_CHARS = 3;
export const QUESTION_MAX_CHARS = 300;

export interface AnswerMessage {
  embeds: APIEmbed[];
  components: ActionRowBuilder<ButtonBuilder>[];
  allowedMentions: MessageMentionOptions;
}

/** Answers a question and renders the reply, with a "More sources" button under an answered one. */
export async function answerQuestion(question: string, context: BotContext): Promise<AnswerMessage> {
  const answer = await context.answers.answer(question);
  const embed = formatAnswer(answer);
  if (!answer.answered || answer.quotes.length === 0) return { embeds: [embed], components: [], allowedMentions: noPings() };
  const quoted = answer.quotes.map(({ docId, start, end }) => ({ docId, start, end }));
  const recordId = context.recentAnswers.remember({ question, quoted });
  return { embeds: [embed], components: [moreSourcesRow(recordId)], allowedMentions: noPings() };
}

/**
 * Counts a question against the user's per-minute limit. Returns null when it may be asked, otherwise
 * the friendly text saying when the user can ask again.
 */
export function rateLimitRefusal(userId: string, context: BotContext): string | null {
  const decision = context.rateLimiter.take(userId);
  if (decision.allowed) return null;
  const limit = context.config.rateLimitPerMinute;
  const seconds = Math.max(1, Math.ceil((decision.retryAtMs - context.clock.now()) / 1000));
  const when = time(new Date(decision.retryAtMs), TimestampStyles.RelativeTime);
  return `You have asked ${limit} question${limit === 1 ? '' : 's'} in the last minute, my limit per person. You can ask again ${when} (in ${seconds} s).`;
}
