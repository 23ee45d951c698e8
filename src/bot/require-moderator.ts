import { PermissionFlagsBits, type AutocompleteInteraction, type BaseInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { privateText } from './message-options.js';

/**
 * Whether the member may manage the corpus: Manage Server, or one of the configured moderator roles.
 * Checked at run time as well as through the commands' default permission, because server admins can
 * override command permissions for anyone in Server Settings → Integrations. Never true in DMs.
 */
export function isModerator(
  interaction: ChatInputCommandInteraction | AutocompleteInteraction | BaseInteraction,
  moderatorRoleIds: readonly string[],
): boolean {
  if (!interaction.inGuild()) return false;
  if (interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) return true;
  const roles = interaction.member.roles;
  const roleIds = Array.isArray(roles) ? roles : [...roles.cache.keys()];
  return roleIds.some((id) => moderatorRoleIds.includes(id));
}

/** Replies with a private refusal and returns false unless the member is a moderator in a server. */
export async function requireModerator(interaction: ChatInputCommandInteraction, moderatorRoleIds: readonly string[]): Promise<boolean> {
  if (!interaction.inGuild()) {
    await interaction.reply(privateText('Corpus management works only in a server, not in direct messages.'));
    return false;
  }
  if (isModerator(interaction, moderatorRoleIds)) return true;
  await interaction.reply(
    privateText(`Only moderators can use /${interaction.commandName}: you need the Manage Server permission or a moderator role.`),
  );
  return false;
}
