import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { answerQuestion, QUESTION_MAX_CHARS, QUESTION_MIN_CHARS } from '../ask-question.js';
import type { Command } from '../command.js';
import { privateText } from '../message-options.js';
import { rateLimitRefusal } from '../rate-limit-refusal.js';

/** `/ask question:<text> [private]`: answers with verbatim, cited quotes from the corpus. */
export const ask = {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask about the cooperation agreements; the answer quotes them verbatim, with citations')
    .addStringOption((option) =>
      option
        .setName('question')
        .setDescription('Your question')
        .setRequired(true)
        .setMinLength(QUESTION_MIN_CHARS)
        .setMaxLength(QUESTION_MAX_CHARS),
    )
    .addBooleanOption((option) => option.setName('private').setDescription('Show the answer to you only'))
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .toJSON(),

  async execute(interaction, context) {
    const refusal = rateLimitRefusal(interaction.user.id, context);
    if (refusal !== null) {
      await interaction.reply(privateText(refusal));
      return;
    }
    // Discord drops an interaction that is not acknowledged within 3 s; retrieval may take longer.
    await interaction.deferReply(interaction.options.getBoolean('private') === true ? { flags: MessageFlags.Ephemeral } : {});
    const where = { guildId: interaction.guildId, channelId: interaction.channelId, userId: interaction.user.id };
    const message = await answerQuestion(interaction.options.getString('question', true), context, where);
    await interaction.editReply(message);
  },
} satisfies Command;
