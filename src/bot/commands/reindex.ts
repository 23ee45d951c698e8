import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../command.js';
import { escapeDiscordText } from '../escape-discord-text.js';
import { noPings } from '../message-options.js';
import { reindexWithProgress } from '../reindex-with-progress.js';
import { requireModerator } from '../require-moderator.js';

/** `/reindex run` rebuilds the index from the corpus folder; `/reindex rollback` serves the previous version. */
export const reindex = {
  data: new SlashCommandBuilder()
    .setName('reindex')
    .setDescription('Rebuild the search index from the corpus (moderators)')
    .addSubcommand((sub) => sub.setName('run').setDescription('Rebuild the index from the corpus folder, showing progress'))
    .addSubcommand((sub) => sub.setName('rollback').setDescription('Go back to the previous index version'))
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .toJSON(),

  async execute(interaction, context) {
    if (!(await requireModerator(interaction, context.config))) return;
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    if (interaction.options.getSubcommand() === 'rollback') {
      const { version } = await context.moderation.rollback();
      context.logger.info({ userId: interaction.user.id, version }, 'index rolled back');
      await interaction.editReply({ content: `Rolled back: now serving version ${escapeDiscordText(version)}.`, allowedMentions: noPings() });
      return;
    }
    context.logger.info({ userId: interaction.user.id }, 'reindex requested');
    await reindexWithProgress(interaction, context);
  },
} satisfies Command;
