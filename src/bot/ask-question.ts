import type { ActionRowBuilder, APIEmbed, ButtonBuilder, MessageMentionOptions } from 'discord.js';
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
