import { PermissionFlagsBits, type AutocompleteInteraction, type BaseInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { BotConfig } from '../config.js';
import { privateText } from './message-options.js';

/** What the moderator check needs from the settings. */
export type ModerationSettings = Pick<BotConfig, 'guildId' | 'moderatorRoleIds'>;

/**
 * Why this interaction may not manage the corpus, or null when it may. The model (README, "Who may moderate"):
 * moderation happens only in the home server, `DISCORD_GUILD_ID`; without it nobody moderates from Discord. In
 * every other server the bot is read-only, and DMs never moderate. In the home server, Manage Server or one of
 * `MODERATOR_ROLE_IDS` is needed. Manage Server in a server the bot was merely invited to is worth nothing:
 * anyone can invite a public bot to a server they own.
 */
export function moderationRefusal(
  interaction: ChatInputCommandInteraction | AutocompleteInteraction | BaseInteraction,
  settings: ModerationSettings,
): string | null {
  const command = 'commandName' in interaction ? `/${interaction.commandName}` : 'this';
  if (!interaction.inGuild()) return 'Corpus management works only in a server, not in direct messages.';
  if (settings.guildId === undefined) {
    return 'Corpus management from Discord is off: DISCORD_GUILD_ID is not set. The bot owner sets it to the home server id to enable /reindex and /corpus there.';
  }
  if (interaction.guildId !== settings.guildId) {
    return `${command} works only in this bot's home server. Here you can ask questions (/ask, /sources, /status).`;
  }
  if (interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) return null;
  const roles = interaction.member.roles;
  const roleIds = Array.isArray(roles) ? roles : [...roles.cache.keys()];
  if (roleIds.some((id) => settings.moderatorRoleIds.includes(id))) return null;
  return `Only moderators can use ${command}: you need the Manage Server permission or a moderator role.`;
}

/**
 * Whether the member may manage the corpus (see {@link moderationRefusal}). Checked at run time as well as
 * through the commands' default permission, because server admins can override command permissions for anyone
 * in Server Settings → Integrations.
 */
export function isModerator(interaction: ChatInputCommandInteraction | AutocompleteInteraction | BaseInteraction, settings: ModerationSettings): boolean {
  return moderationRefusal(interaction, settings) === null;
}

/** Replies with a private refusal and returns false unless the member may moderate here. */
export async function requireModerator(interaction: ChatInputCommandInteraction, settings: ModerationSettings): Promise<boolean> {
  const refusal = moderationRefusal(interaction, settings);
  if (refusal === null) return true;
  await interaction.reply(privateText(refusal));
  return false;
}
