import { ButtonStyle, ComponentType, MessageFlags, type APIButtonComponentWithCustomId, type ButtonInteraction } from 'discord.js';
import type { BotContext } from './bot-context.js';
import { formatMoreSources } from './format-more-sources.js';
import { noPings, privateText } from './message-options.js';
import { rateLimitRefusal } from './rate-limit-refusal.js';

/** customIds of "More sources" buttons start with this; the rest is the RecentAnswers id. */
export const MORE_SOURCES_PREFIX = 'more-sources:';
/** How many ranked passages a "More sources" press asks for, quoted ones included. */
const MORE_SOURCES_TOP_K = 12;

/** The "More sources" button under an answer; a plain API object, as builders cost time in the answer path (see `voteButtons`). */
export function moreSourcesButton(recordId: string): APIButtonComponentWithCustomId {
  return { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: `${MORE_SOURCES_PREFIX}${recordId}`, label: 'More sources' };
}

/**
 * Shows whoever pressed the button, privately, the passages ranked beyond those quoted in the answer. A press runs
 * a full retrieval, so it counts against the presser's per-minute limit as a question does.
 */
export async function showMoreSources(interaction: ButtonInteraction, context: BotContext): Promise<void> {
  const record = context.recentAnswers.recall(interaction.customId.slice(MORE_SOURCES_PREFIX.length));
  if (record === undefined) {
    await interaction.reply(
      privateText('These sources have expired: I keep only recent answers, and forget them when I restart. Ask the question again with /ask.'),
    );
    return;
  }
  const refusal = rateLimitRefusal(interaction.user.id, context);
  if (refusal !== null) {
    await interaction.reply(privateText(refusal));
    return;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const answer = await context.answers.answer(record.question, { topK: MORE_SOURCES_TOP_K });
  await interaction.editReply({ embeds: [formatMoreSources(answer, record.quoted)], allowedMentions: noPings() });
}
