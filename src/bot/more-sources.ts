import { ActionRowBuilder, ButtonBuilder, ButtonStyle, MessageFlags, type ButtonInteraction } from 'discord.js';
import type { BotContext } from './bot-context.js';
import { formatMoreSources } from './format-more-sources.js';
import { noPings, privateText } from './message-options.js';
import { rateLimitRefusal } from './rate-limit-refusal.js';

/** customIds of "More sources" buttons start with this; the rest is the RecentAnswers id. */
export const MORE_SOURCES_PREFIX = 'more-sources:';
/** How many ranked passages a "More sources" press asks for, quoted ones included. */
const MORE_SOURCES_TOP_K = 12;

/** The row with the "More sources" button for the answer remembered under `recordId`. */
export function moreSourcesRow(recordId: string): ActionRowBuilder<ButtonBuilder> {
  const button = new ButtonBuilder()
    .setCustomId(`${MORE_SOURCES_PREFIX}${recordId}`)
    .setLabel('More sources')
    .setStyle(ButtonStyle.Secondary);
  return new ActionRowBuilder<ButtonBuilder>().addComponents(button);
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
