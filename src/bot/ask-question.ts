import { ComponentType, type APIActionRowComponent, type APIButtonComponent, type APIEmbed, type MessageMentionOptions } from 'discord.js';
import { toQuestionEntry, type AskedWhere } from '../feedback/question-entry.js';
import type { Answer } from '../retrieval/types.js';
import type { BotContext } from './bot-context.js';
import { voteButtons } from './feedback-components.js';
import { formatAnswer } from './format-answer.js';
import { noPings } from './message-options.js';
import { moreSourcesButton } from './more-sources.js';

/** Question length limits, for `/ask` (enforced by Discord) and for mentions (enforced here). */
export const QUESTION_MIN_CHARS = 3;
export const QUESTION_MAX_CHARS = 300;

export interface AnswerMessage {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  allowedMentions: MessageMentionOptions;
}

const NOWHERE: AskedWhere = { guildId: null, channelId: null, userId: null };

/** Queues the answer in the question log and returns its id, or null when the log is off. Never throws. */
function logAnswer(answer: Answer, where: AskedWhere, context: BotContext): string | null {
  const log = context.questionLog;
  if (!log.enabled) return null;
  const id = log.newAnswerId();
  try {
    log.record(toQuestionEntry(id, context.clock.now(), answer, where, log.storesUserIds));
  } catch (error: unknown) {
    context.logger.warn({ err: error }, 'question log: could not prepare the entry; answering goes on');
    return null;
  }
  return id;
}

/**
 * Answers a question and renders the reply: "More sources" under an answered one, and with the question log on,
 * 👍/👎 under an answer or "This should be answerable" under a refusal.
 */
export async function answerQuestion(question: string, context: BotContext, where: AskedWhere = NOWHERE): Promise<AnswerMessage> {
  const answer = await context.answers.answer(question);
  const embed = formatAnswer(answer);
  const answered = answer.answered && answer.quotes.length > 0;
  const answerId = logAnswer(answer, where, context);
  const feedback = answerId === null ? [] : voteButtons(answerId, answered);
  const row = (buttons: APIButtonComponent[]) => ({ type: ComponentType.ActionRow, components: buttons }) as const;
  if (!answered) return { embeds: [embed], components: feedback.length === 0 ? [] : [row(feedback)], allowedMentions: noPings() };
  const quoted = answer.quotes.map(({ docId, start, end }) => ({ docId, start, end }));
  const recordId = context.recentAnswers.remember({ question, quoted });
  return { embeds: [embed], components: [row([moreSourcesButton(recordId), ...feedback])], allowedMentions: noPings() };
}
